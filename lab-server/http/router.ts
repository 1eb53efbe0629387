/**
 * Picks the route for an HTTP request: one file per route (healthz.ts, pcapng-download.ts, websocket-only.ts,
 * static-files.ts), each saying its path and methods. The checks every route needs are made once, here: the
 * `Host` must be one this server answers to (so a DNS-rebinding page cannot read even `/healthz`), and a known
 * path asked with another method gets `405` with `Allow`, not whatever the handler would have done. Every answer,
 * refusals included, carries the security headers (security-headers.ts) before any route writes it.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { localized } from '../../src/common/localized';
import { log } from '../log';
import { applySecurityHeaders } from './security-headers';
import { sendError } from './send-json';

const TEXT = localized({
  en: {
    host: 'This lab server does not answer to that host name.',
    method: (path: string, allowed: string) => `${path} answers ${allowed} only.`,
    internal: 'Could not serve this request.',
  },
  'zh-Hans': {
    host: '这个实验服务器不应答这个主机名。',
    method: (path, allowed) => `${path} 只接受 ${allowed}。`,
    internal: '无法处理这个请求。',
  },
});

export interface Route {
  /** An exact path, or a pattern whose groups reach the handler. */
  readonly path: string | RegExp;
  /** `HEAD` is answered wherever `GET` is. */
  readonly methods: readonly string[];
  handle(request: IncomingMessage, response: ServerResponse, match: readonly string[]): void | Promise<void>;
}

export function createRouter(options: {
  readonly routes: readonly Route[];
  /** Serves every path no route claims (the site), for GET and HEAD. */
  readonly fallback: Route['handle'];
  readonly allowsHost: (host: string | undefined) => boolean;
  /** Whether the request arrived over HTTPS (directly or through a trusted proxy); HSTS goes only then. */
  readonly isSecure?: (request: IncomingMessage) => boolean;
}): (request: IncomingMessage, response: ServerResponse) => void {
  return function routerOnRequest(request, response) {
    applySecurityHeaders(response, options.isSecure?.(request) ?? false);
    if (!options.allowsHost(request.headers.host)) {
      // RFC 9110 §15.5.20: 421 Misdirected Request, "not able to produce a response for this authority".
      sendError(response, 421, 'LAB_ERR_HOST_FORBIDDEN', TEXT.host);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const method = request.method ?? 'GET';
    let handler: Route['handle'] = options.fallback;
    let methods: readonly string[] = ['GET'];
    let match: readonly string[] = [path];
    for (const route of options.routes) {
      const found = typeof route.path === 'string' ? (route.path === path ? [path] : null) : route.path.exec(path);
      if (found === null) continue;
      handler = route.handle;
      methods = route.methods;
      match = [...found];
      break;
    }
    const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    if (!allowed.includes(method)) {
      sendError(response, 405, 'LAB_ERR_METHOD_NOT_ALLOWED', TEXT.method(path, allowed.join(', ')), {
        allow: allowed.join(', '),
      });
      return;
    }
    Promise.resolve()
      .then(() => handler(request, response, match))
      .catch((error: unknown) => {
        log(`failed to serve ${path}: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent) sendError(response, 500, 'LAB_ERR_INTERNAL', TEXT.internal);
        else response.destroy();
      });
  };
}
