/**
 * What the lab shell prints: a plain string where the text is the same in every language (a narrated call, the
 * bytes quoted, a table row, a command's usage) or a `Localized` sentence. Commands hand either to the shell,
 * which picks the language only when the line is printed, so `setLocale` takes effect on the next line, also for
 * news that arrives later (data, a FIN, a reset). Styling and joining work on both, language by language.
 */

import { LOCALES, type Locale, type Localized, pick } from '../../src/common/localized';

export type ShellText = string | Localized;

/** The text in `locale`. */
export function pickText(text: ShellText, locale: Locale): string {
  return typeof text === 'string' ? text : pick(text, locale);
}

/** A text made in each language from that language's strings. */
export function eachLocale(make: (locale: Locale) => string): Localized {
  return Object.fromEntries(LOCALES.map((locale) => [locale, make(locale)])) as Localized;
}

/** `text` changed the same way in every language (coloured, escaped, wrapped). */
export function mapText(text: string, change: (text: string) => string): string;
export function mapText(text: Localized, change: (text: string) => string): Localized;
export function mapText(text: ShellText, change: (text: string) => string): ShellText;
export function mapText(text: ShellText, change: (text: string) => string): ShellText {
  return typeof text === 'string' ? change(text) : eachLocale((locale) => change(pick(text, locale)));
}

/** The parts one after another, with nothing between them; a string when every part is one. */
export function joinText(...parts: readonly ShellText[]): ShellText {
  if (parts.every((part) => typeof part === 'string')) return parts.join('');
  return eachLocale((locale) => parts.map((part) => pickText(part, locale)).join(''));
}
