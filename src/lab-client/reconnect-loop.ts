/**
 * The lab connection's reconnect loop: after the socket drops it schedules the next attempt with bounded backoff
 * (the delays come from backoff.ts), counts the attempts, and remembers since when the connection has been down,
 * so that it gives up once the policy's limit has passed. A live session resets it, so the next drop starts
 * again with the quickest retry.
 */

import type { Disposable } from '../common/emitter';
import { type Localized, localized } from '../common/localized';
import { type BackoffPolicy, retryDelay } from './backoff';
import type { Clock } from './clock';

const TEXT = localized({
  en: {
    gaveUpMinutes: (minutes: number) => `Gave up after ${minutes} min.`,
    gaveUpMs: (ms: number) => `Gave up after ${ms} ms.`,
  },
  'zh-Hans': {
    gaveUpMinutes: (minutes) => `${minutes} 分钟后放弃了重试。`,
    gaveUpMs: (ms) => `${ms} 毫秒后放弃了重试。`,
  },
});

export interface ScheduledRetry {
  /** The attempt's number: 1 for the first retry after a drop. */
  readonly attempt: number;
  readonly retryInMs: number;
}

export class ReconnectLoop implements Disposable {
  private attempts = 0;
  private downSince: number | undefined;
  private timer: unknown;

  /** `reconnect` is called when a scheduled attempt is due. */
  constructor(
    private readonly reconnect: () => void,
    private readonly clock: Clock,
    private readonly policy: BackoffPolicy,
    private readonly random: () => number,
  ) {}

  /** Attempts since the connection was last live (or the loop was reset); 0 before the first drop. */
  get attempt(): number {
    return this.attempts;
  }

  /**
   * The connection is down: schedules the next attempt and says which and when. Returns undefined, and
   * schedules nothing, once the connection has been down longer than the policy allows.
   */
  schedule(): ScheduledRetry | undefined {
    const now = this.clock.now();
    this.downSince ??= now;
    this.attempts += 1;
    const retryInMs = retryDelay(this.attempts, now - this.downSince, this.policy, this.random);
    if (retryInMs === undefined) return undefined;
    this.cancel();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.reconnect();
    }, retryInMs);
    return { attempt: this.attempts, retryInMs };
  }

  /** `Gave up after 2 min.`: what to tell the student when `schedule()` returned undefined. */
  giveUpNote(): Localized {
    const { giveUpAfterMs } = this.policy;
    const minutes = Math.round(giveUpAfterMs / 60_000);
    return minutes >= 1 ? TEXT.gaveUpMinutes(minutes) : TEXT.gaveUpMs(giveUpAfterMs);
  }

  /** A session is live, or the student starts over: the next drop counts from the first attempt again. */
  reset(): void {
    this.attempts = 0;
    this.downSince = undefined;
  }

  /** Cancels the scheduled attempt, if any. */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.cancel();
  }
}
