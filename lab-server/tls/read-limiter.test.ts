/**
 * The read limiter: never more than its slots at once, first come first served, and a waiting task that is
 * aborted leaves the queue without taking a slot.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReadLimiter } from './read-limiter';

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('ReadLimiter', () => {
  it('runs at most its slots at once, in order, handing a freed slot to the first in line', async () => {
    const limiter = new ReadLimiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    let active = 0;
    let most = 0;
    const runs = gates.map((g, index) =>
      limiter.run(async () => {
        started.push(index);
        active += 1;
        most = Math.max(most, active);
        await g.promise;
        active -= 1;
        return index;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [0, 1]);
    assert.equal(limiter.waiting, 2);
    gates[1]!.open();
    await runs[1];
    // A newcomer arriving as the slot frees does not jump the queue.
    const late = limiter.run(async () => {
      started.push(9);
      return 9;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [0, 1, 2]);
    for (const g of gates) g.open();
    assert.deepEqual(await Promise.all([...runs, late]), [0, 1, 2, 3, 9]);
    assert.deepEqual(started, [0, 1, 2, 3, 9]);
    assert.equal(most, 2);
    assert.equal(limiter.running, 0);
  });

  it('lets an aborted waiter go without a slot, and frees the slot of a task that throws', async () => {
    const limiter = new ReadLimiter(1);
    const first = gate();
    const running = limiter.run(() => first.promise);
    const controller = new AbortController();
    const waiting = limiter.run(async () => 'never', controller.signal);
    controller.abort(new Error('gone'));
    await assert.rejects(waiting, /gone/);
    assert.equal(limiter.waiting, 0);
    first.open();
    await running;
    await assert.rejects(
      limiter.run(async () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await limiter.run(async () => 'after'), 'after');
    assert.equal(limiter.running, 0);
    assert.throws(() => new ReadLimiter(0), RangeError);
  });
});
