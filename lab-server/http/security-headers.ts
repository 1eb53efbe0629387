/**
 * The security headers every answer of the lab server carries: pages, assets, API JSON, errors, 404s and
 * downloads. A page gets a Content-Security-Policy that lets it run the site's own scripts and the inline
 * scripts its built HTML holds (by their sha256, read from the file the first time it is served), and nothing
 * else: a student's bytes that ever reached the page as markup could not run. Everything that is not a site file
 * (JSON, downloads, plain-text refusals) gets a policy that allows nothing at all. Strict-Transport-Security goes
 * only on a request that arrived over HTTPS: sent over plain HTTP it means nothing (RFC 6797 §8.1).
 */

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

/** For answers that are not site files: no script, style, frame or fetch of any kind, and no framing. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The policy of a site file. `scriptHashes` are the `'sha256-…'` sources of the page's inline scripts; an asset
 * passes none (a worker script's policy is its own response's, so it must allow what the worker fetches).
 */
export function sitePolicy(scriptHashes: readonly string[] = []): string {
  return [
    "default-src 'self'",
    // No 'unsafe-inline': an inline script runs only if the build wrote it (its hash is listed).
    `script-src ${["'self'", ...scriptHashes].join(' ')}`,
    // Prism's code blocks are rendered with style attributes in the built HTML, and xterm.js adds <style>
    // elements for its colours and cursor; neither can carry a nonce, so inline styles stay allowed. A style
    // cannot run script.
    "style-src 'self' 'unsafe-inline'",
    // Docusaurus and the lab views inline small SVG icons and fonts as data: URLs.
    "img-src 'self' data:",
    "font-src 'self' data:",
    // CSP3 §6.7.2.8 (`'self'` matching): on an http: page 'self' also matches ws: to the same host and port, and
    // on https: wss:, so the lab WebSocket needs no source of its own.
    "connect-src 'self'",
    // The local search runs lunr in a worker built as a same-origin asset (new Worker(new URL('./worker.js'))).
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const PERMISSIONS_DENIED = [
  'accelerometer',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
];

const COMMON: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // The course links out to RFCs and manuals; those sites need not learn the lab server's address (in a
  // classroom, a LAN host), and nothing here reads Referer. Unlike strict-origin-when-cross-origin this also
  // hides the origin; a same-origin fetch() still sends Origin, which is what the WebSocket check reads.
  'referrer-policy': 'no-referrer',
  // Another site must not frame the course and click through a student's lab (frame-ancestors says the same to
  // browsers that read CSP; this is for those that do not).
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': PERMISSIONS_DENIED.map((feature) => `${feature}=()`).join(', '),
};

/**
 * A year, without includeSubDomains: the lab server is one host, and other services under its domain are not
 * ours to force onto HTTPS.
 */
const HSTS = 'max-age=31536000';

/** The headers for one answer: the common ones, the given policy, and HSTS when the request was secure. */
export function securityHeaders(options: {
  readonly secure: boolean;
  readonly policy: string;
}): Readonly<Record<string, string>> {
  return {
    ...COMMON,
    'content-security-policy': options.policy,
    ...(options.secure ? { 'strict-transport-security': HSTS } : {}),
  };
}

/**
 * Sets the headers on a response before any route writes it, with the API policy; a route that serves a site
 * file replaces `content-security-policy` with the site's. Headers passed to `writeHead` later take precedence
 * over these, so a route's own are never lost.
 */
export function applySecurityHeaders(response: ServerResponse, secure: boolean): void {
  for (const [name, value] of Object.entries(securityHeaders({ secure, policy: API_POLICY }))) {
    response.setHeader(name, value);
  }
}

/** HTML elements whose content is text up to their end tag, so a `<script>` inside is not a script. */
const RAW_TEXT = new Set(['style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);

/** WHATWG HTML §4.12.1.1: the types that make a script run; any other type is a data block (JSON-LD). */
const JAVASCRIPT_TYPES = new Set([
  '',
  'module',
  'importmap',
  'speculationrules',
  'text/javascript',
  'application/javascript',
  'application/ecmascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
]);

/**
 * A comment, or a start tag with its attributes (quoted values may hold `>`), as the HTML tokenizer reads them;
 * anything else is text and is skipped. Each alternative starts with a different character, so a tag that never
 * closes costs one pass, not a backtracking storm.
 */
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<([A-Za-z][^\s/>]*)((?:"[^"]*"|'[^']*'|[^"'>])*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function attributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!found.has(name)) found.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

/** Whether a `<script>` with these attributes runs its inline text (no `src`, a JavaScript type). */
function runsInline(attrs: Map<string, string>): boolean {
  if (attrs.has('src')) return false;
  const type = attrs.get('type');
  if (type !== undefined) return JAVASCRIPT_TYPES.has(type.trim().toLowerCase());
  // HTML §4.12.1: with no type, an old `language` attribute other than empty decides (rare, but the rule).
  const language = attrs.get('language');
  return language === undefined || language === '' || JAVASCRIPT_TYPES.has(`text/${language.toLowerCase()}`);
}

/**
 * The `'sha256-…'` sources of the inline scripts of an HTML document, in document order without repeats. CSP3
 * §8.3: the hash is of the element's text as it stands in the file (a script's text is raw, no entities), UTF-8.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  TOKEN.lastIndex = 0;
  let token: RegExpExecArray | null = TOKEN.exec(html);
  while (token !== null) {
    const name = token[1]?.toLowerCase();
    let next = TOKEN.lastIndex;
    if (name === 'script' || (name !== undefined && RAW_TEXT.has(name))) {
      const end = html.slice(next).search(new RegExp(`</${name}[\\s/>]`, 'i'));
      const text = end === -1 ? html.slice(next) : html.slice(next, next + end);
      if (name === 'script' && runsInline(attributes(token[2] ?? ''))) {
        hashes.add(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
      }
      next = end === -1 ? html.length : next + end;
    }
    TOKEN.lastIndex = next;
    token = TOKEN.exec(html);
  }
  return [...hashes];
}

/**
 * The site policy of each HTML file, computed when the file is first served and kept while the file stays the
 * same (a rebuild under a running server changes size or time, and the file is read again). The cache holds at
 * most one entry per file of the built site.
 */
export class PagePolicies {
  readonly #byFile = new Map<string, { readonly version: string; readonly policy: string }>();

  async policyOf(file: string, stats: { readonly mtimeMs: number; readonly size: number }): Promise<string> {
    const version = `${stats.mtimeMs}:${stats.size}`;
    const known = this.#byFile.get(file);
    if (known?.version === version) return known.policy;
    const policy = sitePolicy(inlineScriptHashes(await readFile(file, 'utf8')));
    this.#byFile.set(file, { version, policy });
    return policy;
  }
}
