/**
 * Tests of the lab panel's state reducer: welcome, check and question updates, event and packet merging, packet
 * numbering, gap markers, capture status and the bounded lists.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verbatim } from '../common/localized';
import type { CaptureGap, Packet, ServerEvent, WelcomeMessage } from '../protocol';
import {
  addGap,
  INITIAL_LAB_STATE,
  type LabViewState,
  labReducer,
  MAX_EVENTS,
  MAX_GAPS,
  MAX_NOTICES,
  MAX_PACKETS,
  mergeEvents,
  mergePackets,
} from './lab-state';
import { udpPacket } from './packet-fixtures';
import { expiredChain, mtlsRefusedHandshake, tls12EcdheHandshake, tls13Handshake } from './testing/tls-fixtures';
import { welcomeMessage } from './welcome-fixture';

const CLIENT = { host: '127.0.0.1', port: 40000 };
const SERVER = { host: '127.0.0.1', port: 20417 };
/** Packet `id`, captured `id` ms after t=1000 s. */
const packet = (id: number): Packet => udpPacket(id, 1000 + id / 1000, `p${id}`, CLIENT, SERVER);
const packets = (from: number, to: number): Packet[] =>
  Array.from({ length: to - from + 1 }, (_, i) => packet(from + i));
const gap = (after: number, reason = 'capture restarted'): CaptureGap => ({ after, time: 1000 + after, reason });
const ids = (state: LabViewState): number[] => state.packets.map((p) => p.id);

const event = (seq: number): ServerEvent => ({ seq, time: seq, server: 'echo', connection: 1, kind: 'receive' });

function welcome(overrides: Partial<WelcomeMessage> = {}): WelcomeMessage {
  return welcomeMessage({
    checks: [
      { id: 'a', title: 'A', state: 'pending', detail: '' },
      { id: 'b', title: 'B', state: 'pending', detail: '' },
    ],
    events: [event(1), event(2)],
    ...overrides,
  });
}

