/**
 * A session's checks and questions against a real SQLite progress store: a pass reaches the page only once it
 * is in the store, messages keep their order while a pass is being saved, a store that fails gives the page
 * LAB_ERR_PROGRESS_NOT_SAVED and no green (and the next evaluation tries again), and a new session starts with
 * what its owner passed before, saying when, in both languages.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verbatim } from '../../src/common/localized';
import { type CheckDefinition, failed, passed, pending, type QuestionDefinition } from '../../src/lab-kit';
import type { ServerMessage } from '../../src/protocol';
import { Grader } from '../grading/grader';
import { QuestionBoard } from '../grading/question-board';
import { setQuiet } from '../log';
import { LOCAL_OWNER, type ProgressStore } from '../store/progress-store';
import { SqliteStore } from '../store/sqlite-store';
import { SessionProgress } from './session-progress';

setQuiet(true);

/** Checks whose verdicts the test sets. */
function checks(verdicts: Map<string, 'pending' | 'failed' | 'passed'>): CheckDefinition[] {
  return ['connected', 'sent'].map((id) => ({
    id,
    title: verbatim(id),
    evaluate: () => {
      const state = verdicts.get(id) ?? 'pending';
      const detail = verbatim(`${id} is ${state}`);
      return state === 'passed' ? passed(detail) : state === 'failed' ? failed(detail) : pending(detail);
    },
  }));
}

const QUESTIONS: QuestionDefinition[] = [
  {
    id: 'port',
    prompt: verbatim('Which port?'),
    format: verbatim('a number'),
    evaluate: (_context, answer) => (answer === '7' ? passed(verbatim('Right.')) : failed(verbatim('No.'))),
  },
];

function session(store: ProgressStore | undefined, verdicts = new Map<string, 'pending' | 'failed' | 'passed'>()) {
  const grader = new Grader(checks(verdicts), () => ({ packets: [], captureRunning: false, handshakes: [] }));
  const questions = new QuestionBoard(QUESTIONS);
  const sent: ServerMessage[] = [];
  const progress = new SessionProgress({
    store,
    owner: LOCAL_OWNER,
    lab: 'tcp-echo',
    grader,
    questions,
    send: (message) => sent.push(message),
    locale: () => 'en',
  });
  grader.onChange((check) => progress.checkChanged(check));
  questions.onChange((question) => progress.questionChanged(question));
  return { grader, questions, progress, sent, verdicts };
}

function summary(messages: readonly ServerMessage[]): string[] {
  return messages.map((m) =>
    m.type === 'check'
      ? `check ${m.check.id} ${m.check.state}`
      : m.type === 'question'
        ? `question ${m.question.id} ${m.question.state}`
        : m.type === 'error'
          ? `error ${m.code}`
          : m.type,
  );
}

