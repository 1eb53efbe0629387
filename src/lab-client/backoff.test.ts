/** Tests of the reconnect schedule: doubling, the cap, jitter bounds and giving up. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BACKOFF, retryDelay } from './backoff';

const middle = (): number => 0.5;

describe('retryDelay', () => {
  it('doubles from 0.5 s up to 8 s', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelay(attempt, 0, DEFAULT_BACKOFF, middle));
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('keeps jitter within ±20% and under the cap', () => {
    assert.equal(
      retryDelay(1, 0, DEFAULT_BACKOFF, () => 0),
      400,
    );
    assert.equal(
      retryDelay(1, 0, DEFAULT_BACKOFF, () => 0.999999),
      600,
    );
    assert.equal(
      retryDelay(10, 0, DEFAULT_BACKOFF, () => 0.999999),
      8000,
    );
  });

  it('gives up after two minutes down, and never schedules past that moment', () => {
    assert.equal(retryDelay(3, 120_000, DEFAULT_BACKOFF, middle), undefined);
    assert.equal(retryDelay(9, 119_000, DEFAULT_BACKOFF, middle), 1000);
  });
});
