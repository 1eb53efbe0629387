/**
 * Parses a shell command line. Words split on spaces; double quotes group words and understand C escapes
 * (`\n`, `\r`, `\t`, `\xNN`, `\\`, `\"`), single quotes take text literally. Options (`--hex`, `--fd 3`, `-n`)
 * come before the payload; everything after them is the payload exactly as typed, so `send Hello, world!`
 * sends those 13 bytes with their space.
 */

export interface ParsedLine {
  readonly command: string;
  readonly options: ReadonlyMap<string, string | true>;
  /** The remaining words, unquoted. */
  readonly args: readonly string[];
  /** The remaining text: quoted if it was a single quoted word, otherwise raw as typed. */
  readonly rest: string;
}

export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

interface Word {
  readonly text: string;
  readonly start: number;
  readonly quoted: boolean;
}

function splitWords(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    const start = i;
    let text = '';
    let quoted = false;
    while (i < line.length && line[i] !== ' ') {
      const char = line[i]!;
      if (char === '"' || char === "'") {
        quoted = true;
        const close = char === '"' ? closingDoubleQuote(line, i + 1) : line.indexOf(char, i + 1);
        if (close === -1) throw new CommandLineError(`unterminated ${char === '"' ? 'double' : 'single'} quote`);
        const inner = line.slice(i + 1, close);
        text += char === '"' ? unescapeC(inner) : inner;
        i = close + 1;
      } else {
        text += char;
        i++;
      }
    }
    words.push({ text, start, quoted });
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

/** C-style escapes inside double quotes. */
function unescapeC(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|[nrt0\\"'])/g, (_, code: string) => {
    switch (code[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '0':
        return '\0';
      case 'x':
        return String.fromCharCode(Number.parseInt(code.slice(1), 16));
      default:
        return code;
    }
  });
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
  if (first === undefined) return { command: '', options: new Map(), args: [], rest: '' };
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
      if (value === undefined) throw new CommandLineError(`${name} needs a value`);
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
  if (remaining.length === 1 && remaining[0]!.quoted) rest = remaining[0]!.text;
  else if (restStart !== undefined) rest = line.slice(restStart).replace(/\s+$/, '');
  return { command: first.text, options, args: remaining.map((word) => word.text), rest };
}
