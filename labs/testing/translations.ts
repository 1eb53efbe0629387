/**
 * Checks that a lab reads in Chinese as it reads in English: its title, greeting, server titles, check titles,
 * question prompts and formats, and every verdict it gives in a context, each written in Chinese (it has Han
 * characters) and naming the same numbers as the English: ports, byte counts, sequence numbers, RFC sections.
 * A translation that dropped a port or changed a count would send a Chinese reader to the wrong packet. The same
 * holds for a real session: a page reads it in Chinese, then an English page resumes it and reads it again.
 */

import assert from 'node:assert/strict';
import { TestClient } from '../../lab-server/testing/test-client';
import { type Localized, pick, TRANSLATED } from '../../src/common/localized';
import type { CheckContext, LabDefinition } from '../../src/lab-kit';

const HAN = /\p{Script=Han}/u;
const NUMBER = /\d+(?:\.\d+)*/g;

function numbersIn(text: string): string[] {
  return (text.match(NUMBER) ?? []).sort();
}

/** One text: translated into every language, with the numbers of the English (nothing, if the English is empty). */
export function assertTranslated(text: Localized, what: string): void {
  for (const locale of TRANSLATED) {
    const translated = pick(text, locale);
    if (text.en === '') {
      assert.equal(translated, '', what);
      continue;
    }
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

/** What a page shows of its lab, text by text: the lab's title, each check's and each question's texts. */
function pageTexts(page: TestClient): Map<string, string> {
  const texts = new Map<string, string>([['lab title', page.welcome.lab.title]]);
  for (const check of page.checks().values()) {
    texts.set(`check ${check.id}: title`, check.title);
    texts.set(`check ${check.id}: ${check.state}`, check.detail);
  }
  const questions = new Map(page.welcome.questions.map((question) => [question.id, question]));
  for (const message of page.messages)
    if (message.type === 'question') questions.set(message.question.id, message.question);
  for (const question of questions.values()) {
    texts.set(`question ${question.id}: prompt`, question.prompt);
    texts.set(`question ${question.id}: format`, question.format);
    texts.set(`question ${question.id}: ${question.state}`, question.detail);
  }
  return texts;
}

/**
 * A session read in Chinese, then in English: the Chinese `page` closes, an English page resumes its session,
 * and each text the Chinese page showed must be Chinese with the numbers of its English. Returns the English
 * page, for the caller to close.
 */
export async function assertSessionTranslated(page: TestClient, url: string): Promise<TestClient> {
  // The two languages must be read at one moment of the session: its checks move on while packets still arrive
  // (a check that failed may go back to pending), so wait until the session has said nothing new for a while.
  await quiet(page);
  const chinese = pageTexts(page);
  const resume = { session: page.welcome.session, token: page.welcome.token };
  await page.close();
  const english = await TestClient.open(url, page.welcome.lab.id, { resume, locale: 'en' });
  assert.equal(english.welcome.resumed, true);
  const texts = pageTexts(english);
  assert.deepEqual([...chinese.keys()].sort(), [...texts.keys()].sort());
  for (const [what, en] of texts) assertTranslated({ en, 'zh-Hans': chinese.get(what) ?? '' }, what);
  return english;
}

/** Resolves once `page` received no message for QUIET_MS, or after QUIET_LIMIT_MS whatever comes. */
async function quiet(page: TestClient): Promise<void> {
  const deadline = Date.now() + QUIET_LIMIT_MS;
  let seen = -1;
  while (page.messages.length !== seen && Date.now() < deadline) {
    seen = page.messages.length;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  }
}

const QUIET_MS = 1500;
const QUIET_LIMIT_MS = 15_000;
