/**
 * Finds the answers to a lab's capture questions that its checks' texts give away. The questions themselves are
 * the judges: every whole number and every written-out flag set in a check's detail is put to every question,
 * and one that passes is a leak. Which side sent a FIN cannot be read off a word (a text may name the server
 * for other reasons), so a side attributed to a FIN, a first close, or a ladder of packets with sides counts as
 * a leak on its own.
 */

import type { CheckContext, CheckDefinition, QuestionDefinition } from '../../lab-server/labs/lab-definition';

/** Whole numbers, not the parts of `0.06 ms` or `§3.10.7.1`. */
const WHOLE_NUMBER = /(?<![\d.§])\d+(?![\d.]|\.\d)/g;
const FLAG = '(?:SYN|ACK|FIN|RST|PSH|URG)';
const FLAG_SET = new RegExp(`\\[${FLAG}(?:, ${FLAG})*\\]|\\b${FLAG}(?:\\s*[,/+]\\s*${FLAG})+\\b`, 'g');
/** Who sent a FIN, or closed first: `your FIN`, `the server's FIN`, `closed first`, `[FIN, ACK] client →`. */
const SIDE_OF_A_FIN =
  /\b(?:client|server|your|peer|its)(?:'s|’s)? (?:own )?FIN\b|\bfirst FIN\b|\bclosed first\b|\bclosed actively\b|→/i;

export interface Leak {
  readonly check: string;
  readonly question: string;
  readonly given: string;
  readonly detail: string;
}

/** Every question a check's current detail answers, with the text that answers it. */
export function answerLeaks(
  checks: readonly CheckDefinition[],
  questions: readonly QuestionDefinition[],
  context: CheckContext,
): Leak[] {
  const leaks: Leak[] = [];
  for (const check of checks) {
    const { detail } = check.evaluate(context);
    const candidates = [...(detail.match(WHOLE_NUMBER) ?? []), ...(detail.match(FLAG_SET) ?? [])];
    for (const question of questions) {
      for (const given of candidates) {
        if (question.evaluate(context, given).state === 'passed') {
          leaks.push({ check: check.id, question: question.id, given, detail });
        }
      }
    }
    const side = SIDE_OF_A_FIN.exec(detail);
    if (side !== null) leaks.push({ check: check.id, question: 'which side closed', given: side[0], detail });
  }
  return leaks;
}
