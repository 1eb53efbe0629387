/**
 * A token bucket (RFC 2697's, without colours): `capacity` tokens that refill at `perSecond`, read against a
 * clock given in, so that tests move time by hand. `take` spends one if there is one; otherwise `retryAfterMs`
 * says when the next will have grown back.
 */

export type Clock = () => number;

export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #clock: Clock;
  #tokens: number;
  #at: number;

  constructor(options: { readonly capacity: number; readonly perSecond: number; readonly clock: Clock }) {
    this.#capacity = options.capacity;
    this.#perMs = options.perSecond / 1000;
    this.#clock = options.clock;
    this.#tokens = options.capacity;
    this.#at = options.clock();
  }

  /** Whether a token is there, without spending it. */
  has(): boolean {
    this.#refill();
    return this.#tokens >= 1;
  }

  /** Spends a token if there is one. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there; 0 when one is. */
  retryAfterMs(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#perMs);
  }

  /** Whether the bucket is back to full, so that whoever keeps many can forget it. */
  full(): boolean {
    this.#refill();
    return this.#tokens >= this.#capacity;
  }

  #refill(): void {
    const now = this.#clock();
    // A clock that steps back (NTP) must not drain the bucket.
    const elapsed = Math.max(0, now - this.#at);
    this.#tokens = Math.min(this.#capacity, this.#tokens + elapsed * this.#perMs);
    this.#at = now;
  }
}
