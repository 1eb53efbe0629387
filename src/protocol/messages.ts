/**
 * Every message of the browser ↔ lab server protocol, as TypeScript types. Messages are JSON text frames with a
 * `type` field. The page sends `ClientMessage`s and receives `ServerMessage`s. This file only describes them;
 * `decode-client.ts` and `decode-server.ts` check untrusted input against these shapes, and
 * `docs/reference/protocol.md` documents them (a test keeps that page in step with `MESSAGE_FIELDS` below).
 */

import type { Locale } from '../i18n/locales';
import type { CertificateChainReport } from './certificate';
import type { ErrorCode } from './errors';
import type { FaultKind } from './faults';
import type { Packet } from './packet';
import type { TlsHandshake } from './tls';
import type { ViewId } from './views';

// ---------------------------------------------------------------- shared shapes

/** One server a lab runs for its session, as the page shows it ("TCP echo server at 127.0.0.1:20417"). */
export interface ServerInfo {
  /** The name the lab and the shell use for it, e.g. `echo`. */
  readonly id: string;
  /** What it is: `tcp-echo`, later `udp-echo`, `tls-echo`, … */
  readonly kind: string;
  readonly title: string;
  readonly transport: 'tcp' | 'udp';
  /** The address a student's own program should connect to. */
  readonly host: string;
  readonly port: number;
}

export type CheckState = 'pending' | 'passed' | 'failed';

export interface CheckStatus {
  readonly id: string;
  readonly title: string;
  readonly state: CheckState;
  /** One sentence on why the check is in this state, written for the student. */
  readonly detail: string;
}

export interface LabInfo {
  readonly id: string;
  readonly title: string;
  /** The views of the session this lab's panel shows, in order (a lab declares them in its manifest). */
  readonly views: readonly ViewId[];
}

/** What a lab server saw happen on one of its sockets: the socket-level timeline of a session. */
export type ServerEventKind =
  | 'listen'
  | 'accept'
  | 'receive'
  | 'send'
  | 'peer-fin'
  | 'reset'
  | 'close'
  | 'error'
  /** A TLS server's handshake completed; `note` says the version, the suite, the SNI and a client certificate. */
  | 'secure';

export interface ServerEvent {
  /** Position in the session's event stream, from 1. */
  readonly seq: number;
  /** Milliseconds since the session started (`SessionClock.startedAt`). */
  readonly time: number;
  readonly server: string;
  /**
   * The session's number for the connection, from 1, the same as `tcp.connection` of its packets; 0 for events
   * of the listening socket.
   */
  readonly connection: number;
  readonly kind: ServerEventKind;
  /** The client's address as `host:port`, on `accept`. */
  readonly peer?: string;
  /** Bytes moved, on `receive` and `send`. */
  readonly bytes?: number;
  /** The first bytes of the payload as lowercase hex, at most EVENT_PREVIEW_BYTES of them. */
  readonly preview?: string;
  /** Text for `error` and `close` events, e.g. `ECONNRESET`. */
  readonly note?: string;
}

/**
 * The session's clock, so every view counts time from the same moment: the session's first packet or event,
 * whichever happened first (a packet's kernel timestamp may be earlier than the `accept` that arrived before it).
 */
export interface SessionClock {
  /** When the session started, in seconds since the Unix epoch: event times count milliseconds from it. */
  readonly startedAt: number;
  /** The time origin, in seconds since the Unix epoch; absent until the session has a packet or an event. */
  readonly origin?: number;
  /** What happened at `origin`; present with it. */
  readonly originKind?: 'packet' | 'event';
}

/** A capture question: asked in a lesson, answered by the student, checked against their own packets. */
export interface QuestionStatus {
  readonly id: string;
  /** The question, in one sentence. */
  readonly prompt: string;
  /** Hint on the expected form of the answer ("a number", "SYN, SYN-ACK or ACK"). */
  readonly format: string;
  readonly state: CheckState;
  /** Why it is in this state, for the student ("Right: the server's SYN-ACK carried seq=…"). */
  readonly detail: string;
  /** The student's last answer, so a reloaded page shows it. */
  readonly answer: string;
}

/** A fault the lab offers on one of its servers, and how it is set now. */
export interface FaultStatus {
  readonly kind: FaultKind;
  /** The server whose traffic it acts on, by the lab's name for it (`echo`). */
  readonly server: string;
  /**
   * False where the lab server cannot set it (it may not change the kernel's packet filter, or the server cannot
   * be restarted); `reason` then says why and how.
   */
  readonly available: boolean;
  /**
   * How it is set now, within `FAULT_SETTINGS[kind]`: for `loss` the share of the server's packets dropped in
   * each direction, in whole percent; for `silence` 1 (every packet dropped) or 0; for `restart` the seconds the
   * server is away for, 0 once it listens again.
   */
  readonly value: number;
  readonly reason?: string;
}

