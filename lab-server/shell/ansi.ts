/**
 * Terminal text helpers for the lab shell: colour, the display width of text (CJK characters take two
 * columns, which matters when the line editor redraws a Chinese student's input), and making bytes from the
 * network safe to print — a peer's escape sequences are shown as `\x1b`, never executed by the terminal.
 */

const ESC = '\x1b[';

export const style = {
  dim: (text: string) => `${ESC}2m${text}${ESC}22m`,
  bold: (text: string) => `${ESC}1m${text}${ESC}22m`,
  red: (text: string) => `${ESC}31m${text}${ESC}39m`,
  green: (text: string) => `${ESC}32m${text}${ESC}39m`,
  yellow: (text: string) => `${ESC}33m${text}${ESC}39m`,
  blue: (text: string) => `${ESC}34m${text}${ESC}39m`,
  magenta: (text: string) => `${ESC}35m${text}${ESC}39m`,
  cyan: (text: string) => `${ESC}36m${text}${ESC}39m`,
};

export const CLEAR_SCREEN = `${ESC}2J${ESC}3J${ESC}H`;
export const CLEAR_TO_END = `${ESC}J`;

export function cursorUp(rows: number): string {
  return rows > 0 ? `${ESC}${rows}A` : '';
}

export function cursorForward(columns: number): string {
  return columns > 0 ? `${ESC}${columns}C` : '';
}

/** Columns a code point occupies: 2 for East Asian wide and fullwidth forms, 0 for combining marks. */
export function charWidth(codePoint: number): number {
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  if (codePoint >= 0x300 && codePoint <= 0x36f) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0)!);
  return width;
}

/** Removes SGR colour sequences, for width computations of styled prompts. */
export function stripStyle(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Bytes from the network as terminal-safe text: valid UTF-8 printable text as is, newlines as newlines (CR LF
 * too), tabs as tabs, every other control character and every invalid byte as a dim `\xNN`.
 */
export function safeText(bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\n') out += '\r\n';
    else if (char === '\t') out += char;
    else if (char === '\r') continue;
    else if (code === 0xfffd) out += style.dim('\\ufffd');
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += style.dim(`\\x${code.toString(16).padStart(2, '0')}`);
    else out += char;
  }
  return out;
}

/** A quoted, escaped, UTF-8-aware rendering of a payload for narration lines: `"Hello,world!\n"`. */
export function quoteText(bytes: Uint8Array, maxChars = 80): string {
  const text = decoder.decode(bytes);
  let out = '"';
  let count = 0;
  for (const char of text) {
    if (count++ >= maxChars) return `${out}"…`;
    const code = char.codePointAt(0)!;
    if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (code === 0xfffd) out += '\\ufffd';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
