/**
 * Random keystrokes for fuzzing the lab shell, as a hostile or unlucky page could send them: command names
 * with random options and arguments, quotes (closed or not), backslash escapes, raw bytes, C0 and C1 controls,
 * bidi overrides, lone surrogates, wide characters, terminal escape sequences and control keys, long lines.
 */

import type { SeededRandom } from '../../src/protocol/testing/seeded-random';

const OPTIONS = [
  '--fd',
  '-f',
  '--hex',
  '-x',
  '-n',
  '--crlf',
  '--shutdown',
  '--max',
  '--wait',
  '--all',
  '-a',
  '--to',
  '--every',
  '--count',
  '--bytes',
  '--timeout',
  '--',
  '-',
];

/** Escape sequences a terminal sends for keys, and some it should never see from a student. */
const SEQUENCES = [
  '\x1b[A',
  '\x1b[B',
  '\x1b[C',
  '\x1b[D',
  '\x1b[H',
  '\x1b[F',
  '\x1b[3~',
  '\x1b[1;5C',
  '\x1b[1;5D',
  '\x1bOP',
  '\x1bb',
  '\x1bf',
  '\x1b',
  '\x1b[',
  '\x1b]0;pwned\x07',
  '\x1b]8;;http://x\x1b\\',
  '\x1b[2J',
  '\x1b[31m',
  '\x1bP+q\x1b\\',
  '\x9b31m',
  '\x9d0;x\x9c',
];

/** Characters from every class the shell must treat with care, beside plain ASCII. */
const SPECIAL = [
  '\u0080',
  '\u0085',
  '\u009b',
  '\u009d',
  '\u009f',
  '\u00a0',
  '\u00ff',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u200f',
  '\ud800',
  '\udfff',
  '\ufffd',
  '\ufeff',
  '\u0301',
  '你',
  '界',
  '😀',
  'é',
  '"',
  "'",
  '\\',
  ' ',
];

/** Backslash escapes in the shell's double-quote syntax, and some it does not know. */
const ESCAPES = [
  '\\n',
  '\\r',
  '\\t',
  '\\0',
  '\\\\',
  '\\"',
  "\\'",
  '\\x1b',
  '\\x07',
  '\\x9b',
  '\\xff',
  '\\x',
  '\\q',
  '\\',
];

function randomChar(random: SeededRandom): string {
  const roll = random.next();
  if (roll < 0.5) return String.fromCharCode(random.int(0x20, 0x7e));
  if (roll < 0.65) return String.fromCharCode(random.int(0, 0x1f));
  if (roll < 0.75) return String.fromCharCode(random.int(0x7f, 0xff));
  if (roll < 0.85) return String.fromCharCode(random.int(0, 0xffff));
  return random.pick(SPECIAL);
}

function randomText(random: SeededRandom, maxLength: number): string {
  let text = '';
  const length = random.int(0, maxLength);
  for (let i = 0; i < length; i++) text += randomChar(random);
  return text;
}

function randomHexEscape(random: SeededRandom): string {
  return `\\x${random.int(0, 255).toString(16).padStart(2, '0')}`;
}

function doubleQuoted(random: SeededRandom): string {
  let inner = '';
  const parts = random.int(0, 6);
  for (let i = 0; i < parts; i++) {
    const roll = random.next();
    if (roll < 0.4) inner += randomHexEscape(random);
    else if (roll < 0.6) inner += random.pick(ESCAPES);
    else inner += randomText(random, 8);
  }
  return random.chance(0.9) ? `"${inner}"` : `"${inner}`;
}

function randomToken(random: SeededRandom): string {
  const roll = random.next();
  if (roll < 0.2) return random.pick(OPTIONS);
  if (roll < 0.25) return `--${randomText(random, 6)}`;
  if (roll < 0.35) return String(random.pick([0, 1, 3, 4, 16, 19, -1, 65536, 1e21, 0.5, 99999999]));
  if (roll < 0.55) return doubleQuoted(random);
  if (roll < 0.62) return random.chance(0.9) ? `'${randomText(random, 8)}'` : `'${randomText(random, 8)}`;
  if (roll < 0.72) return random.pick(SEQUENCES);
  if (roll < 0.8) return String.fromCharCode(random.chance(0.9) ? random.int(0, 0x1f) : 0x7f);
  if (roll < 0.85) return '\\'.repeat(random.int(1, 4));
  if (roll < 0.87) return randomText(random, 5000);
  return randomText(random, 12);
}

/** One input chunk, as one `onData` from the terminal: usually a command line ending in Enter. */
export function randomShellInput(random: SeededRandom, commandNames: readonly string[]): string {
  const roll = random.next();
  // Now and then, no command at all: raw bytes, or any UTF-16 code units.
  if (roll < 0.05)
    return Array.from({ length: random.int(1, 64) }, () => String.fromCharCode(random.int(0, 255))).join('');
  if (roll < 0.08)
    return Array.from({ length: random.int(1, 64) }, () => String.fromCharCode(random.int(0, 0xffff))).join('');
  const words = [random.chance(0.85) ? random.pick(commandNames) : randomToken(random)];
  const count = random.int(0, 6);
  for (let i = 0; i < count; i++) words.push(randomToken(random));
  const separator = random.chance(0.9) ? ' ' : random.pick(['', '  ', '\t']);
  const end = random.pick(['\r', '\r', '\r', '\r', '\r\n', '\n', '', '\t']);
  return words.join(separator) + end;
}
