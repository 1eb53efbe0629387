/**
 * The lab shell's tables (`status`, `clients`): fixed columns measured in display columns, so a Chinese heading
 * (two columns a character) lines up with the rows under it, and a heading row picked per language.
 */

import { type Localized, pick } from '../../src/common/localized';
import { padColumns } from './ansi';
import { eachLocale } from './shell-text';

export interface Column {
  /** Width in display columns. */
  readonly width: number;
  /** `end` pads after the text (left-aligned), `start` before it (right-aligned, for numbers). */
  readonly side: 'end' | 'start';
}

/** One row: each cell padded to its column, one space between columns. */
export function tableRow(columns: readonly Column[], cells: readonly string[]): string {
  return cells.map((cell, index) => padColumns(cell, columns[index]?.width ?? 0, columns[index]?.side)).join(' ');
}

/** The heading row in every language: technical headings (`fd`) as they are, the others translated. */
export function tableHeader(columns: readonly Column[], headings: readonly (string | Localized)[]): Localized {
  return eachLocale((locale) =>
    tableRow(
      columns,
      headings.map((heading) => (typeof heading === 'string' ? heading : pick(heading, locale))),
    ),
  );
}
