import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InstructorMessage } from './classroom';
import { MAX_INSTRUCTOR_REQUEST_BYTES } from './classroom';
import { decodeInstructorMessage, decodeWatchRequest } from './decode-instructor';
import { LabError } from './errors';

const ROW = {
  id: 'stu_1',
  name: '<img src=x onerror=alert(1)>',
  joinedAt: 1,
  lastSeenAt: 2,
  online: true,
  lab: 'tcp-echo',
  sessions: 1,
  checks: { 'tcp-echo': { connected: 3 } },
  questions: {},
  stuck: { lab: 'tcp-echo', check: 'echoed', since: 4 },
};

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof LabError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('the instructor feed decoders', () => {
  it('reads back what the lab server sends', () => {
    const messages: InstructorMessage[] = [
      {
        type: 'roster',
        labs: [{ id: 'tcp-echo', title: 'Echo', checks: [{ id: 'connected', title: 'Connected' }], questions: [] }],
        students: [ROW],
        joining: { open: true, code: 'K7M2QX', url: 'http://127.0.0.1:8080/join/?code=K7M2QX' },
        stuckAfterMs: 600_000,
      },
      { type: 'student', student: { ...ROW, lab: undefined, stuck: undefined } },
      { type: 'student-removed', id: 'stu_1' },
      {
        type: 'watching',
        student: 'stu_1',
        history: [{ lab: 'tcp-echo', kind: 'check', item: 'connected', state: 'passed', at: 5 }],
        sessions: [{ session: 's', lab: 'tcp-echo', attached: false }],
      },
      { type: 'error', code: 'LAB_ERR_NOT_FOUND', message: 'No such student.' },
    ];
    for (const message of messages) {
      const decoded = decodeInstructorMessage(JSON.stringify(message));
      assert.deepEqual(JSON.parse(JSON.stringify(decoded)), JSON.parse(JSON.stringify(message)), message.type);
    }
    assert.equal(decodeInstructorMessage(JSON.stringify(messages[0])).type, 'roster');
  });

  it('refuses a mirrored message that is not one the dashboard shows, and a wrong field by name', () => {
    const watched = { type: 'watched', student: 'stu_1', session: 's', message: { type: 'output', data: 'x' } };
    assert.equal(
      code(() => decodeInstructorMessage(JSON.stringify(watched))),
      'LAB_ERR_MESSAGE_INVALID',
    );
    const bad = { type: 'student', student: { ...ROW, checks: { 'tcp-echo': { connected: 'yesterday' } } } };
    assert.throws(() => decodeInstructorMessage(JSON.stringify(bad)), /connected/);
    assert.equal(
      code(() => decodeInstructorMessage('{"type":"nope"}')),
      'LAB_ERR_MESSAGE_INVALID',
    );
  });

  it('takes only a small watch from a dashboard', () => {
    assert.deepEqual(decodeWatchRequest('{"type":"watch","student":"stu_1"}'), { type: 'watch', student: 'stu_1' });
    assert.deepEqual(decodeWatchRequest('{"type":"watch","student":null}'), { type: 'watch', student: null });
    assert.equal(
      code(() => decodeWatchRequest('{"type":"remove","student":"stu_1"}')),
      'LAB_ERR_MESSAGE_INVALID',
    );
    assert.equal(
      code(() => decodeWatchRequest('{"type":"watch","student":5}')),
      'LAB_ERR_MESSAGE_INVALID',
    );
    assert.equal(
      code(() => decodeWatchRequest('not json')),
      'LAB_ERR_MESSAGE_MALFORMED',
    );
    const big = JSON.stringify({ type: 'watch', student: 'x'.repeat(MAX_INSTRUCTOR_REQUEST_BYTES) });
    assert.equal(
      code(() => decodeWatchRequest(big)),
      'LAB_ERR_MESSAGE_TOO_LARGE',
    );
  });
});
