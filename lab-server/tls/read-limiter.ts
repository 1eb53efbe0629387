/**
 * At most `max` tasks at once, the others waiting their turn in order: the lab server's bound on the tshark runs
 * that read handshakes. Each run costs a tshark start-up (~150 MB, DESIGN.md) on top of the shared capture, so
 * however many sessions shake hands at once, only a couple of runs go at a time; a session waits, it is not
 * refused. A waiting task whose signal aborts leaves the queue at once.
 */

export class ReadLimiter {
  readonly #max: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`a limiter needs at least one slot, not ${max}`);
    this.#max = max;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `task` once a slot is free; rejects with the signal's reason if it aborts before then. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    // A finishing task hands its slot straight to the first in line, so a newcomer cannot slip in between.
    if (this.#running < this.#max) this.#running += 1;
    else await this.#turn(signal);
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#running -= 1;
      else next();
    }
  }

  #turn(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(entry);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      this.#waiting.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The lab server's one limiter for handshake reads: two tshark runs at a time, for all sessions together. */
export const handshakeReads = new ReadLimiter(2);
