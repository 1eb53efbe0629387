/**
 * Answers to capture questions are cut to the protocol's MAX_ANSWER_CHARS before they are sent (the input field
 * does not accept more either, but a paste or a script can get past it). An answer is cut, never split into
 * several messages, and never through a surrogate pair, so the last character sent is a whole one.
 */

import { MAX_ANSWER_CHARS } from '../protocol';

/** At most MAX_ANSWER_CHARS code units, without leaving half of a surrogate pair at the end. */
export function truncateAnswer(value: string): string {
  if (value.length <= MAX_ANSWER_CHARS) return value;
  const cut = value.slice(0, MAX_ANSWER_CHARS);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
