/** Tests of the batcher that turns a stream of packets into one state update per interval. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher, type BatchTimers } from './batcher';

function manualTimers(): BatchTimers & { fire(): void; pending(): number } {
  const timers = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout(callback) {
      timers.set(next, callback);
      return next++;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    fire() {
      const callbacks = [...timers.values()];
      timers.clear();
      for (const callback of callbacks) callback();
    },
    pending: () => timers.size,
  };
}

describe('Batcher', () => {
  it('hands on everything pushed within one interval as one batch, in order', () => {
    const timers = manualTimers();
    const batches: number[][] = [];
    const batcher = new Batcher<number>((items) => batches.push([...items]), 50, timers);
    batcher.push(1);
    batcher.push(2);
    batcher.push(3);
    assert.equal(timers.pending(), 1);
    timers.fire();
    batcher.push(4);
    timers.fire();
    assert.deepEqual(batches, [[1, 2, 3], [4]]);
  });

  it('flushes on demand, and drops everything once disposed', () => {
    const timers = manualTimers();
    const batches: number[][] = [];
    const batcher = new Batcher<number>((items) => batches.push([...items]), 50, timers);
    batcher.push(1);
    batcher.flushNow();
    assert.equal(timers.pending(), 0);
    batcher.flushNow();
    batcher.push(2);
    batcher.dispose();
    batcher.push(3);
    timers.fire();
    assert.deepEqual(batches, [[1]]);
    assert.equal(timers.pending(), 0);
  });
});
