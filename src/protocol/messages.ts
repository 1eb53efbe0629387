/**
 * Every message of the browser ↔ lab server protocol, as TypeScript types. Messages are JSON text frames with a
 * `type` field. The page sends `ClientMessage`s and receives `ServerMessage`s. This file only describes them;
 * `decode-client.ts` and `decode-server.ts` check untrusted input against these shapes, and
 * `docs/reference/protocol.md` documents them (a test keeps that page in step with `MESSAGE_FIELDS` below).
 */

import type { ErrorCode } from './errors';

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
}

/** What a lab server saw happen on one of its sockets: the socket-level timeline of a session. */
export type ServerEventKind = 'listen' | 'accept' | 'receive' | 'send' | 'peer-fin' | 'reset' | 'close' | 'error';

export interface ServerEvent {
  /** Position in the session's event stream, from 1. */
  readonly seq: number;
  /** Milliseconds since the session started. */
  readonly time: number;
  readonly server: string;
  /** The connection's number within its server, from 1; 0 for events of the listening socket. */
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

// ---------------------------------------------------------------- page → lab server

/** Opens a session for one lab, or resumes one the page had before a reload. Must be the first message. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly protocol: number;
  readonly lab: string;
  readonly resume?: { readonly session: string; readonly token: string };
  readonly cols?: number;
  readonly rows?: number;
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

export type ClientMessage = HelloMessage | InputMessage | ResizeMessage | PingMessage;

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

export interface PongMessage {
  readonly type: 'pong';
  readonly id: number;
}

export type ServerMessage = WelcomeMessage | OutputMessage | CheckMessage | EventMessage | ErrorMessage | PongMessage;

// ---------------------------------------------------------------- the catalog of both

/**
 * Every message type with its fields, in the order the reference page documents them. It is data, not types,
 * so that a test can compare it with the page, and the decoders can name the fields they expect.
 */
export const MESSAGE_FIELDS = {
  client: {
    hello: ['protocol', 'lab', 'resume', 'cols', 'rows'],
    input: ['data'],
    resize: ['cols', 'rows'],
    ping: ['id'],
  },
  server: {
    welcome: ['protocol', 'session', 'token', 'resumed', 'lab', 'servers', 'checks', 'events'],
    output: ['data'],
    check: ['check'],
    event: ['event'],
    error: ['code', 'message', 'fatal'],
    pong: ['id'],
  },
} as const satisfies {
  client: Record<ClientMessage['type'], readonly string[]>;
  server: Record<ServerMessage['type'], readonly string[]>;
};
