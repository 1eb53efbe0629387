/**
 * How the lab server answers HTTP with JSON: the body, its length, and no caching. Refusals always carry a
 * catalog code (`{"code": "LAB_ERR_…", "message": …}`), as every error of socketlab does.
 */

import type { ServerResponse } from 'node:http';
import { ERRORS, type ErrorCode } from '../../src/protocol';

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
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : text);
}

export function sendError(
  response: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string = ERRORS[code],
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, status, { code, message }, headers);
}