describe('labReducer', () => {
  it('takes lab, checks and events from welcome', () => {
    const state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome() });
    assert.equal(state.lab?.title, 'TCP echo');
    assert.equal(state.session, 'S1');
    assert.equal(state.checks.length, 2);
    assert.deepEqual(
      state.events.map((e) => e.seq),
      [1, 2],
    );
  });

  it('replaces a check by id and appends an unknown one', () => {
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome() });
    state = labReducer(state, { type: 'check', check: { id: 'b', title: 'B', state: 'passed', detail: 'ok' } });
    state = labReducer(state, { type: 'check', check: { id: 'c', title: 'C', state: 'failed', detail: 'no' } });
    assert.deepEqual(
      state.checks.map((c) => `${c.id}:${c.state}`),
      ['a:pending', 'b:passed', 'c:failed'],
    );
  });

  it('merges the events of a resumed session and restarts them for a new one', () => {
    let state: LabViewState = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome() });
    state = labReducer(state, { type: 'event', event: event(3) });
    const resumed = labReducer(state, {
      type: 'welcome',
      welcome: welcome({ resumed: true, events: [event(2), event(3), event(4)] }),
    });
    assert.deepEqual(
      resumed.events.map((e) => e.seq),
      [1, 2, 3, 4],
    );
    const fresh = labReducer(state, { type: 'welcome', welcome: welcome({ session: 'S2', events: [event(1)] }) });
    assert.deepEqual(
      fresh.events.map((e) => e.seq),
      [1],
    );
  });

  it('takes questions, capture state and the capture file from welcome', () => {
    const question = { id: 'isn', prompt: 'Q?', format: 'a number', state: 'pending', detail: '', answer: '' } as const;
    const state = labReducer(INITIAL_LAB_STATE, {
      type: 'welcome',
      welcome: welcome({ questions: [question], capture: { state: 'unavailable', reason: 'No dumpcap.' } }),
    });
    assert.deepEqual(state.questions, [question]);
    assert.deepEqual(state.capture, { state: 'unavailable', reason: 'No dumpcap.' });
    assert.equal(state.captureFile, '/api/sessions/S1/capture.pcapng?token=D1');
    const none = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome({ pcapng: '' }) });
    assert.equal(none.captureFile, undefined);
  });

  it('replaces a question by id and follows the capture state', () => {
    const q = (state: 'pending' | 'passed' | 'failed', answer: string) =>
      ({ id: 'isn', prompt: 'Q?', format: 'a number', state, detail: state, answer }) as const;
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome({ questions: [q('pending', '')] }) });
    state = labReducer(state, { type: 'question', question: q('failed', '7') });
    assert.deepEqual(
      state.questions.map((x) => `${x.id}:${x.state}:${x.answer}`),
      ['isn:failed:7'],
    );
    state = labReducer(state, { type: 'capture', capture: { state: 'restarting', reason: 'tshark exited.' } });
    assert.equal(state.capture?.state, 'restarting');
  });

  it('takes the faults from welcome, and the one the lab server reports set', () => {
    const loss = { kind: 'loss', server: 'echo', available: true, value: 0 } as const;
    const other = { kind: 'loss', server: 'other', available: false, value: 0, reason: 'no nft' } as const;
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome({ faults: [loss, other] }) });
    assert.deepEqual(state.faults, [loss, other]);
    state = labReducer(state, { type: 'fault', fault: { ...loss, value: 30 } });
    assert.deepEqual(state.faults, [{ ...loss, value: 30 }, other], 'only that fault changes');
    state = labReducer(state, { type: 'fault', fault: { ...loss, server: 'nope', value: 5 } });
    assert.deepEqual(state.faults, [{ ...loss, value: 30 }, other], 'a fault the lab does not offer is ignored');
  });

  it('appends packets, numbers them from 1 and takes the first one as time zero', () => {
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome({ packets: packets(5, 6) }) });
    state = labReducer(state, { type: 'packets', packets: packets(7, 9) });
    assert.deepEqual(ids(state), [5, 6, 7, 8, 9]);
    assert.equal(state.firstPacketNumber, 1);
    assert.equal(state.timeOrigin.at, packet(5).time);
    assert.equal(state.timeOrigin.kind, 'packet');
  });

  it('takes the earliest packet or event as time zero, whichever arrives first', () => {
    // The session started at 1000 s; its events come 5 and 9 ms later, its first packet 3 ms after the start.
    const clock = { startedAt: 1000 };
    let state = labReducer(INITIAL_LAB_STATE, {
      type: 'welcome',
      welcome: welcome({ events: [event(5)], clock }),
    });
    assert.deepEqual(state.timeOrigin, { at: 1000.005, kind: 'event', startedAt: 1000 });
    state = labReducer(state, { type: 'event', event: event(9) });
    assert.equal(state.timeOrigin.at, 1000.005, 'a later event does not move it');
    state = labReducer(state, { type: 'packets', packets: [packet(3)] });
    assert.deepEqual(state.timeOrigin, { at: packet(3).time, kind: 'packet', startedAt: 1000 });
  });

  it('starts from the welcome’s origin, which a reloaded page may no longer hold the packet of', () => {
    const clock = { startedAt: 999, origin: 999.5, originKind: 'packet' } as const;
    let state = labReducer(INITIAL_LAB_STATE, {
      type: 'welcome',
      welcome: welcome({ clock, events: [], packets: packets(1, 2) }),
    });
    assert.deepEqual(state.timeOrigin, { at: 999.5, kind: 'packet', startedAt: 999 });
    // A resumed welcome without an origin (an older lab server) keeps what the page had.
    state = labReducer(state, {
      type: 'welcome',
      welcome: welcome({ resumed: true, clock: { startedAt: 999 }, events: [], packets: packets(3, 4) }),
    });
    assert.equal(state.timeOrigin.at, 999.5);
    const fresh = labReducer(state, {
      type: 'welcome',
      welcome: welcome({ session: 'S2', clock: { startedAt: 2000 } }),
    });
    assert.equal(fresh.timeOrigin.startedAt, 2000);
    assert.equal(fresh.timeOrigin.at, 2000.001, 'a new session starts its own origin: its first event');
  });

  it('keeps the newest MAX_PACKETS packets, and each packet keeps its number', () => {
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome() });
    state = labReducer(state, { type: 'packets', packets: packets(1, MAX_PACKETS) });
    const origin = state.timeOrigin;
    state = labReducer(state, { type: 'packets', packets: packets(MAX_PACKETS + 1, MAX_PACKETS + 25) });
    assert.equal(state.packets.length, MAX_PACKETS);
    assert.equal(state.packets[0]?.id, 26);
    // Packet 26 was the 26th of the session and still is; the time origin stays the session's first packet.
    assert.equal(state.firstPacketNumber, 26);
    assert.deepEqual(state.timeOrigin, origin);
  });

  it('merges the packets of a resumed session and starts over for a new one', () => {
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome({ packets: packets(1, 3) }) });
    state = labReducer(state, { type: 'gap', gap: gap(3) });
    const resumed = labReducer(state, {
      type: 'welcome',
      welcome: welcome({ resumed: true, packets: packets(2, 6) }),
    });
    assert.deepEqual(ids(resumed), [1, 2, 3, 4, 5, 6]);
    assert.equal(resumed.gaps.length, 1);
    const fresh = labReducer(state, { type: 'welcome', welcome: welcome({ session: 'S2', packets: packets(40, 41) }) });
    assert.deepEqual(ids(fresh), [40, 41]);
    assert.equal(fresh.firstPacketNumber, 1);
    assert.equal(fresh.timeOrigin.at, packet(40).time);
    assert.deepEqual(fresh.gaps, []);
  });

  it('drops gap markers that sat among packets that were dropped', () => {
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome() });
    state = labReducer(state, { type: 'gap', gap: gap(0) });
    state = labReducer(state, { type: 'packets', packets: packets(1, 10) });
    state = labReducer(state, { type: 'gap', gap: gap(10) });
    state = labReducer(state, { type: 'packets', packets: packets(11, MAX_PACKETS) });
    assert.deepEqual(
      state.gaps.map((g) => g.after),
      [0, 10],
      'nothing dropped yet: a gap before the first packet stays',
    );
    state = labReducer(state, { type: 'packets', packets: packets(MAX_PACKETS + 1, MAX_PACKETS + 5) });
    assert.deepEqual(
      state.gaps.map((g) => g.after),
      [10],
    );
  });

  it('keeps at most MAX_NOTICES notices and dismisses by key', () => {
    let state = INITIAL_LAB_STATE;
    for (let i = 0; i < MAX_NOTICES + 2; i++) {
      state = labReducer(state, {
        type: 'notice',
        notice: { code: 'LAB_ERR_INTERNAL', message: verbatim(`n${i}`), fatal: false, source: 'server' },
      });
    }
    assert.equal(state.notices.length, MAX_NOTICES);
    assert.equal(state.notices[0]?.message.en, 'n2');
    const key = state.notices[0]!.key;
    state = labReducer(state, { type: 'dismiss-notice', key });
    assert.equal(state.notices.length, MAX_NOTICES - 1);
  });
});

