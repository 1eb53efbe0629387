/**
 * Wraps what the shell prints to the terminal's width at word boundaries, so narration such as
 * `connect(fd 3, …) = 0  connect() returned after 0.2 ms; local address …` and `help`'s lines break between
 * words instead of wherever the terminal runs out of columns. Colour sequences (SGR) take no columns and are
 * kept as they are — the terminal carries a colour across the line break, so a styled span stays styled. A
 * continuation line is indented two columns more than its line (or to a column, for `help`'s table), so a reader
 * sees where a line goes on. East Asian text may break between any two characters when one is wide, as it does in
 * print, but never puts a closing mark (，。）：) at the start of a line or an opening one (（「) at its end; a word
 * longer than a line is cut.
 */

import { charWidth, stripStyle } from './ansi';

/** What a continuation line is indented by, beyond the indent of the line it continues. */
const CONTINUATION_INDENT = 2;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const SGR = /^\x1b\[[0-9;]*m/;

/**
 * Marks a line must not start with (closing brackets, full stops, commas, colons), and marks it must not end
 * with (opening brackets): the common core of the Chinese and Japanese line-breaking rules (kinsoku, JIS X 4051).
 */
const NO_LINE_START = new Set('，。、；：？！）」』》〉】〕〗”’…～·%,.;:?!)]}');
const NO_LINE_END = new Set('（「『《〈【〔〖“‘([{');

/**
 * `text` (lines separated by `\r\n` or `\n`) wrapped to `columns`; lines keep the separator they had. A continuation
 * line is indented by `hang` columns when given (a table's column), else two more than the line it continues.
 */
export function wrapText(text: string, columns: number, hang?: number): string {
  if (columns < 8) return text;
  return text
    .split(/(\r?\n)/)
    .map((part, index) => (index % 2 === 1 ? part : wrapLine(part, columns, hang)))
    .join('');
}

function wrapLine(line: string, columns: number, hang: number | undefined): string {
  const leading = /^ */.exec(stripStyle(line))?.[0].length ?? 0;
  const indent = hang === undefined ? Math.min(Math.floor(columns / 2), leading + CONTINUATION_INDENT) : hang;
  const CONTINUATION = ' '.repeat(Math.min(indent, columns - 8));
  const out: string[] = [];
  let current = '';
  let width = 0;
  /** Where the current line may break: the index in `current` after a space, or between two characters one of which is wide. */
  let breakAt = -1;
  let widthAtBreak = 0;
  /** The character before this one, and whether the current line has any text yet (an indent is not text). */
  let previous = ' ';
  let hasText = false;
  let i = 0;
  while (i < line.length) {
    const sgr = SGR.exec(line.slice(i, i + 32));
    if (sgr !== null) {
      current += sgr[0];
      i += sgr[0].length;
      continue;
    }
    const char = String.fromCodePoint(line.codePointAt(i)!);
    i += char.length;
    const charColumns = charWidth(char.codePointAt(0)!);
    // East Asian text breaks between characters, as in print, except before a closing mark or after an opening one.
    if (
      hasText &&
      char !== ' ' &&
      previous !== ' ' &&
      (charColumns === 2 || charWidth(previous.codePointAt(0)!) === 2) &&
      !NO_LINE_START.has(char) &&
      !NO_LINE_END.has(previous)
    ) {
      breakAt = current.length;
      widthAtBreak = width;
    }
    if (width + charColumns > columns && width > CONTINUATION.length) {
      if (char === ' ') {
        // The break falls on a space: it is the break, and it is dropped.
        out.push(current);
        current = CONTINUATION;
        width = CONTINUATION.length;
        breakAt = -1;
        hasText = false;
        continue;
      }
      if (breakAt > 0) {
        out.push(current.slice(0, breakAt).trimEnd());
        current = CONTINUATION + current.slice(breakAt);
        width = CONTINUATION.length + (width - widthAtBreak);
      }
      // No earlier break, or the word carried over still does not fit beside its indent: cut it here.
      if (breakAt <= 0 || width + charColumns > columns) {
        out.push(current);
        current = CONTINUATION;
        width = CONTINUATION.length;
      }
      breakAt = -1;
      hasText = stripStyle(current).trim() !== '';
    }
    current += char;
    width += charColumns;
    previous = char;
    if (char === ' ') {
      breakAt = current.length;
      widthAtBreak = width;
    } else {
      hasText = true;
    }
  }
  out.push(current);
  return out.join('\r\n');
}
