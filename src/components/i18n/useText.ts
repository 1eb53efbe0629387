/**
 * The page's side of `src/common/localized.ts`: the reader's language, as Docusaurus serves the page
 * (`/zh-Hans/…` is Chinese), and a function that picks a catalog entry in it. Every lab-panel component takes
 * its texts from a `text.ts` beside it through this hook, so a string cannot reach the page untranslated.
 */

import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import { useCallback } from 'react';
import { type Locale, type Localized, toLocale } from '../../common/localized';

export function useLocale(): Locale {
  return toLocale(useDocusaurusContext().i18n.currentLocale);
}

/** `t(TEXT.entry)` → the entry in the page's language. */
export function useText(): (text: Localized) => string {
  const locale = useLocale();
  return useCallback((text: Localized) => text[locale], [locale]);
}
