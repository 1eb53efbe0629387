/**
 * Clients of the two baselines in `echo-servers.ts`. The WebSocket one sends the very `input` message the lab
 * page sends and decodes the echoed frame with `JSON.parse`: everything a WebSocket app pays at least. The TCP
 * one writes a single byte on a loopback socket and waits for it to come back: the floor under both.
 */

import type net from 'node:net';
import type { InputMessage } from '../src/protocol';
import { EchoWaiter } from './echo-waiter';
import { type Decoded, FrameClient } from './frame-client';
import { connectTcp } from './tcp-connect';
import { CLEAR_LINE, KEY, type Typist } from './typist';

function decodeEcho(text: string): Decoded<InputMessage> {
  return { message: JSON.parse(text) as InputMessage, failure: undefined };
}

export class WsEchoClient implements Typist {
  readonly #frames: FrameClient<InputMessage>;
  readonly #timeoutMs: number;

  private constructor(frames: FrameClient<InputMessage>, timeoutMs: number) {
    this.#frames = frames;
    this.#timeoutMs = timeoutMs;
  }

  static async open(port: number, timeoutMs: number): Promise<WsEchoClient> {
    const origin = `http://127.0.0.1:${port}`;
    const frames = await FrameClient.open(`ws://127.0.0.1:${port}/`, origin, decodeEcho, timeoutMs);
    return new WsEchoClient(frames, timeoutMs);
  }

  async keystroke(): Promise<void> {
    await this.#roundTrip(KEY);
  }

  async clearLine(): Promise<void> {
    await this.#roundTrip(CLEAR_LINE);
  }

  close(): void {
    this.#frames.close();
  }

  async #roundTrip(data: string): Promise<void> {
    this.#frames.send({ type: 'input', data } satisfies InputMessage);
    await this.#frames.next((message) => message.type === 'input' && message.data === data, this.#timeoutMs);
  }
}

export class TcpEchoClient implements Typist {
  readonly #socket: net.Socket;
  readonly #echo: EchoWaiter;

  private constructor(socket: net.Socket, timeoutMs: number) {
    this.#socket = socket;
    this.#echo = new EchoWaiter(timeoutMs);
    socket.on('data', () => this.#echo.settle(undefined));
    socket.on('close', () => this.#echo.settle(new Error('the TCP connection closed')));
    socket.on('error', (error) => this.#echo.settle(error));
  }

  static async open(port: number, timeoutMs: number): Promise<TcpEchoClient> {
    return new TcpEchoClient(await connectTcp(port, timeoutMs), timeoutMs);
  }

  /** One byte out, one byte back: each keystroke waits for its echo, so a data event is exactly that byte. */
  keystroke(): Promise<void> {
    return this.#echo.send(() => this.#socket.write(KEY));
  }

  /** A raw byte stream has no line to clear. */
  async clearLine(): Promise<void> {}

  close(): void {
    this.#socket.end();
    setTimeout(() => this.#socket.destroy(), 2000).unref();
  }
}
