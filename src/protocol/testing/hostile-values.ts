/**
 * Values a decoder must survive, drawn from a seeded generator: random JSON of every kind, numbers at and past
 * the protocol's limits, strings that look like numbers or like nothing (`NaN`, `-0`, `1e999`), lone UTF-16
 * surrogates, control characters, strings far longer than any field allows, keys that name the prototype
 * (`__proto__`, `constructor`), and arrays nested deeper than a recursive function can follow.
 */

import { MAX_ANSWER_CHARS, MAX_INPUT_CHARS, TERMINAL_COLS, TERMINAL_ROWS } from '../limits';
import { RawJson, setOwn } from './json-text';
import type { SeededRandom } from './seeded-random';

/** Keys that reach the prototype chain when code copies a parsed object carelessly. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** A marker a polluted prototype would show: the fuzz test looks for it on `Object.prototype` afterwards. */
export const POLLUTION_MARK = 'fuzzPolluted';

const NUMBER_LIKE = ['NaN', 'Infinity', '-Infinity', '-0', '0', '1e999', '0x10', ' 42 ', '1_000', '', ' ', '٣'];
const ODD_TEXT = [
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\u0000',
  '\u001b[2J',
  '\r\n',
  '\u202e',
  '\ufeff',
  '😀',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'tcp-echo',
  'TCP-ECHO',
  '-tcp',
  ...PROTOTYPE_KEYS,
];
/** Lengths just past each limit, and far past them. */
const LONG_LENGTHS = [25, 41, 65, 129, MAX_ANSWER_CHARS + 1, 513, 4097, MAX_INPUT_CHARS + 1, (1 << 16) + 1];
/** Past the page decoder's megabyte of text; rare, because each one costs milliseconds to write and parse. */
const MEGABYTE = (1 << 20) + 1;

export function hostileString(random: SeededRandom): string {
  if (random.chance(0.001)) return 'x'.repeat(MEGABYTE);
  switch (random.int(0, 3)) {
    case 0:
      return random.pick(NUMBER_LIKE);
    case 1:
      return random.pick(ODD_TEXT);
    case 2:
      return random.pick(['x', 'a-', '0', '00', '\ud83d']).repeat(random.pick(LONG_LENGTHS));
    default:
      return randomText(random, random.int(0, 40));
  }
}

/** Code units of any value, lone surrogates and control characters included. */
export function randomText(random: SeededRandom, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    const unit = random.chance(0.7) ? random.int(0x20, 0x7e) : random.int(0, 0xffff);
    text += String.fromCharCode(unit);
  }
  return text;
}

/** Numbers a field may be given: at each edge of the protocol's ranges, fractions, huge, negative, unsafe. */
export function oddNumber(random: SeededRandom): number {
  return random.pick([
    0,
    -0,
    -1,
    1,
    0.5,
    1e-7,
    TERMINAL_COLS.min - 1,
    TERMINAL_COLS.max + 1,
    TERMINAL_ROWS.min - 1,
    TERMINAL_ROWS.max + 1,
    65535,
    65536,
    1_000_000,
    1_000_001,
    2 ** 31,
    2 ** 32,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1e308,
    random.int(-1000, 1000),
  ]);
}

/** Arrays nested `depth` deep, as text: deeper than a recursive writer or reader can go. */
export function deepArray(depth: number): RawJson {
  return new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

/** Any JSON value, at most `depth` levels of arrays and objects. */
export function randomJson(random: SeededRandom, depth = 3): unknown {
  const kind = random.int(0, depth > 0 ? 6 : 4);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return oddNumber(random);
    case 3:
      return hostileString(random);
    case 4:
      return random.int(-5, 5);
    case 5:
      return Array.from({ length: random.int(0, 4) }, () => randomJson(random, depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(0, 4); i > 0; i--) setOwn(object, hostileKey(random), randomJson(random, depth - 1));
      return object;
    }
  }
}

export function hostileKey(random: SeededRandom): string {
  return random.chance(0.4) ? random.pick(PROTOTYPE_KEYS) : hostileString(random).slice(0, 64);
}

/** What a prototype-pollution attempt carries: an object that would mark `Object.prototype` if merged into it. */
export function pollutionPayload(): Record<string, unknown> {
  return { [POLLUTION_MARK]: true, type: 'ping', id: 1 };
}

/** Any of the above, for a field: a plain JSON value, or raw text no JSON writer would produce. */
export function hostileValue(random: SeededRandom): unknown {
  switch (random.int(0, 9)) {
    case 0:
      return deepArray(random.pick([100, 2_000, 20_000]));
    case 1:
      return new RawJson(random.pick(['1e999', '-1e999', '1e-999', '-0', '1.0', '1E2', '0.0000001e7']));
    case 2:
      return pollutionPayload();
    default:
      return randomJson(random);
  }
}
