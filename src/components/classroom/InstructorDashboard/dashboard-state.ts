/**
 * What the dashboard knows of the class, and how each feed message (src/protocol/classroom.ts) changes it: a
 * pure reducer, so the page's behaviour on a roster, a changed row, a removal or a mirrored packet is tested
 * without a browser. Rows are replaced by id, never mutated, so a grid row whose student did not change keeps
 * its object and React skips it: in a class of hundreds, one pass re-renders one row. What a watched student's
 * sessions send is kept only up to `MAX_WATCHED_ITEMS`, oldest dropped, so a chatty lab cannot grow the page.
 */

import type {
  InstructorMessage,
  JoiningState,
  ProgressEventView,
  RosterLab,
  RosterStudent,
  WatchedMessage,
  WatchedSession,
} from '../../../protocol/classroom';
import { MAX_WATCH_HISTORY } from '../../../protocol/classroom';

/** Mirrored packets, events, checks, questions and gaps the drill-down keeps at most. */
export const MAX_WATCHED_ITEMS = 500;

/** One mirrored message, with when the dashboard got it (events carry session-relative times only). */
export interface WatchedItem {
  /** Unique within the page, for React keys. */
  readonly key: number;
  readonly session: string;
  readonly receivedAt: number;
  readonly message: WatchedMessage;
}

export interface Watch {
  readonly student: string;
  /** False until the `watching` answer arrived. */
  readonly ready: boolean;
  readonly history: readonly ProgressEventView[];
  readonly sessions: readonly WatchedSession[];
  /** Oldest first, at most MAX_WATCHED_ITEMS. */
  readonly items: readonly WatchedItem[];
  /** Items dropped from the front to keep the bound. */
  readonly dropped: number;
}

export interface DashboardState {
  readonly labs: readonly RosterLab[];
  /** In roster order: joined first, first. */
  readonly students: readonly RosterStudent[];
  readonly joining: JoiningState | undefined;
  readonly stuckAfterMs: number;
  readonly watch: Watch | undefined;
  /** The last `error` message of the feed, for the instructor to read. */
  readonly error: string | undefined;
  readonly nextKey: number;
}

export const EMPTY_STATE: DashboardState = {
  labs: [],
  students: [],
  joining: undefined,
  stuckAfterMs: 0,
  watch: undefined,
  error: undefined,
  nextKey: 1,
};

/** The instructor picked a student to watch (or nobody): their drill-down starts empty until `watching`. */
export function startWatching(state: DashboardState, student: string | undefined): DashboardState {
  if (student === undefined) return { ...state, watch: undefined };
  return {
    ...state,
    watch: { student, ready: false, history: [], sessions: [], items: [], dropped: 0 },
  };
}

export function applyMessage(state: DashboardState, message: InstructorMessage, now: number): DashboardState {
  switch (message.type) {
    case 'roster': {
      // A reconnect brings the whole roster again; a watched student who left meanwhile is no longer watched.
      const watch = state.watch;
      const stillThere = watch !== undefined && message.students.some((student) => student.id === watch.student);
      return {
        ...state,
        labs: message.labs,
        students: message.students,
        joining: message.joining,
        stuckAfterMs: message.stuckAfterMs,
        watch: stillThere ? watch : undefined,
        error: undefined,
      };
    }
    case 'student': {
      const index = state.students.findIndex((student) => student.id === message.student.id);
      const students =
        index < 0
          ? [...state.students, message.student]
          : state.students.map((student, at) => (at === index ? message.student : student));
      return { ...state, students };
    }
    case 'student-removed': {
      const students = state.students.filter((student) => student.id !== message.id);
      const watch = state.watch?.student === message.id ? undefined : state.watch;
      return { ...state, students, watch };
    }
    case 'joining':
      return { ...state, joining: message.joining };
    case 'watching': {
      if (state.watch?.student !== message.student) return state;
      return {
        ...state,
        watch: { ...state.watch, ready: true, history: message.history, sessions: message.sessions },
      };
    }
    case 'watched-sessions': {
      if (state.watch?.student !== message.student) return state;
      return { ...state, watch: { ...state.watch, sessions: message.sessions } };
    }
    case 'watched': {
      const watch = state.watch;
      if (watch?.student !== message.student) return state;
      const item: WatchedItem = {
        key: state.nextKey,
        session: message.session,
        receivedAt: now,
        message: message.message,
      };
      const over = Math.max(0, watch.items.length + 1 - MAX_WATCHED_ITEMS);
      const items = [...watch.items.slice(over), item];
      const history = historyWith(watch, message.session, message.message, now);
      return {
        ...state,
        nextKey: state.nextKey + 1,
        watch: { ...watch, items, history, dropped: watch.dropped + over },
      };
    }
    case 'error':
      return { ...state, error: message.message };
  }
}

/**
 * A live check or question change joins the history, as the store will have it on the next `watch`; the
 * mirrored message names no lab, its session does. Bounded like the server's answer.
 */
function historyWith(
  watch: Watch,
  session: string,
  message: WatchedMessage,
  now: number,
): readonly ProgressEventView[] {
  const lab = watch.sessions.find((candidate) => candidate.session === session)?.lab;
  if (lab === undefined) return watch.history;
  let event: ProgressEventView | undefined;
  if (message.type === 'check') {
    event = { lab, kind: 'check', item: message.check.id, state: message.check.state, at: now };
  } else if (message.type === 'question') {
    event = { lab, kind: 'question', item: message.question.id, state: message.question.state, at: now };
  }
  // Pending is how every session starts; the history is of what the student achieved or tripped on.
  if (event === undefined || event.state === 'pending') return watch.history;
  const last = watch.history.at(-1);
  // A session re-sends a check's state on every change of its detail; the history keeps state changes.
  if (last !== undefined && last.lab === lab && last.item === event.item && last.state === event.state) {
    return watch.history;
  }
  return [...watch.history.slice(-(MAX_WATCH_HISTORY - 1)), event];
}

/** Passed checks of a lab, of all its checks. */
export function labCount(student: RosterStudent, lab: RosterLab): { passed: number; total: number } {
  const times = student.checks[lab.id] ?? {};
  let passed = 0;
  for (const check of lab.checks) if (times[check.id] !== undefined) passed++;
  return { passed, total: lab.checks.length };
}
