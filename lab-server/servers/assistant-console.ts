/**
 * The console of a network-assistant server (`tcp-assistant`, `udp-assistant`): the PC program of the LuatOS,
 * Walnut Pi and mPython tutorials (NetAssist, SSCOM, LLCOM, netlab.luatos.com) that a board connects to. The
 * server does not echo: it holds what its clients send until a program — the lab shell's `listen` — accepts and
 * reads it, and sends only what that program tells it to. The console is that program's side of the server, in
 * server terms: clients by the server's own number (its connection or flow number, as in its observations),
 * news as it happens, send, close. The lab shell narrates it as the socket calls a C server would make.
 *
 * Faithful to the kernel: the server's socket listens from the session's start, so a client's handshake
 * completes and its bytes wait in the receive buffer before anyone calls accept() (RFC 9293 §3.10.2, the
 * listen queue); `listen` is the program arriving, and accepting what waits.
 */

import type { Disposable } from '../../src/common/disposable';
import type { TransportProtocol } from '../../src/protocol';

export interface AssistantClient {
  /** The server's number for the client: its connection (TCP) or flow (UDP, one per peer address), from 1. */
  readonly id: number;
  /** `host:port` of the client. */
  readonly peer: string;
  readonly receivedBytes: number;
  readonly sentBytes: number;
  /**
   * `open`; `peer-fin` once its FIN was read (TCP: the server then ends its side too, as a server whose read()
   * returned 0 closes); `closed` once the connection is gone. A UDP peer stays `open`: UDP has no connection.
   */
  readonly state: 'open' | 'peer-fin' | 'closed';
}

export type AssistantNews =
  /** A TCP connection was accepted: one that waited in the backlog, or a new one. */
  | { readonly kind: 'accept'; readonly client: AssistantClient }
  /** What one read returned: a chunk of a TCP stream, or one whole datagram (UDP). */
  | { readonly kind: 'data'; readonly client: AssistantClient; readonly data: Uint8Array }
  | { readonly kind: 'peer-fin'; readonly client: AssistantClient }
  | { readonly kind: 'reset'; readonly client: AssistantClient; readonly errno: string }
  | { readonly kind: 'close'; readonly client: AssistantClient }
  /** UDP: datagrams that arrived while the receive queue was full, and were dropped as the kernel drops them. */
  | { readonly kind: 'dropped'; readonly datagrams: number; readonly bytes: number };

/** What send() returns: the byte count the kernel took, or the errno a C program would get. */
export type AssistantSendResult = number | { readonly errno: string };

/** What waits for a program to accept or read it, before `listen`. */
export interface AssistantBacklog {
  /** TCP: connections whose handshake completed, not yet accepted. */
  readonly connections: number;
  /** UDP: datagrams in the receive queue. */
  readonly datagrams: number;
}

export interface AssistantConsole {
  readonly transport: TransportProtocol;
  /** Where the server's socket is bound, as the kernel reports it (`0.0.0.0:20417` when boards may reach it). */
  readonly local: string;
  /** The listen backlog the server's socket was given (TCP), for the narration of listen(). */
  readonly backlog: number;
  /** What waits to be accepted or read. */
  waiting(): AssistantBacklog;
  /**
   * The program starts accepting and reading: what waited is delivered first, in order, then news as it happens.
   * One program at a time: undefined while another listens. Disposing it is that program exiting: the
   * connections it accepted are closed (FIN); what arrives afterwards waits again for the next one.
   */
  listen(onNews: (news: AssistantNews) => void): Disposable | undefined;
  /** The clients the listening program knows: accepted connections, or peers whose datagrams it read. */
  clients(): readonly AssistantClient[];
  /**
   * send(2) to client `id`, resolving once the kernel took the bytes; EAGAIN at once when that client has not
   * read what the server sent it before (a bounded amount waits in the server, never more).
   */
  send(id: number, bytes: Uint8Array): Promise<AssistantSendResult>;
  /** close(2) of client `id`'s connection: `fin` when it was open, `gone` when it had closed already or is UDP. */
  close(id: number): 'fin' | 'gone';
}

/** What may wait to be sent to one client before send() says EAGAIN: about a kernel's send buffer on loopback. */
export const ASSISTANT_SEND_BUFFER_BYTES = 256 * 1024;
