/**
 * Wraps what the shell prints to the terminal's width at word boundaries, so narration such as
 * `connect(fd 3, …) = 0  connect() returned after 0.2 ms; local address …` and `help`'s lines break between
 * words instead of wherever the terminal runs out of columns. Colour sequences (SGR) take no columns and are
 * kept as they are — the terminal carries a colour across the line break, so a styled span stays styled. A
 * continuation line is indented two columns more than its line, so a reader sees where a line goes on. East Asian text may break between any
 * two wide characters, as it does in print; a word longer than a line is cut.
 */

import { charWidth, stripStyle } from './ansi';

/** What a continuation line is indented by, beyond the indent of the line it continues. */
const CONTINUATION_INDENT = 2;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
const SGR = /^\x1b\[[0-9;]*m/;

/** `text` (lines separated by `\r\n` or `\n`) wrapped to `columns`; lines keep the separator they had. */
export function wrapText(text: string, columns: number): string {
  if (columns < 8) return text;
  return text
    .split(/(\r?\n)/)
    .map((part, index) => (index % 2 === 1 ? part : wrapLine(part, columns)))
    .join('');
}

function wrapLine(line: string, columns: number): string {
  const leading = /^ */.exec(stripStyle(line))?.[0].length ?? 0;
  const CONTINUATION = ' '.repeat(Math.min(Math.floor(columns / 2), leading + CONTINUATION_INDENT));
  const out: string[] = [];
  let current = '';
  let width = 0;
  /** Where the current line may break: the index in `current` just after a space or a wide character. */
  let breakAt = -1;
  let widthAtBreak = 0;
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
    if (width + charColumns > columns && width > CONTINUATION.length) {
      if (char === ' ') {
        // The break falls on a space: it is the break, and it is dropped.
        out.push(current);
        current = CONTINUATION;
        width = CONTINUATION.length;
        breakAt = -1;
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
    }
    current += char;
    width += charColumns;
    if (char === ' ' || charColumns === 2) {
      breakAt = current.length;
      widthAtBreak = width;
    }
  }
  out.push(current);
  return out.join('\r\n');
}
