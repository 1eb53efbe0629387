/**
 * One page's connection to the lab server for one lab: it opens the WebSocket, says `hello` (resuming the tab's
 * earlier session when it has one), decodes every frame at this boundary, and re-raises what arrives as typed
 * events. When the socket drops it reconnects with bounded backoff and resumes the same session, so a restarted
 * lab server or a laptop waking from sleep costs the student nothing. It has no React and no DOM beyond the
 * injected socket factory, storage and clock, so tests drive it with fakes.
 *
 * This file is the composition: the socket's life, the hello and the welcome, and what may be sent when. The
 * parts live beside it: the socket interface (lab-socket.ts), reading a frame (server-frame.ts), raising each
 * message's event (message-dispatch.ts), the resume ticket (resume-store.ts), the reconnect loop
 * (reconnect-loop.ts), the liveness pings (liveness-watchdog.ts) and the answer limit (truncate-answer.ts).
 */

import { type Disposable, Emitter, type Event } from '../common/emitter';
import { type Locale, type Localized, localized, sentences, verbatim } from '../common/localized';
import {
  CLOSE_CODES,
  type ClientMessage,
  ERRORS,
  type ErrorCode,
  type FaultKind,
  isErrorCode,
  PROTOCOL_VERSION,
  RETRY_HELPS,
  TERMINAL_COLS,
  TERMINAL_ROWS,
  type WelcomeMessage,
} from '../protocol';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import { browserSocketFactory } from './browser-socket';
import { type Clock, systemClock } from './clock';
import { splitInput } from './input-chunks';
import type { LabSocket, LabSocketFactory, LabSocketHandlers } from './lab-socket';
import { LivenessWatchdog } from './liveness-watchdog';
import { MessageDispatch } from './message-dispatch';
import { ReconnectLoop } from './reconnect-loop';
import { clearResume, type KeyValueStorage, loadResume, saveResume } from './resume-store';
import { readServerFrame } from './server-frame';
import type { InspectRequest } from './tls-state';
import { truncateAnswer } from './truncate-answer';

const TEXT = localized({
  en: {
    cannotOpen: (url: string, detail: string) => `Cannot open a WebSocket to ${url}: ${detail}`,
    unreadable:
      'The lab server answered in a form this page does not understand. Reload the page; if that does not help, the page and the lab server are from different versions.',
    lost: (detail: string) => `The connection to the lab server was lost${detail}.`,
    noAnswer: (url: string, detail: string) => `The lab server at ${url} does not answer${detail}.`,
    silent: 'The lab server stopped answering.',
    protocolVersion: (server: number, page: number) =>
      `The lab server speaks protocol version ${server}, this page version ${page}. Reload the page.`,
    closeCode: (code: number) => ` (close code ${code})`,
    closeReason: (code: number, reason: string) => ` (close code ${code}: ${reason})`,
  },
  'zh-Hans': {
    cannotOpen: (url, detail) => `无法打开到 ${url} 的 WebSocket：${detail}`,
    unreadable: '这个页面读不懂实验服务器的应答。请重新加载页面；如果还是不行，说明页面和实验服务器不是同一个版本。',
    lost: (detail) => `与实验服务器的连接断开了${detail}。`,
    noAnswer: (url, detail) => `${url} 上的实验服务器没有应答${detail}。`,
    silent: '实验服务器不再应答。',
    protocolVersion: (server, page) => `实验服务器使用协议版本 ${server}，这个页面使用版本 ${page}。请重新加载页面。`,
    closeCode: (code) => `（关闭码 ${code}）`,
    closeReason: (code, reason) => `（关闭码 ${code}：${reason}）`,
  },
});

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'failed';

export type ConnectionStatus =
  /** The first attempt is under way. */
  | { readonly state: 'connecting' }
  /** The session is running; `resumed` says whether it is the one this tab had before. */
  | { readonly state: 'live'; readonly resumed: boolean }
  /** The connection is down; the next attempt (number `attempt`) starts in `retryInMs`. */
  | {
      readonly state: 'reconnecting';
      readonly reason: Localized;
      readonly attempt: number;
      readonly retryInMs: number;
    }
  /** No more attempts: the server refused (`code` from its error), or it stayed away too long. */
  | { readonly state: 'failed'; readonly reason: Localized; readonly code?: ErrorCode };

export interface LabConnectionOptions {
  /** The lab id, as in `<Lab id="tcp-echo" />`. */
  readonly lab: string;
  /** The lab server's WebSocket URL (see lab-server-url.ts). */
  readonly url: string;
  /** The page's language, which the session's shell, checks and errors then speak; English unless told. */
  readonly locale?: Locale;
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

export class LabConnection implements Disposable {
  readonly lab: string;
  readonly url: string;
  readonly locale: Locale | undefined;

