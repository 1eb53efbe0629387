/**
 * A WebSocket client for the benchmark that decodes every frame as it arrives and lets the caller wait for
 * the next message of a given kind, with a deadline. Messages that arrive before anyone waits (a welcome and
 * the first prompt often come in one TCP segment) are kept in an inbox, in order.
 */

import type { WebSocket } from 'ws';
import { closeWebSocket, openWebSocket } from './web-socket';

/** Messages kept unread before the oldest is dropped: a client that lags must not grow forever. */
const MAX_INBOX = 1000;

export interface Decoded<T> {
  readonly message: T;
  /** An error the server reported: it fails whoever waits, instead of making them wait for the deadline. */
  readonly failure: string | undefined;
}

interface Waiter<T> {
  readonly accept: (message: T) => boolean;
  readonly resolve: (message: T) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class FrameClient<T> {
  readonly #ws: WebSocket;
  readonly #decode: (text: string) => Decoded<T>;
  readonly #inbox: T[] = [];
  #waiter: Waiter<T> | undefined;
  #closed: Error | undefined;
  /** Messages read past while looking for the awaited one (events, checks, unexpected output). */
  skipped = 0;

  private constructor(ws: WebSocket, decode: (text: string) => Decoded<T>) {
    this.#ws = ws;
    this.#decode = decode;
    ws.on('message', (data, isBinary) => this.#receive(data.toString(), isBinary));
    ws.on('close', (code) => this.#fail(new Error(`the WebSocket closed (${code})`)));
    ws.on('error', (error) => this.#fail(error));
  }

  /** Opens a WebSocket, as a page of `origin` would. */
  static open<T>(
    url: string,
    origin: string,
    decode: (text: string) => Decoded<T>,
    timeoutMs: number,
  ): Promise<FrameClient<T>> {
    return openWebSocket(url, origin, timeoutMs, (ws) => new FrameClient(ws, decode));
  }

  send(value: unknown): void {
    this.#ws.send(JSON.stringify(value));
  }

  /** The next message `accept` takes; earlier ones are skipped. Rejects on a server error, close or deadline. */
  next(accept: (message: T) => boolean, timeoutMs: number): Promise<T> {
    // Bounded: the inbox holds at most MAX_INBOX messages.
    while (this.#inbox.length > 0) {
      const message = this.#inbox.shift()!;
      if (accept(message)) return Promise.resolve(message);
      this.skipped++;
    }
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    if (this.#waiter !== undefined) return Promise.reject(new Error('already waiting for a message'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = { accept, resolve, reject, timer };
    });
  }

  close(): void {
    closeWebSocket(this.#ws);
  }

  #receive(text: string, isBinary: boolean): void {
    let decoded: Decoded<T>;
    try {
      if (isBinary) throw new Error('a binary frame arrived');
      decoded = this.#decode(text);
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (decoded.failure !== undefined) {
      this.#fail(new Error(decoded.failure));
      return;
    }
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      if (waiter.accept(decoded.message)) {
        this.#waiter = undefined;
        clearTimeout(waiter.timer);
        waiter.resolve(decoded.message);
      } else {
        this.skipped++;
      }
      return;
    }
    if (this.#inbox.length >= MAX_INBOX) this.#inbox.shift();
    this.#inbox.push(decoded.message);
  }

  #fail(error: Error): void {
    this.#closed ??= error;
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    this.#waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }
}
