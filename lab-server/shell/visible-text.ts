/**
 * Text on its way to the student's terminal that the shell did not write itself: arguments the student typed,
 * lines from the history, bytes a peer sent. One rule, `escapeOf`, decides which characters may reach the
 * terminal as themselves; the others are shown as escapes (`\x1b`, `\u009b`), never acted on, so neither a
 * peer nor a quoted `"\x1b]0;…\x07"` can retitle the window, clear the screen or reorder what is shown.
 */

import { style } from './ansi';
import { utf8Units } from './utf8-units';

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/** How a code point that must not reach the terminal as itself is shown instead; undefined when it may. */
export function escapeOf(code: number): string | undefined {
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  if (code === 0x09) return '\\t';
  // C0 controls and DEL: ESC starts every terminal sequence, BEL ends an OSC.
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
  // C1 controls: a terminal may take U+009B as CSI and U+009D as OSC, as it takes ESC [ and ESC ]. Written
  // \u because in the shell's double quotes \x9b is the byte 9b, whereas this character is the bytes c2 9b.
  if (code >= 0x80 && code < 0xa0) return `\\u${hex(code, 4)}`;
  // Surrogates: walking a string by code point meets one only when its other half is missing.
  if (code >= 0xd800 && code <= 0xdfff) return `\\u${hex(code, 4)}`;
  // Bidi embeddings, overrides and isolates reorder the text around them ("Trojan Source", CVE-2021-42574).
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return `\\u${hex(code, 4)}`;
  return undefined;
}

/** Whether a character (one code point) may be shown as itself: what the line editor lets into a line. */
export function printsAsItself(char: string): boolean {
  return escapeOf(char.codePointAt(0)!) === undefined;
}

/** Text that came from input, for one line of a shell message: `recv: unexpected "\x1b]0;pwned\x07"`. */
export function visible(text: string): string {
  let out = '';
  for (const char of text) out += escapeOf(char.codePointAt(0)!) ?? char;
  return out;
}

/**
 * Bytes from the network as terminal-safe text: UTF-8 text as is, newlines as newlines (CR LF too), tabs as
 * tabs, every other control character and every byte that is not UTF-8 as a dim escape.
 */
export function safeText(bytes: Uint8Array): string {
  let out = '';
  for (const unit of utf8Units(bytes)) {
    if (typeof unit === 'number') out += style.dim(`\\x${hex(unit, 2)}`);
    else if (unit === '\n') out += '\r\n';
    else if (unit === '\t') out += unit;
    else if (unit !== '\r') {
      const escaped = escapeOf(unit.codePointAt(0)!);
      out += escaped === undefined ? unit : style.dim(escaped);
    }
  }
  return out;
}

/**
 * A payload quoted for narration lines, in the syntax `send` reads back: `"Hello,world!\n"`, `"a\xffb"` —
 * UTF-8 text as text, a byte that is not UTF-8 as `\xNN`.
 */
export function quoteText(bytes: Uint8Array, maxChars = 80): string {
  let out = '"';
  let count = 0;
  for (const unit of utf8Units(bytes)) {
    if (count++ >= maxChars) return `${out}"…`;
    if (typeof unit === 'number') out += `\\x${hex(unit, 2)}`;
    else if (unit === '"' || unit === '\\') out += `\\${unit}`;
    else out += escapeOf(unit.codePointAt(0)!) ?? unit;
  }
  return `${out}"`;
}
