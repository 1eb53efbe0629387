/**
 * The browser side of one lab, without the browser: it opens `/ws` with the Origin a page of the lab server
 * would send, says `hello`, and decodes every frame with `decodeServerMessage` — the decoder the page itself
 * uses — so the measured round trip includes the protocol work a real page does.
 */

import {
  type ClientMessage,
  decodeServerMessage,
  MAX_INPUT_CHARS,
  PROTOCOL_VERSION,
  type ServerMessage,
} from '../src/protocol';
import { type Decoded, FrameClient } from './frame-client';
import { CLEAR_LINE, KEY, type Typist } from './typist';

export interface SessionOpening {
  /** From sending `hello` to receiving `welcome`, ms. */
  readonly welcomeMs: number;
  /** From sending `hello` to receiving the first prompt, ms. */
  readonly promptMs: number;
}

function decodeLab(text: string): Decoded<ServerMessage> {
  const message = decodeServerMessage(text);
  return {
    message,
    failure: message.type === 'error' ? `the lab server sent ${message.code}: ${message.message}` : undefined,
  };
}

export class LabClient implements Typist {
  readonly #frames: FrameClient<ServerMessage>;
  readonly #timeoutMs: number;
  /** Echoes that were more than the bare key (a redraw): the line editor left its fast path. */
  redraws = 0;

  private constructor(frames: FrameClient<ServerMessage>, timeoutMs: number) {
    this.#frames = frames;
    this.#timeoutMs = timeoutMs;
  }

  static async open(port: number, timeoutMs: number): Promise<LabClient> {
    const origin = `http://127.0.0.1:${port}`;
    const frames = await FrameClient.open(`ws://127.0.0.1:${port}/ws`, origin, decodeLab, timeoutMs);
    return new LabClient(frames, timeoutMs);
  }

  get skipped(): number {
    return this.#frames.skipped;
  }

  async hello(lab: string): Promise<SessionOpening> {
    const sent = performance.now();
    this.#send({ type: 'hello', protocol: PROTOCOL_VERSION, lab, cols: 80, rows: 24 });
    await this.#frames.next((message) => message.type === 'welcome', this.#timeoutMs);
    const welcomeMs = performance.now() - sent;
    await this.#frames.next((message) => message.type === 'output' && message.data.includes('$ '), this.#timeoutMs);
    return { welcomeMs, promptMs: performance.now() - sent };
  }

  async keystroke(): Promise<void> {
    this.#send({ type: 'input', data: KEY });
    const echo = await this.#frames.next(
      (message) => message.type === 'output' && message.data.includes(KEY),
      this.#timeoutMs,
    );
    if (echo.type === 'output' && echo.data !== KEY) this.redraws++;
  }

  async clearLine(): Promise<void> {
    this.#send({ type: 'input', data: CLEAR_LINE });
    // The redraw shows the prompt, which contains KEY: it must be read here, not taken for the next echo.
    await this.#frames.next((message) => message.type === 'output', this.#timeoutMs);
  }

  /**
   * Pastes MAX_INPUT_CHARS characters (the largest `input` a page sends), then clears the line, until the session has printed at least `chars`
   * characters: what a long-running session's scrollback holds. Not timed.
   */
  async fillScrollback(chars: number): Promise<void> {
    let printed = 0;
    const paste = 'b'.repeat(MAX_INPUT_CHARS);
    // Bounded: each pass prints more than MAX_INPUT_CHARS characters.
    for (let pass = 0; pass < Math.ceil(chars / MAX_INPUT_CHARS) + 1 && printed < chars; pass++) {
      for (const data of [paste, CLEAR_LINE]) {
        this.#send({ type: 'input', data });
        const output = await this.#frames.next((message) => message.type === 'output', this.#timeoutMs);
        if (output.type === 'output') printed += output.data.length;
      }
    }
  }

  close(): void {
    this.#frames.close();
  }

  #send(message: ClientMessage): void {
    this.#frames.send(message);
  }
}
