/**
 * The typed events of a lab session, and which server message raises which: a `welcome` raises `onWelcome`, an
 * `output` raises `onOutput` with its text, an `error` becomes a notice, and so on, one event per message type.
 * The lab connection decodes each frame, acts on what concerns the connection itself (a welcome makes it live,
 * a fatal error stops it), and hands every message here; it re-exposes these events as its own.
 */

import { type Disposable, Emitter, type Event } from '../common/emitter';
import { type Localized, verbatim } from '../common/localized';
import type {
  CaptureGap,
  CaptureStatus,
  CertificateChainReport,
  CheckStatus,
  ErrorCode,
  FaultStatus,
  Packet,
  QuestionStatus,
  ServerEvent,
  ServerMessage,
  TlsHandshake,
  WelcomeMessage,
} from '../protocol';

/** An error to show in the panel: sent by the lab server, or found by this page in what the server sent. */
export interface LabNotice {
  readonly code: ErrorCode;
  /** The server's own text is in the page's language already (the hello named it); the page's, in every one. */
  readonly message: Localized;
  readonly fatal: boolean;
  readonly source: 'server' | 'page';
}

export class MessageDispatch implements Disposable {
  private readonly welcomeEmitter = new Emitter<WelcomeMessage>();
  private readonly outputEmitter = new Emitter<string>();
  private readonly checkEmitter = new Emitter<CheckStatus>();
  private readonly eventEmitter = new Emitter<ServerEvent>();
  private readonly noticeEmitter = new Emitter<LabNotice>();
  private readonly packetEmitter = new Emitter<Packet>();
  private readonly captureEmitter = new Emitter<CaptureStatus>();
  private readonly gapEmitter = new Emitter<CaptureGap>();
  private readonly questionEmitter = new Emitter<QuestionStatus>();
  private readonly faultEmitter = new Emitter<FaultStatus>();
  private readonly tlsEmitter = new Emitter<TlsHandshake>();
  private readonly certificateEmitter = new Emitter<CertificateChainReport>();

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
  /** A fault of the lab was set (from this page, or the lab shell). */
  readonly onFault: Event<FaultStatus> = this.faultEmitter.event;
  /** A TLS handshake of the session was read from the capture, or read further. */
  readonly onTls: Event<TlsHandshake> = this.tlsEmitter.event;
  /** The report on the certificate this page sent with `inspect-certificate`. */
  readonly onCertificate: Event<CertificateChainReport> = this.certificateEmitter.event;

  /** Raises the event `message` carries; a `pong` carries none (that it arrived is all the watchdog needs). */
  dispatch(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
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
      case 'fault':
        this.faultEmitter.fire(message.fault);
        return;
      case 'tls':
        this.tlsEmitter.fire(message.handshake);
        return;
      case 'certificate':
        this.certificateEmitter.fire(message.report);
        return;
      case 'error':
        this.notice({ code: message.code, message: verbatim(message.message), fatal: message.fatal, source: 'server' });
        return;
      case 'pong':
      case 'shutdown':
        // The connection acts on these itself (the watchdog heard from the server; it reconnects).
        return;
    }
  }

  /** Raises a notice that no message carries: a frame this page could not read. */
  notice(notice: LabNotice): void {
    this.noticeEmitter.fire(notice);
  }

  dispose(): void {
    for (const emitter of [
      this.welcomeEmitter,
      this.outputEmitter,
      this.checkEmitter,
      this.eventEmitter,
      this.noticeEmitter,
      this.packetEmitter,
      this.captureEmitter,
      this.gapEmitter,
      this.questionEmitter,
      this.faultEmitter,
      this.tlsEmitter,
      this.certificateEmitter,
    ]) {
      emitter.dispose();
    }
  }
}
