/**
 * The one time origin of a session's views: every time on the page (packet list, ladder, flow graph, server
 * timeline, follow stream) counts seconds from the session's first packet or event, whichever happened first,
 * so a SYN and the `accept` it caused line up whichever view a student reads. The lab server sends the origin
 * in the welcome (`SessionClock`); the page keeps it up to date with the same rule, the earliest timestamp seen,
 * as packets and events arrive. Event times count milliseconds from the session's start, so `startedAt` turns
 * them into the same epoch seconds as packet times.
 */

import { type Localized, localized } from '../common/localized';
import type { Packet, ServerEvent, SessionClock } from '../protocol';

const TEXT = localized({
  en: {
    fromPacket: (clock: string) => `Times in seconds from the session's first packet, ${clock}`,
    fromEvent: (clock: string) => `Times in seconds from the session's first server event, ${clock}`,
  },
  'zh-Hans': {
    fromPacket: (clock) => `时间以秒为单位，从会话的第一个数据包（${clock}）算起`,
    fromEvent: (clock) => `时间以秒为单位，从会话的第一个服务器事件（${clock}）算起`,
  },
});

export interface TimeOrigin {
  /** The origin, in seconds since the Unix epoch; undefined until the session has a packet or an event. */
  readonly at: number | undefined;
  /** What happened there. */
  readonly kind: 'packet' | 'event' | undefined;
  /** When the session started (epoch seconds): event times count from it. Undefined before the first welcome. */
  readonly startedAt: number | undefined;
}

export const NO_TIME_ORIGIN: TimeOrigin = { at: undefined, kind: undefined, startedAt: undefined };

/** The origin the welcome brings; `current` too when the page resumes the same session (the earlier wins). */
export function originFromWelcome(clock: SessionClock, current: TimeOrigin = NO_TIME_ORIGIN): TimeOrigin {
  const base: TimeOrigin = { ...current, startedAt: clock.startedAt };
  return clock.origin === undefined || clock.originKind === undefined
    ? base
    : earlier(base, clock.origin, clock.originKind);
}

/** The origin after `packets` arrived. */
export function withPacketTimes(origin: TimeOrigin, packets: readonly Packet[]): TimeOrigin {
  let result = origin;
  for (const packet of packets) result = earlier(result, packet.time, 'packet');
  return result;
}

/** The origin after `events` arrived. */
export function withEventTimes(origin: TimeOrigin, events: readonly ServerEvent[]): TimeOrigin {
  let result = origin;
  for (const event of events) {
    const time = eventEpoch(event, origin);
    if (time !== undefined) result = earlier(result, time, 'event');
  }
  return result;
}

/** An event's time in epoch seconds, like a packet's; undefined before the welcome said when the session began. */
export function eventEpoch(event: Pick<ServerEvent, 'time'>, origin: TimeOrigin): number | undefined {
  return origin.startedAt === undefined ? undefined : origin.startedAt + event.time / 1000;
}

/** Seconds since the origin of a time in epoch seconds: `0.000123` with 6 digits, `12.345` with 3. */
export function formatSinceOrigin(time: number, origin: number | undefined, digits = 6): string {
  const offset = origin === undefined ? 0 : time - origin;
  // Float noise just below zero (the origin itself) should not print as -0.000000.
  return (Math.abs(offset) < 0.5 * 10 ** -digits ? 0 : offset).toFixed(digits);
}

/** What the views' header says: `Times in seconds from the session's first packet, 20:31:07.123`. */
export function originCaption(origin: TimeOrigin, timeZone?: string): Localized | undefined {
  if (origin.at === undefined) return undefined;
  const clock = clockTime(origin.at, timeZone);
  return origin.kind === 'event' ? TEXT.fromEvent(clock) : TEXT.fromPacket(clock);
}

/** `20:31:07.123`: a moment as a wall clock in the student's time zone, to the millisecond. */
export function clockTime(time: number, timeZone?: string): string {
  const date = new Date(Math.floor(time * 1000));
  const hms = date.toLocaleTimeString('en-GB', { hour12: false, ...(timeZone === undefined ? {} : { timeZone }) });
  return `${hms}.${date.getMilliseconds().toString().padStart(3, '0')}`;
}

function earlier(origin: TimeOrigin, time: number, kind: 'packet' | 'event'): TimeOrigin {
  return origin.at !== undefined && origin.at <= time ? origin : { ...origin, at: time, kind };
}
