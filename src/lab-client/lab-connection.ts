/**
 * One page's connection to the lab server for one lab: it opens the WebSocket, says `hello` (resuming the tab's
 * earlier session when it has one), decodes every frame at this boundary, and re-raises what arrives as typed
 * events. When the socket drops it reconnects with bounded backoff and resumes the same session, so a restarted
 * lab server or a laptop waking from sleep costs the student nothing. It has no React and no DOM beyond the
 * injected socket factory, storage and clock, so tests drive it with fakes.
 */

import {
  type CaptureGap,
  type CaptureStatus,
  type CheckStatus,
  type ClientMessage,
  decodeServerMessage,
  type ErrorCode,
  LabError,
  MAX_ANSWER_CHARS,
  type Packet,
  PROTOCOL_VERSION,
  type QuestionStatus,
  type ServerEvent,
  type ServerMessage,
  TERMINAL_COLS,
  TERMINAL_ROWS,
  type WelcomeMessage,
} from '../protocol';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from './backoff';
import { browserSocketFactory } from './browser-socket';
import { type Disposable, Emitter, type Event } from './emitter';
import { splitInput } from './input-chunks';
import { clearResume, type KeyValueStorage, loadResume, saveResume } from './resume-store';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'failed';

export type ConnectionStatus =
  /** The first attempt is under way. */
  | { readonly state: 'connecting' }
  /** The session is running; `resumed` says whether it is the one this tab had before. */
  | { readonly state: 'live'; readonly resumed: boolean }
  /** The connection is down; the next attempt (number `attempt`) starts in `retryInMs`. */
  | { readonly state: 'reconnecting'; readonly reason: string; readonly attempt: number; readonly retryInMs: number }
  /** No more attempts: the server refused (`code` from its error), or it stayed away too long. */
  | { readonly state: 'failed'; readonly reason: string; readonly code?: ErrorCode };

/** An error to show in the panel: sent by the lab server, or found by this page in what the server sent. */
export interface LabNotice {
  readonly code: ErrorCode;
  readonly message: string;
  readonly fatal: boolean;
  readonly source: 'server' | 'page';
}

export interface LabSocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(code: number, reason: string): void;
}

/** What the connection needs of a WebSocket. After `close()` no handler may be called any more. */
export interface LabSocket {
  send(text: string): void;
  close(): void;
}

export type LabSocketFactory = (url: string, handlers: LabSocketHandlers) => LabSocket;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LabConnectionOptions {
  /** The lab id, as in `<Lab id="tcp-echo" />`. */
  readonly lab: string;
  /** The lab server's WebSocket URL (see lab-server-url.ts). */
  readonly url: string;
  /** Where the resume ticket lives; undefined disables resuming. */
  readonly storage?: KeyValueStorage | undefined;
  readonly socketFactory?: LabSocketFactory;
  readonly clock?: Clock;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  /** How often a live connection sends `ping`. */
  readonly pingIntervalMs?: number;
  /** A connection that heard nothing (not even a `pong`) for this long is considered dead and replaced. */
  readonly silenceLimitMs?: number;
}

/** The protocol's answer limit: the page cuts answers to it, and the input field does not accept more. */
export { MAX_ANSWER_CHARS };

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

export class LabConnection implements Disposable {
  readonly lab: string;
  readonly url: string;

  private readonly statusEmitter = new Emitter<ConnectionStatus>();
  private readonly welcomeEmitter = new Emitter<WelcomeMessage>();
  private readonly outputEmitter = new Emitter<string>();
  private readonly checkEmitter = new Emitter<CheckStatus>();
  private readonly eventEmitter = new Emitter<ServerEvent>();
  private readonly noticeEmitter = new Emitter<LabNotice>();
  private readonly packetEmitter = new Emitter<Packet>();
  private readonly captureEmitter = new Emitter<CaptureStatus>();
  private readonly gapEmitter = new Emitter<CaptureGap>();
  private readonly questionEmitter = new Emitter<QuestionStatus>();

