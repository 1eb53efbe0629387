/**
 * One page's connection: it reads frames from a duplex stream, enforces size and rate limits, decodes each
 * frame at the trust boundary and hands the typed message to its handler. Whatever goes wrong with one frame
 * becomes an `error` message for that page — the connection, its session and every other session go on.
 * Everything the page receives leaves through the outbox (outbox.ts), the one write path, bounded in bytes.
 * A connection that does not say `hello` in time, or whose page falls too far behind, is closed with a catalog
 * code in both the last message and the close frame.
 */

import type { Duplex } from 'node:stream';
import { Emitter, type Event } from '../../src/common/emitter';
import { DEFAULT_LOCALE, type Locale, type Localized, localized, pick } from '../../src/common/localized';
import {
  CLOSE_CODES,
  type ClientMessage,
  decodeClientMessage,
  ERRORS,
  type ErrorCode,
  FATAL,
  LabError,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_PER_SECOND,
  type ServerMessage,
} from '../../src/protocol';
import { type CaptureReport, captureStatusIn } from '../capture';
import { log } from '../log';
import { LOCAL_OWNER, type OwnerId } from '../store/progress-store';
import { closeFrame } from '../transport/message-stream';
import { DEFAULT_OUTBOX_LIMITS, Outbox, type OutboxLimits, type Skipped } from './outbox';
import type { Session, SessionClient } from './session';

/** Frames waiting for their handler before the connection stops reading from the socket (TCP backpressure). */
const MAX_WAITING_FRAMES = 64;
/** A page that does not complete the closing handshake is dropped after this long. */
const CLOSE_GRACE_MS = 2000;

