import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StudentTraffic } from './traffic-budget';

describe('StudentTraffic', () => {
  it('lets a second’s worth through at once, then asks TCP to wait for the debt to refill', () => {
    let now = 0;
    const traffic = new StudentTraffic(1000, () => now);
    assert.equal(traffic.spend(600), 0);
    assert.equal(traffic.spend(400), 0);
    assert.equal(traffic.spend(250), 250, '250 bytes over at 1000 B/s: wait 250 ms');
    now = 250;
    assert.equal(traffic.spend(0), 0, 'the debt is paid');
    now = 10_000;
    assert.equal(traffic.spend(1000), 0, 'refills to one second, no more');
    assert.equal(traffic.spend(1), 1);
  });

  it('admits a datagram only when the bucket holds it, without going into debt', () => {
    let now = 0;
    const traffic = new StudentTraffic(1000, () => now);
    assert.equal(traffic.admit(900), true);
    assert.equal(traffic.admit(200), false);
    assert.equal(traffic.admit(100), true);
    now = 100;
    assert.equal(traffic.admit(100), true);
    now = 50;
    assert.equal(traffic.admit(1), false, 'a clock stepping back refills nothing');
  });
});
