/**
 * Why a display filter cannot be read, and where: the one error type of the filter, with a 1-based position and a
 * length to underline, and the field a student may have meant. What it says is written in every language of the
 * course (`text`); `message` is the English one, for logs and for code that reads errors.
 */

import { type Localized, localized } from '../../common/localized';

const TEXT = localized({
  en: {
    at: (what: string, position: number) => `${what} at ${position}`,
    suggest: (what: string, position: number, suggestion: string) =>
      `${what} at ${position} — did you mean ${suggestion}?`,
  },
  'zh-Hans': {
    at: (what, position) => `${what}（位置 ${position}）`,
    suggest: (what, position, suggestion) => `${what}（位置 ${position}）——你是不是想写 ${suggestion}？`,
  },
});

export type DisplayFilterErrorCode =
  | 'unexpected-character'
  | 'unterminated-string'
  | 'bad-escape'
  | 'unknown-field'
  | 'expected-field'
  | 'expected-value'
  | 'bad-value'
  | 'expected-operator'
  | 'unbalanced-parenthesis'
  | 'not-comparable'
  | 'unsupported';

/** A filter that cannot be read: what is wrong, where (1-based, in UTF-16 code units) and how much to underline. */
export class DisplayFilterError extends Error {
  readonly code: DisplayFilterErrorCode;
  readonly position: number;
  readonly length: number;
  /** A field the student may have meant, for an unknown one. */
  readonly suggestion: string | undefined;
  /** What is wrong and where, in every language. */
  readonly text: Localized;

  constructor(code: DisplayFilterErrorCode, what: Localized, at: Span, suggestion?: string) {
    const text = suggestion === undefined ? TEXT.at(what, at.position) : TEXT.suggest(what, at.position, suggestion);
    super(text.en);
    this.name = 'DisplayFilterError';
    this.text = text;
    this.code = code;
    this.position = at.position;
    this.length = Math.max(1, at.length);
    this.suggestion = suggestion;
  }
}

export interface Span {
  /** 1-based. */
  readonly position: number;
  readonly length: number;
}
