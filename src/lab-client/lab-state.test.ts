/** Tests of the lab panel's state reducer: welcome, check updates, event merging and the bounded lists. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROTOCOL_VERSION, type ServerEvent, type WelcomeMessage } from '../protocol';
import { INITIAL_LAB_STATE, type LabViewState, labReducer, MAX_EVENTS, MAX_NOTICES, mergeEvents } from './lab-state';

const event = (seq: number): ServerEvent => ({ seq, time: seq, server: 'echo', connection: 1, kind: 'receive' });

function welcome(overrides: Partial<WelcomeMessage> = {}): WelcomeMessage {
  return {
    type: 'welcome',
    protocol: PROTOCOL_VERSION,
    session: 'S1',
    token: 'T1',
    resumed: false,
    lab: { id: 'tcp-echo', title: 'TCP echo' },
    servers: [],
    checks: [
      { id: 'a', title: 'A', state: 'pending', detail: '' },
      { id: 'b', title: 'B', state: 'pending', detail: '' },
    ],
    events: [event(1), event(2)],
    ...overrides,
  };
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

  it('keeps at most MAX_NOTICES notices and dismisses by key', () => {
    let state = INITIAL_LAB_STATE;
    for (let i = 0; i < MAX_NOTICES + 2; i++) {
      state = labReducer(state, {
        type: 'notice',
        notice: { code: 'LAB_ERR_INTERNAL', message: `n${i}`, fatal: false, source: 'server' },
      });
    }
    assert.equal(state.notices.length, MAX_NOTICES);
    assert.equal(state.notices[0]?.message, 'n2');
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
