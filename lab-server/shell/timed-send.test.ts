/**
 * The timed send's bounds and rhythm: intervals and counts read as typed (bad ones refused), exactly `count`
 * rounds, a failed round ending it, `stop` ending it and being told so once, one at a time per shell.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCount, parseInterval, TIMED_SEND, TimedSend, type TimedSendEnd } from './timed-send';

describe('parseInterval', () => {
  it('reads milliseconds, seconds and bare seconds', () => {
    assert.equal(parseInterval('100ms'), 100);
    assert.equal(parseInterval('1s'), 1000);
    assert.equal(parseInterval('1.5s'), 1500);
    assert.equal(parseInterval('2'), 2000);
    assert.equal(parseInterval('0.25'), 250);
    assert.equal(parseInterval('1ms'), 1, 'read, for the caller to refuse by its bound');
  });

  it('refuses what is not an interval', () => {
    for (const bad of ['', 'abc', '-1s', '1e3', '0x10', '1 m', '1h', '1.23456s', '99999999', 'ms']) {
      assert.equal(parseInterval(bad), undefined, bad);
    }
  });
});

describe('parseCount', () => {
  it('reads whole numbers only', () => {
    assert.equal(parseCount('10'), 10);
    for (const bad of ['', '-1', '1.5', '1e2', 'ten', '1234567']) assert.equal(parseCount(bad), undefined, bad);
  });

  it('has the bounds the issue asks for', () => {
    assert.equal(TIMED_SEND.minIntervalMs, 100);
    assert.equal(TIMED_SEND.maxCount, 100);
  });
});

describe('TimedSend', () => {
  it('sends exactly count rounds, then says done', async () => {
    const timed = new TimedSend();
    let rounds = 0;
    const ended = new Promise<[TimedSendEnd, number]>((resolve) => {
      void timed.start(
        3,
        10,
        async () => {
          rounds++;
          return true;
        },
        (how, progress) => resolve([how, progress.sent]),
      );
    });
    assert.deepEqual(await ended, ['done', 3]);
    assert.equal(rounds, 3);
    assert.equal(timed.progress, undefined);
  });

  it('runs one at a time, ends when a round fails, and stops when told', async () => {
    const timed = new TimedSend();
    const ends: TimedSendEnd[] = [];
    assert.equal(
      await timed.start(
        100,
        50,
        async () => true,
        (how) => ends.push(how),
      ),
      true,
    );
    assert.equal(timed.progress?.sent, 1, 'the first round goes at once');
    assert.equal(
      await timed.start(
        1,
        100,
        async () => true,
        (how) => ends.push(how),
      ),
      false,
    );
    assert.equal(timed.stop(), true);
    assert.equal(timed.stop(), false);
    assert.deepEqual(ends, ['stopped']);
    await timed.start(
      5,
      10,
      async () => false,
      (how) => ends.push(how),
    );
    assert.deepEqual(ends, ['stopped', 'failed']);
    timed.dispose();
  });
});
