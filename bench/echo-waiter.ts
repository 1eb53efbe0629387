/**
 * What a one-at-a-time echo client waits on: the echo of what it just sent, with a deadline. Its socket's
 * listeners call `settle` — with nothing when data came back, with the error when the socket failed, which
 * also fails every later `send`.
 */

export class EchoWaiter {
  readonly #timeoutMs: number;
  #waiting: { resolve: () => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | undefined;
  #failure: Error | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Calls `send` and resolves when the echo came, within the deadline. */
  send(send: () => void): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(new Error(`no echo within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#waiting = { resolve, reject, timer };
      send();
    });
  }

  settle(error: Error | undefined): void {
    if (error !== undefined) this.#failure ??= error;
    const waiting = this.#waiting;
    if (waiting === undefined) return;
    this.#waiting = undefined;
    clearTimeout(waiting.timer);
    if (error === undefined) waiting.resolve();
    else waiting.reject(error);
  }
}
