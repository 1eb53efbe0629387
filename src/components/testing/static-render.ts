/**
 * Renders a lab-panel component to HTML in Node, for tests of what it writes into the page: React's own server
 * renderer, no DOM emulator. Importing this module registers two module hooks for what only the site's bundler
 * provides — a CSS module (here every class name is the name itself) and Docusaurus's context (here it names
 * the locale the test asks for) — so a test imports the component after this, with `await import(…)`. Tests
 * only; the site never imports it.
 */

// The tests that render components compile the components too, and these name what only Docusaurus declares.
/// <reference types="@docusaurus/module-type-aliases" />

import { register } from 'node:module';
import type { ReactElement } from 'react';
import type { Locale } from '../../common/localized';

const HOOKS = `
const CSS = 'socketlab-test:css-module';
const CONTEXT = 'socketlab-test:docusaurus-context';
export async function resolve(specifier, context, next) {
  if (specifier.endsWith('.module.css')) return { url: CSS, shortCircuit: true };
  if (specifier === '@docusaurus/useDocusaurusContext') return { url: CONTEXT, shortCircuit: true };
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url === CSS) {
    return {
      format: 'module',
      shortCircuit: true,
      source: 'export default new Proxy({}, { get: (_, name) => (typeof name === "string" ? name : undefined) });',
    };
  }
  if (url === CONTEXT) {
    return {
      format: 'module',
      shortCircuit: true,
      source:
        'export default function useDocusaurusContext() { return { i18n: { currentLocale: globalThis.__socketlabTestLocale ?? "en" }, siteConfig: { customFields: {} } }; }',
    };
  }
  return next(url, context);
}
`;

register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, import.meta.url);

declare global {
  var __socketlabTestLocale: Locale | undefined;
}

/** The element's HTML as React writes it, in `locale`. */
export async function renderHtml(element: ReactElement, locale: Locale = 'en'): Promise<string> {
  const { renderToStaticMarkup } = await import('react-dom/server');
  globalThis.__socketlabTestLocale = locale;
  try {
    return renderToStaticMarkup(element);
  } finally {
    globalThis.__socketlabTestLocale = undefined;
  }
}
