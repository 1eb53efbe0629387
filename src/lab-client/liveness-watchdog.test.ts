/** Tests of the liveness watchdog on a manual clock: pings, anything heard keeping it alive, silence, stopping. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LivenessWatchdog } from './liveness-watchdog';
import { ManualClock } from './manual-clock';

function watchdog(): { watchdog: LivenessWatchdog; clock: ManualClock; pings: number[]; silences: () => number } {
  const clock = new ManualClock();
  const pings: number[] = [];
  let silences = 0;
  const w = new LivenessWatchdog({
    clock,
    pingIntervalMs: 10,
    silenceLimitMs: 30,
    ping: (id) => pings.push(id),
    onSilence: () => silences++,
  });
  return { watchdog: w, clock, pings, silences: () => silences };
}

describe('LivenessWatchdog', () => {
  it('pings every interval while something is heard, not only pongs', () => {
    const { watchdog: w, clock, pings, silences } = watchdog();
    w.start();
    for (let i = 0; i < 10; i++) {
      clock.advance(10);
      w.heard();
    }
    assert.deepEqual(pings, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(silences(), 0);
  });

  it('reports silence once, after the limit, and stops pinging', () => {
    const { watchdog: w, clock, pings, silences } = watchdog();
    w.start();
    clock.advance(29);
    assert.equal(silences(), 0);
    clock.advance(1);
    assert.equal(silences(), 1);
    clock.advance(100);
    assert.equal(silences(), 1);
    assert.deepEqual(pings, [1, 2]);
    assert.equal(clock.pending(), 0);
  });

  it('does nothing after stop, and counts ping ids on when started again', () => {
    const { watchdog: w, clock, pings, silences } = watchdog();
    w.start();
    clock.advance(10);
    w.stop();
    clock.advance(100);
    assert.deepEqual(pings, [1]);
    assert.equal(silences(), 0);
    w.start();
    clock.advance(10);
    assert.deepEqual(pings, [1, 2]);
  });
});
