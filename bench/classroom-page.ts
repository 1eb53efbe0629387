/**
 * One joined student's lab page without the browser, for the classroom section: it opens `/ws` with the
 * student's cookie and the server's Origin, says `hello` to a lab, and decodes every frame with
 * `decodeServerMessage` as the page does, noting when each check turned `passed`. `pass` then does what the
 * student's program does for the first lab (`echoOnce` of labs/tcp-echo/solution.ts to the session's echo
 * server) and waits until the page shows every check green.
 */

import { WebSocket } from 'ws';
import { echoOnce, GREETING } from '../labs/tcp-echo/solution';
import { decodeServerMessage, PROTOCOL_VERSION, type WelcomeMessage } from '../src/protocol';
import { closeWebSocket } from './web-socket';

export class StudentPage {
  readonly #ws: WebSocket;
  /** When each check was first seen `passed` (performance.now()). */
  readonly #passedAt = new Map<string, number>();
  #welcome: WelcomeMessage | undefined;
  #failure: string | undefined;
  #wake: (() => void) | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data) => this.#receive(data.toString(), performance.now()));
    ws.on('close', (code) => this.#fail(`the lab WebSocket closed (${code})`));
    ws.on('error', (error) => this.#fail(error.message));
  }

  /** Opens the page and says hello; resolves with it once the welcome arrived. */
  static async open(baseUrl: string, cookie: string, lab: string, timeoutMs: number): Promise<StudentPage> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, {
      origin: baseUrl,
      headers: { cookie },
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
    });
    const page = new StudentPage(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) => {
        ws.terminate();
        reject(new Error(`the lab WebSocket was refused with HTTP ${response.statusCode ?? '?'}`));
      });
    });
    ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, lab, cols: 80, rows: 24 }));
    await page.#until(() => page.#welcome !== undefined, timeoutMs, 'the welcome');
    return page;
  }

  get welcome(): WelcomeMessage {
    if (this.#welcome === undefined) throw new Error('no welcome yet');
    return this.#welcome;
  }

  /**
   * Runs the reference solution against the session's echo server and waits until every check of the welcome
   * is `passed`; resolves with when the last of them turned green on this page.
   */
  async pass(timeoutMs: number): Promise<{ readonly lastGreenAt: number; readonly checks: number }> {
    const echo = this.welcome.servers.find((server) => server.id === 'echo');
    if (echo === undefined) throw new Error('the welcome names no echo server');
    const answer = await echoOnce('127.0.0.1', echo.port);
    if (answer !== GREETING) throw new Error(`the echo server sent back ${JSON.stringify(answer)}`);
    const ids = this.welcome.checks.map((check) => check.id);
    await this.#until(() => ids.every((id) => this.#passedAt.has(id)), timeoutMs, 'every check passed');
    return { lastGreenAt: Math.max(...ids.map((id) => this.#passedAt.get(id) ?? Number.NaN)), checks: ids.length };
  }

  close(): void {
    this.#wake = undefined;
    this.#ws.removeAllListeners('close');
    closeWebSocket(this.#ws);
  }

  #receive(text: string, at: number): void {
    const message = decodeServerMessage(text);
    if (message.type === 'welcome') {
      this.#welcome = message;
      for (const check of message.checks) if (check.state === 'passed') this.#passedAt.set(check.id, at);
    } else if (message.type === 'check' && message.check.state === 'passed' && !this.#passedAt.has(message.check.id)) {
      this.#passedAt.set(message.check.id, at);
    } else if (message.type === 'error') {
      this.#fail(`the lab server sent ${message.code}: ${message.message}`);
    }
    this.#wake?.();
  }

  #fail(reason: string): void {
    this.#failure ??= reason;
    this.#wake?.();
  }

  /** Waits for `done` (looked at after every frame), failing on the deadline or on the page's first failure. */
  async #until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    // Bounded by the deadline: each pass waits for the next frame or the time left.
    while (!done()) {
      if (this.#failure !== undefined) throw new Error(`waiting for ${what}: ${this.#failure}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}