  /** The connection's state changed. */
  readonly onStatus: Event<ConnectionStatus> = this.statusEmitter.event;
  /** A session started or resumed: its servers, checks, questions, capture state, recent events and packets. */
  readonly onWelcome: Event<WelcomeMessage> = this.welcomeEmitter.event;
  /** Text for the terminal, to be written as is. */
  readonly onOutput: Event<string> = this.outputEmitter.event;
  readonly onCheck: Event<CheckStatus> = this.checkEmitter.event;
  readonly onEvent: Event<ServerEvent> = this.eventEmitter.event;
  /** An `error` from the server, or a frame this page could not decode. */
  readonly onNotice: Event<LabNotice> = this.noticeEmitter.event;
  /** A packet of this session, captured on the wire. */
  readonly onPacket: Event<Packet> = this.packetEmitter.event;
  /** The capture started, stopped, or is restarting. */
  readonly onCapture: Event<CaptureStatus> = this.captureEmitter.event;
  /** Packets may be missing after packet `after`. */
  readonly onGap: Event<CaptureGap> = this.gapEmitter.event;
  /** A capture question changed state, usually because the student answered it. */
  readonly onQuestion: Event<QuestionStatus> = this.questionEmitter.event;

  private readonly storage: KeyValueStorage | undefined;
  private readonly socketFactory: LabSocketFactory;
  private readonly clock: Clock;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly pingIntervalMs: number;
  private readonly silenceLimitMs: number;

  private currentStatus: ConnectionStatus = { state: 'connecting' };
  private socket: LabSocket | undefined;
  /** Bumped for every socket, so callbacks from a replaced socket are ignored. */
  private generation = 0;
  private welcomed = false;
  private started = false;
  /** Set by a fatal error, a permanent failure or dispose(): no more reconnecting. */
  private stopped = false;
  private disposed = false;
  private attempt = 0;
  private downSince: number | undefined;
  private retryTimer: unknown;
  private pingTimer: unknown;
  private lastHeard = 0;
  private nextPingId = 1;
  private size: { cols: number; rows: number } | undefined;

  constructor(options: LabConnectionOptions) {
    this.lab = options.lab;
    this.url = options.url;
    this.storage = options.storage;
    this.socketFactory = options.socketFactory ?? browserSocketFactory;
    this.clock = options.clock ?? systemClock;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
    this.pingIntervalMs = options.pingIntervalMs ?? 15_000;
    this.silenceLimitMs = options.silenceLimitMs ?? 45_000;
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Opens the first connection. Subscribe to the events before calling it. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.connect();
  }

  /** Tries again now: after a failure (a "Try again" button), or while waiting for the next retry (back online). */
  retryNow(): void {
    if (this.disposed || !this.started) return;
    const { state } = this.currentStatus;
    if (state === 'live' || state === 'connecting') return;
    this.stopped = false;
    this.clearRetry();
    if (state === 'failed') {
      this.attempt = 0;
      this.downSince = undefined;
    }
    this.connect();
  }

  /** Sends keystrokes or pasted text to the lab shell; dropped while the session is not live. */
  sendInput(data: string): void {
    if (!this.welcomed || data === '') return;
    for (const piece of splitInput(data)) this.send({ type: 'input', data: piece });
  }

  /** Records the terminal's size; sends it when live, and uses it in the next `hello`. */
  resize(cols: number, rows: number): void {
    const size = {
      cols: clamp(Math.floor(cols), TERMINAL_COLS.min, TERMINAL_COLS.max),
      rows: clamp(Math.floor(rows), TERMINAL_ROWS.min, TERMINAL_ROWS.max),
    };
    if (this.size?.cols === size.cols && this.size.rows === size.rows) return;
    this.size = size;
    if (this.welcomed) this.send({ type: 'resize', ...size });
  }