  private readonly statusEmitter = new Emitter<ConnectionStatus>();
  private readonly dispatcher = new MessageDispatch();

  /** The connection's state changed. */
  readonly onStatus: Event<ConnectionStatus> = this.statusEmitter.event;
  // What the session reports, one event per message type (see message-dispatch.ts).
  readonly onWelcome = this.dispatcher.onWelcome;
  readonly onOutput = this.dispatcher.onOutput;
  readonly onCheck = this.dispatcher.onCheck;
  readonly onEvent = this.dispatcher.onEvent;
  readonly onNotice = this.dispatcher.onNotice;
  readonly onPacket = this.dispatcher.onPacket;
  readonly onCapture = this.dispatcher.onCapture;
  readonly onGap = this.dispatcher.onGap;
  readonly onQuestion = this.dispatcher.onQuestion;
  readonly onFault = this.dispatcher.onFault;
  readonly onTls = this.dispatcher.onTls;
  readonly onCertificate = this.dispatcher.onCertificate;

  private readonly storage: KeyValueStorage | undefined;
  private readonly socketFactory: LabSocketFactory;
  private readonly reconnect: ReconnectLoop;
  private readonly watchdog: LivenessWatchdog;

  private currentStatus: ConnectionStatus = { state: 'connecting' };
  private socket: LabSocket | undefined;
  /** Bumped for every socket, so callbacks from a replaced socket are ignored. */
  private generation = 0;
  private started = false;
  private disposed = false;
  /** The server said it stops: while it is away, that, not "does not answer", is why the page waits. */
  private serverStopped: Localized | undefined;
  private size: { cols: number; rows: number } | undefined;

  constructor(options: LabConnectionOptions) {
    this.lab = options.lab;
    this.url = options.url;
    this.locale = options.locale;
    this.storage = options.storage;
    this.socketFactory = options.socketFactory ?? browserSocketFactory;
    const clock = options.clock ?? systemClock;
    this.reconnect = new ReconnectLoop(
      () => this.connect(),
      clock,
      options.backoff ?? DEFAULT_BACKOFF,
      options.random ?? Math.random,
    );
    this.watchdog = new LivenessWatchdog({
      clock,
      pingIntervalMs: options.pingIntervalMs ?? 15_000,
      silenceLimitMs: options.silenceLimitMs ?? 45_000,
      ping: (id) => this.send({ type: 'ping', id }),
      onSilence: () => this.watchdogOnSilence(),
    });
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** A welcome arrived on the current socket, and it is still open. */
  private get live(): boolean {
    return !this.disposed && this.currentStatus.state === 'live';
  }

  /** A fatal error, a permanent failure or dispose(): no more reconnecting until retryNow(). */
  private get stopped(): boolean {
    return this.disposed || this.currentStatus.state === 'failed';
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
    this.reconnect.cancel();
    if (state === 'failed') this.reconnect.reset();
    this.connect();
  }

  /** Sends keystrokes or pasted text to the lab shell; dropped while the session is not live. */
  sendInput(data: string): void {
    if (!this.live || data === '') return;
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
    if (this.live) this.send({ type: 'resize', ...size });
  }

  /**
   * Answers a capture question; the lab server replies with a `question` message. Returns false (and sends
   * nothing) while the session is not live. Answers longer than MAX_ANSWER_CHARS are cut, never split.
   */
  sendAnswer(question: string, value: string): boolean {
    if (!this.live) return false;
    this.send({ type: 'answer', question, value: truncateAnswer(value) });
    return true;
  }

  /**
   * Sets one of the lab's faults (a loss rate, silence on or off, a restart for some seconds); the lab server
   * replies with a `fault` message. False if not live.
   */
  setFault(kind: FaultKind, server: string, value: number): boolean {
    if (!this.live) return false;
    this.send({ type: 'fault', kind, server, value });
    return true;
  }

  /**
   * Asks for a report on a pasted certificate (and key, and host); the lab server replies with `certificate`, or
   * an error LAB_ERR_CERT_* / LAB_ERR_KEY_*. Empty key and host are left out. False if not live.
   */
  inspectCertificate(request: InspectRequest): boolean {
    if (!this.live) return false;
    this.send({
      type: 'inspect-certificate',
      pem: request.pem,
      ...(request.key === undefined || request.key === '' ? {} : { key: request.key }),
      ...(request.host === undefined || request.host === '' ? {} : { host: request.host }),
    });
    return true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reconnect.dispose();
    this.closeSocket();
    this.statusEmitter.dispose();
    this.dispatcher.dispose();
  }

  // ---------------------------------------------------------------- the socket's life

  private connect(): void {
    this.closeSocket();
    if (this.reconnect.attempt === 0 && this.currentStatus.state !== 'reconnecting') {
      this.setStatus({ state: 'connecting' });
    }
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
      this.fail(TEXT.cannotOpen(this.url, detail));
    }
  }

