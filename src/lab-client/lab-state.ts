/**
 * What the lab panel shows, as one immutable value and a reducer that folds the connection's events into it.
 * Keeping this pure (no React, no socket) makes the rules testable on their own: a check or question update
 * replaces the one with the same id, events and packets are kept in order without duplicates (a resumed session
 * resends its recent ones), a TLS handshake replaces the one of the same connection (`tls-state.ts`), and only a
 * bounded number of events, packets, gaps, handshakes and notices are kept, so a chatty session cannot grow the
 * page's memory without limit.
 */

import type {
  CaptureGap,
  CaptureStatus,
  CertificateChainReport,
  CheckStatus,
  FaultStatus,
  LabInfo,
  Packet,
  PkiDownloads,
  QuestionStatus,
  ServerEvent,
  ServerInfo,
  TlsHandshake,
  WelcomeMessage,
} from '../protocol';
import type { ConnectionStatus } from './lab-connection';
import type { LabNotice } from './message-dispatch';
import { NO_TIME_ORIGIN, originFromWelcome, type TimeOrigin, withEventTimes, withPacketTimes } from './time-origin';
import { type CertificateInspection, isCertificateError, mergeHandshakes, NO_INSPECTION } from './tls-state';

/** Most events kept for the server log; older ones are dropped first. */
export const MAX_EVENTS = 500;
/** Most packets kept for the packet list and the ladder; older ones are dropped first. */
export const MAX_PACKETS = 2000;
/** Most gap markers kept; a capture that restarts this often has bigger problems than the markers. */
export const MAX_GAPS = 100;
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
  readonly questions: readonly QuestionStatus[];
  /** The faults the lab offers, as last reported. */
  readonly faults: readonly FaultStatus[];
  readonly events: readonly ServerEvent[];
  /** Undefined until the first welcome. */
  readonly capture: CaptureStatus | undefined;
  /** Where the session's capture downloads from: the welcome's `pcapng` path, its download token included. */
  readonly captureFile: string | undefined;
  /** The session's packets in id order, at most MAX_PACKETS of them. */
  readonly packets: readonly Packet[];
  /**
   * The list's "No." of `packets[0]`: 1, plus one for each older packet dropped to stay within MAX_PACKETS. A
   * packet keeps its number while newer ones arrive and older ones go.
   */
  readonly firstPacketNumber: number;
  /** The session's first packet or event: every view's time zero (see `time-origin.ts`). */
  readonly timeOrigin: TimeOrigin;
  /** Gap markers, sorted by `after`; each is drawn after the last packet whose id is at most `after`. */
  readonly gaps: readonly CaptureGap[];
  /** The TLS handshakes of the session's connections, by connection number, at most MAX_TLS_HANDSHAKES. */
  readonly handshakes: readonly TlsHandshake[];
  /** What the session's own TLS programs download from the class PKI; undefined for a lab without TLS. */
  readonly pki: PkiDownloads | undefined;
  /** The certificate the student pasted into the viewer, and the lab server's answer. */
  readonly inspection: CertificateInspection;
  readonly notices: readonly ShownNotice[];
  readonly nextNoticeKey: number;
}

export type LabAction =
  | { readonly type: 'status'; readonly status: ConnectionStatus }
  | { readonly type: 'welcome'; readonly welcome: WelcomeMessage }
  | { readonly type: 'check'; readonly check: CheckStatus }
  | { readonly type: 'question'; readonly question: QuestionStatus }
  | { readonly type: 'fault'; readonly fault: FaultStatus }
  | { readonly type: 'event'; readonly event: ServerEvent }
  /** Packets in the order they arrived; the panel batches them, so a flood costs one render per batch. */
  | { readonly type: 'packets'; readonly packets: readonly Packet[] }
  | { readonly type: 'capture'; readonly capture: CaptureStatus }
  | { readonly type: 'gap'; readonly gap: CaptureGap }
  | { readonly type: 'tls'; readonly handshake: TlsHandshake }
  /** A certificate was sent to the lab server for a report; `inspection` says it is on its way. */
  | { readonly type: 'inspect' }
  | { readonly type: 'certificate'; readonly report: CertificateChainReport }
  /** The page refused to send a paste (too large), with the catalog's code and sentence. */
  | { readonly type: 'inspect-refused'; readonly notice: LabNotice }
  | { readonly type: 'notice'; readonly notice: LabNotice }
  | { readonly type: 'dismiss-notice'; readonly key: number };

export const INITIAL_LAB_STATE: LabViewState = {
  status: { state: 'connecting' },
  lab: undefined,
  session: undefined,
  servers: [],
  checks: [],
  questions: [],
  faults: [],
  events: [],
  capture: undefined,
  captureFile: undefined,
  packets: [],
  firstPacketNumber: 1,
  timeOrigin: NO_TIME_ORIGIN,
  gaps: [],
  handshakes: [],
  pki: undefined,
  inspection: NO_INSPECTION,
  notices: [],
  nextNoticeKey: 1,
};

