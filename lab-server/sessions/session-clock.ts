/**
 * Where a session's time starts, for every view of its page: its first packet or event, whichever happened
 * first. "First" is by timestamp, not by arrival: a lab server reports an `accept` as it happens, while the
 * capture delivers the client's SYN — which the kernel timestamped before it — a millisecond or so later, so the
 * origin may move back once in the session's first moments. The page folds the same rule over what it receives
 * (`src/lab-client/lab-state.ts`), and the welcome carries this clock so a reloaded page starts where it was.
 */

import type { SessionClock as SessionClockMessage } from '../../src/protocol';

export class SessionClock {
  /** Epoch milliseconds, as `Date.now()` gave it: event times count from here. */
  readonly startedAt: number;
  #origin: number | undefined;
  #originKind: 'packet' | 'event' | undefined;

  constructor(startedAt: number) {
    this.startedAt = startedAt;
  }

  /** An event happened `ms` after the start. */
  event(ms: number): void {
    this.#note((this.startedAt + ms) / 1000, 'event');
  }

  /** A packet was captured at `time` (epoch seconds). */
  packet(time: number): void {
    this.#note(time, 'packet');
  }

  get message(): SessionClockMessage {
    const startedAt = this.startedAt / 1000;
    if (this.#origin === undefined || this.#originKind === undefined) return { startedAt };
    return { startedAt, origin: this.#origin, originKind: this.#originKind };
  }

  #note(time: number, kind: 'packet' | 'event'): void {
    if (this.#origin !== undefined && this.#origin <= time) return;
    this.#origin = time;
    this.#originKind = kind;
  }
}
