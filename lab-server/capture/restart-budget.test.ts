/**
 * The restart policy on its own, with a hand-driven clock: delays double up to their cap, the budget runs out
 * within a minute, and restarts older than a minute stop counting against it.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartBudget } from './restart-budget';

describe('RestartBudget', () => {
  it('doubles the delay from 100 ms and caps it at 5 s', () => {
    const budget = new RestartBudget(10, () => 0);
    const delays = Array.from({ length: 8 }, () => budget.next());
    assert.deepEqual(delays, [100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    assert.equal(budget.total, 8);
  });

  it('refuses once the minute’s budget is spent, and counts only granted restarts', () => {
    let now = 1_000_000;
    const budget = new RestartBudget(2, () => now);
    assert.equal(budget.next(), 100);
    now += 1000;
    assert.equal(budget.next(), 200);
    now += 1000;
    assert.equal(budget.next(), undefined);
    assert.equal(budget.recent, 2);
    assert.equal(budget.total, 2);
  });

  it('forgets restarts older than a minute, and starts the delays over', () => {
    let now = 0;
    const budget = new RestartBudget(2, () => now);
    budget.next();
    now = 30_000;
    budget.next();
    now = 59_999;
    assert.equal(budget.next(), undefined, 'both restarts are still within the minute');
    now = 60_000;
    assert.equal(budget.next(), 200, 'the first restart has aged out; the second still counts');
    now = 200_000;
    assert.equal(budget.next(), 100);
    assert.equal(budget.recent, 1);
    assert.equal(budget.total, 4);
  });
});
