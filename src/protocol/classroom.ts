/**
 * The instructor dashboard's live feed: what the lab server sends on `INSTRUCTOR_WEBSOCKET_PATH` to a signed-in
 * instructor, and the one thing the dashboard asks for on it (whose lab to watch). The roster comes whole once
 * when the dashboard connects and then one student at a time as they change, so a class of hundreds costs one
 * row per pass, not the whole grid. Text in it (lab and check titles, messages) is in the language the
 * dashboard asked for with `?locale=`; students' names are their own text and are shown as text, never markup.
 */

import type { ErrorCode } from './errors';
import type { CheckState, ServerMessage } from './messages';

/** Where the dashboard opens its WebSocket; the lab server refuses anyone but the signed-in instructor. */
export const INSTRUCTOR_WEBSOCKET_PATH = '/ws/instructor';

/** A check or capture question of a lab, as the grid's column heads show them. */
export interface RosterItem {
  readonly id: string;
  readonly title: string;
}

/** A lab of the course: one group of columns in the grid, in the course's order. */
export interface RosterLab {
  readonly id: string;
  readonly title: string;
  readonly checks: readonly RosterItem[];
  readonly questions: readonly RosterItem[];
}

/** A check a student has been failing for at least `stuckAfterMs`, without passing it since. */
export interface StuckCheck {
  readonly lab: string;
  readonly check: string;
  /** When it first failed in this run of failures, in milliseconds since the epoch. */
  readonly since: number;
}

/** One row of the roster. Times are milliseconds since the epoch. */
export interface RosterStudent {
  readonly id: string;
  /** As the student typed it: text, never markup. */
  readonly name: string;
  readonly joinedAt: number;
  /** The last request or lab message from this student. */
  readonly lastSeenAt: number;
  /** A page of theirs holds a lab session open now. */
  readonly online: boolean;
  /** The lab of the session they used last while online; undefined when offline. */
  readonly lab: string | undefined;
  /** Lab sessions running for them (a tab each, or a reloaded one waiting). */
  readonly sessions: number;
  /** First-pass times by lab id, then by check id. */
  readonly checks: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** First-pass times by lab id, then by question id. */
  readonly questions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly stuck: StuckCheck | undefined;
}

export interface JoiningState {
  readonly open: boolean;
  readonly code: string;
  /** What the instructor projects: the join page with the code filled in. */
  readonly url: string;
}

/** A check's or question's state change in a student's sessions: the drill-down's history. */
export interface ProgressEventView {
  readonly lab: string;
  readonly kind: 'check' | 'question';
  readonly item: string;
  readonly state: CheckState;
  readonly at: number;
}

/** A lab session of the watched student, live now. */
export interface WatchedSession {
  readonly session: string;
  readonly lab: string;
  /** A page is attached to it (rather than waiting for a reload). */
  readonly attached: boolean;
}

/** What a watched student's session sends its page, mirrored read-only to the instructor. */
export type WatchedMessage = Extract<
  ServerMessage,
  { readonly type: 'packet' | 'check' | 'question' | 'event' | 'gap' }
>;

export type InstructorMessage =
  /** The whole roster: first on every connection. */
  | {
      readonly type: 'roster';
      readonly labs: readonly RosterLab[];
      readonly students: readonly RosterStudent[];
      readonly joining: JoiningState;
      readonly stuckAfterMs: number;
    }
  /** One student joined or changed: replaces their row (or adds it, at the end). */
  | { readonly type: 'student'; readonly student: RosterStudent }
  /** A student left or was removed. */
  | { readonly type: 'student-removed'; readonly id: string }
  | { readonly type: 'joining'; readonly joining: JoiningState }
  /**
   * The answer to `watch`: the student's history (newest last, bounded) and their live sessions. Then come
   * `watched` messages: first the packets each session kept (its newest 200), then whatever happens, until the
   * dashboard watches someone else.
   */
  | {
      readonly type: 'watching';
      readonly student: string;
      readonly history: readonly ProgressEventView[];
      readonly sessions: readonly WatchedSession[];
    }
  | { readonly type: 'watched'; readonly student: string; readonly session: string; readonly message: WatchedMessage }
  /** The live sessions of the watched student changed (one started, ended, or lost its page). */
  | { readonly type: 'watched-sessions'; readonly student: string; readonly sessions: readonly WatchedSession[] }
  | { readonly type: 'error'; readonly code: ErrorCode; readonly message: string };

/** What the dashboard sends: whose sessions to mirror (`null`: nobody). */
export interface WatchRequest {
  readonly type: 'watch';
  readonly student: string | null;
}

/** Largest message the dashboard may send (bytes); a `watch` is a few dozen. */
export const MAX_INSTRUCTOR_REQUEST_BYTES = 1024;

/** History events a `watching` answer carries at most. */
export const MAX_WATCH_HISTORY = 500;
