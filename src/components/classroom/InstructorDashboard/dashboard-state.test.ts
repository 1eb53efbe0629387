/**
 * The dashboard's reducer: a changed row replaces only its own object (so the grid re-renders one row), a
 * removal drops the row and the drill-down, a reconnect's roster keeps the watched student, mirrored items are
 * bounded, and live check changes join the history under their session's lab.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InstructorMessage, RosterLab, RosterStudent, WatchedMessage } from '../../../protocol/classroom';
import {
  applyMessage,
  type DashboardState,
  EMPTY_STATE,
  labCount,
  MAX_WATCHED_ITEMS,
  startWatching,
} from './dashboard-state';

const LAB: RosterLab = {
  id: 'tcp-echo',
  title: 'Echo',
  checks: [
    { id: 'connect', title: 'Connect' },
    { id: 'send', title: 'Send' },
  ],
  questions: [],
};

function student(id: string, checks: Record<string, number> = {}): RosterStudent {
  return {
    id,
    name: id,
    joinedAt: 1,
    lastSeenAt: 1,
    online: true,
    lab: undefined,
    sessions: 0,
    checks: { 'tcp-echo': checks },
    questions: {},
    stuck: undefined,
  };
}

function roster(students: RosterStudent[]): InstructorMessage {
  return {
    type: 'roster',
    labs: [LAB],
    students,
    joining: { open: true, code: 'ABCDEF', url: 'http://127.0.0.1/join/?code=ABCDEF' },
    stuckAfterMs: 600_000,
  };
}

const CHECK_PASSED: WatchedMessage = {
  type: 'check',
  check: { id: 'connect', title: 'Connect', state: 'passed', detail: '' },
};

describe('dashboard state', () => {
  it('replaces a changed row by id and keeps the others’ objects', () => {
    const state = applyMessage(EMPTY_STATE, roster([student('a'), student('b')]), 0);
    const b = state.students[1];
    const next = applyMessage(state, { type: 'student', student: student('a', { connect: 5 }) }, 0);
    assert.equal(next.students.length, 2);
    assert.equal(next.students[1], b, 'b keeps its object, so its row is not re-rendered');
    assert.deepEqual(labCount(next.students[0] as RosterStudent, LAB), { passed: 1, total: 2 });
    const added = applyMessage(next, { type: 'student', student: student('c') }, 0);
    assert.deepEqual(
      added.students.map((row) => row.id),
      ['a', 'b', 'c'],
      'a new student comes last',
    );
  });

  it('drops a removed student and stops watching them', () => {
    let state = applyMessage(EMPTY_STATE, roster([student('a'), student('b')]), 0);
    state = startWatching(state, 'a');
    state = applyMessage(state, { type: 'student-removed', id: 'a' }, 0);
    assert.deepEqual(
      state.students.map((row) => row.id),
      ['b'],
    );
    assert.equal(state.watch, undefined);
  });

  it('keeps the watched student across a reconnect’s roster, unless they left', () => {
    let state = startWatching(applyMessage(EMPTY_STATE, roster([student('a')]), 0), 'a');
    state = applyMessage(state, roster([student('a')]), 0);
    assert.equal(state.watch?.student, 'a');
    state = applyMessage(state, roster([student('b')]), 0);
    assert.equal(state.watch, undefined);
  });

  it('ignores mirrored messages of a student it no longer watches', () => {
    let state = startWatching(applyMessage(EMPTY_STATE, roster([student('a'), student('b')]), 0), 'b');
    state = applyMessage(state, { type: 'watched', student: 'a', session: 's', message: CHECK_PASSED }, 0);
    assert.equal(state.watch?.items.length, 0);
  });

  it('keeps at most MAX_WATCHED_ITEMS mirrored items, counting the dropped ones', () => {
    let state: DashboardState = startWatching(applyMessage(EMPTY_STATE, roster([student('a')]), 0), 'a');
    const gap: WatchedMessage = { type: 'gap', gap: { after: 0, time: 0, reason: 'restart' } };
    for (let index = 0; index < MAX_WATCHED_ITEMS + 20; index++) {
      state = applyMessage(state, { type: 'watched', student: 'a', session: 's', message: gap }, index);
    }
    assert.equal(state.watch?.items.length, MAX_WATCHED_ITEMS);
    assert.equal(state.watch?.dropped, 20);
    assert.equal(state.watch?.items[0]?.receivedAt, 20, 'the oldest went first');
  });

  it('adds a live pass to the history under its session’s lab, once', () => {
    let state = startWatching(applyMessage(EMPTY_STATE, roster([student('a')]), 0), 'a');
    state = applyMessage(
      state,
      { type: 'watching', student: 'a', history: [], sessions: [{ session: 's', lab: 'tcp-echo', attached: true }] },
      0,
    );
    assert.equal(state.watch?.ready, true);
    state = applyMessage(state, { type: 'watched', student: 'a', session: 's', message: CHECK_PASSED }, 7);
    state = applyMessage(state, { type: 'watched', student: 'a', session: 's', message: CHECK_PASSED }, 8);
    assert.deepEqual(state.watch?.history, [
      { lab: 'tcp-echo', kind: 'check', item: 'connect', state: 'passed', at: 7 },
    ]);
    assert.equal(state.watch?.items.length, 2, 'both show in the live list');
  });

  it('shows the feed’s error and forgets it on a fresh roster', () => {
    let state = applyMessage(EMPTY_STATE, { type: 'error', code: 'LAB_ERR_NOT_FOUND', message: 'gone' }, 0);
    assert.equal(state.error, 'gone');
    state = applyMessage(state, roster([]), 0);
    assert.equal(state.error, undefined);
  });
});
