/**
 * Serves the built Docusaurus site. Paths are resolved inside the site directory only (no `..` escapes), a
 * route like `/docs/tcp/first-connection` finds its `index.html`, unknown paths get the site's 404 page with
 * status 404, hashed assets are cached for a year while HTML is always revalidated, and text files go out as
 * the brotli or gzip copy the build wrote beside them when the client accepts it. The router has set the security
 * headers; a site file replaces their policy with the site's, an HTML page's naming its own inline scripts.
 */

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { PagePolicies, sitePolicy } from './security-headers';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Types that `scripts/precompress.mjs` writes `.br` and `.gz` copies of (when they are large enough). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.xml', '.webmanifest']);

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * The precompressed copy to send, if the client accepts one and the build wrote it: brotli before gzip (it is
 * smaller), each only when Accept-Encoding lists it without `q=0` (RFC 9110 §12.5.3).
 */
async function precompressed(
  file: string,
  acceptEncoding: string | undefined,
): Promise<(typeof ENCODINGS)[number] | undefined> {
  const accepted = acceptedEncodings(acceptEncoding ?? '');
  for (const encoding of ENCODINGS) {
    if (!accepted.has(encoding.name)) continue;
    try {
      if ((await stat(`${file}${encoding.suffix}`)).isFile()) return encoding;
    } catch {
      // Not written (too small, or not smaller); try the next.
    }
  }
  return undefined;
}

/** The codings an Accept-Encoding header accepts: `gzip, br;q=0.8, *;q=0` → gzip, br. */
export function acceptedEncodings(header: string): Set<string> {
  const accepted = new Set<string>();
  let wildcard = false;
  const refused = new Set<string>();
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    if (name === '') continue;
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const zero = q !== undefined && Number(q.slice(2)) === 0;
    if (name === '*') wildcard = !zero;
    else if (zero) refused.add(name);
    else accepted.add(name);
  }
  if (wildcard) for (const { name } of ENCODINGS) if (!refused.has(name)) accepted.add(name);
  return accepted;
}

export function createStaticHandler(siteDir: string | undefined) {
  const root = siteDir === undefined ? undefined : path.resolve(siteDir);
  const pagePolicies = new PagePolicies();
  const assetPolicy = sitePolicy();

  async function find(urlPath: string): Promise<string | undefined> {
    if (root === undefined) return undefined;
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const resolved = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
    if (resolved !== root && !resolved.startsWith(root + path.sep)) return undefined;
    for (const candidate of [resolved, path.join(resolved, 'index.html'), `${resolved}.html`]) {
      try {
        if ((await stat(candidate)).isFile()) return candidate;
      } catch {
        // Not this candidate; try the next.
      }
    }
    return undefined;
  }

  return async function serveStatic(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (root === undefined) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The course site is not built. Run `npm run build` (or `npm start`, which builds it).\n');
      return;
    }
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    let file = await find(urlPath);
    let status = 200;
    if (file === undefined) {
      status = 404;
      // A translated site lives under its locale (`/zh-Hans/…`) with a 404 page of its own.
      const locale = /^\/([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\//.exec(urlPath)?.[1];
      file = (locale === undefined ? undefined : await find(`/${locale}/404.html`)) ?? (await find('/404.html'));
    }
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Not found\n');
      return;
    }
    const extension = path.extname(file).toLowerCase();
    const hashed = urlPath.startsWith('/assets/');
    const compressible = COMPRESSIBLE.has(extension);
    const encoding = compressible ? await precompressed(file, request.headers['accept-encoding']) : undefined;
    const served = encoding === undefined ? file : `${file}${encoding.suffix}`;
    const info = await stat(served);
    // The hashes come from the plain file, whichever copy goes out: they are of the text the browser decodes.
    const policy = extension === '.html' ? await pagePolicies.policyOf(file, await stat(file)) : assetPolicy;
    response.writeHead(status, {
      'content-type': TYPES[extension] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      // RFC 9110 §12.5.5: the body depends on Accept-Encoding, so caches must key on it.
      ...(compressible ? { vary: 'Accept-Encoding' } : {}),
      ...(encoding === undefined ? {} : { 'content-encoding': encoding.name }),
      'content-security-policy': policy,
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(served)
      .on('error', () => response.destroy())
      .pipe(response);
  };
}
