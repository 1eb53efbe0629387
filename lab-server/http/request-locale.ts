/**
 * The language an HTTP request prefers, from its `Accept-Language` header (RFC 9110 §12.5.4), among the
 * course's locales. The lab server answers refusals in it when nothing better is known: a WebSocket refused
 * before its page said `hello` (whose `locale` then decides), or an HTTP error such as a stale pcapng link.
 * Any Chinese preference maps to the course's Simplified Chinese, the only Chinese it is written in.
 */

import type { IncomingMessage } from 'node:http';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../src/common/localized';

/** At most this many language ranges are read: the header is the client's, its length is not ours to trust. */
const MAX_RANGES = 16;

export function requestLocale(request: Pick<IncomingMessage, 'headers'>): Locale {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return DEFAULT_LOCALE;
  const ranges = header
    .split(',', MAX_RANGES)
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().toLowerCase().split(';');
      const q = parameters.map((p) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    const locale = localeOfTag(tag);
    if (locale !== undefined) return locale;
  }
  return DEFAULT_LOCALE;
}

/**
 * The language a request names with `?locale=en|zh-Hans` (a plain link or a WebSocket from a page in that
 * language, which cannot set headers), else the one its `Accept-Language` prefers.
 */
export function queryOrRequestLocale(request: Pick<IncomingMessage, 'headers' | 'url'>): Locale {
  const asked = new URL(request.url ?? '/', 'http://localhost').searchParams.get('locale');
  return LOCALES.find((locale) => locale === asked) ?? requestLocale(request);
}

function localeOfTag(tag: string): Locale | undefined {
  const primary = tag.split('-')[0];
  if (primary === 'zh') return 'zh-Hans';
  return LOCALES.find((locale) => locale.toLowerCase() === tag || locale.split('-')[0] === primary);
}
