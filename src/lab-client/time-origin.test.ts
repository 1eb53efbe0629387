/**
 * The session's time origin: events turned into epoch seconds, the earliest of packets and events, the offsets
 * every view prints, and the header that names the origin.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clockTime,
  eventEpoch,
  formatSinceOrigin,
  NO_TIME_ORIGIN,
  originCaption,
  originFromWelcome,
  withEventTimes,
} from './time-origin';

describe('time origin', () => {
  it('turns an event time into epoch seconds once the session start is known', () => {
    assert.equal(eventEpoch({ time: 1500 }, NO_TIME_ORIGIN), undefined);
    assert.equal(eventEpoch({ time: 1500 }, originFromWelcome({ startedAt: 100 })), 101.5);
  });

  it('keeps the earlier of the page’s origin and a resumed welcome’s', () => {
    const page = { at: 50, kind: 'event', startedAt: 49 } as const;
    assert.deepEqual(originFromWelcome({ startedAt: 49, origin: 51, originKind: 'packet' }, page), page);
    assert.deepEqual(originFromWelcome({ startedAt: 49, origin: 49.5, originKind: 'packet' }, page), {
      at: 49.5,
      kind: 'packet',
      startedAt: 49,
    });
  });

  it('ignores events before it knows when the session started', () => {
    const event = { seq: 1, time: 5, server: 'echo', connection: 1, kind: 'accept' } as const;
    assert.deepEqual(withEventTimes(NO_TIME_ORIGIN, [event]), NO_TIME_ORIGIN);
  });

  it('prints offsets with microseconds or milliseconds, and never -0', () => {
    assert.equal(formatSinceOrigin(10.000123, 10), '0.000123');
    assert.equal(formatSinceOrigin(10, 10.0000001), '0.000000');
    assert.equal(formatSinceOrigin(12.3456, 0.0001, 3), '12.345');
    assert.equal(formatSinceOrigin(9.9996, 10, 3), '0.000');
    assert.equal(formatSinceOrigin(9.998, 10, 3), '-0.002', 'before the origin (a packet captured late)');
    assert.equal(formatSinceOrigin(5, undefined), '0.000000');
  });

  it('names the origin and its wall-clock time in the header', () => {
    // 2023-11-14 22:13:20.123 UTC
    const at = 1_700_000_000.1234;
    assert.equal(clockTime(at, 'UTC'), '22:13:20.123');
    assert.deepEqual(originCaption({ at, kind: 'packet', startedAt: at - 1 }, 'UTC'), {
      en: "Times in seconds from the session's first packet, 22:13:20.123",
      'zh-Hans': '时间以秒为单位，从会话的第一个数据包（22:13:20.123）算起',
    });
    const event = originCaption({ at, kind: 'event', startedAt: at }, 'UTC');
    assert.match(event?.en ?? '', /first server event, 22:13:20/);
    assert.match(event?.['zh-Hans'] ?? '', /第一个服务器事件（22:13:20\.123）/);
    assert.equal(originCaption(NO_TIME_ORIGIN), undefined);
  });
});
