/**
 * The terminal sequences the lab shell writes on purpose (colour, cursor moves, erase) and the display width of
 * text: CJK characters take two columns, which matters when the line editor redraws a Chinese student's input.
 * Text the shell did not write itself is made safe to print in `visible-text.ts`.
 */

import type { Localized } from '../../src/common/localized';
import { mapText, type ShellText } from './shell-text';

const ESC = '\x1b[';

/** A colour or weight, applied to a plain string or to a sentence in every language alike. */
interface Style {
  (text: string): string;
  (text: Localized): Localized;
  (text: ShellText): ShellText;
}

function sgr(on: number, off: number): Style {
  return ((text: ShellText) => mapText(text, (plain) => `${ESC}${on}m${plain}${ESC}${off}m`)) as Style;
}

export const style = {
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
  magenta: sgr(35, 39),
  cyan: sgr(36, 39),
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

/** `text` padded with spaces to `columns` display columns, after it (`end`) or before it (`start`). */
export function padColumns(text: string, columns: number, side: 'end' | 'start' = 'end'): string {
  const padding = ' '.repeat(Math.max(0, columns - displayWidth(text)));
  return side === 'end' ? text + padding : padding + text;
}

/** Removes SGR colour sequences, for width computations of styled prompts. */
export function stripStyle(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
