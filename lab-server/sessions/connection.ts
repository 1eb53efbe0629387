/**
 * One page's connection: it reads frames from a duplex stream, enforces size and rate limits, decodes each
 * frame at the trust boundary and hands the typed message to its handler. Whatever goes wrong with one frame
 * becomes an `error` message for that page — the connection, its session and every other session go on.
 * Everything the page receives leaves through `send`, the one write path, which respects the stream's
 * backpressure, coalesces terminal output and bounds what it holds for a slow page.
 */

import type { Duplex } from 'node:stream';
import {
  type ClientMessage,
  decodeClientMessage,
  ERRORS,
  type ErrorCode,
  LabError,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_PER_SECOND,
  type ServerMessage,
} from '../../src/protocol';
import { log } from '../log';
import type { Session, SessionClient } from './session';

/** Messages held for a page that reads slowly; past this, socket-level events are dropped (output is kept). */
const MAX_QUEUED_MESSAGES = 2000;
/** Terminal output held for a slow page; past this the page is too far behind and is disconnected. */
const MAX_QUEUED_OUTPUT = 4 * 1024 * 1024;

export interface ConnectionHandlers {
  handle(connection: Connection, message: ClientMessage): void | Promise<void>;
}

export class Connection implements SessionClient {
  readonly #stream: Duplex;
  readonly #handlers: ConnectionHandlers;
  readonly #queue: ServerMessage[] = [];
  #queuedOutput = 0;
  #waitingForDrain = false;
  #closed = false;
  #tokens = MAX_MESSAGES_PER_SECOND;
  #lastRefill = Date.now();
  #lastRateError = 0;
  #droppedEvents = 0;
  /** Frames are handled one at a time, in order: `hello` must finish before `input` reaches the session. */
  #chain: Promise<void> = Promise.resolve();
  session: Session | undefined;
  /** Set while a `hello` is being handled, so a second one is refused. */
  starting = false;

  constructor(stream: Duplex, handlers: ConnectionHandlers) {
    this.#stream = stream;
    this.#handlers = handlers;
    stream.on('data', (frame: unknown) => this.#receive(frame));
    stream.on('drain', () => {
      this.#waitingForDrain = false;
      this.#flush();
    });
    stream.on('close', () => this.#onStreamClosed());
    stream.on('error', () => this.#onStreamClosed());
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(message: ServerMessage): void {
    if (this.#closed) return;
    const last = this.#queue.at(-1);
    if (message.type === 'output') {
      this.#queuedOutput += message.data.length;
      if (this.#queuedOutput > MAX_QUEUED_OUTPUT) {
        log('a page stopped reading its terminal output; disconnecting it');
        this.close();
        return;
      }
      if (last?.type === 'output') {
        this.#queue[this.#queue.length - 1] = { type: 'output', data: last.data + message.data };
        this.#flush();
        return;
      }
    } else if (message.type === 'event' && this.#queue.length >= MAX_QUEUED_MESSAGES) {
      this.#droppedEvents++;
      return;
    }
    this.#queue.push(message);
    this.#flush();
  }

  sendError(code: ErrorCode, message: string = ERRORS[code], fatal = false): void {
    this.send({ type: 'error', code, message, fatal });
    if (fatal) this.close();
  }

  /** Closes after what is queued has been written. */
  close(): void {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    this.#stream.end();
    // If the page does not complete the closing handshake, drop it anyway.
    setTimeout(() => this.#stream.destroy(), 2000).unref();
    this.#release();
  }

  #flush(): void {
    // Bounded: each pass writes one queued message.
    while (!this.#waitingForDrain && this.#queue.length > 0 && !this.#stream.destroyed) {
      const message = this.#queue.shift()!;
      if (message.type === 'output') this.#queuedOutput -= message.data.length;
      if (this.#droppedEvents > 0 && message.type !== 'output') {
        const dropped = this.#droppedEvents;
        this.#droppedEvents = 0;
        this.#stream.write(
          JSON.stringify({
            type: 'error',
            code: 'LAB_ERR_MESSAGE_RATE',
            message: `${dropped} timeline events were not sent because the page was reading too slowly.`,
            fatal: false,
          } satisfies ServerMessage),
        );
      }
      if (!this.#stream.write(JSON.stringify(message))) this.#waitingForDrain = true;
    }
  }

  #receive(frame: unknown): void {
    if (this.#closed) return;
    if (!this.#takeToken()) return;
    this.#chain = this.#chain.then(() => this.#handleFrame(frame));
  }

  async #handleFrame(frame: unknown): Promise<void> {
    if (this.#closed) return;
    try {
      if (typeof frame !== 'string') {
        throw new LabError('LAB_ERR_MESSAGE_BINARY', 'Binary frames are not part of the protocol; send JSON text.');
      }
      if (Buffer.byteLength(frame) > MAX_MESSAGE_BYTES) {
        throw new LabError(
          'LAB_ERR_MESSAGE_TOO_LARGE',
          `The message has ${Buffer.byteLength(frame)} bytes; the limit is ${MAX_MESSAGE_BYTES}.`,
        );
      }
      await this.#handlers.handle(this, decodeClientMessage(frame));
    } catch (error) {
      if (error instanceof LabError) {
        const fatal = error.code === 'LAB_ERR_PROTOCOL_VERSION';
        this.sendError(error.code, error.message, fatal);
      } else {
        log(
          `internal error handling a message: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        this.sendError('LAB_ERR_INTERNAL');
      }
    }
  }

  /** Token bucket: MAX_MESSAGES_PER_SECOND on average, bursts up to twice that. */
  #takeToken(): boolean {
    const now = Date.now();
    const refill = ((now - this.#lastRefill) / 1000) * MAX_MESSAGES_PER_SECOND;
    this.#tokens = Math.min(MAX_MESSAGES_PER_SECOND * 2, this.#tokens + refill);
    this.#lastRefill = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    if (now - this.#lastRateError > 1000) {
      this.#lastRateError = now;
      this.sendError(
        'LAB_ERR_MESSAGE_RATE',
        `More than ${MAX_MESSAGES_PER_SECOND} messages per second; some were dropped.`,
      );
    }
    return false;
  }

  #onStreamClosed(): void {
    if (this.#closed) {
      this.#release();
      return;
    }
    this.#closed = true;
    this.#release();
  }

  #release(): void {
    const session = this.session;
    this.session = undefined;
    session?.detach(this);
  }
}
