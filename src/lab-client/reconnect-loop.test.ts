/** Tests of the reconnect loop on a manual clock: scheduling, giving up, starting over and cancelling. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BackoffPolicy } from './backoff';
import { ManualClock } from './manual-clock';
import { ReconnectLoop } from './reconnect-loop';

const POLICY: BackoffPolicy = { initialMs: 100, maxMs: 400, giveUpAfterMs: 1000, jitter: 0 };

function loop(): { loop: ReconnectLoop; clock: ManualClock; reconnects: () => number } {
  const clock = new ManualClock();
  let count = 0;
  return {
    loop: new ReconnectLoop(
      () => count++,
      clock,
      POLICY,
      () => 0.5,
    ),
    clock,
    reconnects: () => count,
  };
}

describe('ReconnectLoop', () => {
  it('calls reconnect when the scheduled attempt is due, and only then', () => {
    const { loop: l, clock, reconnects } = loop();
    assert.deepEqual(l.schedule(), { attempt: 1, retryInMs: 100 });
    clock.advance(99);
    assert.equal(reconnects(), 0);
    clock.advance(1);
    assert.equal(reconnects(), 1);
  });

  it('keeps one scheduled attempt at a time', () => {
    const { loop: l, clock, reconnects } = loop();
    l.schedule();
    l.schedule();
    assert.equal(clock.pending(), 1);
    clock.advance(1000);
    assert.equal(reconnects(), 1);
  });

  it('gives up once down longer than the policy allows, scheduling nothing', () => {
    const { loop: l, clock } = loop();
    let retry = l.schedule();
    while (retry !== undefined) {
      clock.advance(retry.retryInMs);
      retry = l.schedule();
    }
    assert.equal(clock.pending(), 0);
    assert.deepEqual(l.giveUpNote(), { en: 'Gave up after 1000 ms.', 'zh-Hans': '1000 毫秒后放弃了重试。' });
  });

  it('starts over from the first attempt after a reset', () => {
    const { loop: l, clock } = loop();
    l.schedule();
    clock.advance(100);
    assert.equal(l.schedule()?.attempt, 2);
    l.reset();
    assert.equal(l.attempt, 0);
    clock.advance(5000);
    // The time down counts from the next drop, not from the first one.
    assert.deepEqual(l.schedule(), { attempt: 1, retryInMs: 100 });
  });

  it('cancels the scheduled attempt on cancel and on dispose', () => {
    const { loop: l, clock, reconnects } = loop();
    l.schedule();
    l.cancel();
    l.schedule();
    l.dispose();
    clock.advance(1000);
    assert.equal(reconnects(), 0);
    assert.equal(clock.pending(), 0);
  });
});