  /**
   * Answers a capture question; the lab server replies with a `question` message. Returns false (and sends
   * nothing) while the session is not live. Answers longer than MAX_ANSWER_CHARS are cut, never split.
   */
  sendAnswer(question: string, value: string): boolean {
    if (!this.welcomed) return false;
    this.send({ type: 'answer', question, value: truncateAnswer(value) });
    return true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopped = true;
    this.clearRetry();
    this.closeSocket();
    for (const emitter of [
      this.statusEmitter,
      this.welcomeEmitter,
      this.outputEmitter,
      this.checkEmitter,
      this.eventEmitter,
      this.noticeEmitter,
      this.packetEmitter,
      this.captureEmitter,
      this.gapEmitter,
      this.questionEmitter,
    ]) {
      emitter.dispose();
    }
  }

  // ---------------------------------------------------------------- the socket's life

  private connect(): void {
    this.closeSocket();
    if (this.attempt === 0 && this.currentStatus.state !== 'reconnecting') this.setStatus({ state: 'connecting' });
    const generation = ++this.generation;
    const handlers: LabSocketHandlers = {
      onOpen: () => {
        if (generation === this.generation) this.socketOnOpen();
      },
      onMessage: (data) => {
        if (generation === this.generation) this.socketOnMessage(data);
      },
      onClose: (code, reason) => {
        if (generation === this.generation) this.socketOnClose(code, reason);
      },
    };
    try {
      this.socket = this.socketFactory(this.url, handlers);
    } catch (error) {
      // A malformed URL: retrying cannot help, the configuration must change.
      const detail = error instanceof Error ? error.message : String(error);
      this.fail(`Cannot open a WebSocket to ${this.url}: ${detail}`);
    }
  }

