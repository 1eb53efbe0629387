/**
 * The languages of the course and where each language's pages live. English is the source: docs in `docs/`,
 * the landing page in `src/pages/`. A translation keeps the same paths under `i18n/<locale>/` (Docusaurus's
 * layout), so a page is `/docs/…` in English and `/<locale>/docs/…` in its translation, with the same anchors.
 * The site's config, the test that keeps the translations in step and the tests that run the lessons' listings
 * all take the list from here, so a new language is one line.
 */

export const DEFAULT_LOCALE = 'en';

/** Every locale the site is built in; translations follow the default. */
export const LOCALES = [DEFAULT_LOCALE, 'zh-Hans'] as const;

export type Locale = (typeof LOCALES)[number];

/** The locales other than the default, each of which must translate every page. */
export const TRANSLATED_LOCALES: readonly Locale[] = LOCALES.filter((locale) => locale !== DEFAULT_LOCALE);

/** The folder, relative to the repository root, that holds a locale's docs (`docs` for the default). */
export function docsDir(locale: Locale): string {
  return locale === DEFAULT_LOCALE ? 'docs' : `i18n/${locale}/docusaurus-plugin-content-docs/current`;
}

/** The folder, relative to the repository root, of a translation's JSON files (`code.json`, the theme's). */
export function translationsDir(locale: Locale): string {
  return `i18n/${locale}`;
}
