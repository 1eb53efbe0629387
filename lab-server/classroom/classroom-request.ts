/**
 * What every state-changing classroom request must be before it is read (OWASP's CSRF defences, all of them at
 * once): a `POST` (the router enforces that), with `Content-Type: application/json` — a type no HTML form can
 * send, and one a cross-site `fetch` cannot send without a CORS preflight this server never grants — from an
 * `Origin` that is a page this server served, carrying SameSite=Strict cookies. Then its body: JSON, an object,
 * at most 4 KiB, read no further than that.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Localized, localized } from '../../src/common/localized';
import { readBody } from '../http/read-body';
import { sendError } from '../http/send-json';

export const MAX_BODY_BYTES = 4 * 1024;

const TEXT = localized({
  en: {
    origin: 'Refused: the request came from a page this lab server did not serve (or named no Origin).',
    type: 'Refused: a classroom request is sent as Content-Type: application/json.',
    json: 'The body is not a JSON object.',
    tooLarge: `A classroom request's body is at most ${MAX_BODY_BYTES / 1024} KiB.`,
  },
  'zh-Hans': {
    origin: '已拒绝：请求来自一个不是由本实验服务器提供的页面（或者没有 Origin）。',
    type: '已拒绝：课堂请求须以 Content-Type: application/json 发送。',
    json: '请求体不是一个 JSON 对象。',
    tooLarge: `课堂请求的请求体最多 ${MAX_BODY_BYTES / 1024} KiB。`,
  },
});

export type AllowsOrigin = (origin: string | undefined, host: string | undefined) => boolean;

/**
 * The request's JSON object, or undefined once it has answered the refusal itself. Refusals of origin and type
 * come first, before a byte of the body is read.
 */
export async function readClassroomRequest(
  request: IncomingMessage,
  response: ServerResponse,
  allowsOrigin: AllowsOrigin,
): Promise<Readonly<Record<string, unknown>> | undefined> {
  if (!allowsOrigin(request.headers.origin, request.headers.host)) {
    refuse(request, response, 403, 'LAB_ERR_CSRF', TEXT.origin);
    return undefined;
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    refuse(request, response, 403, 'LAB_ERR_CSRF', TEXT.type);
    return undefined;
  }
  const body =
    Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES
      ? undefined
      : (await readBody(request, MAX_BODY_BYTES))?.toString('utf8');
  if (body === undefined) {
    refuse(request, response, 413, 'LAB_ERR_MESSAGE_TOO_LARGE', TEXT.tooLarge);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    sendError(response, 400, 'LAB_ERR_MESSAGE_INVALID', TEXT.json);
    return undefined;
  }
  return value as Readonly<Record<string, unknown>>;
}

/** Answers and closes: the rest of a refused body is not read. */
function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  code: 'LAB_ERR_CSRF' | 'LAB_ERR_MESSAGE_TOO_LARGE',
  text: Localized,
): void {
  sendError(response, status, code, text, { connection: 'close' });
  request.resume();
}
