/**
 * The display filter's tokenizer: words (fields, numbers, addresses), double-quoted strings with C escapes
 * (`\xNN` is one byte), operators longest first, and parentheses, each with its 1-based position.
 */

import { localized } from '../../common/localized';
import { DisplayFilterError, type Span } from './errors';

const TEXT = localized({
  en: {
    unexpected: (character: string) => `Unexpected character ${character}`,
    badEscape: (sequence: string) => `Unknown escape "${sequence}" in a string (use \\", \\\\, \\n, \\r, \\t or \\xNN)`,
    unterminated: 'A string without its closing quote',
  },
  'zh-Hans': {
    unexpected: (character) => `意外的字符 ${character}`,
    badEscape: (sequence) => `字符串里有未知的转义 "${sequence}"（可用 \\"、\\\\、\\n、\\r、\\t 或 \\xNN）`,
    unterminated: '字符串缺少结尾的引号',
  },
});

type TokenKind = 'word' | 'string' | 'op' | '(' | ')' | 'end';

export interface Token extends Span {
  readonly kind: TokenKind;
  /** As written (a string token without its quotes decoded into `bytes`). */
  readonly text: string;
  readonly bytes?: Uint8Array;
}

/** Longest first, so `===` is not read as `==` and `=`. */
const OPERATORS = ['===', '!==', '==', '!=', '>=', '<=', '&&', '||', '^^', '>', '<', '!', '~', '=', '{', '}'];
const WORD = /[A-Za-z0-9_.:/-]/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const position = i + 1;
    if (char === '(' || char === ')') {
      tokens.push({ kind: char, text: char, position, length: 1 });
      i++;
      continue;
    }
    if (char === '"') {
      const { bytes, end } = readString(text, i);
      tokens.push({ kind: 'string', text: text.slice(i, end), bytes, position, length: end - i });
      i = end;
      continue;
    }
    const operator = OPERATORS.find((op) => text.startsWith(op, i));
    if (operator !== undefined) {
      tokens.push({ kind: 'op', text: operator, position, length: operator.length });
      i += operator.length;
      continue;
    }
    if (WORD.test(char)) {
      let end = i + 1;
      while (end < text.length && WORD.test(text[end]!)) end++;
      tokens.push({ kind: 'word', text: text.slice(i, end), position, length: end - i });
      i = end;
      continue;
    }
    const shown = String.fromCodePoint(text.codePointAt(i) ?? 0);
    throw new DisplayFilterError('unexpected-character', TEXT.unexpected(JSON.stringify(shown)), {
      position,
      length: shown.length,
    });
  }
  tokens.push({ kind: 'end', text: '', position: text.length + 1, length: 1 });
  return tokens;
}

const ESCAPES: Readonly<Record<string, number>> = {
  '"': 0x22,
  '\\': 0x5c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  '0': 0x00,
};
const utf8 = new TextEncoder();

/** A double-quoted string from `start` (the quote): its bytes (UTF-8, `\xNN` one byte) and where it ends. */
function readString(text: string, start: number): { bytes: Uint8Array; end: number } {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') return { bytes: Uint8Array.from(bytes), end: i + 1 };
    if (char === '\\') {
      const next = text[i + 1];
      if (next === undefined) break;
      const hex = /^x[0-9a-fA-F]{2}/.exec(text.slice(i + 1, i + 4));
      if (hex !== null) {
        bytes.push(Number.parseInt(hex[0].slice(1), 16));
        i += 4;
        continue;
      }
      const escaped = next !== undefined && Object.hasOwn(ESCAPES, next) ? ESCAPES[next] : undefined;
      if (escaped === undefined) {
        throw new DisplayFilterError('bad-escape', TEXT.badEscape(`\\${next ?? ''}`), { position: i + 1, length: 2 });
      }
      bytes.push(escaped);
      i += 2;
      continue;
    }
    const code = text.codePointAt(i)!;
    const character = String.fromCodePoint(code);
    bytes.push(...utf8.encode(character));
    i += character.length;
  }
  throw new DisplayFilterError('unterminated-string', TEXT.unterminated, {
    position: start + 1,
    length: text.length - start,
  });
}