export type CaptureState = 'starting' | 'running' | 'restarting' | 'unavailable' | 'stopped';

/** Whether the session sees real packets, and if not, why not and how to enable it. */
export interface CaptureStatus {
  readonly state: CaptureState;
  /** A sentence the page shows as it is: while running, where it captures; otherwise why not and how to enable it. */
  readonly reason: string;
}

/** Packets may be missing between two packets of the timeline: the capturer restarted, or tshark fell behind. */
export interface CaptureGap {
  /** The last packet id before the gap (0 if none). */
  readonly after: number;
  /** Seconds since the Unix epoch, like packet times. */
  readonly time: number;
  readonly reason: string;
}

// ---------------------------------------------------------------- page → lab server

/** Opens a session for one lab, or resumes one the page had before a reload. Must be the first message. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly protocol: number;
  readonly lab: string;
  readonly resume?: { readonly session: string; readonly token: string };
  readonly cols?: number;
  readonly rows?: number;
  /** The page's language: the shell, the checks and the errors speak it. The default is English. */
  readonly locale?: Locale;
}

/** Keystrokes or pasted text for the lab shell, exactly as the terminal produced them. */
export interface InputMessage {
  readonly type: 'input';
  readonly data: string;
}

/** The terminal's new size, so the shell wraps its output to fit. */
export interface ResizeMessage {
  readonly type: 'resize';
  readonly cols: number;
  readonly rows: number;
}

/** Asks for a `pong` with the same id: liveness and round-trip measurement. */
export interface PingMessage {
  readonly type: 'ping';
  readonly id: number;
}

/** An answer to one of the lab's capture questions; the lab server checks it against the session's packets. */
export interface AnswerMessage {
  readonly type: 'answer';
  readonly question: string;
  readonly value: string;
}

/** Sets one of the lab's faults: a loss rate, silence on or off, or a restart for some seconds. */
export interface SetFaultMessage {
  readonly type: 'fault';
  readonly kind: FaultKind;
  readonly server: string;
  /** Within `FAULT_SETTINGS[kind]`. */
  readonly value: number;
}

/**
 * Asks for a certificate report of a PEM the student pasted into the certificate viewer (a board's certificate,
 * one downloaded from the panel): its fields and each verification step against the class PKI. A `key`, when
 * given, is checked to be the certificate's own. Answered with `certificate`, or an error (LAB_ERR_CERT_*).
 */
export interface InspectCertificateMessage {
  readonly type: 'inspect-certificate';
  /** One certificate or a chain, PEM, leaf first; at most MAX_CERTIFICATE_BYTES. */
  readonly pem: string;
  /** A private key, PEM, to check against the leaf; never kept. */
  readonly key?: string;
  /** The host name to check the leaf against; none skips the name step. */
  readonly host?: string;
}

export type ClientMessage =
  | HelloMessage
  | InputMessage
  | ResizeMessage
  | PingMessage
  | AnswerMessage
  | SetFaultMessage
  | InspectCertificateMessage;

// ---------------------------------------------------------------- lab server → page

/** The session is running: its id and resume token, its servers and the state of its checks. */
export interface WelcomeMessage {
  readonly type: 'welcome';
  readonly protocol: number;
  readonly session: string;
  readonly token: string;
  /** True when this connection took over a session that was waiting for its page to come back. */
  readonly resumed: boolean;
  readonly lab: LabInfo;
  readonly servers: readonly ServerInfo[];
  readonly checks: readonly CheckStatus[];
  /** Events the session saw so far (the most recent ones), so a reloaded page redraws its timeline. */
  readonly events: readonly ServerEvent[];
  readonly questions: readonly QuestionStatus[];
  /** The faults the lab offers, and how each is set. Empty for a lab without faults. */
  readonly faults: readonly FaultStatus[];
  readonly capture: CaptureStatus;
  /** The session's most recent captured packets, oldest first. */
  readonly packets: readonly Packet[];
  /** Where the session's time starts, for every view of the page. */
  readonly clock: SessionClock;
  /**
   * Where the session's capture downloads as pcapng (`GET`): a path with a download token of its own as
   * `?token=`, so a shared link reveals the packets but cannot take over the session.
   */
  readonly pcapng: string;
  /** The TLS handshakes of the session's connections read so far (at most MAX_TLS_HANDSHAKES, the newest). */
  readonly handshakes: readonly TlsHandshake[];
  /** What a student's own TLS program needs from the class PKI; absent for a lab without TLS servers. */
  readonly pki?: PkiDownloads;
}