  private socketOnOpen(): void {
    const resume = loadResume(this.storage, this.lab);
    this.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      lab: this.lab,
      ...(this.locale === undefined ? {} : { locale: this.locale }),
      ...(resume === undefined ? {} : { resume }),
      ...(this.size === undefined ? {} : { cols: this.size.cols, rows: this.size.rows }),
    });
    this.watchdog.start();
  }

  private socketOnMessage(data: unknown): void {
    this.watchdog.heard();
    const frame = readServerFrame(data);
    if (frame.kind !== 'message') {
      this.dispatcher.notice(frame.notice);
      // Without a welcome there is no session to go on with, and asking again would get the same answer.
      if (frame.kind === 'invalid' && !this.live) {
        this.fail(TEXT.unreadable, frame.notice.code);
      }
      return;
    }
    const { message } = frame;
    if (message.type === 'welcome' && !this.goLive(message)) return;
    this.dispatcher.dispatch(message);
    // What the lab server says arrives in the page's language already (the hello named it).
    if (message.type === 'error' && message.fatal) this.refused(message.code, verbatim(message.message));
    else if (message.type === 'shutdown') this.serverStopping(verbatim(message.message));
  }

  private socketOnClose(code: number, reason: string): void {
    const wasLive = this.live;
    this.socket = undefined;
    this.watchdog.stop();
    if (this.stopped) return;
    // The close frame says why even when the page missed the message before it.
    if (code === CLOSE_CODES.fatalError && isErrorCode(reason)) {
      this.refused(reason, ERRORS[reason]);
      return;
    }
    if (code === CLOSE_CODES.serverStopping) {
      this.serverStopping(ERRORS.LAB_ERR_SERVER_STOPPING);
      return;
    }
    const why =
      this.serverStopped ??
      (wasLive ? TEXT.lost(closeDetail(code, reason)) : TEXT.noAnswer(this.url, closeDetail(code, reason)));
    this.scheduleRetry(why);
  }

  /**
   * A fatal error: the server closes this connection. Where a later attempt can succeed (a session slot frees,
   * the server comes back, a page that fell behind resumes) the page retries with backoff; otherwise it stops.
   */
  private refused(code: ErrorCode, message: Localized): void {
    this.closeSocket();
    if (RETRY_HELPS.has(code)) {
      this.scheduleRetry(message);
      return;
    }
    // The server keeps no session after such an error, so the ticket would resume nothing.
    clearResume(this.storage, this.lab);
    this.fail(message, code);
  }

  /** The lab server announced that it stops: the page says so and reconnects until it is back. */
  private serverStopping(message: Localized): void {
    this.serverStopped = message;
    this.closeSocket();
    this.scheduleRetry(message);
  }

  private watchdogOnSilence(): void {
    this.closeSocket();
    this.scheduleRetry(TEXT.silent);
  }

  /** Makes the session live on a welcome of this page's protocol version; fails (and returns false) otherwise. */
  private goLive(welcome: WelcomeMessage): boolean {
    if (welcome.protocol !== PROTOCOL_VERSION) {
      this.fail(TEXT.protocolVersion(welcome.protocol, PROTOCOL_VERSION), 'LAB_ERR_PROTOCOL_VERSION');
      return false;
    }
    this.reconnect.reset();
    this.serverStopped = undefined;
    saveResume(this.storage, this.lab, { session: welcome.session, token: welcome.token });
    this.setStatus({ state: 'live', resumed: welcome.resumed });
    return true;
  }

  private scheduleRetry(why: Localized): void {
    const retry = this.reconnect.schedule();
    if (retry === undefined) {
      this.fail(sentences(why, this.reconnect.giveUpNote()));
      return;
    }
    this.setStatus({ state: 'reconnecting', reason: why, ...retry });
  }

  private fail(reason: Localized, code?: ErrorCode): void {
    this.reconnect.cancel();
    this.closeSocket();
    this.setStatus(code === undefined ? { state: 'failed', reason } : { state: 'failed', reason, code });
  }

  /** Closes the current socket, if any; its late callbacks are ignored from here on. */
  private closeSocket(): void {
    this.watchdog.stop();
    const socket = this.socket;
    this.socket = undefined;
    this.generation += 1;
    socket?.close();
  }

  private send(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private setStatus(status: ConnectionStatus): void {
    this.currentStatus = status;
    this.statusEmitter.fire(status);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** " (close code 1006)" or " (close code 1011: reason)"; nothing for a normal close. */
function closeDetail(code: number, reason: string): Localized {
  if (code === 1000 || code === 0) return verbatim('');
  return reason === '' ? TEXT.closeCode(code) : TEXT.closeReason(code, reason.slice(0, 120));
}
