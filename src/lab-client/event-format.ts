/**
 * How a server event reads in the server log: `#1 accept from 127.0.0.1:54122`, `#1 receive 12 bytes
 * "Hello,world!"`, `#1 peer-fin` — `#1` being the session's number for the connection, the one its packets show. Payload previews arrive as hex and are turned into bytes here, then shown
 * through the protocol's `quoteBytes` (text) or `hexDump` (hex): student payloads are data, never markup.
 */

import { type Localized, localized, verbatim } from '../common/localized';
import { hexToBytes, quoteBytes, type ServerEvent } from '../protocol';
import { eventEpoch, formatSinceOrigin, type TimeOrigin } from './time-origin';

// The event kinds (`accept`, `receive`, `peer-fin`) are the log's technical tokens, the same in every language;
// the words around them, and the tooltips that explain them, are translated.
const TEXT = localized({
  en: {
    acceptFrom: (peer: string) => `accept from ${peer}`,
    moved: (kind: string, bytes: number) => `${kind} ${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`,
    listen: 'The server socket is bound and listening for connections.',
    accept: 'accept() returned a new connection: the TCP handshake with a client completed.',
    receive: 'recv() returned bytes the client sent.',
    send: 'The server wrote bytes back to the client.',
    peerFin: 'The client closed its sending side (a FIN): recv() returned 0, end of stream.',
    reset: 'The connection was reset (an RST): it ended abruptly, without the normal close.',
    close: 'The server closed its socket for this connection.',
    error: 'The socket reported an error.',
    secure:
      'The TLS handshake completed: from here on the bytes of this connection are encrypted. After it: the version, the cipher suite, the name the client asked for (SNI) and its certificate, if it sent one.',
    /** The parts of a line: in every language the log's tokens stand a space apart. */
    spaced: (what: string, more: string) => `${what} ${more}`,
  },
  'zh-Hans': {
    acceptFrom: (peer) => `accept 来自 ${peer}`,
    moved: (kind, bytes) => `${kind} ${bytes} 字节`,
    listen: '服务器套接字已经绑定，正在监听连接。',
    accept: 'accept() 返回了一条新连接：与客户端的 TCP 三次握手已经完成。',
    receive: 'recv() 返回了客户端发来的字节。',
    send: '服务器把字节写回给了客户端。',
    peerFin: '客户端关闭了它的发送方向（一个 FIN）：recv() 返回 0，流结束了。',
    reset: '连接被复位（一个 RST）：它没有经过正常的关闭，突然结束了。',
    close: '服务器关闭了这条连接的套接字。',
    error: '套接字报告了一个错误。',
    secure:
      'TLS 握手完成：从这里开始，这条连接上的字节都是加密的。后面依次是协议版本、密码套件、客户端请求的主机名（SNI），以及客户端发来的证书（如果发了）。',
    spaced: (what, more) => `${what} ${more}`,
  },
});

/** How many payload bytes the one-line text view shows before eliding. */
const PREVIEW_TEXT_BYTES = 64;

export interface EventParts {
  /** Which connection: `#1`; the server's id for events of the listening socket, or when a lab has several. */
  readonly who: string;
  /** What happened, without the payload: `accept from 127.0.0.1:54122`, `receive 12 bytes`. */
  readonly what: Localized;
  /** The payload preview bytes, when the event carries one. */
  readonly payload: Uint8Array | undefined;
  /** True when the event moved more bytes than its preview holds. */
  readonly truncated: boolean;
  /** A sentence for a tooltip, explaining the kind of event to a student. */
  readonly explanation: Localized;
}

const EXPLANATIONS: Record<ServerEvent['kind'], Localized> = {
  listen: TEXT.listen,
  accept: TEXT.accept,
  receive: TEXT.receive,
  send: TEXT.send,
  'peer-fin': TEXT.peerFin,
  reset: TEXT.reset,
  close: TEXT.close,
  error: TEXT.error,
  secure: TEXT.secure,
};

export function eventParts(event: ServerEvent, showServer = false): EventParts {
  const who =
    event.connection === 0 ? event.server : showServer ? `${event.server}#${event.connection}` : `#${event.connection}`;
  let what = verbatim(event.kind);
  if (event.kind === 'accept' && event.peer !== undefined) what = TEXT.acceptFrom(event.peer);
  if ((event.kind === 'receive' || event.kind === 'send') && event.bytes !== undefined) {
    what = TEXT.moved(event.kind, event.bytes);
  }
  const note = event.note;
  if (note !== undefined && note !== '') what = TEXT.spaced(what, note);
  const payload = event.preview === undefined ? undefined : hexToBytes(event.preview);
  const truncated = payload !== undefined && event.bytes !== undefined && event.bytes > payload.length;
  return { who, what, payload, truncated, explanation: EXPLANATIONS[event.kind] };
}

/** The payload as one quoted line (`"Hello,world!\n"`), `...` at the end when not all of it is shown. */
export function payloadText(parts: Pick<EventParts, 'payload' | 'truncated'>): string | undefined {
  if (parts.payload === undefined) return undefined;
  const quoted = quoteBytes(parts.payload, PREVIEW_TEXT_BYTES);
  return parts.truncated && !quoted.endsWith('...') ? `${quoted}...` : quoted;
}

/** The whole event as one line of text, as the log shows it in text mode. */
export function eventLine(event: ServerEvent, showServer = false): Localized {
  const parts = eventParts(event, showServer);
  const text = payloadText(parts);
  const line = TEXT.spaced(verbatim(parts.who), parts.what);
  return text === undefined ? line : TEXT.spaced(line, text);
}

/**
 * An event's time as the packet views show theirs, seconds since the session's origin to the millisecond
 * (`12.345`); `+12.345s` since the session's start while the origin is unknown.
 */
export function formatEventTime(event: Pick<ServerEvent, 'time'>, origin: TimeOrigin | undefined): string {
  const epoch = origin === undefined ? undefined : eventEpoch(event, origin);
  if (epoch === undefined || origin?.at === undefined) return `+${(event.time / 1000).toFixed(3)}s`;
  return formatSinceOrigin(epoch, origin.at, 3);
}
