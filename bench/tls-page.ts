/**
 * One TLS lab page of the benchmark, without the browser: it opens `/ws` as a page of the lab server would,
 * says `hello` for a TLS lab, and from then on hands every `tls` message (a connection's handshake, read from
 * the session's capture) to a listener with the `performance.now()` it arrived — read the moment the frame is
 * received, before decoding, as a page's `onmessage` would. Every frame is decoded with `decodeServerMessage`,
 * the page's own decoder; other messages are only counted.
 */

import type { WebSocket } from 'ws';
import {
  decodeServerMessage,
  type HelloMessage,
  PROTOCOL_VERSION,
  type ServerInfo,
  type ServerMessage,
  type TlsHandshake,
} from '../src/protocol';
import { closeWebSocket, openWebSocket } from './web-socket';

export type HandshakeListener = (handshake: TlsHandshake, receivedAt: number) => void;

export class TlsPage {
  readonly #ws: WebSocket;
  readonly #onHandshake: HandshakeListener;
  #welcome: ((message: ServerMessage) => void) | undefined;
  #closed: Error | undefined;
  /** Messages other than `tls`, by type (`event`, `check`, `output`…). */
  readonly counts = new Map<string, number>();
  /** `error` messages the lab server sent, and frames that did not decode. */
  readonly errors: string[] = [];

  private constructor(ws: WebSocket, onHandshake: HandshakeListener) {
    this.#ws = ws;
    this.#onHandshake = onHandshake;
    ws.on('message', (data, isBinary) => this.#receive(data, isBinary));
    ws.on('close', (code) => this.#fail(new Error(`the WebSocket closed (${code})`)));
    ws.on('error', (error) => this.#fail(error));
  }

  /** Opens a page whose every `tls` message goes to `onHandshake`. */
  static open(port: number, onHandshake: HandshakeListener, timeoutMs: number): Promise<TlsPage> {
    const origin = `http://127.0.0.1:${port}`;
    return openWebSocket(`ws://127.0.0.1:${port}/ws`, origin, timeoutMs, (ws) => new TlsPage(ws, onHandshake));
  }

  /** Says `hello` for `lab` and waits for the `welcome`, within `timeoutMs`; gives the session's servers. */
  hello(lab: string, timeoutMs: number): Promise<readonly ServerInfo[]> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#welcome = undefined;
        reject(new Error(`no welcome for ${lab} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#welcome = (message) => {
        clearTimeout(timer);
        this.#welcome = undefined;
        if (message.type === 'error') reject(new Error(`the lab server sent ${message.code}: ${message.message}`));
        else if (message.type === 'welcome') resolve(message.servers);
      };
      const hello: HelloMessage = { type: 'hello', protocol: PROTOCOL_VERSION, lab, cols: 80, rows: 24 };
      this.#ws.send(JSON.stringify(hello));
    });
  }

  close(): void {
    closeWebSocket(this.#ws);
  }

  #receive(data: WebSocket.RawData, isBinary: boolean): void {
    const receivedAt = performance.now();
    if (isBinary) {
      this.errors.push('a binary frame arrived');
      return;
    }
    let message: ServerMessage;
    try {
      message = decodeServerMessage(data.toString());
    } catch (error) {
      this.errors.push(`undecodable frame: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (message.type === 'tls') {
      this.#onHandshake(message.handshake, receivedAt);
      return;
    }
    this.counts.set(message.type, (this.counts.get(message.type) ?? 0) + 1);
    if (message.type === 'error') this.errors.push(`${message.code}: ${message.message}`);
    if ((message.type === 'welcome' || message.type === 'error') && this.#welcome !== undefined) {
      this.#welcome(message);
    }
  }

  #fail(error: Error): void {
    this.#closed ??= error;
  }
}

/** The port of a session's server `id`, or an error naming the lab. */
export function serverPort(servers: readonly ServerInfo[], id: string, lab: string): number {
  const server = servers.find((candidate) => candidate.id === id);
  if (server === undefined) throw new Error(`lab ${lab} has no server ${id}`);
  return server.port;
}