  private socketOnOpen(): void {
    this.lastHeard = this.clock.now();
    const resume = loadResume(this.storage, this.lab);
    this.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      lab: this.lab,
      ...(resume === undefined ? {} : { resume }),
      ...(this.size === undefined ? {} : { cols: this.size.cols, rows: this.size.rows }),
    });
    this.schedulePing();
  }

  private socketOnMessage(data: unknown): void {
    this.lastHeard = this.clock.now();
    if (typeof data !== 'string') {
      this.notice({
        code: 'LAB_ERR_MESSAGE_BINARY',
        message: 'The lab server sent a binary frame; the protocol uses JSON text frames only.',
        fatal: false,
        source: 'page',
      });
      return;
    }
    let message: ServerMessage;
    try {
      message = decodeServerMessage(data);
    } catch (error) {
      const code: ErrorCode = error instanceof LabError ? error.code : 'LAB_ERR_MESSAGE_INVALID';
      const detail = error instanceof Error ? error.message : String(error);
      this.notice({ code, message: `This page could not read a message: ${detail}`, fatal: false, source: 'page' });
      // Without a welcome there is no session to go on with, and asking again would get the same answer.
      if (!this.welcomed) {
        this.fail(
          'The lab server answered in a form this page does not understand. Reload the page; if that does not help, the page and the lab server are from different versions.',
          code,
        );
      }
      return;
    }
    this.handle(message);
  }

  private socketOnClose(code: number, reason: string): void {
    this.socket = undefined;
    this.stopPing();
    const wasLive = this.welcomed;
    this.welcomed = false;
    if (this.stopped) return;
    const why = wasLive
      ? `The connection to the lab server was lost${closeDetail(code, reason)}.`
      : `The lab server at ${this.url} does not answer${closeDetail(code, reason)}.`;
    this.scheduleRetry(why);
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        if (message.protocol !== PROTOCOL_VERSION) {
          this.fail(
            `The lab server speaks protocol version ${message.protocol}, this page version ${PROTOCOL_VERSION}. Reload the page.`,
            'LAB_ERR_PROTOCOL_VERSION',
          );
          return;
        }
        this.welcomed = true;
        this.attempt = 0;
        this.downSince = undefined;
        saveResume(this.storage, this.lab, { session: message.session, token: message.token });
        this.setStatus({ state: 'live', resumed: message.resumed });
        this.welcomeEmitter.fire(message);
        return;
      case 'output':
        this.outputEmitter.fire(message.data);
        return;
      case 'check':
        this.checkEmitter.fire(message.check);
        return;
      case 'event':
        this.eventEmitter.fire(message.event);
        return;
      case 'packet':
        this.packetEmitter.fire(message.packet);
        return;
      case 'capture':
        this.captureEmitter.fire(message.capture);
        return;
      case 'gap':
        this.gapEmitter.fire(message.gap);
        return;
      case 'question':
        this.questionEmitter.fire(message.question);
        return;
      case 'error':
        this.notice({ code: message.code, message: message.message, fatal: message.fatal, source: 'server' });
        if (message.fatal) {
          // The server closes the session after a fatal error, so the ticket would resume nothing.
          clearResume(this.storage, this.lab);
          this.fail(message.message, message.code);
        }
        return;
      case 'pong':
        return;
    }
  }

  // ---------------------------------------------------------------- retries and liveness

  private scheduleRetry(why: string): void {
    const now = this.clock.now();
    this.downSince ??= now;
    this.attempt += 1;
    const delay = retryDelay(this.attempt, now - this.downSince, this.backoff, this.random);
    if (delay === undefined) {
      const minutes = Math.round(this.backoff.giveUpAfterMs / 60_000);
      this.fail(`${why} Gave up after ${minutes >= 1 ? `${minutes} min` : `${this.backoff.giveUpAfterMs} ms`}.`);
      return;
    }
    this.setStatus({ state: 'reconnecting', reason: why, attempt: this.attempt, retryInMs: delay });
    this.clearRetry();
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  /**
   * Pings the server now and then. A socket can look open long after the path to the server is gone (a laptop
   * that slept, a Wi-Fi change); only silence tells, and then a new connection is the cure.
   */
  private schedulePing(): void {
    this.stopPing();
    this.pingTimer = this.clock.setTimeout(() => {
      this.pingTimer = undefined;
      if (this.socket === undefined) return;
      if (this.clock.now() - this.lastHeard >= this.silenceLimitMs) {
        this.closeSocket();
        this.scheduleRetry('The lab server stopped answering.');
        return;
      }
      this.send({ type: 'ping', id: this.nextPingId++ });
      this.schedulePing();
    }, this.pingIntervalMs);
  }

  private stopPing(): void {
    if (this.pingTimer !== undefined) this.clock.clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  // ---------------------------------------------------------------- helpers

  private fail(reason: string, code?: ErrorCode): void {
    this.stopped = true;
    this.clearRetry();
    this.closeSocket();
    this.setStatus(code === undefined ? { state: 'failed', reason } : { state: 'failed', reason, code });
  }

  /** Closes the current socket, if any; its late callbacks are ignored from here on. */
  private closeSocket(): void {
    this.stopPing();
    const socket = this.socket;
    this.socket = undefined;
    this.welcomed = false;
    this.generation += 1;
    socket?.close();
  }

  private send(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private notice(notice: LabNotice): void {
    this.noticeEmitter.fire(notice);
  }

  private setStatus(status: ConnectionStatus): void {
    this.currentStatus = status;
    this.statusEmitter.fire(status);
  }
}

/** At most MAX_ANSWER_CHARS code units, without leaving half of a surrogate pair at the end. */
export function truncateAnswer(value: string): string {
  if (value.length <= MAX_ANSWER_CHARS) return value;
  const cut = value.slice(0, MAX_ANSWER_CHARS);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** " (code 1006)" or " (code 1011: reason)"; nothing for a normal close. */
function closeDetail(code: number, reason: string): string {
  if (code === 1000 || code === 0) return '';
  return reason === '' ? ` (close code ${code})` : ` (close code ${code}: ${reason.slice(0, 120)})`;
}
