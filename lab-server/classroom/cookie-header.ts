/**
 * Reading `Cookie` and writing `Set-Cookie` (RFC 6265 §4.1, §5.4) for the classroom's two cookies. Every one is
 * HttpOnly (no script on the page, an injected one included, can read it), SameSite=Strict (a browser sends it
 * on no request another site starts — the first line against CSRF), Path=/, and Secure when the request came
 * over HTTPS (a cookie marked Secure on plain HTTP would never be sent back).
 */

import type { IncomingMessage } from 'node:http';

/** At most this many cookies of a header are read: the header is the client's. */
const MAX_COOKIES = 64;

export function readCookie(request: Pick<IncomingMessage, 'headers'>, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const pair of header.split(';', MAX_COOKIES)) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
    const value = pair.slice(equals + 1).trim();
    return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1) : value;
  }
  return undefined;
}

export function setCookie(
  name: string,
  value: string,
  options: { readonly maxAgeSeconds: number; readonly secure: boolean },
): string {
  const attributes = [`${name}=${value}`, 'Path=/', `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`];
  attributes.push('HttpOnly', 'SameSite=Strict');
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** A `Set-Cookie` that makes the browser forget `name` (RFC 6265 §5.3: an expiry in the past). */
export function clearCookie(name: string, secure: boolean): string {
  return setCookie(name, '', { maxAgeSeconds: 0, secure });
}
