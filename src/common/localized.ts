/**
 * Text in every language of the course, for what the lab server and the lab panel say: check and question
 * texts, shell messages, errors, panel labels. A module writes its sentences once per locale in one catalog
 * (`localized({ en: {...}, 'zh-Hans': {...} })`); the compiler then requires every locale to have every entry,
 * with the same parameters, so a sentence cannot ship in one language only. Looking an entry up gives a
 * `Localized` value, all languages at once: checks and the shell stay free of any notion of "the current
 * language", and the edge that knows it (the session for a page, a component for its reader) picks one with
 * `pick`. Docusaurus's own `translate()` serves the site's chrome; this serves what both sides share, so the page
 * and the lab server use one mechanism and one test (`localized.test.ts`) keeps every catalog complete.
 */

import { DEFAULT_LOCALE, LOCALES, type Locale, TRANSLATED_LOCALES } from '../i18n/locales';

export { DEFAULT_LOCALE, LOCALES } from '../i18n/locales';

/** The locales other than English, which every catalog must translate. */
export const TRANSLATED: readonly Exclude<Locale, 'en'>[] = TRANSLATED_LOCALES as Exclude<Locale, 'en'>[];

export type { Locale } from '../i18n/locales';

/** The same text in every locale of the course. */
export type Localized = { readonly [L in Locale]: string };

/** A catalog entry: a fixed sentence, or a template of its parameters (strings and numbers). */
type Entry = string | ((...args: never[]) => string);

export type CatalogTable = Readonly<Record<string, Entry>>;

/** A parameter typed `string` in a template also takes a `Localized`, resolved in the same locale. */
type Argument<T> = T extends string ? T | Localized : T;

type Arguments<A extends readonly unknown[]> = { [I in keyof A]: Argument<A[I]> };

/** A catalog as its users see it: every entry gives the text in all locales. */
export type Catalog<T extends CatalogTable> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: Arguments<A>) => Localized : Localized;
};

/** The tables of a catalog: the default locale's entries fix the keys and parameters the others must have. */
export type CatalogTables<T extends CatalogTable> = { readonly en: T } & {
  readonly [L in Exclude<Locale, 'en'>]: { readonly [K in keyof T]: NoInfer<T[K]> };
};

const catalogs: CatalogTables<CatalogTable>[] = [];

/** Builds a catalog from one table per locale. */
export function localized<T extends CatalogTable>(tables: CatalogTables<T>): Catalog<T> {
  catalogs.push(tables as CatalogTables<CatalogTable>);
  const catalog: Record<string, Localized | ((...args: unknown[]) => Localized)> = {};
  for (const key of Object.keys(tables.en)) {
    const en = tables.en[key];
    catalog[key] =
      typeof en === 'function'
        ? (...args: unknown[]) => each((locale) => call(tables[locale][key], args, locale))
        : each((locale) => tables[locale][key] as string);
  }
  return catalog as Catalog<T>;
}

function call(entry: Entry | undefined, args: readonly unknown[], locale: Locale): string {
  const resolved = args.map((arg) => (isLocalized(arg) ? arg[locale] : arg));
  return (entry as (...args: unknown[]) => string)(...resolved);
}

function each(text: (locale: Locale) => string): Localized {
  return Object.fromEntries(LOCALES.map((locale) => [locale, text(locale)])) as Localized;
}

export function isLocalized(value: unknown): value is Localized {
  return (
    typeof value === 'object' &&
    value !== null &&
    LOCALES.every((locale) => typeof (value as Record<string, unknown>)[locale] === 'string')
  );
}

/** Whether two texts say the same in every locale (verdicts are sent again only when they changed). */
export function sameText(a: Localized, b: Localized): boolean {
  return LOCALES.every((locale) => a[locale] === b[locale]);
}

/** The text in one locale. */
export function pick(text: Localized, locale: Locale): string {
  return text[locale];
}

/** Text that reads the same in every language: an address, a command, a number. */
export function verbatim(text: string): Localized {
  return each(() => text);
}

/**
 * Sentences joined into one text, as each language joins them: a space after English sentences, none after
 * Chinese ones (which end in full-width punctuation). Empty parts are left out.
 */
export function sentences(...parts: readonly (Localized | undefined)[]): Localized {
  return each((locale) =>
    parts
      .map((part) => part?.[locale] ?? '')
      .filter((part) => part !== '')
      .join(SENTENCE_SEPARATOR[locale]),
  );
}

const SENTENCE_SEPARATOR: { readonly [L in Locale]: string } = { en: ' ', 'zh-Hans': '' };

/** A locale from untrusted input (a `hello`, a query), or the default. */
export function toLocale(value: unknown): Locale {
  return LOCALES.find((locale) => locale === value) ?? DEFAULT_LOCALE;
}

/** Every catalog built so far, for the test that keeps them complete. */
export function registeredCatalogs(): readonly CatalogTables<CatalogTable>[] {
  return catalogs;
}