export function labReducer(state: LabViewState, action: LabAction): LabViewState {
  switch (action.type) {
    case 'status':
      return { ...state, status: action.status };
    case 'welcome': {
      const { welcome } = action;
      // A resumed session continues the same event and packet streams; a new one starts its own.
      const sameSession = welcome.resumed && welcome.session === state.session;
      const base = sameSession
        ? { ...state, timeOrigin: originFromWelcome(welcome.clock, state.timeOrigin) }
        : {
            ...state,
            packets: [],
            firstPacketNumber: 1,
            timeOrigin: originFromWelcome(welcome.clock),
            gaps: [],
            handshakes: [],
            inspection: NO_INSPECTION,
          };
      const withOrigin = { ...base, timeOrigin: withEventTimes(base.timeOrigin, welcome.events) };
      return {
        ...withPackets(withOrigin, welcome.packets),
        lab: welcome.lab,
        session: welcome.session,
        servers: welcome.servers,
        checks: welcome.checks,
        questions: welcome.questions,
        faults: welcome.faults,
        events: sameSession ? mergeEvents(state.events, welcome.events) : mergeEvents([], welcome.events),
        capture: welcome.capture,
        captureFile: welcome.pcapng === '' ? undefined : welcome.pcapng,
        handshakes: mergeHandshakes(base.handshakes, welcome.handshakes),
        pki: welcome.pki,
      };
    }
    case 'check':
      return { ...state, checks: replaceById(state.checks, action.check) };
    case 'question':
      return { ...state, questions: replaceById(state.questions, action.question) };
    case 'fault':
      return {
        ...state,
        faults: state.faults.map((fault) =>
          fault.kind === action.fault.kind && fault.server === action.fault.server ? action.fault : fault,
        ),
      };
    case 'event':
      return {
        ...state,
        events: mergeEvents(state.events, [action.event]),
        timeOrigin: withEventTimes(state.timeOrigin, [action.event]),
      };
    case 'packets':
      return action.packets.length === 0 ? state : withPackets(state, action.packets);
    case 'capture':
      return { ...state, capture: action.capture };
    case 'gap':
      return { ...state, gaps: addGap(state.gaps, action.gap) };
    case 'tls':
      return { ...state, handshakes: mergeHandshakes(state.handshakes, [action.handshake]) };
    case 'inspect':
      return { ...state, inspection: { state: 'pending' } };
    case 'certificate':
      return { ...state, inspection: { state: 'done', report: action.report } };
    case 'inspect-refused':
      return { ...state, inspection: failedInspection(action.notice) };
    case 'notice': {
      // The lab server's answer to a paste it could not read goes under the paste box, not into the notices.
      if (state.inspection.state === 'pending' && isCertificateError(action.notice.code)) {
        return { ...state, inspection: failedInspection(action.notice) };
      }
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

function failedInspection(notice: LabNotice): CertificateInspection {
  return { state: 'failed', code: notice.code, message: notice.message };
}

/** Folds packets into the state, keeping the numbering, the time origin and the gaps consistent. */
function withPackets(state: LabViewState, incoming: readonly Packet[]): LabViewState {
  if (incoming.length === 0) return state;
  const merged = mergePackets(state.packets, incoming, state.firstPacketNumber);
  const timeOrigin = withPacketTimes(state.timeOrigin, incoming);
  const first = merged.packets[0];
  // Gaps before the oldest kept packet marked a place in packets that are gone.
  const gaps =
    merged.dropped > 0 && first !== undefined ? state.gaps.filter((gap) => gap.after >= first.id) : state.gaps;
  return { ...state, packets: merged.packets, firstPacketNumber: merged.firstNumber, timeOrigin, gaps };
}

export interface MergedPackets {
  readonly packets: readonly Packet[];
  /** The number of `packets[0]`. */
  readonly firstNumber: number;
  /** How many of the oldest packets were dropped to stay within MAX_PACKETS. */
  readonly dropped: number;
}

/**
 * `current` plus `incoming`, in id order, each id once (the incoming copy wins), at most MAX_PACKETS. Packets
 * merged in before the current first one (a resumed session's welcome can bring back older ones) take numbers
 * below `firstNumber`, down to 1.
 */
export function mergePackets(
  current: readonly Packet[],
  incoming: readonly Packet[],
  firstNumber: number,
): MergedPackets {
  let packets: Packet[];
  let number = firstNumber;
  if (isAppend(current, incoming)) {
    // The common case: new packets after the last one, without building a map.
    packets = [...current, ...incoming];
  } else {
    const byId = new Map<number, Packet>();
    for (const packet of current) byId.set(packet.id, packet);
    for (const packet of incoming) byId.set(packet.id, packet);
    packets = [...byId.values()].sort((a, b) => a.id - b.id);
    const oldFirst = current[0]?.id;
    if (oldFirst !== undefined) {
      const added = packets.findIndex((packet) => packet.id >= oldFirst);
      number = Math.max(1, number - (added === -1 ? packets.length : added));
    }
  }
  const dropped = Math.max(0, packets.length - MAX_PACKETS);
  return {
    packets: dropped > 0 ? packets.slice(dropped) : packets,
    firstNumber: number + dropped,
    dropped,
  };
}

function isAppend(current: readonly Packet[], incoming: readonly Packet[]): boolean {
  let last = current[current.length - 1]?.id ?? Number.NEGATIVE_INFINITY;
  for (const packet of incoming) {
    if (packet.id <= last) return false;
    last = packet.id;
  }
  return true;
}

/** Adds a gap in `after` order, ignoring an exact duplicate, keeping the newest MAX_GAPS. */
export function addGap(gaps: readonly CaptureGap[], gap: CaptureGap): CaptureGap[] {
  if (gaps.some((g) => g.after === gap.after && g.time === gap.time && g.reason === gap.reason)) return [...gaps];
  return [...gaps, gap].sort((a, b) => a.after - b.after || a.time - b.time).slice(-MAX_GAPS);
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

/** Replaces the item with the same id, or appends it: checks and questions arrive one at a time by id. */
function replaceById<T extends { readonly id: string }>(items: readonly T[], item: T): readonly T[] {
  const index = items.findIndex((existing) => existing.id === item.id);
  return index === -1 ? [...items, item] : items.map((existing, i) => (i === index ? item : existing));
}

export function passedCount(checks: readonly { readonly state: CheckStatus['state'] }[]): number {
  return checks.filter((check) => check.state === 'passed').length;
}
