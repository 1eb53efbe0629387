/** A clock the test moves by hand, for limiters and cookie expiry. */

export class ManualClock {
  #now: number;

  constructor(start = 1_750_000_000_000) {
    this.#now = start;
  }

  readonly now = (): number => this.#now;

  advance(ms: number): void {
    this.#now += ms;
  }
}