describe('mergeEvents', () => {
  it('orders by seq, drops duplicates and keeps the newest MAX_EVENTS', () => {
    assert.deepEqual(
      mergeEvents([event(1), event(3)], [event(2), event(3)]).map((e) => e.seq),
      [1, 2, 3],
    );
    let events: ServerEvent[] = [];
    for (let seq = 1; seq <= MAX_EVENTS + 10; seq++) events = mergeEvents(events, [event(seq)]);
    assert.equal(events.length, MAX_EVENTS);
    assert.equal(events[0]?.seq, 11);
  });
});

describe('mergePackets', () => {
  it('orders by id and drops duplicates, the incoming copy winning', () => {
    const newer = { ...packet(2), info: 'newer' };
    const merged = mergePackets([packet(1), packet(3)], [newer, packet(3)], 1);
    assert.deepEqual(
      merged.packets.map((p) => p.id),
      [1, 2, 3],
    );
    assert.equal(merged.packets[1]?.info, 'newer');
    assert.equal(merged.firstNumber, 1);
  });

  it('numbers packets merged in before the first one below it, never below 1', () => {
    assert.equal(mergePackets(packets(10, 12), packets(7, 9), 20).firstNumber, 17);
    assert.equal(mergePackets(packets(10, 12), packets(1, 9), 3).firstNumber, 1);
  });
});

describe('addGap', () => {
  it('keeps gaps in packet order, once each, at most MAX_GAPS', () => {
    let gaps: CaptureGap[] = [];
    gaps = addGap(gaps, gap(9));
    gaps = addGap(gaps, gap(4));
    gaps = addGap(gaps, gap(4));
    assert.deepEqual(
      gaps.map((g) => g.after),
      [4, 9],
    );
    for (let i = 0; i < MAX_GAPS + 5; i++) gaps = addGap(gaps, gap(100 + i));
    assert.equal(gaps.length, MAX_GAPS);
  });
});

