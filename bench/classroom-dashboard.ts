/**
 * The instructor's dashboard as the classroom section watches it: the feed on INSTRUCTOR_WEBSOCKET_PATH with the
 * instructor's cookie, each message decoded with `decodeInstructorMessage` as the page does and stamped with the
 * moment it arrived. It notes, per student, when their row first appeared and when it first showed every check
 * of a lab passed, so the section can set those beside what the student's own page saw.
 */

import { WebSocket } from 'ws';
import {
  decodeInstructorMessage,
  INSTRUCTOR_WEBSOCKET_PATH,
  type InstructorMessage,
  type RosterStudent,
} from '../src/protocol';
import { closeWebSocket } from './web-socket';

export class DashboardFeed {
  readonly #ws: WebSocket;
  readonly #lab: string;
  readonly #checks: readonly string[];
  /** When each student's row first arrived (performance.now()). */
  readonly rowSeenAt = new Map<string, number>();
  /** When each student's row first showed every check of the lab passed. */
  readonly passedSeenAt = new Map<string, number>();
  /** Messages by type, and those the feed answered with an error. */
  readonly counts = new Map<InstructorMessage['type'], number>();
  readonly errors: string[] = [];
  #roster = false;
  #closed: string | undefined;

  private constructor(ws: WebSocket, lab: string, checks: readonly string[]) {
    this.#ws = ws;
    this.#lab = lab;
    this.#checks = checks;
    ws.on('message', (data) => this.#receive(data.toString(), performance.now()));
    ws.on('close', (code) => {
      this.#closed = `closed (${code})`;
    });
  }

  /** Opens the feed as the signed-in instructor's dashboard page; resolves once the first roster arrived. */
  static async open(
    baseUrl: string,
    cookie: string,
    lab: string,
    checks: readonly string[],
    timeoutMs: number,
  ): Promise<DashboardFeed> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${INSTRUCTOR_WEBSOCKET_PATH}?locale=en`, {
      origin: baseUrl,
      headers: { cookie },
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
    });
    // Listening before the open event: the roster can come in the same segment as the upgrade's answer.
    const feed = new DashboardFeed(ws, lab, checks);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) =>
        reject(new Error(`the dashboard feed was refused with HTTP ${response.statusCode ?? '?'}`)),
      );
    });
    const deadline = performance.now() + timeoutMs;
    // Bounded by the deadline.
    while (!feed.#roster) {
      if (performance.now() > deadline) throw new Error(`no roster on the dashboard feed within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return feed;
  }

  /** Why the feed ended, if it did. */
  get closed(): string | undefined {
    return this.#closed;
  }

  close(): void {
    closeWebSocket(this.#ws);
  }

  #receive(text: string, at: number): void {
    const message = decodeInstructorMessage(text);
    this.counts.set(message.type, (this.counts.get(message.type) ?? 0) + 1);
    if (message.type === 'roster') {
      this.#roster = true;
      for (const student of message.students) this.#row(student, at);
    } else if (message.type === 'student') this.#row(message.student, at);
    else if (message.type === 'error') this.errors.push(`${message.code}: ${message.message}`);
  }

  #row(student: RosterStudent, at: number): void {
    if (!this.rowSeenAt.has(student.id)) this.rowSeenAt.set(student.id, at);
    const passed = student.checks[this.#lab];
    if (!this.passedSeenAt.has(student.id) && this.#checks.every((check) => passed?.[check] !== undefined)) {
      this.passedSeenAt.set(student.id, at);
    }
  }
}
