/**
 * The instructor dashboard's WebSocket (INSTRUCTOR_WEBSOCKET_PATH; its messages in src/protocol/classroom.ts).
 * The lab server upgrades only a signed-in instructor (lab-server.ts refuses students and strangers before
 * this runs). Each dashboard gets the roster whole, then the rows that change, and mirrors of one watched
 * student's sessions: their packets, timeline, checks and questions, read-only — nothing the dashboard sends
 * reaches a session.
 *
 * What a dashboard has not read is bounded like a lab page's: past `WATCH_BULK_BYTES` buffered, mirrored
 * messages are skipped (the roster still flows); past `MAX_BUFFERED_BYTES` the dashboard is too far behind and
 * is closed with LAB_ERR_PAGE_TOO_SLOW, to reconnect and get the roster afresh.
 */

import type { WebSocket } from 'ws';
import type { Disposable } from '../../src/common/disposable';
import { type Locale, pick } from '../../src/common/localized';
import {
  CLOSE_CODES,
  decodeWatchRequest,
  ERRORS,
  type ErrorCode,
  type InstructorMessage,
  LabError,
  MAX_WATCH_HISTORY,
  type WatchedSession,
} from '../../src/protocol';
import { log } from '../log';
import type { SessionRegistry } from '../sessions/session-registry';
import type { OwnerId, ProgressStore } from '../store/progress-store';
import type { Roster, RosterChange } from './roster';
import { TokenBucket } from './token-bucket';

const WATCH_BULK_BYTES = 256 * 1024;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** `watch` requests a dashboard may make: each reads the store, so a script cannot make that a loop. */
const WATCH_LIMIT = { capacity: 30, perSecond: 5 };
/** Kept packets a `watch` answer is followed by, per session: the drill-down starts with the recent past. */
const WATCH_BACKLOG_PACKETS = 200;

export interface InstructorFeedOptions {
  readonly roster: Roster;
  readonly sessions: SessionRegistry;
  readonly store: ProgressStore;
  readonly joining: () => { readonly open: boolean; readonly code: string; readonly url: string };
  readonly clock?: () => number;
}

export class InstructorFeed implements Disposable {
  readonly #options: InstructorFeedOptions;
  readonly #dashboards = new Set<Dashboard>();

  constructor(options: InstructorFeedOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#dashboards.size;
  }