describe('labReducer, TLS', () => {
  const pki = {
    ca: '/api/pki/ca.pem',
    clientCertificate: '/api/sessions/S1/client.pem?token=D1',
    clientKey: '/api/sessions/S1/client.key?token=D1',
    clientPkcs12: '/api/sessions/S1/client.p12?token=D1',
    pkcs12Password: 'p12-S1',
  };
  const connections = (state: LabViewState) => state.handshakes.map((h) => h.connection);

  it('takes the handshakes and the PKI downloads from welcome, and a lab without TLS has none', () => {
    const state = labReducer(INITIAL_LAB_STATE, {
      type: 'welcome',
      welcome: welcome({ handshakes: [tls12EcdheHandshake(), tls13Handshake()], pki }),
    });
    assert.deepEqual(connections(state), [1, 2]);
    assert.equal(state.pki?.pkcs12Password, 'p12-S1');
    const plain = labReducer(state, { type: 'welcome', welcome: welcome({ session: 'S2' }) });
    assert.deepEqual(plain.handshakes, []);
    assert.equal(plain.pki, undefined);
  });

  it('replaces a handshake read further by its server and connection, and adds a new one', () => {
    const partial = tls13Handshake({ complete: false, messages: tls13Handshake().messages.slice(0, 2) });
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome({ handshakes: [partial] }) });
    state = labReducer(state, { type: 'tls', handshake: tls13Handshake() });
    state = labReducer(state, { type: 'tls', handshake: mtlsRefusedHandshake() });
    assert.deepEqual(connections(state), [1, 4]);
    assert.equal(state.handshakes[0]?.complete, true);
    assert.equal(state.handshakes[1]?.alert?.description.name, 'certificate_required');
  });

  it('keeps the handshakes of a resumed session and starts afresh for a new one', () => {
    let state = labReducer(INITIAL_LAB_STATE, {
      type: 'welcome',
      welcome: welcome({ handshakes: [tls13Handshake()] }),
    });
    state = labReducer(state, { type: 'tls', handshake: tls12EcdheHandshake() });
    const resumed = labReducer(state, {
      type: 'welcome',
      welcome: welcome({ resumed: true, handshakes: [tls12EcdheHandshake({ complete: false })] }),
    });
    assert.deepEqual(connections(resumed), [1, 2]);
    assert.equal(resumed.handshakes[1]?.complete, false, 'the welcome’s copy is the newer one');
    const fresh = labReducer(state, { type: 'welcome', welcome: welcome({ session: 'S2', handshakes: [] }) });
    assert.deepEqual(fresh.handshakes, []);
  });

  it('follows a paste from asking to the report', () => {
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome() });
    assert.equal(state.inspection.state, 'idle');
    state = labReducer(state, { type: 'inspect' });
    assert.equal(state.inspection.state, 'pending');
    state = labReducer(state, { type: 'certificate', report: expiredChain() });
    assert.ok(state.inspection.state === 'done');
    assert.equal(state.inspection.report.code, 'CERT_HAS_EXPIRED');
  });

  it('shows the lab server’s refusal of a paste under the box, not among the notices', () => {
    let state = labReducer(INITIAL_LAB_STATE, { type: 'welcome', welcome: welcome() });
    state = labReducer(state, { type: 'inspect' });
    const refusal = {
      code: 'LAB_ERR_KEY_MISMATCH',
      message: verbatim('not its key'),
      fatal: false,
      source: 'server',
    } as const;
    state = labReducer(state, { type: 'notice', notice: refusal });
    assert.deepEqual(state.inspection, {
      state: 'failed',
      code: 'LAB_ERR_KEY_MISMATCH',
      message: verbatim('not its key'),
    });
    assert.equal(state.notices.length, 0);
    // Not waiting for an answer, the same code is an ordinary notice.
    state = labReducer(state, { type: 'notice', notice: refusal });
    assert.equal(state.notices.length, 1);
    // Nor does another error end the wait.
    state = labReducer(state, { type: 'inspect' });
    state = labReducer(state, {
      type: 'notice',
      notice: { code: 'LAB_ERR_MESSAGE_RATE', message: verbatim('slow down'), fatal: false, source: 'server' },
    });
    assert.equal(state.inspection.state, 'pending');
    state = labReducer(state, {
      type: 'inspect-refused',
      notice: { code: 'LAB_ERR_CERT_TOO_LARGE', message: verbatim('too big'), fatal: false, source: 'page' },
    });
    assert.equal(state.inspection.state, 'failed');
  });
});
