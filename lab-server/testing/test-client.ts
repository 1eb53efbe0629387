/**
 * A page stand-in for tests: a real `ws` client that opens a lab session on a running lab server, records
 * every message, and waits (with a deadline) for the one a test expects. It decodes with the page's own
 * decoder, so a test also proves that what the server sends is what the page accepts.
 */

import WebSocket from 'ws';
import type { LabPanel, PanelDownload } from '../../src/lab-kit';
import {
  type CheckStatus,
  decodeServerMessage,
  PROTOCOL_VERSION,
  type ServerMessage,
  type WelcomeMessage,
} from '../../src/protocol';

export class TestClient {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  #waiters: Array<() => void> = [];
  closed = false;
  /** The close frame's code and reason, once closed (1006 when the connection dropped without one). */
  closeCode: number | undefined;
  closeReason = '';

  /** The lab server's base URL, for the panel's downloads. */
  readonly #url: string;

  private constructor(ws: WebSocket, url: string) {
    this.ws = ws;
    this.#url = url;
    ws.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('the lab server sent a binary frame');
      this.messages.push(decodeServerMessage(data.toString()));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = true;
      this.closeCode = code;
      this.closeReason = reason.toString();
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /**
   * Connects with the Origin a page served by `url` would send (and any extra request headers); to an
   * `https://` server over WSS, trusting `tls.ca` (a PEM CA) as a browser given the class root would.
   */
  static async connect(
    url: string,
    origin: string = url,
    headers: Readonly<Record<string, string>> = {},
    tls: { readonly ca?: string } = {},
  ): Promise<TestClient> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { origin, headers, ...tls });
    // Listening from the start: a refusal can arrive in the same packet as the upgrade's answer.
    const client = new TestClient(ws, url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    });
    return client;
  }

  /** Connects and says hello; resolves with the welcome. */
  static async open(
    url: string,
    lab = 'tcp-echo',
    extra: Record<string, unknown> = {},
    tls: { readonly ca?: string } = {},
  ): Promise<TestClient> {
    const client = await TestClient.connect(url, url, {}, tls);
    client.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab, cols: 120, rows: 30, ...extra });
    await client.waitFor((m) => m.type === 'welcome');
    return client;
  }

  get welcome(): WelcomeMessage {
    const welcome = this.messages.find((m) => m.type === 'welcome');
    if (welcome === undefined) throw new Error('no welcome yet');
    return welcome;
  }

  /** Port of one of the session's lab servers. */
  port(server = 'echo'): number {
    const info = this.welcome.servers.find((s) => s.id === server);
    if (info === undefined) throw new Error(`no server ${server}`);
    return info.port;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Types a line into the lab shell. */
  type(line: string): void {
    this.send({ type: 'input', data: `${line}\r` });
  }

  /** All terminal output so far, with colours removed. */
  get output(): string {
    return (
      this.messages
        .filter((m) => m.type === 'output')
        .map((m) => (m.type === 'output' ? m.data : ''))
        .join('')
        // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes
        .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    );
  }

  /** The latest state of each check. */
  checks(): Map<string, CheckStatus> {
    const states = new Map<string, CheckStatus>();
    for (const check of this.welcome.checks) states.set(check.id, check);
    for (const message of this.messages) if (message.type === 'check') states.set(message.check.id, message.check);
    return states;
  }

  /** Waits until a message satisfies `predicate` (looking at all messages so far), or fails after `ms`. */
  async waitFor(predicate: (message: ServerMessage) => boolean, ms = 5000): Promise<ServerMessage> {
    return this.#until(() => this.messages.find(predicate), ms, 'a matching message');
  }

  async waitForOutput(text: string, ms = 5000): Promise<void> {
    await this.#until(
      () => (this.output.includes(text) ? true : undefined),
      ms,
      `output containing ${JSON.stringify(text)}`,
    );
  }

  async waitForCheck(id: string, state: CheckStatus['state'], ms = 5000): Promise<CheckStatus> {
    return this.#until(
      () => {
        const check = this.checks().get(id);
        return check?.state === state ? check : undefined;
      },
      ms,
      `check ${id} to be ${state}`,
    );
  }

  /**
   * Types `line` into the lab shell once its prompt (`socketlab:<lab>$ `) is showing, and waits until the prompt
   * is back on a line of its own, as a student waits before typing the next command (a blocking `recv` or
   * `sleep` gives it back when done). Resolves with what the terminal showed from the typed line on; fails
   * after `ms` with the end of what the terminal shows.
   */
  async typeAndWait(line: string, ms = 60_000): Promise<string> {
    const prompt = `socketlab:${this.welcome.lab.id}$ `;
    await this.#until(() => (this.output.endsWith(prompt) ? true : undefined), ms, `the prompt ${prompt}`);
    const from = this.output.length;
    this.type(line);
    const back = new RegExp(`[\\r\\n]${prompt.replace(/[$]/g, '\\$')}$`);
    try {
      await this.#until(() => (back.test(this.output.slice(from)) ? true : undefined), ms, `the prompt after ${line}`);
    } catch {
      throw new Error(
        `no prompt within ${ms} ms after ${JSON.stringify(line)}; the terminal shows:\n${this.output.slice(-4000)}`,
      );
    }
    return this.output.slice(from);
  }

  /**
   * The lab panel of this page, as a reference solution uses it: `setFault` sends the `fault` message a click
   * sends, and resolves once the session reported the fault at that value (rejects on the session's error).
   */
  /**
   * The lab panel as a student's clicks use it: its faults through the session, and (a TLS lab) its downloads
   * fetched from the lab server by the links the welcome names, as the panel's buttons fetch them.
   */
  panel(): LabPanel {
    const pki = this.welcome.pki;
    return {
      ...(pki === undefined
        ? {}
        : {
            download: async (file: PanelDownload) => {
              const response = await fetch(new URL(pki[file], this.#url));
              if (response.status !== 200) throw new Error(`GET ${pki[file]} answered ${response.status}`);
              return response.text();
            },
          }),
      setFault: async (kind, server, value) => {
        const from = this.messages.length;
        this.send({ type: 'fault', kind, server, value });
        const reply = await this.#until(
          () =>
            this.messages
              .slice(from)
              .find(
                (m) =>
                  (m.type === 'fault' &&
                    m.fault.kind === kind &&
                    m.fault.server === server &&
                    m.fault.value === value) ||
                  (m.type === 'error' && !m.fatal),
              ),
          10_000,
          `the fault ${kind} on ${server} at ${value}`,
        );
        if (reply.type === 'error') throw new Error(`the panel could not set ${kind} on ${server}: ${reply.message}`);
      },
    };
  }

  async #until<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
    const deadline = Date.now() + ms;
    // Bounded by the deadline: each pass waits for the next message or the remaining time.
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        throw new Error(`timed out waiting for ${what}; last messages: ${JSON.stringify(this.messages.slice(-5))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the lab server closed the connection; resolves with its close code and reason. */
  async closedBy(ms = 5000): Promise<{ code: number; reason: string }> {
    await this.#until(() => (this.closed ? true : undefined), ms, 'the connection to close');
    return { code: this.closeCode ?? 0, reason: this.closeReason };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
