/**
 * The pipeline's promise not to throw at its users, in the cases that need no capture rights: settings it
 * cannot use are refused at construction, and a failure while setting up makes it `unavailable` instead of
 * rejecting `start()`. (Everything that captures is in `capture-pipeline.integration.test.ts`.)
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CapturePipeline } from './capture-pipeline';

const RANGE = { from: 38000, to: 38099 } as const;

describe('CapturePipeline set-up', () => {
  it('refuses an impossible port range or canary port', () => {
    assert.throws(() => new CapturePipeline({ portRange: { from: 30000, to: 20000 } }), RangeError);
    assert.throws(() => new CapturePipeline({ portRange: { from: 0, to: 10 } }), RangeError);
    assert.throws(() => new CapturePipeline({ canaryPort: 70000 }), RangeError);
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
    if (!/not found/.test(status.reason)) assert.match(status.reason, /temp directory in \/nonexistent/);
  });
});
