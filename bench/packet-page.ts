/**
 * One lab page of the capture benchmark, without the browser: it opens `/ws` with the Origin a page of the lab
 * server would send, says `hello`, and from then on hands every `packet` message to the benchmark with the wall
 * time it arrived — read the moment the frame is received, before decoding, as a page's `onmessage` would. Every
 * frame is decoded with `decodeServerMessage`, the page's own decoder. Unlike `FrameClient` it keeps nothing in
 * an inbox: packets stream to the callback, and other messages are only counted.
 */

import type { WebSocket } from 'ws';
import {
  decodeServerMessage,
  type HelloMessage,
  type Packet,
  PROTOCOL_VERSION,
  type ServerMessage,
} from '../src/protocol';
import { closeWebSocket, openWebSocket } from './web-socket';

export type PacketListener = (page: PacketPage, packet: Packet, receivedAt: number) => void;

export interface PageWelcome {
  /** The port of the session's echo server (of the kind `hello` asked for). */
  readonly echoPort: number;
  /** Packets the welcome carried (captured before it was sent); not timed. */
  readonly packets: number;
}

export class PacketPage {
  readonly #ws: WebSocket;
  readonly #clock: () => number;
  readonly #onPacket: PacketListener;
  #welcome: ((message: ServerMessage) => void) | undefined;
  #closed: Error | undefined;
  /** Set by the benchmark: which session this page is (its index). */
  readonly index: number;
  /** Messages other than `packet`, by type (`event`, `output`, `capture`, `gap`, `check`…). */
  readonly counts = new Map<string, number>();
  /** `error` messages the lab server sent, and frames that did not decode. */
  readonly errors: string[] = [];
  /** `capture` state changes and `gap`s this page was told about. */
  readonly notices: string[] = [];

  private constructor(ws: WebSocket, index: number, clock: () => number, onPacket: PacketListener) {
    this.#ws = ws;
    this.index = index;
    this.#clock = clock;
    this.#onPacket = onPacket;
    ws.on('message', (data, isBinary) => this.#receive(data, isBinary));
    ws.on('close', (code) => this.#fail(new Error(`the WebSocket closed (${code})`)));
    ws.on('error', (error) => this.#fail(error));
  }

  static open(
    port: number,
    index: number,
    clock: () => number,
    onPacket: PacketListener,
    timeoutMs: number,
  ): Promise<PacketPage> {
    const origin = `http://127.0.0.1:${port}`;
    return openWebSocket(
      `ws://127.0.0.1:${port}/ws`,
      origin,
      timeoutMs,
      (ws) => new PacketPage(ws, index, clock, onPacket),
    );
  }

  /** Says `hello` for `lab` and waits for the `welcome`, within `timeoutMs`; `kind` is its echo server's kind. */
  hello(lab: string, kind: 'tcp-echo' | 'udp-echo', timeoutMs: number): Promise<PageWelcome> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#welcome = undefined;
        reject(new Error(`no welcome within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#welcome = (message) => {
        clearTimeout(timer);
        this.#welcome = undefined;
        if (message.type === 'error') {
          reject(new Error(`the lab server sent ${message.code}: ${message.message}`));
          return;
        }
        if (message.type !== 'welcome') return;
        const echo = message.servers.find((server) => server.kind === kind);
        if (echo === undefined) {
          reject(new Error(`lab ${lab} has no ${kind} server`));
          return;
        }
        resolve({ echoPort: echo.port, packets: message.packets.length });
      };
      const hello: HelloMessage = { type: 'hello', protocol: PROTOCOL_VERSION, lab, cols: 80, rows: 24 };
      this.#ws.send(JSON.stringify(hello));
    });
  }

  close(): void {
    closeWebSocket(this.#ws);
  }

  #receive(data: WebSocket.RawData, isBinary: boolean): void {
    const receivedAt = this.#clock();
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
    if (message.type === 'packet') {
      this.#onPacket(this, message.packet, receivedAt);
      return;
    }
    this.counts.set(message.type, (this.counts.get(message.type) ?? 0) + 1);
    if (message.type === 'error') this.errors.push(`${message.code}: ${message.message}`);
    else if (message.type === 'capture')
      this.notices.push(`capture ${message.capture.state}: ${message.capture.reason}`);
    else if (message.type === 'gap') this.notices.push(`gap after packet ${message.gap.after}: ${message.gap.reason}`);
    if ((message.type === 'welcome' || message.type === 'error') && this.#welcome !== undefined) {
      this.#welcome(message);
    }
  }

  #fail(error: Error): void {
    this.#closed ??= error;
  }
}

/** What all pages were told besides packets: other messages by type, and notices and errors with repeats counted. */
export interface PagesMessages {
  readonly otherMessages: string;
  readonly notices: readonly string[];
  readonly errors: readonly string[];
}

export function pagesMessages(pages: readonly PacketPage[]): PagesMessages {
  const counts = new Map<string, number>();
  for (const page of pages) {
    for (const [type, count] of page.counts) counts.set(type, (counts.get(type) ?? 0) + count);
  }
  return {
    otherMessages: [...counts].map(([type, count]) => `${count} ${type}`).join(', ') || 'none',
    notices: unique(pages.flatMap((page) => page.notices)),
    errors: unique(pages.flatMap((page) => page.errors)),
  };
}

function unique(lines: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return [...counts].map(([line, count]) => (count > 1 ? `${line} (×${count})` : line));
}
