/**
 * The lesson's long-connection client in Node, as the reference solution runs it in-process: connect (with a
 * time limit, since a SYN into silence is never refused) → online: a heartbeat every few hundred milliseconds,
 * and a watchdog that gives up when nothing has come back for a while → on EOF, error or the watchdog: close,
 * wait (exponential backoff with jitter, capped), connect again. Every step is logged with its time, so a
 * caller can wait for "online again" or "the watchdog fired" instead of sleeping a fixed time.
 */

import net from 'node:net';

export interface ReconnectOptions {
  readonly host: string;
  readonly port: number;
  readonly heartbeatMs: number;
  /** No byte from the server for this long, and the connection is given up. */
  readonly watchdogMs: number;
  readonly connectTimeoutMs: number;
  /** The first wait after a failure; each further failure doubles it, up to `capMs`. */
  readonly baseMs: number;
  readonly capMs: number;
  /** Each wait is moved at random by up to this share of it, up or down (0.2: ±20 %). */
  readonly jitter: number;
}

export type LostReason = 'eof' | 'error' | 'watchdog';

export type ClientStep =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'online'; readonly localPort: number }
  | { readonly kind: 'echo'; readonly bytes: number }
  | { readonly kind: 'connect-failed'; readonly code: string }
  | { readonly kind: 'lost'; readonly reason: LostReason }
  | { readonly kind: 'waiting'; readonly ms: number };

export interface LoggedStep {
  readonly at: number;
  readonly step: ClientStep;
}

const HEARTBEAT = Buffer.from('ping\n');
/** How long a graceful close may take before the socket is destroyed. */
const CLOSE_GRACE_MS = 2000;

export class ReconnectingClient {
  readonly #options: ReconnectOptions;
  readonly #log: LoggedStep[] = [];
  readonly #listeners = new Set<() => void>();
  #stopped = false;
  #socket: net.Socket | undefined;
  #wake: (() => void) | undefined;
  /** Leaves the online state without closing the socket, so `stop` can close it gracefully. */
  #leave: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: ReconnectOptions) {
    this.#options = options;
  }

  get log(): readonly LoggedStep[] {
    return this.#log;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Resolves with the first step from index `from` of the log on that matches, or rejects after `timeoutMs`. */
  waitFor(matches: (step: ClientStep) => boolean, timeoutMs: number, from = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      const look = (): boolean => {
        const index = this.#log.findIndex((entry, i) => i >= from && matches(entry.step));
        if (index === -1) return false;
        done();
        resolve(index);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`the client did not get there within ${timeoutMs} ms: ${this.describe()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      const listener = (): void => {
        look();
      };
      this.#listeners.add(listener);
      look();
    });
  }

  /** Stops the loop; an open connection is closed with FIN. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    this.#leave?.();
    const socket = this.#socket;
    if (socket !== undefined) await closeGracefully(socket);
    await this.#loop;
  }

  describe(): string {
    return this.#log.map(({ at, step }) => `${at.toFixed(0)} ms ${JSON.stringify(step)}`).join('\n');
  }

  #step(step: ClientStep): void {
    this.#log.push({ at: performance.now(), step });
    for (const listener of [...this.#listeners]) listener();
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      this.#step({ kind: 'connecting' });
      const socket = await this.#connect();
      if (socket !== undefined && this.#stopped) await closeGracefully(socket);
      else if (socket !== undefined) {
        this.#socket = socket;
        const reason = await this.#online(socket, () => {
          failures = 0;
        });
        this.#socket = undefined;
        if (reason === undefined) break;
        this.#step({ kind: 'lost', reason });
      }
      if (this.#stopped) break;
      const ms = this.#delay(failures++);
      this.#step({ kind: 'waiting', ms });
      await this.#sleep(ms);
    }
  }

  #delay(failures: number): number {
    const { baseMs, capMs, jitter } = this.#options;
    const wait = Math.min(capMs, baseMs * 2 ** failures);
    return Math.round(wait * (1 + jitter * (2 * Math.random() - 1)));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(wake, ms);
      function wake(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = wake;
    });
  }

  #connect(): Promise<net.Socket | undefined> {
    const { host, port, connectTimeoutMs } = this.#options;
    return new Promise((resolve) => {
      const socket = net.connect({ host, port, noDelay: true });
      const timer = setTimeout(() => fail('ETIMEDOUT'), connectTimeoutMs);
      const fail = (code: string): void => {
        clearTimeout(timer);
        socket.destroy();
        this.#step({ kind: 'connect-failed', code });
        resolve(undefined);
      };
      socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        this.#step({ kind: 'online', localPort: socket.localPort ?? 0 });
        resolve(socket);
      });
    });
  }

  /** Heartbeats and the watchdog, until the connection is lost (the reason) or the client stops (undefined). */
  #online(socket: net.Socket, onEcho: () => void): Promise<LostReason | undefined> {
    const { heartbeatMs, watchdogMs } = this.#options;
    return new Promise((resolve) => {
      let watchdog = setTimeout(() => lose('watchdog'), watchdogMs);
      const heartbeat = setInterval(() => socket.write(HEARTBEAT), heartbeatMs);
      socket.write(HEARTBEAT);
      const lose = (reason: LostReason | undefined): void => {
        clearTimeout(watchdog);
        clearInterval(heartbeat);
        socket.removeAllListeners();
        socket.on('error', () => {});
        this.#leave = undefined;
        if (reason !== undefined) socket.destroy();
        resolve(this.#stopped ? undefined : reason);
      };
      this.#leave = () => lose(undefined);
      socket.on('data', (chunk: Buffer) => {
        // Any byte from the server feeds the watchdog: the peer is there.
        clearTimeout(watchdog);
        watchdog = setTimeout(() => lose('watchdog'), watchdogMs);
        onEcho();
        this.#step({ kind: 'echo', bytes: chunk.length });
      });
      socket.on('end', () => lose('eof'));
      socket.on('error', () => lose('error'));
      socket.on('close', () => lose(this.#stopped ? undefined : 'error'));
    });
  }
}

function closeGracefully(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}
