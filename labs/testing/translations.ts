/**
 * Checks that a lab reads in Chinese as it reads in English: its title, greeting, server titles, check titles,
 * question prompts and formats, and every verdict it gives in a context, each written in Chinese (it has Han
 * characters) and naming the same numbers as the English: ports, byte counts, sequence numbers, RFC sections.
 * A translation that dropped a port or changed a count would send a Chinese reader to the wrong packet.
 */

import assert from 'node:assert/strict';
import type { CheckContext, LabDefinition } from '../../lab-server/labs/lab-definition';
import { type Localized, pick, TRANSLATED } from '../../src/common/localized';

const HAN = /\p{Script=Han}/u;
const NUMBER = /\d+(?:\.\d+)*/g;

function numbersIn(text: string): string[] {
  return (text.match(NUMBER) ?? []).sort();
}

/** One text: translated into every language, with the numbers of the English. */
export function assertTranslated(text: Localized, what: string): void {
  for (const locale of TRANSLATED) {
    const translated = pick(text, locale);
    assert.match(translated, HAN, `${what} in ${locale} is not translated: ${translated}`);
    assert.deepEqual(numbersIn(translated), numbersIn(text.en), `${what}: ${text.en} | ${translated}`);
  }
}

/** The lab's fixed texts: title, greeting, servers, check titles, question prompts and formats. */
export function assertLabTranslated(lab: LabDefinition): void {
  assertTranslated(lab.title, `${lab.id}: title`);
  assertTranslated(lab.greeting, `${lab.id}: greeting`);
  for (const server of lab.servers) assertTranslated(server.title, `${lab.id}: server ${server.id}`);
  for (const check of lab.checks) assertTranslated(check.title, `${lab.id}: check ${check.id}`);
  for (const question of lab.questions ?? []) {
    assertTranslated(question.prompt, `${lab.id}: question ${question.id}`);
    assertTranslated(question.format, `${lab.id}: format of ${question.id}`);
  }
}

/**
 * Every verdict of the lab in `context`: each check's, and each question's on each of `answers` (a right
 * answer, a wrong one, nothing). Returns the states, so the caller can say which situation it tested.
 */
export function assertVerdictsTranslated(
  lab: LabDefinition,
  context: CheckContext,
  answers: readonly string[] = [''],
): string[] {
  const states: string[] = [];
  for (const check of lab.checks) {
    const verdict = check.evaluate(context);
    assertTranslated(verdict.detail, `${lab.id}: ${check.id} (${verdict.state})`);
    states.push(verdict.state);
  }
  for (const question of lab.questions ?? []) {
    for (const answer of answers) {
      const verdict = question.evaluate(context, answer);
      assertTranslated(verdict.detail, `${lab.id}: ${question.id} on ${JSON.stringify(answer)} (${verdict.state})`);
    }
  }
  return states;
}
