/**
 * `GET /api/sessions/<id>/capture.pcapng?token=<download token>`: a session's own packets as a pcapng file
 * that Wireshark and `tshark -r` open. The token is the session's download token, sent to its page in the
 * `welcome` as part of the path — not the resume token, so a link a student shares (or that lands in a proxy's
 * log) lets others read that capture but never take over the session. In a classroom the link is not enough:
 * only the session's own student may use it, and the instructor may read any session's capture without it.
 */

import type { IncomingMessage } from 'node:http';
import { localized } from '../../src/common/localized';
import type { Session } from '../sessions/session';
import type { SessionRegistry } from '../sessions/session-registry';
import type { Route } from './router';
import { sendError } from './send-json';

const TEXT = localized({
  en: { noSession: 'No session with that id and token.', noResource: 'No such API resource.' },
  'zh-Hans': { noSession: '没有这个 id 和令牌对应的会话。', noResource: '没有这个 API 资源。' },
});

/** Who may read a session's files, beyond its token: `token` (anyone holding it), `owner`, or `anyone`. */
export type SessionAccess = (
  request: IncomingMessage,
  session: Session,
) => Promise<'token' | 'owner' | 'anyone' | 'nobody'>;

/** Local mode: the download token decides, as it always has. */
export const TOKEN_ACCESS: SessionAccess = async () => 'token';

export function pcapngRoute(sessions: SessionRegistry, access: SessionAccess = TOKEN_ACCESS): Route {
  return {
    path: /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})\/capture\.pcapng$/,
    methods: ['GET'],
    async handle(request, response, [, id]) {
      const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
      const session = sessions.get(id ?? '');
      const may = session === undefined ? 'nobody' : await access(request, session);
      const allowed =
        may === 'anyone' || ((may === 'token' || may === 'owner') && session!.downloadTokenMatches(token));
      // The same answer for "no such session", "wrong token" and "not yours": a guess learns nothing.
      if (session === undefined || !allowed) {
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