const TEXT = localized({
  en: {
    binary: 'Binary frames are not part of the protocol; send JSON text.',
    tooLarge: (bytes: number, limit: number) => `The message has ${bytes} bytes; the limit is ${limit}.`,
    rate: (limit: number) => `More than ${limit} messages per second; some were dropped.`,
    helloTimeout: (seconds: number) =>
      `No "hello" arrived within ${seconds} s of opening the connection; it is closed.`,
    tooSlow: (kib: number) =>
      `This page fell more than ${kib} KiB behind what the lab server had to send it, so the connection was closed. The page reconnects and resumes the session.`,
    skippedGap: (what: string) => `Skipped ${what}: this page was reading too slowly. Reload the page to catch up.`,
    skipped: (what: string) => `Skipped ${what} because this page was reading too slowly. Reload the page to catch up.`,
    and: ' and ',
    packets: (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'packet' : 'packets'}`,
    events: (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'timeline event' : 'timeline events'}`,
    gaps: (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'gap marker' : 'gap markers'}`,
  },
  'zh-Hans': {
    binary: '二进制帧不属于本协议；请发送 JSON 文本。',
    tooLarge: (bytes, limit) => `消息有 ${bytes} 字节，上限是 ${limit} 字节。`,
    rate: (limit) => `每秒超过 ${limit} 条消息，部分消息被丢弃了。`,
    helloTimeout: (seconds) => `连接打开后 ${seconds} 秒内没有收到 "hello"，连接已关闭。`,
    tooSlow: (kib) =>
      `这个页面落后于实验服务器要发给它的数据超过 ${kib} KiB，所以连接被关闭了。页面会重新连接并恢复会话。`,
    skippedGap: (what) => `跳过了 ${what}：这个页面读取太慢。刷新页面即可跟上。`,
    skipped: (what) => `因为这个页面读取太慢，跳过了 ${what}。刷新页面即可跟上。`,
    and: '和',
    packets: (count) => `${count.toLocaleString('en-US')} 个数据包`,
    events: (count) => `${count.toLocaleString('en-US')} 个时间线事件`,
    gaps: (count) => `${count.toLocaleString('en-US')} 个缺口标记`,
  },
});

export interface ConnectionHandlers {
  handle(connection: Connection, message: ClientMessage): void | Promise<void>;
}

export interface ConnectionOptions {
  /** Who the page is, for per-client limits: its address, or later a classroom student. */
  readonly client?: string;
  /** Whose progress the page's sessions are (see `ownerOf` in lab-server.ts); `LOCAL_OWNER` by default. */
  readonly owner?: OwnerId;
  /** A connection without a session after this long is closed with LAB_ERR_HELLO_TIMEOUT; 0 never. */
  readonly helloTimeoutMs?: number;
  readonly outbox?: OutboxLimits;
  /** The language to refuse in until the page's `hello` says which it reads (e.g. from `Accept-Language`). */
  readonly locale?: Locale;
}

export class Connection implements SessionClient {
  readonly client: string;
  readonly owner: OwnerId;
  readonly #stream: Duplex;
  readonly #handlers: ConnectionHandlers;
  readonly #outbox: Outbox;
  readonly #onClose = new Emitter<void>();
  #closed = false;
  #tokens = MAX_MESSAGES_PER_SECOND;
  #lastRefill = Date.now();
  #lastRateError = 0;
  #waitingFrames = 0;
  #helloTimer: NodeJS.Timeout | undefined;
  /** Frames are handled one at a time, in order: `hello` must finish before `input` reaches the session. */
  #chain: Promise<void> = Promise.resolve();
  #session: Session | undefined;
  /** Set while a `hello` is being handled, so a second one is refused. */
  starting = false;
  /** The page's language, from its `hello`: the errors it gets are written in it. */
  locale: Locale = DEFAULT_LOCALE;

  /** Fires once, when the connection is closed from either side. */
  readonly onClose: Event<void> = this.#onClose.event;

  constructor(stream: Duplex, handlers: ConnectionHandlers, options: ConnectionOptions = {}) {
    this.client = options.client ?? 'local';
    this.owner = options.owner ?? LOCAL_OWNER;
    this.locale = options.locale ?? DEFAULT_LOCALE;
    this.#stream = stream;
    this.#handlers = handlers;
    this.#outbox = new Outbox(stream, {
      limits: options.outbox ?? DEFAULT_OUTBOX_LIMITS,
      onTooSlow: (pending) => this.#outboxOnTooSlow(pending),
      onCaughtUp: (skipped) => caughtUpMessages(skipped, this.locale),
    });
    stream.on('data', (frame: unknown) => this.#receive(frame));
    stream.on('close', () => this.#streamOnClose());
    stream.on('error', () => this.#streamOnClose());
    const helloTimeoutMs = options.helloTimeoutMs ?? 0;
    if (helloTimeoutMs > 0) {
      this.#helloTimer = setTimeout(() => this.#helloTimerOnFire(helloTimeoutMs), helloTimeoutMs);
      this.#helloTimer.unref();
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get session(): Session | undefined {
    return this.#session;
  }

  /** Attaches the session `hello` started or resumed; the hello deadline no longer applies. */
  set session(session: Session | undefined) {
    this.#session = session;
    clearTimeout(this.#helloTimer);
  }

  send(message: ServerMessage): void {
    if (!this.#closed) this.#outbox.send(message);
  }

  /** Sends an error; a fatal one closes the connection, with the code as the close frame's reason. */
  sendError(code: ErrorCode, text: Localized = ERRORS[code], fatal = false): void {
    this.send({ type: 'error', code, message: pick(text, this.locale), fatal });
    if (fatal) this.close(CLOSE_CODES.fatalError, code);
  }

  /** The lab server is stopping: the page hears it (and that the capture stopped) before the close. */
  shutdown(capture: CaptureReport): void {
    if (this.#closed) return;
    this.send({ type: 'capture', capture: captureStatusIn(capture, this.locale) });
    this.send({ type: 'shutdown', message: pick(ERRORS.LAB_ERR_SERVER_STOPPING, this.locale) });
    this.close(CLOSE_CODES.serverStopping, 'LAB_ERR_SERVER_STOPPING');
  }

  /** Closes after what is queued has been written, with this close code and reason. */
  close(code: number = CLOSE_CODES.normal, reason = ''): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#outbox.end(closeFrame(code, reason));
    // If the page does not complete the closing handshake, drop it anyway.
    setTimeout(() => this.#stream.destroy(), CLOSE_GRACE_MS).unref();
    this.#release();
  }

  #receive(frame: unknown): void {
    if (this.#closed) return;
    if (!this.#takeToken()) return;
    // Judged before queueing, so that what waits for the handler is at most MAX_WAITING_FRAMES small frames;
    // a refused frame is dropped at once and only its answer waits its turn, to keep the answers in order.
    const refusal = refuseFrame(frame);
    this.#waitingFrames++;
    if (this.#waitingFrames >= MAX_WAITING_FRAMES) this.#stream.pause();
    this.#chain = this.#chain.then(async () => {
      if (refusal === undefined) await this.#handleFrame(frame as string);
      else if (!this.#closed) this.sendError(refusal.code, refusal.text);
      this.#waitingFrames--;
      if (this.#stream.isPaused() && this.#waitingFrames < MAX_WAITING_FRAMES / 2) this.#stream.resume();
    });
  }

  async #handleFrame(frame: string): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#handlers.handle(this, decodeClientMessage(frame));
    } catch (error) {
      if (error instanceof LabError) {
        this.sendError(error.code, error.text, FATAL.has(error.code));
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
      this.sendError('LAB_ERR_MESSAGE_RATE', TEXT.rate(MAX_MESSAGES_PER_SECOND));
    }
    return false;
  }

  #helloTimerOnFire(ms: number): void {
    if (this.#closed || this.#session !== undefined || this.starting) return;
    this.sendError('LAB_ERR_HELLO_TIMEOUT', TEXT.helloTimeout(ms / 1000), true);
  }

  /** The outbox gave up on this page: it hears why, if it ever reads again, and its session waits for it. */
  #outboxOnTooSlow(pending: number): void {
    log(`a page fell ${Math.round(pending / 1024)} KiB behind; disconnecting it`);
    this.#closed = true;
    const error: ServerMessage = {
      type: 'error',
      code: 'LAB_ERR_PAGE_TOO_SLOW',
      message: pick(TEXT.tooSlow(Math.round(pending / 1024)), this.locale),
      fatal: true,
    };
    this.#stream.write(JSON.stringify(error));
    this.#stream.end(closeFrame(CLOSE_CODES.fatalError, 'LAB_ERR_PAGE_TOO_SLOW'));
    setTimeout(() => this.#stream.destroy(), CLOSE_GRACE_MS).unref();
    this.#release();
  }

  #streamOnClose(): void {
    this.#closed = true;
    this.#outbox.close();
    this.#release();
  }

  #release(): void {
    clearTimeout(this.#helloTimer);
    const session = this.#session;
    this.#session = undefined;
    session?.detach(this);
    this.#onClose.fire();
    this.#onClose.clear();
  }
}

/** A frame refused before it reaches a handler: binary, or larger than a message may be. */
function refuseFrame(frame: unknown): LabError | undefined {
  if (typeof frame !== 'string') {
    return new LabError('LAB_ERR_MESSAGE_BINARY', TEXT.binary);
  }
  // UTF-16 length first: cheap, and a string within it cannot be more than 3× as many UTF-8 bytes.
  if (frame.length > MAX_MESSAGE_BYTES || Buffer.byteLength(frame) > MAX_MESSAGE_BYTES) {
    return new LabError('LAB_ERR_MESSAGE_TOO_LARGE', TEXT.tooLarge(Buffer.byteLength(frame), MAX_MESSAGE_BYTES));
  }
  return undefined;
}

/** What a page that fell behind hears once it reads again: where its packet list has a hole, and how big. */
function caughtUpMessages(skipped: Skipped, locale: Locale): ServerMessage[] {
  const parts = [
    skipped.packets > 0 ? TEXT.packets(skipped.packets) : undefined,
    skipped.events > 0 ? TEXT.events(skipped.events) : undefined,
    skipped.gaps > 0 ? TEXT.gaps(skipped.gaps) : undefined,
  ].flatMap((part) => (part === undefined ? [] : [pick(part, locale)]));
  const what = parts.join(pick(TEXT.and, locale));
  const messages: ServerMessage[] = [];
  if (skipped.packets > 0 || skipped.gaps > 0) {
    messages.push({
      type: 'gap',
      gap: { after: skipped.afterPacket, time: skipped.since, reason: pick(TEXT.skippedGap(what), locale) },
    });
  }
  messages.push({
    type: 'error',
    code: 'LAB_ERR_PAGE_BEHIND',
    message: pick(TEXT.skipped(what), locale),
    fatal: false,
  });
  return messages;
}
