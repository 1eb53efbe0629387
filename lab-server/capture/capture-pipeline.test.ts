/**
 * The pipeline's promise not to throw at its users, in the cases that need no capture rights: settings it
 * cannot use are refused at construction, subscriptions it cannot match soundly at `subscribe`, and a failure
 * while setting up makes it `unavailable` instead of rejecting `start()`. (Everything that captures is in
 * `capture-pipeline.integration.test.ts`.)
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CapturePipeline, captureStatusIn } from './capture-pipeline';

const RANGE = { from: 37100, to: 37199 } as const;

describe('CapturePipeline set-up', () => {
  it('refuses an impossible port range or canary port', () => {
    assert.throws(() => new CapturePipeline({ portRange: { from: 30000, to: 20000 } }), RangeError);
    assert.throws(() => new CapturePipeline({ portRange: { from: 0, to: 10 } }), RangeError);
    assert.throws(() => new CapturePipeline({ canaryPort: 70000 }), RangeError);
  });

  it('subscribes to bound IP addresses only, and to wildcards only on lo', () => {
    const endpoint = (address: string) => ({ transport: 'tcp', address, port: RANGE.from }) as const;
    const loopback = new CapturePipeline({ portRange: RANGE, canaryPort: RANGE.to });
    for (const address of ['127.0.0.1', '::1', '0.0.0.0', '::']) {
      loopback.subscribe(endpoint(address), () => {}).dispose();
    }
    assert.throws(() => loopback.subscribe(endpoint('localhost'), () => {}), RangeError);
    assert.throws(() => loopback.subscribe({ ...endpoint('127.0.0.1'), port: RANGE.to }, () => {}), RangeError);
    const lan = new CapturePipeline({ interface: 'eth0', portRange: RANGE, canaryPort: RANGE.to });
    lan.subscribe(endpoint('192.168.1.5'), () => {}).dispose();
    assert.throws(() => lan.subscribe([endpoint('192.168.1.5'), endpoint('::')], () => {}), /only be matched on lo/);
  });

  it("captures on any for a LAN lab host, where wildcards are matched against the host's addresses", () => {
    for (const labHost of ['192.168.1.20', '0.0.0.0', '::']) {
      const pipeline = new CapturePipeline({ labHost, portRange: RANGE, canaryPort: RANGE.to });
      assert.equal(pipeline.interfaceName, 'any');
      pipeline.subscribe({ transport: 'tcp', address: '0.0.0.0', port: RANGE.from }, () => {}).dispose();
    }
    assert.equal(
      new CapturePipeline({ labHost: '127.0.0.1', portRange: RANGE, canaryPort: RANGE.to }).interfaceName,
      'lo',
    );
    assert.throws(
      () => new CapturePipeline({ labHost: '192.168.1.20', interface: 'eth0', portRange: RANGE, canaryPort: RANGE.to }),
      /picks its interfaces for lab host 192\.168\.1\.20/,
    );
  });

  it('is unavailable, not rejected, when its temp directory cannot be made', async (t) => {
    const pipeline = new CapturePipeline({
      portRange: RANGE,
      canaryPort: RANGE.to,
      tempDirParent: '/nonexistent/socketlab-parent',
    });
    t.after(() => pipeline.stop());
    const status = await pipeline.start();
    assert.equal(status.state, 'unavailable');
    // Where tshark or tcpdump is missing, that is the reason given first; either way `start()` resolved.
    if (!/not found/.test(status.reason.en)) assert.match(status.reason.en, /temp directory in \/nonexistent/);
    const page = captureStatusIn(status, 'zh-Hans');
    assert.deepEqual(page, { state: 'unavailable', reason: status.reason['zh-Hans'] });
    assert.match(page.reason, /\/nonexistent/);
    assert.match(page.reason, /\p{Script=Han}/u);
  });
});
