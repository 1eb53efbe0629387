/**
 * Serves the built Docusaurus site. Paths are resolved inside the site directory only (no `..` escapes), a
 * route like `/docs/tcp/first-connection` finds its `index.html`, unknown paths get the site's 404 page with
 * status 404, and hashed assets are cached for a year while HTML is always revalidated.
 */

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

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

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Another site must not frame the course and click through a student's lab.
  'x-frame-options': 'DENY',
};

export function createStaticHandler(siteDir: string | undefined) {
  const root = siteDir === undefined ? undefined : path.resolve(siteDir);

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
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      response.end('The course site is not built. Run `npm run build` (or `npm start`, which builds it).\n');
      return;
    }
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    let file = await find(urlPath);
    let status = 200;
    if (file === undefined) {
      status = 404;
      file = await find('/404.html');
    }
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      response.end('Not found\n');
      return;
    }
    const info = await stat(file);
    const extension = path.extname(file).toLowerCase();
    const hashed = urlPath.startsWith('/assets/');
    response.writeHead(status, {
      'content-type': TYPES[extension] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file)
      .on('error', () => response.destroy())
      .pipe(response);
  };
}
