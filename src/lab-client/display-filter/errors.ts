/**
 * Why a display filter cannot be read, and where: the one error type of the filter, with a 1-based position and a
 * length to underline, and the field a student may have meant.
 */

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

  constructor(code: DisplayFilterErrorCode, what: string, at: Span, suggestion?: string) {
    super(`${what} at ${at.position}${suggestion === undefined ? '' : ` — did you mean ${suggestion}?`}`);
    this.name = 'DisplayFilterError';
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
