import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from './testing/manual-clock';
import { TokenBucket } from './token-bucket';

describe('token bucket', () => {
  it('lets a burst through, then one per refill, and says when the next comes', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 3, perSecond: 0.5, clock: clock.now });
    assert.deepEqual([bucket.take(), bucket.take(), bucket.take()], [true, true, true]);
    assert.equal(bucket.take(), false);
    assert.equal(bucket.retryAfterMs(), 2000);
    clock.advance(1500);
    assert.equal(bucket.retryAfterMs(), 500);
    assert.equal(bucket.has(), false);
    clock.advance(500);
    assert.equal(bucket.retryAfterMs(), 0);
    assert.equal(bucket.take(), true);
    assert.equal(bucket.take(), false);
  });

  it('fills no further than its capacity, and a clock stepping back drains nothing', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ capacity: 2, perSecond: 1, clock: clock.now });
    clock.advance(3_600_000);
    assert.equal(bucket.full(), true);
    assert.deepEqual([bucket.take(), bucket.take(), bucket.take()], [true, true, false]);
    clock.advance(-10_000);
    assert.equal(bucket.retryAfterMs(), 1000);
  });
});
