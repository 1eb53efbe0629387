/**
 * A server's downtime without sockets: the stop is observed on connection 0 with how long it lasts, in both
 * languages, and done at once; a second restart while away moves the return instead of stopping again; a port
 * that cannot be had back is tried again, its errno observed once; disposing ends the downtime without a start.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Observation } from '../../src/lab-kit';
import { Downtime } from './downtime';

function downtime(failures = 0) {
  const seen: Omit<Observation, 'server'>[] = [];
  const calls: string[] = [];
  let failing = failures;
  const subject = new Downtime({
    observe: (observation) => seen.push(observation),
    stop: () => calls.push('stop'),
    async start() {
      calls.push('start');
      if (failing-- > 0) throw Object.assign(new Error('taken'), { code: 'EADDRINUSE' });
    },
  });
  return { subject, seen, calls };
}

describe('downtime', () => {
  it('stops at once, says for how long, and starts again', async () => {
    const { subject, seen, calls } = downtime();
    const back = subject.restart(20);
    assert.deepEqual(calls, ['stop'], 'stopped before restart returns');
    assert.ok(subject.isDown);
    assert.equal(seen[0]?.connection, 0);
    assert.equal(seen[0]?.kind, 'close');
    assert.match(seen[0]?.note?.en ?? '', /^stopped for 0 s/);
    await back;
    assert.deepEqual(calls, ['stop', 'start']);
    assert.equal(subject.isDown, false);

    const again = subject.restart(5000);
    assert.match(seen.at(-1)?.note?.['zh-Hans'] ?? '', /^停止 5 秒/);
    const sooner = subject.restart(0);
    assert.equal(sooner, again, 'one return for both');
    await sooner;
    assert.deepEqual(calls, ['stop', 'start', 'stop', 'start'], 'stopped once, started once');
    await subject.dispose();
  });

  it('tries again while the port cannot be had back, and observes the errno once', async () => {
    const { subject, seen, calls } = downtime(2);
    // The first try fails at once; the retries come a second apart.
    await subject.restart(0);
    assert.deepEqual(calls, ['stop', 'start', 'start', 'start']);
    assert.deepEqual(
      seen.filter((o) => o.kind === 'error').map((o) => o.note?.en),
      ['EADDRINUSE'],
    );
    await subject.dispose();
  });

  it('ends the downtime without a start when disposed', async () => {
    const { subject, calls } = downtime();
    const back = subject.restart(60_000);
    await subject.dispose();
    await back;
    assert.deepEqual(calls, ['stop']);
    assert.deepEqual(await subject.restart(10).then(() => calls), ['stop'], 'disposed: nothing more');
  });
});
