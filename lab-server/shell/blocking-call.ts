/**
 * How the lab shell's sockets block in a call (recv, recvfrom): look for an answer, and until there is one wait
 * for news (data, a FIN, an error), Ctrl-C (EINTR) or the shell's own deadline, whichever comes first. A socket
 * owns one `BlockingCall` and calls `wake` when something arrives that may answer the waiting call.
 */

import type { Errno, ShellTimeout } from './shell-socket';

export class BlockingCall {
  #wake: (() => void) | undefined;

  /** Something arrived: the waiting call looks again. */
  wake(): void {
    this.#wake?.();
  }

  /** `answer()` as soon as it gives one, EINTR once `signal` aborts, the shell's timeout after `timeoutMs`. */
  async until<T>(
    answer: () => T | undefined,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<T | Errno | ShellTimeout> {
    const deadline = Date.now() + timeoutMs;
    // Bounded: each pass either returns or waits for one wake-up, and the deadline ends the waiting.
    for (;;) {
      const found = answer();
      if (found !== undefined) return found;
      if (signal.aborted) return { errno: 'EINTR' };
      const left = deadline - Date.now();
      if (left <= 0) return { shellTimeout: timeoutMs };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        signal.addEventListener('abort', done, { once: true });
        this.#wake = done;
        function done(): void {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
      });
      this.#wake = undefined;
    }
  }
}
