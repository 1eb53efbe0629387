/** What `/api/progress` makes of an owner's passes: per lab, the checks and questions passed, and `done`. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LABS } from '../../labs';
import type { PassRecord } from '../store/progress-store';
import { progressOf } from './progress-route';

function pass(lab: string, kind: PassRecord['kind'], item: string, firstPassedAt: number): PassRecord {
  return { owner: 'local', lab, kind, item, firstPassedAt };
}

describe('progressOf', () => {
  const echo = LABS.find((lab) => lab.id === 'tcp-echo')!;
  const checkIds = echo.checks.map((check) => check.id);

  it('says a lab is done once every one of its checks passed', () => {
    const some = checkIds.slice(0, -1).map((id, index) => pass('tcp-echo', 'check', id, 1000 + index));
    assert.equal(progressOf(some, LABS).labs['tcp-echo']?.done, false);
    const all = [...some, pass('tcp-echo', 'check', checkIds.at(-1)!, 2000)];
    const answer = progressOf(all, LABS).labs['tcp-echo'];
    assert.equal(answer?.done, true);
    assert.deepEqual(answer?.checks.at(-1), { id: checkIds.at(-1), firstPassedAt: 2000 });
  });

  it('leaves out labs with nothing passed, and passes of labs or items the course no longer has', () => {
    const answer = progressOf(
      [
        pass('gone-lab', 'check', 'x', 1),
        pass('tcp-echo', 'check', 'gone-check', 1),
        pass('tcp-echo', 'check', checkIds[0]!, 5),
      ],
      LABS,
    );
    assert.deepEqual(Object.keys(answer.labs), ['tcp-echo']);
    assert.deepEqual(answer.labs['tcp-echo'], {
      checks: [{ id: checkIds[0], firstPassedAt: 5 }],
      questions: [],
      done: false,
    });
  });

  it('lists questions answered right apart from checks, without counting them towards done', () => {
    const withQuestions = LABS.find((lab) => (lab.questions?.length ?? 0) > 0)!;
    const question = withQuestions.questions![0]!.id;
    const answer = progressOf([pass(withQuestions.id, 'question', question, 7)], LABS).labs[withQuestions.id];
    assert.deepEqual(answer, { checks: [], questions: [{ id: question, firstPassedAt: 7 }], done: false });
  });
});
