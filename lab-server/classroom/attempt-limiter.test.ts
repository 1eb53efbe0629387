import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttemptLimiter } from './attempt-limiter';
import { ManualClock } from './testing/manual-clock';

const LIMITS = { perClient: { burst: 3, perMinute: 6 }, overall: { burst: 5, perMinute: 60 } };

describe('attempt limiter', () => {
  it('lets a client fail a burst, then makes it wait for the refill', () => {
    const clock = new ManualClock();
    const limiter = new AttemptLimiter(LIMITS, clock.now);
    for (let i = 0; i < 3; i++) {
      assert.equal(limiter.retryAfterMs('10.0.0.1'), 0);
      limiter.fail('10.0.0.1');
    }
    assert.equal(limiter.retryAfterMs('10.0.0.1'), 10_000);
    assert.equal(limiter.retryAfterMs('10.0.0.2'), 0, 'another address is not held back');
    clock.advance(10_000);
    assert.equal(limiter.retryAfterMs('10.0.0.1'), 0);
  });

  it('counts only failures: successes never use the allowance up', () => {
    const limiter = new AttemptLimiter(LIMITS, new ManualClock().now);
    for (let i = 0; i < 1000; i++) assert.equal(limiter.retryAfterMs('192.168.0.1'), 0);
  });

  it('holds everyone back once failures from many addresses add up', () => {
    const clock = new ManualClock();
    const limiter = new AttemptLimiter(LIMITS, clock.now);
    for (let i = 0; i < 5; i++) limiter.fail(`10.0.1.${i}`);
    assert.equal(limiter.retryAfterMs('10.0.2.1'), 1000);
    clock.advance(1000);
    assert.equal(limiter.retryAfterMs('10.0.2.1'), 0);
  });

  it('keeps a bounded number of clients', () => {
    const clock = new ManualClock();
    const limiter = new AttemptLimiter({ ...LIMITS, overall: { burst: 1e9, perMinute: 1e9 } }, clock.now);
    for (let i = 0; i < 12_000; i++) limiter.fail(`client-${i}`);
    assert.ok(limiter.size <= 10_000, String(limiter.size));
  });
});
