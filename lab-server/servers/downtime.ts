/**
 * A lab server's downtime, for the `restart` fault: the server goes away now, as a process that died, and comes
 * back on the same port after a while, as the same program started again — what a client's reconnect loop is
 * for. A kind says how to stop (close its sockets and stop listening) and how to start again (listen on the same
 * address and port); this keeps the one timer, reports the stop on the server's timeline (connection 0, with
 * how long), tries again while the port cannot be had back (another program took it meanwhile), and lets every
 * caller wait for the server to be back. Disposing it ends the downtime without starting again: the server is
 * going away for good.
 */

import type { Disposable } from '../../src/common/disposable';
import { localized, verbatim } from '../../src/common/localized';
import type { Observation } from '../../src/lab-kit';

/** While the port cannot be listened on again, another try this often. */
const RETRY_MS = 1000;
/** And at most this many: the port is the session's, so a program that took it is not going away soon. */
const MAX_RETRIES = 60;

const TEXT = localized({
  en: {
    stopped: (seconds: string) => `stopped for ${seconds} s: connections closed, the port refuses new ones`,
    gaveUp: (code: string) => `could not listen on its port again (${code}): the server stays down`,
  },
  'zh-Hans': {
    stopped: (seconds) => `停止 ${seconds} 秒：连接已关闭，端口拒绝新的连接`,
    gaveUp: (code) => `无法再次监听它的端口（${code}）：服务器保持停止`,
  },
});

export interface DowntimeOptions {
  /** Observes on the server's timeline (connection 0 here). */
  readonly observe: (observation: Omit<Observation, 'server'>) => void;
  /**
   * Closes every connection as the kernel closes a dying process's sockets, and stops listening, before it
   * returns: from then on a SYN to the port is answered with RST.
   */
  readonly stop: () => void;
  /** Listens on the same address and port again (and observes `listen`); rejects with the errno if it cannot. */
  readonly start: () => Promise<void>;
}

export class Downtime implements Disposable {
  readonly #options: DowntimeOptions;
  #timer: NodeJS.Timeout | undefined;
  /** Resolves when the server is back (or gone for good); undefined while it is up. */
  #back: { readonly promise: Promise<void>; readonly resolve: () => void } | undefined;
  /** A start under way, which disposing waits for. */
  #starting: Promise<void> | undefined;
  #disposed = false;

  constructor(options: DowntimeOptions) {
    this.#options = options;
  }

  get isDown(): boolean {
    return this.#back !== undefined;
  }

  /**
   * Takes the server down now, unless it is down already, and brings it back `downMs` from now (a new call while
   * it is down moves that moment; 0 brings it back at once). Resolves once it listens again.
   */
  restart(downMs: number): Promise<void> {
    if (this.#disposed) return Promise.resolve();
    if (this.#back === undefined) {
      let resolve = (): void => {};
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      this.#back = { promise, resolve };
      this.#options.observe({ connection: 0, kind: 'close', note: TEXT.stopped(secondsOf(downMs)) });
      this.#options.stop();
    }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#bringBack(0), Math.max(0, downMs));
    return this.#back.promise;
  }

  /** Ends the downtime for good; resolves once a start under way is over, so the kind can close what it opened. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    clearTimeout(this.#timer);
    await this.#starting;
    this.#end();
  }

  async #bringBack(attempt: number): Promise<void> {
    this.#timer = undefined;
    // Disposed, back already, or a start under way (a restart asked for while it ran): nothing more to start.
    if (this.#disposed || this.#back === undefined || this.#starting !== undefined) return;
    const starting = this.#options.start();
    this.#starting = starting.then(
      () => undefined,
      () => undefined,
    );
    try {
      await starting;
    } catch (error) {
      this.#starting = undefined;
      if (this.#disposed) return;
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      if (attempt === 0) this.#options.observe({ connection: 0, kind: 'error', note: verbatim(code) });
      if (attempt >= MAX_RETRIES) {
        this.#options.observe({ connection: 0, kind: 'error', note: TEXT.gaveUp(code) });
        this.#end();
        return;
      }
      this.#timer = setTimeout(() => void this.#bringBack(attempt + 1), RETRY_MS);
      return;
    }
    this.#starting = undefined;
    this.#end();
  }

  #end(): void {
    const back = this.#back;
    this.#back = undefined;
    back?.resolve();
  }
}

/** `5`, or `0.5` for a downtime shorter than a second (tests). */
function secondsOf(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
