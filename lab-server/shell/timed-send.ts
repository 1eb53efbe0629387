/**
 * The timed resend of `send --every 1s --count 10`, the "定时发送" box of NetAssist and SSCOM: the same bytes
 * sent again at an interval, a number of times, in the background while the student types other commands.
 * Bounded, so a student (or a page) cannot turn the shell into a flooder: at least 100 ms between rounds, at
 * most 100 rounds, one timed send per shell at a time; `stop`, Ctrl-C, `exit` or the session ending ends it.
 * Rounds keep to the interval from the start (no drift), but a round waits for the previous one to finish, as
 * a blocking send() would make a loop in C wait.
 */

import type { Disposable } from '../../src/common/disposable';

export const TIMED_SEND = {
  minIntervalMs: 100,
  maxIntervalMs: 3_600_000,
  maxCount: 100,
} as const;

/**
 * An interval as typed: `100ms`, `1s`, `1.5s`, or a bare number of seconds (as `--wait` takes them). Undefined
 * when it is not one; bounds are checked by the caller, which says what they are.
 */
export function parseInterval(text: string): number | undefined {
  const match = /^(\d{1,7}(?:\.\d{1,3})?)(ms|s)?$/.exec(text.trim());
  if (match === null) return undefined;
  const value = Number(match[1]);
  return Math.round(match[2] === 'ms' ? value : value * 1000);
}

/** A count as typed: a whole number, undefined when it is not one. */
export function parseCount(text: string): number | undefined {
  return /^\d{1,6}$/.test(text) ? Number(text) : undefined;
}

/** How a timed send ended: all rounds sent, a round failed, or it was stopped. */
export type TimedSendEnd = 'done' | 'failed' | 'stopped';

export interface TimedSendProgress {
  readonly sent: number;
  readonly count: number;
  readonly intervalMs: number;
}

interface Running extends TimedSendProgress {
  sent: number;
  timer: NodeJS.Timeout | undefined;
  readonly end: (how: TimedSendEnd, progress: TimedSendProgress) => void;
}

/** The one timed send a shell may run. */
export class TimedSend implements Disposable {
  #running: Running | undefined;

  get progress(): TimedSendProgress | undefined {
    const running = this.#running;
    return running && { sent: running.sent, count: running.count, intervalMs: running.intervalMs };
  }

  /**
   * Runs `round` now and then every `intervalMs`, `count` times in all, until it returns false (the send
   * failed); `end` is told once how it ended. Returns after the first round, or false if one is running already.
   */
  async start(
    count: number,
    intervalMs: number,
    round: () => Promise<boolean>,
    end: (how: TimedSendEnd, progress: TimedSendProgress) => void,
  ): Promise<boolean> {
    if (this.#running !== undefined) return false;
    const running: Running = { sent: 0, count, intervalMs, timer: undefined, end };
    this.#running = running;
    const started = Date.now();
    const next = async (): Promise<void> => {
      running.timer = undefined;
      const ok = await round().catch(() => false);
      // Stopped while the round was being sent: `stop` has said so already.
      if (this.#running !== running) return;
      if (ok) running.sent++;
      if (!ok || running.sent >= running.count) return this.#end(ok ? 'done' : 'failed');
      const due = started + running.sent * intervalMs - Date.now();
      running.timer = setTimeout(() => void next(), Math.max(0, due));
    };
    await next();
    return true;
  }

  /** Ends the timed send that is running, if one is; it is told `stopped`. Returns whether one was. */
  stop(): boolean {
    if (this.#running === undefined) return false;
    this.#end('stopped');
    return true;
  }

  /** The session or the shell ends: the timer goes, and nobody is told. */
  dispose(): void {
    clearTimeout(this.#running?.timer);
    this.#running = undefined;
  }

  #end(how: TimedSendEnd): void {
    const running = this.#running;
    if (running === undefined) return;
    clearTimeout(running.timer);
    this.#running = undefined;
    running.end(how, { sent: running.sent, count: running.count, intervalMs: running.intervalMs });
  }
}
