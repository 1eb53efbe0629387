/**
 * `GET /api/sessions/<id>/capture.pcapng?token=<download token>`: a session's own packets as a pcapng file
 * that Wireshark and `tshark -r` open. The token is the session's download token, sent to its page in the
 * `welcome` as part of the path — not the resume token, so a link a student shares (or that lands in a proxy's
 * log) lets others read that capture but never take over the session.
 */

import { localized } from '../../src/common/localized';
import type { SessionRegistry } from '../sessions/session-registry';
import type { Route } from './router';
import { sendError } from './send-json';

const TEXT = localized({
  en: { noSession: 'No session with that id and token.', noResource: 'No such API resource.' },
  'zh-Hans': { noSession: '没有这个 id 和令牌对应的会话。', noResource: '没有这个 API 资源。' },
});

export function pcapngRoute(sessions: SessionRegistry): Route {
  return {
    path: /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/capture\.pcapng$/,
    methods: ['GET'],
    handle(request, response, [, id]) {
      const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
      const session = sessions.get(id ?? '');
      // The same answer for "no such session" and "wrong token": a guess learns nothing.
      if (session === undefined || !session.downloadTokenMatches(token)) {
        sendError(response, 404, 'LAB_ERR_NOT_FOUND', TEXT.noSession);
        return;
      }
      const file = session.pcapng();
      response.writeHead(200, {
        'content-type': 'application/vnd.tcpdump.pcapng',
        'content-length': file.length,
        // The name the lessons' tshark commands use; a second download is renamed by the browser, not by us.
        'content-disposition': `attachment; filename="socketlab-${session.lab.id}.pcapng"`,
        'cache-control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : file);
    },
  };
}

/** Any other path under `/api/`: a JSON 404 rather than the site's HTML one. */
export const apiNotFoundRoute = {
  path: /^\/api(\/.*)?$/,
  methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  handle(_request, response) {
    sendError(response, 404, 'LAB_ERR_NOT_FOUND', TEXT.noResource);
  },
} satisfies Route;