/**
 * Where the session's TLS material downloads (`GET`). The CA is public; the client certificate and key are the
 * session's own and carry its download token, like `pcapng`.
 */
export interface PkiDownloads {
  /** The class root CA, PEM: what a client trusts. */
  readonly ca: string;
  /** The session's client certificate (with the intermediate after it), PEM. */
  readonly clientCertificate: string;
  /** Its private key, PEM (PKCS#8, unencrypted). */
  readonly clientKey: string;
  /** Certificate, chain and key as PKCS#12, encrypted with `pkcs12Password`. */
  readonly clientPkcs12: string;
  readonly pkcs12Password: string;
}

/** Text for the terminal: UTF-8 text with ANSI escape sequences, written to xterm as is. */
export interface OutputMessage {
  readonly type: 'output';
  readonly data: string;
}

/** A check changed state. */
export interface CheckMessage {
  readonly type: 'check';
  readonly check: CheckStatus;
}

/** A lab server observed something on a socket. */
export interface EventMessage {
  readonly type: 'event';
  readonly event: ServerEvent;
}

/** Something the page sent, or asked for, could not be done. `fatal` errors are followed by a close. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly code: ErrorCode;
  readonly message: string;
  readonly fatal: boolean;
}

/** A packet of this session, captured on the wire and dissected. */
export interface PacketMessage {
  readonly type: 'packet';
  readonly packet: Packet;
}

/** The capture's state changed (started, restarting, unavailable…). */
export interface CaptureMessage {
  readonly type: 'capture';
  readonly capture: CaptureStatus;
}

/** Packets may have been missed here; the timeline draws a gap marker. */
export interface GapMessage {
  readonly type: 'gap';
  readonly gap: CaptureGap;
}

/** A fault changed: the page or the shell set it. */
export interface FaultMessage {
  readonly type: 'fault';
  readonly fault: FaultStatus;
}

/** A capture question changed state (usually: the student answered it). */
export interface QuestionMessage {
  readonly type: 'question';
  readonly question: QuestionStatus;
}

/** A TLS handshake of the session was read from the capture, or read further (a newer version of one sent before). */
export interface TlsHandshakeMessage {
  readonly type: 'tls';
  readonly handshake: TlsHandshake;
}

/** The report on a certificate the page asked about with `inspect-certificate`. */
export interface CertificateMessage {
  readonly type: 'certificate';
  readonly report: CertificateChainReport;
}

export interface PongMessage {
  readonly type: 'pong';
  readonly id: number;
}

/**
 * The lab server is stopping (Ctrl-C, SIGTERM, a restart). The connection closes next, with close code 1001;
 * the page says so and reconnects until the server is back. Sessions do not survive the restart.
 */
export interface ShutdownMessage {
  readonly type: 'shutdown';
  /** A sentence for the student. */
  readonly message: string;
}

export type ServerMessage =
  | WelcomeMessage
  | OutputMessage
  | CheckMessage
  | EventMessage
  | PacketMessage
  | CaptureMessage
  | GapMessage
  | QuestionMessage
  | FaultMessage
  | TlsHandshakeMessage
  | CertificateMessage
  | ErrorMessage
  | PongMessage
  | ShutdownMessage;

// ---------------------------------------------------------------- the catalog of both

/**
 * Every message type with its fields, in the order the reference page documents them. It is data, not types,
 * so that a test can compare it with the page, and the decoders can name the fields they expect.
 */
export const MESSAGE_FIELDS = {
  client: {
    hello: ['protocol', 'lab', 'resume', 'cols', 'rows', 'locale'],
    input: ['data'],
    resize: ['cols', 'rows'],
    ping: ['id'],
    answer: ['question', 'value'],
    fault: ['kind', 'server', 'value'],
    'inspect-certificate': ['pem', 'key', 'host'],
  },
  server: {
    welcome: [
      'protocol',
      'session',
      'token',
      'resumed',
      'lab',
      'servers',
      'checks',
      'events',
      'questions',
      'faults',
      'capture',
      'packets',
      'clock',
      'pcapng',
      'handshakes',
      'pki',
    ],
    output: ['data'],
    check: ['check'],
    event: ['event'],
    packet: ['packet'],
    capture: ['capture'],
    gap: ['gap'],
    question: ['question'],
    fault: ['fault'],
    tls: ['handshake'],
    certificate: ['report'],
    error: ['code', 'message', 'fatal'],
    pong: ['id'],
    shutdown: ['message'],
  },
} as const satisfies {
  client: Record<ClientMessage['type'], readonly string[]>;
  server: Record<ServerMessage['type'], readonly string[]>;
};
