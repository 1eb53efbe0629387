/**
 * `GET /api/sessions/<id>/capture.pcapng?token=<resume token>`: a session's own packets as a pcapng file that
 * Wireshark and `tshark -r` open. The token is the one the page got in `welcome`, so only that page (and
 * whoever it hands the link to) can download that student's traffic.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionRegistry } from '../sessions/session-registry';
import { sendJson } from './healthz';

const ROUTE = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/capture\.pcapng$/;

export function servePcapng(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  sessions: SessionRegistry,
): void {
  const match = ROUTE.exec(path);
  if (match === null || (request.method !== 'GET' && request.method !== 'HEAD')) {
    sendJson(response, 404, { code: 'LAB_ERR_NOT_FOUND', message: 'No such API resource.' });
    return;
  }
  const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
  const session = sessions.get(match[1]!);
  // The same answer for "no such session" and "wrong token": a guess learns nothing.
  if (session === undefined || !session.tokenMatches(token)) {
    sendJson(response, 404, { code: 'LAB_ERR_NOT_FOUND', message: 'No session with that id and token.' });
    return;
  }
  const file = session.pcapng();
  response.writeHead(200, {
    'content-type': 'application/vnd.tcpdump.pcapng',
    'content-length': file.length,
    'content-disposition': `attachment; filename="socketlab-${session.lab.id}-${session.id}.pcapng"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(request.method === 'HEAD' ? undefined : file);
}
