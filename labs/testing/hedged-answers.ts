/**
 * The hedges every capture question must refuse around its right answer (`3 or 4`, `maybe 3`, `3?`, `not 4`,
 * and in Chinese `3 或 4`, `大概 3`, `3 吧`, `不是 4`), each with the reason the answer reader gives, and the
 * committed forms it must accept (`I think 3`, ` 3 `, `3, because …`, `我认为是 3`, `3，因为……`): one table for
 * every question of every lab, so they all judge a hedge alike in both languages.
 */

import assert from 'node:assert/strict';
import type { Localized } from '../../src/common/localized';
import type { CheckContext, QuestionDefinition } from '../../src/lab-kit';
import { HEDGES } from '../common/answer-parsing';

/** `right` passes on `context`; `wrong` is another answer of the same kind, which does not. */
export function assertJudgesHedges(
  question: QuestionDefinition,
  context: CheckContext,
  right: string,
  wrong: string,
): void {
  const hedges: readonly (readonly [string, Localized])[] = [
    [`${right} or ${wrong}`, HEDGES.alternatives],
    [`maybe ${right}`, HEDGES.uncertain],
    [`${right}?`, HEDGES.uncertain],
    [`not ${wrong}`, HEDGES.negation],
    [`${right} 或 ${wrong}`, HEDGES.alternatives],
    [`${right} 还是 ${wrong}`, HEDGES.alternatives],
    [`大概 ${right}`, HEDGES.uncertain],
    [`可能是${right}`, HEDGES.uncertain],
    [`${right}？`, HEDGES.uncertain],
    [`${right} 吧`, HEDGES.uncertain],
    [`不是 ${wrong}`, HEDGES.negation],
  ];
  for (const [hedge, why] of hedges) {
    const verdict = question.evaluate(context, hedge);
    assert.equal(verdict.state, 'failed', `${question.id}: ${hedge}`);
    assert.deepEqual(verdict.detail, why, `${question.id}: ${hedge}`);
  }
  for (const committed of [
    `I think ${right}`,
    `  ${right}  `,
    `${right}, because I read it`,
    `我认为是 ${right}`,
    `应该是${right}`,
    `${right}，因为我在数据包里读到了`,
  ]) {
    const verdict = question.evaluate(context, committed);
    assert.equal(verdict.state, 'passed', `${question.id}: ${committed}: ${verdict.detail.en}`);
  }
}
