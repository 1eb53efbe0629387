/**
 * Limits guesses: wrong join codes, failed instructor logins. Each client address (`clientOf`, so behind a
 * trusted proxy the student's own) has a bucket, and everyone together one more, since guesses spread over many
 * addresses must not add up to a brute force either. Only failures spend tokens: a class of forty behind one
 * NAT typing the right code at once is never held back, while a guesser is. Once either bucket is empty every
 * attempt from that client waits, right or wrong, with a retry-after it can show.
 */

import { type Clock, TokenBucket } from './token-bucket';

export interface AttemptLimits {
  /** Failures one client may make in a burst, and how fast it earns one back. */
  readonly perClient: { readonly burst: number; readonly perMinute: number };
  /** The same for everyone together. */
  readonly overall: { readonly burst: number; readonly perMinute: number };
}

/** Buckets of at most this many clients are kept; full ones are forgotten first, as they say nothing. */
const MAX_CLIENTS = 10_000;

export class AttemptLimiter {
  readonly #limits: AttemptLimits;
  readonly #clock: Clock;
  readonly #overall: TokenBucket;
  readonly #clients = new Map<string, TokenBucket>();

  constructor(limits: AttemptLimits, clock: Clock = Date.now) {
    this.#limits = limits;
    this.#clock = clock;
    this.#overall = this.#bucket(limits.overall);
  }

  /** 0 when `client` may attempt now; otherwise how many milliseconds it must wait. */
  retryAfterMs(client: string): number {
    const own = this.#clients.get(client);
    return Math.max(own?.retryAfterMs() ?? 0, this.#overall.retryAfterMs());
  }

  /** Counts a failed attempt of `client`. */
  fail(client: string): void {
    let own = this.#clients.get(client);
    if (own === undefined) {
      if (this.#clients.size >= MAX_CLIENTS) this.#forget();
      own = this.#bucket(this.#limits.perClient);
      this.#clients.set(client, own);
    }
    own.take();
    this.#overall.take();
  }

  /** How many clients it keeps a bucket for (tests: the map stays bounded). */
  get size(): number {
    return this.#clients.size;
  }

  #bucket(limit: { readonly burst: number; readonly perMinute: number }): TokenBucket {
    return new TokenBucket({ capacity: limit.burst, perSecond: limit.perMinute / 60, clock: this.#clock });
  }

  #forget(): void {
    for (const [client, bucket] of this.#clients) if (bucket.full()) this.#clients.delete(client);
    // Still full of clients that all failed lately: drop the oldest, whose buckets refill soonest.
    for (const client of this.#clients.keys()) {
      if (this.#clients.size < MAX_CLIENTS) break;
      this.#clients.delete(client);
    }
  }
}
