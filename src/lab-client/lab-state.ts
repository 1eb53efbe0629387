/**
 * What the lab panel shows, as one immutable value and a reducer that folds the connection's events into it.
 * Keeping this pure (no React, no socket) makes the rules testable on their own: a check update replaces the
 * check with the same id, events are kept in `seq` order without duplicates (a resumed session resends its
 * recent ones), and only a bounded number of events and notices are kept, so a chatty session cannot grow the
 * page's memory without limit.
 */

import type { CheckStatus, LabInfo, ServerEvent, ServerInfo, WelcomeMessage } from '../protocol';
import type { ConnectionStatus, LabNotice } from './lab-connection';

/** Most events kept for the server log; older ones are dropped first. */
export const MAX_EVENTS = 500;
/** Most error notices kept on screen. */
export const MAX_NOTICES = 5;

export interface ShownNotice extends LabNotice {
  /** Stable key for React and for dismissing. */
  readonly key: number;
}

export interface LabViewState {
  readonly status: ConnectionStatus;
  /** From the last `welcome`; undefined until the first one. */
  readonly lab: LabInfo | undefined;
  readonly session: string | undefined;
  readonly servers: readonly ServerInfo[];
  readonly checks: readonly CheckStatus[];
  readonly events: readonly ServerEvent[];
  readonly notices: readonly ShownNotice[];
  readonly nextNoticeKey: number;
}

export type LabAction =
  | { readonly type: 'status'; readonly status: ConnectionStatus }
  | { readonly type: 'welcome'; readonly welcome: WelcomeMessage }
  | { readonly type: 'check'; readonly check: CheckStatus }
  | { readonly type: 'event'; readonly event: ServerEvent }
  | { readonly type: 'notice'; readonly notice: LabNotice }
  | { readonly type: 'dismiss-notice'; readonly key: number };

export const INITIAL_LAB_STATE: LabViewState = {
  status: { state: 'connecting' },
  lab: undefined,
  session: undefined,
  servers: [],
  checks: [],
  events: [],
  notices: [],
  nextNoticeKey: 1,
};

export function labReducer(state: LabViewState, action: LabAction): LabViewState {
  switch (action.type) {
    case 'status':
      return { ...state, status: action.status };
    case 'welcome': {
      const { welcome } = action;
      // A resumed session continues the same event stream; a new one starts its own from seq 1.
      const sameSession = welcome.resumed && welcome.session === state.session;
      return {
        ...state,
        lab: welcome.lab,
        session: welcome.session,
        servers: welcome.servers,
        checks: welcome.checks,
        events: sameSession ? mergeEvents(state.events, welcome.events) : mergeEvents([], welcome.events),
      };
    }
    case 'check': {
      const index = state.checks.findIndex((check) => check.id === action.check.id);
      const checks =
        index === -1
          ? [...state.checks, action.check]
          : state.checks.map((check, i) => (i === index ? action.check : check));
      return { ...state, checks };
    }
    case 'event':
      return { ...state, events: mergeEvents(state.events, [action.event]) };
    case 'notice': {
      const shown: ShownNotice = { ...action.notice, key: state.nextNoticeKey };
      return {
        ...state,
        notices: [...state.notices, shown].slice(-MAX_NOTICES),
        nextNoticeKey: state.nextNoticeKey + 1,
      };
    }
    case 'dismiss-notice':
      return { ...state, notices: state.notices.filter((notice) => notice.key !== action.key) };
  }
}

/** `current` plus `incoming`, in `seq` order, each seq once (the incoming copy wins), at most MAX_EVENTS. */
export function mergeEvents(current: readonly ServerEvent[], incoming: readonly ServerEvent[]): ServerEvent[] {
  const last = current[current.length - 1];
  // The common case, one new event after the last one, without building a map.
  if (incoming.length === 1 && (last === undefined || incoming[0]!.seq > last.seq)) {
    const events = [...current, incoming[0]!];
    return events.length > MAX_EVENTS ? events.slice(-MAX_EVENTS) : events;
  }
  const bySeq = new Map<number, ServerEvent>();
  for (const event of current) bySeq.set(event.seq, event);
  for (const event of incoming) bySeq.set(event.seq, event);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-MAX_EVENTS);
}

export function passedCount(checks: readonly CheckStatus[]): number {
  return checks.filter((check) => check.state === 'passed').length;
}