describe('session progress', () => {
  it('shows a pass only once the store has it, in the order the changes happened', async () => {
    const store = await SqliteStore.open(':memory:');
    const s = session(store);
    s.grader.setServers([]);
    await s.progress.dispose();
    assert.deepEqual(summary(s.sent), ['check connected pending', 'check sent pending']);
    s.sent.length = 0;
    // Whether the store had the pass at the moment the page was told of it.
    const recordPass = store.recordPass.bind(store);
    let saved = false;
    store.recordPass = async (pass) => {
      const first = await recordPass(pass);
      saved = true;
      return first;
    };
    const savedWhenSent: boolean[] = [];
    const send = s.sent.push.bind(s.sent);
    s.sent.push = (...messages) => {
      for (const message of messages)
        if (message.type === 'check' && message.check.state === 'passed') savedWhenSent.push(saved);
      return send(...messages);
    };
    s.verdicts.set('connected', 'passed');
    s.grader.reevaluate();
    s.verdicts.set('sent', 'failed');
    s.grader.reevaluate();
    assert.deepEqual(summary(s.sent), [], 'nothing goes out while the pass is being saved');
    await s.progress.dispose();
    assert.deepEqual(summary(s.sent), ['check connected passed', 'check sent failed']);
    assert.deepEqual(savedWhenSent, [true]);
    assert.deepEqual(
      s.progress.checks('en').map((check) => check.state),
      ['passed', 'failed'],
      'a reloaded page is shown what the page was told',
    );
    const events = await store.eventsOf(LOCAL_OWNER, { lab: 'tcp-echo' });
    assert.deepEqual(
      events.map((event) => `${event.item} ${event.state}`),
      ['connected pending', 'sent pending', 'connected passed', 'sent failed'],
    );
    await store.close();
  });

  it('tells the page LAB_ERR_PROGRESS_NOT_SAVED and shows no green when the store fails, then tries again', async () => {
    const store = await SqliteStore.open(':memory:');
    await store.close();
    const s = session(store);
    s.grader.setServers([]);
    await s.progress.dispose();
    s.sent.length = 0;
    s.verdicts.set('connected', 'passed');
    s.grader.reevaluate();
    await s.progress.dispose();
    assert.deepEqual(summary(s.sent), ['error LAB_ERR_PROGRESS_NOT_SAVED', 'check connected failed']);
    const check = s.sent.at(-1);
    assert.ok(check?.type === 'check');
    assert.match(check.check.detail, /could not save it/);
    assert.equal(s.progress.checks('en')[0]?.state, 'failed');
    // The next evaluation passes it again, and tries to save it again.
    s.grader.reevaluate();
    await s.progress.dispose();
    assert.deepEqual(summary(s.sent).slice(2), ['error LAB_ERR_PROGRESS_NOT_SAVED', 'check connected failed']);
  });

  it('saves a right answer before showing it, and takes back one it could not save', async () => {
    const store = await SqliteStore.open(':memory:');
    const s = session(store);
    s.questions.answer('port', '8', s.grader.context());
    s.questions.answer('port', '7', s.grader.context());
    await s.progress.dispose();
    assert.deepEqual(summary(s.sent), ['question port failed', 'question port passed']);
    assert.deepEqual(
      (await store.passesOf(LOCAL_OWNER, 'tcp-echo')).map((pass) => `${pass.kind} ${pass.item}`),
      ['question port'],
    );
    await store.close();

    const broken = session(store);
    broken.questions.answer('port', '7', broken.grader.context());
    await broken.progress.dispose();
    assert.deepEqual(summary(broken.sent), ['error LAB_ERR_PROGRESS_NOT_SAVED', 'question port failed']);
    assert.equal(broken.progress.questions('en')[0]?.answer, '7', 'the answer stays, to send again');
  });

  it('starts a new session with what its owner passed before, saying when, in both languages', async () => {
    const store = await SqliteStore.open(':memory:');
    const at = new Date(2026, 11, 2, 18, 44).getTime();
    await store.recordPass({ owner: LOCAL_OWNER, lab: 'tcp-echo', kind: 'check', item: 'connected', at });
    await store.recordPass({ owner: LOCAL_OWNER, lab: 'tcp-echo', kind: 'question', item: 'port', at });
    await store.recordPass({ owner: 'someone-else', lab: 'tcp-echo', kind: 'check', item: 'sent', at });
    const s = session(store);
    await s.progress.restore();
    s.grader.setServers([]);
    await s.progress.dispose();
    assert.deepEqual(
      s.progress.checks('en').map((check) => `${check.id} ${check.state}: ${check.detail}`),
      ['connected passed: Passed on 2 Dec 18:44, in an earlier session.', 'sent pending: sent is pending'],
    );
    assert.equal(s.progress.checks('zh-Hans')[0]?.detail, '已在 12月2日 18:44 的一次实验中通过。');
    assert.equal(s.progress.questions('en')[0]?.state, 'passed');
    assert.deepEqual(summary(s.sent), ['check sent pending'], 'the restored pass is not sent again');
    await store.close();
  });
});
