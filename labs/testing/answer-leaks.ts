/**
 * Finds the answers to a lab's capture questions that its checks' texts give away, in any language. The
 * questions themselves are the judges: every whole number, every Chinese numeral and every written-out flag set
 * in a check's detail is put to every question, and one that passes is a leak. Which side sent a FIN cannot be
 * read off a word (a text may name the server for other reasons), so a side attributed to a FIN, a first close,
 * or a ladder of packets with sides counts as a leak on its own.
 */

import { LOCALES, type Locale, pick } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, QuestionDefinition } from '../../src/lab-kit';

/** Whole numbers, not the parts of `0.06 ms` or `§3.10.7.1`. */
const WHOLE_NUMBER = /(?<![\d.§])\d+(?![\d.]|\.\d)/g;
/** Chinese numerals with the character after them, which tells `一些` (some) from `一个` (one). */
const HAN_NUMBER = /[零〇一二两三四五六七八九十百千万]+./gu;
const FLAG = '(?:SYN|ACK|FIN|RST|PSH|URG)';
const FLAG_SET = new RegExp(`\\[${FLAG}(?:, ${FLAG})*\\]|\\b${FLAG}(?:\\s*[,/+、和与]\\s*${FLAG})+\\b`, 'g');
/** The flags' Chinese names, two or more together (`复位和确认`). */
const HAN_FLAG = '(?:同步|确认|应答|复位|重置|结束|终止|推送)';
const HAN_FLAG_SET = new RegExp(`${HAN_FLAG}(?:\\s*[,，/+、和与]\\s*${HAN_FLAG})+`, 'g');
/** Who sent a FIN, or closed first: `your FIN`, `the server's FIN`, `closed first`, `[FIN, ACK] client →`. */
const SIDE_OF_A_FIN: { readonly [L in Locale]: RegExp } = {
  en: /\b(?:client|server|your|peer|its)(?:'s|’s)? (?:own )?FIN\b|\bfirst FIN\b|\bclosed first\b|\bclosed actively\b|→/i,
  'zh-Hans': /(?:客户端|服务器|你|对端|它)(?:自己)?的\s*FIN|第一个\s*FIN|先关闭|先发出|主动关闭|→/,
};

export interface Leak {
  readonly check: string;
  readonly question: string;
  readonly given: string;
  readonly detail: string;
}

/** Every question a check's current detail answers, in any language, with the text that answers it. */
export function answerLeaks(
  checks: readonly CheckDefinition[],
  questions: readonly QuestionDefinition[],
  context: CheckContext,
): Leak[] {
  const leaks: Leak[] = [];
  for (const check of checks) {
    const verdict = check.evaluate(context);
    for (const locale of LOCALES) {
      const detail = pick(verdict.detail, locale);
      const candidates = [WHOLE_NUMBER, HAN_NUMBER, FLAG_SET, HAN_FLAG_SET].flatMap(
        (pattern) => detail.match(pattern) ?? [],
      );
      for (const question of questions) {
        for (const given of candidates) {
          if (question.evaluate(context, given).state === 'passed') {
            leaks.push({ check: check.id, question: question.id, given, detail });
          }
        }
      }
      const side = SIDE_OF_A_FIN[locale].exec(detail);
      if (side !== null) leaks.push({ check: check.id, question: 'which side closed', given: side[0], detail });
    }
  }
  return leaks;
}
