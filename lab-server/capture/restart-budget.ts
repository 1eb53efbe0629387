/**
 * How often the capture may restart a crashed child: at most `maxPerMinute` restarts in any sliding minute,
 * each after a delay that doubles from 100 ms up to 5 s. A child that keeps dying is not a glitch but a broken
 * setup (tshark crashing on every start, a capture device gone), and restarting it for ever would hide that
 * from the page behind an endless "restarting"; spending the budget makes the capture say `unavailable` instead.
 */

const WINDOW_MS = 60_000;
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 5000;

export class RestartBudget {
  private recentTimes: number[] = [];
  private granted = 0;

  constructor(
    private readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Restarts granted since the capture began. */
  get total(): number {
    return this.granted;
  }

  /** Restarts granted within the last minute. */
  get recent(): number {
    return this.recentTimes.length;
  }

  /** Grants one restart and says how long to wait before it, or `undefined` when the minute's budget is spent. */
  next(): number | undefined {
    const now = this.now();
    this.recentTimes = this.recentTimes.filter((time) => now - time < WINDOW_MS);
    if (this.recentTimes.length >= this.maxPerMinute) return undefined;
    this.recentTimes.push(now);
    this.granted += 1;
    return Math.min(FIRST_DELAY_MS * 2 ** (this.recentTimes.length - 1), MAX_DELAY_MS);
  }
}
