/**
 * How the lab server answers HTTP with JSON: the body, its length, and no caching. Refusals always carry a
 * catalog code (`{"code": "LAB_ERR_…", "message": …}`), as every error of socketlab does, and a message in the
 * language the request prefers.
 */

import type { ServerResponse } from 'node:http';
import { type Localized, pick } from '../../src/common/localized';
import { ERRORS, type ErrorCode } from '../../src/protocol';
import { requestLocale } from './request-locale';

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : text);
}

export function sendError(
  response: ServerResponse,
  status: number,
  code: ErrorCode,
  text: Localized = ERRORS[code],
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, status, { code, message: pick(text, requestLocale(response.req)) }, headers);
}
