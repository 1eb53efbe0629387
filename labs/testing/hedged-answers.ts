/**
 * The hedges every capture question must refuse around its right answer (`3 or 4`, `maybe 3`, `3?`, `not 4`),
 * each with the reason the answer reader gives, and the committed forms it must accept (`I think 3`, ` 3 `, `3,
 * because …`): one table for every question of every lab, so they all judge a hedge alike.
 */

import assert from 'node:assert/strict';
import type { CheckContext, QuestionDefinition } from '../../lab-server/labs/lab-definition';
import { HEDGES } from '../common/answer-parsing';

/** `right` passes on `context`; `wrong` is another answer of the same kind, which does not. */
export function assertJudgesHedges(
  question: QuestionDefinition,
  context: CheckContext,
  right: string,
  wrong: string,
): void {
  const hedges: readonly (readonly [string, string])[] = [
    [`${right} or ${wrong}`, HEDGES.alternatives],
    [`maybe ${right}`, HEDGES.uncertain],
    [`${right}?`, HEDGES.uncertain],
    [`not ${wrong}`, HEDGES.negation],
  ];
  for (const [hedge, why] of hedges) {
    const verdict = question.evaluate(context, hedge);
    assert.equal(verdict.state, 'failed', `${question.id}: ${hedge}`);
    assert.equal(verdict.detail, why, `${question.id}: ${hedge}`);
  }
  for (const committed of [`I think ${right}`, `  ${right}  `, `${right}, because I read it`]) {
    const verdict = question.evaluate(context, committed);
    assert.equal(verdict.state, 'passed', `${question.id}: ${committed}: ${verdict.detail}`);
  }
}