  /** Serves one upgraded dashboard until it closes. */
  accept(socket: WebSocket, locale: Locale): void {
    const dashboard = new Dashboard(socket, locale, this.#options);
    this.#dashboards.add(dashboard);
    socket.once('close', () => {
      dashboard.dispose();
      this.#dashboards.delete(dashboard);
    });
    dashboard.start().catch((error: unknown) => {
      // Without its roster a dashboard shows nothing true: it is closed, and reconnects to try again.
      log(`dashboard roster not read: ${reason(error)}`);
      dashboard.close(CLOSE_CODES.fatalError, 'LAB_ERR_INTERNAL');
    });
  }

  /** Joining opened or closed, or the code changed: every dashboard shows it. */
  joiningChanged(): void {
    for (const dashboard of this.#dashboards) dashboard.send({ type: 'joining', joining: this.#options.joining() });
  }

  dispose(): void {
    for (const dashboard of this.#dashboards) dashboard.close(CLOSE_CODES.serverStopping, 'stopping');
    this.#dashboards.clear();
  }
}

class Dashboard implements Disposable {
  readonly #socket: WebSocket;
  readonly #locale: Locale;
  readonly #options: InstructorFeedOptions;
  readonly #subscriptions: Disposable[] = [];
  readonly #watchBudget: TokenBucket;
  #watching: OwnerId | undefined;
  #watchSubscription: Disposable | undefined;
  #skipped = 0;
  #closed = false;

  constructor(socket: WebSocket, locale: Locale, options: InstructorFeedOptions) {
    this.#socket = socket;
    this.#locale = locale;
    this.#options = options;
    this.#watchBudget = new TokenBucket({ ...WATCH_LIMIT, clock: options.clock ?? Date.now });
  }

  async start(): Promise<void> {
    const { roster } = this.#options;
    // Subscribed before the snapshot is read, so no change can fall between the two.
    this.#subscriptions.push(
      roster.onChange((change) => {
        this.#rosterChanged(change).catch((error: unknown) => {
          log(`dashboard row not read: ${reason(error)}`);
          this.#error('LAB_ERR_INTERNAL');
        });
      }),
    );
    this.#socket.on('message', (data, isBinary) => this.#received(data.toString(), isBinary));
    const students = await roster.students();
    this.send({
      type: 'roster',
      labs: roster.labs(this.#locale),
      students,
      joining: this.#options.joining(),
      stuckAfterMs: roster.stuckAfterMs,
    });
  }

  send(message: InstructorMessage): void {
    if (this.#closed) return;
    const buffered = this.#socket.bufferedAmount;
    if (buffered > MAX_BUFFERED_BYTES) {
      this.#fail('LAB_ERR_PAGE_TOO_SLOW');
      return;
    }
    if (message.type === 'watched' && buffered > WATCH_BULK_BYTES) {
      this.#skipped++;
      return;
    }
    this.#socket.send(JSON.stringify(message));
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.close(code, reason);
  }

  dispose(): void {
    this.#closed = true;
    for (const subscription of this.#subscriptions) subscription.dispose();
    this.#watchSubscription?.dispose();
    if (this.#skipped > 0) log(`dashboard skipped ${this.#skipped} mirrored messages: it read too slowly`);
  }

  async #rosterChanged(change: RosterChange): Promise<void> {
    if (change.type === 'removed') {
      this.send({ type: 'student-removed', id: change.id });
      if (this.#watching === change.id) this.#unwatch();
      return;
    }
    const student = await this.#options.roster.student(change.id);
    if (student !== undefined) this.send({ type: 'student', student });
  }

  #received(text: string, isBinary: boolean): void {
    try {
      if (isBinary) throw new LabError('LAB_ERR_MESSAGE_BINARY');
      const request = decodeWatchRequest(text);
      if (!this.#watchBudget.take()) throw new LabError('LAB_ERR_MESSAGE_RATE');
      this.#watch(request.student).catch((error: unknown) => {
        log(`dashboard watch failed: ${reason(error)}`);
        this.#error('LAB_ERR_INTERNAL');
      });
    } catch (error) {
      // Thrown in a socket's listener, anything else would end the lab server: it is logged and answered.
      if (error instanceof LabError) this.#error(error.code, error.message);
      else {
        log(`dashboard message failed: ${reason(error)}`);
        this.#error('LAB_ERR_INTERNAL');
      }
    }
  }

  async #watch(student: string | null): Promise<void> {
    this.#unwatch();
    if (student === null) return;
    const { store, sessions } = this.#options;
    if ((await store.student(student)) === undefined) {
      this.#error('LAB_ERR_NOT_FOUND');
      return;
    }
    this.#watching = student;
    const live = (): WatchedSession[] =>
      sessions
        .ofOwner(student)
        .map((session) => ({ session: session.id, lab: session.lab.id, attached: session.attached }));
    // Subscribed first, like the roster: what happens while the history is read still arrives.
    this.#watchSubscription = sessions.onActivity((activity) => {
      if (activity.session.owner !== student) return;
      if (activity.kind === 'message') {
        this.send({ type: 'watched', student, session: activity.session.id, message: activity.message });
      } else {
        this.send({ type: 'watched-sessions', student, sessions: live() });
      }
    });
    const history = await store.eventsOf(student, { limit: MAX_WATCH_HISTORY });
    if (this.#watching !== student) return;
    this.send({
      type: 'watching',
      student,
      history: history.map(({ lab, kind, item, state, at }) => ({ lab, kind, item, state, at })),
      sessions: live(),
    });
    for (const session of sessions.ofOwner(student)) {
      for (const packet of session.keptPackets().slice(-WATCH_BACKLOG_PACKETS)) {
        this.send({ type: 'watched', student, session: session.id, message: { type: 'packet', packet } });
      }
    }
  }

  #unwatch(): void {
    this.#watchSubscription?.dispose();
    this.#watchSubscription = undefined;
    this.#watching = undefined;
  }

  #error(code: ErrorCode, message?: string): void {
    this.send({ type: 'error', code, message: message ?? pick(ERRORS[code], this.#locale) });
  }

  #fail(code: 'LAB_ERR_PAGE_TOO_SLOW'): void {
    this.#closed = true;
    this.#socket.close(CLOSE_CODES.fatalError, code);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
