/**
 * Parses a shell command line. Words split on spaces; double quotes group words and understand C escapes
 * (`\n`, `\r`, `\t`, `\0`, `\xNN`, `\\`, `\"`), single quotes take text literally. Options (`--hex`, `--fd 3`,
 * `-n`) come before the payload; everything after them is the payload exactly as typed, so `send Hello, world!`
 * sends those 13 bytes with their space. Text is UTF-8 and `\xNN` is one byte, as in a C string literal, so
 * `send "\xff\x80"` sends two bytes, not the four of U+00FF U+0080 in UTF-8.
 */

import { type Localized, localized } from '../../src/common/localized';

const TEXT = localized({
  en: {
    unterminatedDouble: 'unterminated double quote',
    unterminatedSingle: 'unterminated single quote',
    needsValue: (option: string) => `${option} needs a value`,
  },
  'zh-Hans': {
    unterminatedDouble: '双引号没有闭合',
    unterminatedSingle: '单引号没有闭合',
    needsValue: (option) => `${option} 后面要跟一个值`,
  },
});

export interface ParsedLine {
  readonly command: string;
  readonly options: ReadonlyMap<string, string | true>;
  /** The remaining words, unquoted, read as UTF-8 (a byte that is not UTF-8 reads as U+FFFD). */
  readonly args: readonly string[];
  /** The remaining text: unquoted if it was a single quoted word, otherwise raw as typed; read as UTF-8. */
  readonly rest: string;
  /** The bytes of `rest`: its text in UTF-8, except that each `\xNN` in double quotes is the one byte NN. */
  readonly payload: Uint8Array;
  /** The bytes of each of `args`, read as `payload` is (`reply "\x01" OK`). */
  readonly argBytes: readonly Uint8Array[];
}

/** A line that cannot be parsed; `text` says why in every language (it may quote what was typed). */
export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
  readonly text: Localized;

  constructor(text: Localized) {
    super(text.en);
    this.text = text;
  }
}

interface Word {
  readonly text: string;
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly quoted: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

function splitWords(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    const start = i;
    const parts: Uint8Array[] = [];
    let plain = '';
    let quoted = false;
    while (i < line.length && line[i] !== ' ') {
      const char = line[i]!;
      if (char === '"' || char === "'") {
        quoted = true;
        const close = char === '"' ? closingDoubleQuote(line, i + 1) : line.indexOf(char, i + 1);
        if (close === -1) throw new CommandLineError(char === '"' ? TEXT.unterminatedDouble : TEXT.unterminatedSingle);
        const inner = line.slice(i + 1, close);
        parts.push(encoder.encode(plain), char === '"' ? unescapeC(inner) : encoder.encode(inner));
        plain = '';
        i = close + 1;
      } else {
        plain += char;
        i++;
      }
    }
    parts.push(encoder.encode(plain));
    const bytes = Buffer.concat(parts);
    words.push({ text: decoder.decode(bytes), bytes, start, quoted });
  }
  return words;
}

/** Index of the `"` that closes a double-quoted word starting at `from`, skipping `\"`; -1 if none. */
function closingDoubleQuote(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i;
  }
  return -1;
}

const ESCAPE = /\\(x[0-9a-fA-F]{2}|[nrt0\\"'])/g;
const ESCAPED: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, '0': 0x00 };

/** C-style escapes inside double quotes, as bytes: the text between them in UTF-8, `\xNN` as the byte NN. */
function unescapeC(text: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const match of text.matchAll(ESCAPE)) {
    const code = match[1]!;
    const byte = code[0] === 'x' ? Number.parseInt(code.slice(1), 16) : (ESCAPED[code] ?? code.charCodeAt(0));
    parts.push(encoder.encode(text.slice(from, match.index)), Uint8Array.of(byte));
    from = match.index + match[0].length;
  }
  parts.push(encoder.encode(text.slice(from)));
  return Buffer.concat(parts);
}

/**
 * Splits a command line into the command, its options and the payload. `valueOptions` names the options that
 * take a value (`--fd 3`, `--max 16`); `aliases` maps short forms (`-x` → `--hex`).
 */
export function parseLine(
  line: string,
  valueOptions: ReadonlySet<string> = new Set(),
  aliases: Readonly<Record<string, string>> = {},
): ParsedLine {
  const words = splitWords(line);
  const first = words[0];
  if (first === undefined) {
    return { command: '', options: new Map(), args: [], rest: '', payload: new Uint8Array(0), argBytes: [] };
  }
  const options = new Map<string, string | true>();
  let index = 1;
  while (index < words.length) {
    const word = words[index]!;
    if (word.quoted || !word.text.startsWith('-') || word.text === '-') break;
    if (word.text === '--') {
      index++;
      break;
    }
    const name = aliases[word.text] ?? word.text;
    if (valueOptions.has(name)) {
      const value = words[index + 1];
      if (value === undefined) throw new CommandLineError(TEXT.needsValue(name));
      options.set(name, value.text);
      index += 2;
    } else {
      options.set(name, true);
      index++;
    }
  }
  const remaining = words.slice(index);
  const restStart = remaining[0]?.start;
  let rest = '';
  let payload: Uint8Array = new Uint8Array(0);
  if (remaining.length === 1 && remaining[0]!.quoted) {
    rest = remaining[0]!.text;
    payload = remaining[0]!.bytes;
  } else if (restStart !== undefined) {
    rest = line.slice(restStart).replace(/\s+$/, '');
    payload = encoder.encode(rest);
  }
  return {
    command: first.text,
    options,
    args: remaining.map((word) => word.text),
    rest,
    payload,
    argBytes: remaining.map((word) => word.bytes),
  };
}
