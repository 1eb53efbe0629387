/**
 * `POST /api/instructor/login` with `{"token": …}` (the one-time token from the URL the lab server printed) or
 * `{"password": …}` (INSTRUCTOR_PASSWORD): the instructor's cookie comes back. `POST /api/instructor/logout`
 * forgets it on this browser. A wrong token, a spent one and a wrong password get the same answer, and each
 * failure counts against the login limiter.
 */

import { localized } from '../../src/common/localized';
import type { Route } from '../http/router';
import { sendError, sendJson } from '../http/send-json';
import { type ClassroomContext, refusedByLimiter } from './classroom-context';
import { readClassroomRequest } from './classroom-request';

/** Tokens are 43 characters; a password longer than this is not one anybody types. */
const MAX_CREDENTIAL_LENGTH = 256;

const TEXT = localized({
  en: { fields: 'A login is {"token": "<one-time token>"} or {"password": "<instructor password>"}.' },
  'zh-Hans': { fields: '登录请求的格式为 {"token": "<一次性令牌>"} 或 {"password": "<老师密码>"}。' },
});

export function instructorLoginRoutes(context: ClassroomContext): Route[] {
  return [
    {
      path: '/api/instructor/login',
      methods: ['POST'],
      async handle(request, response) {
        const body = await readClassroomRequest(request, response, context.allowsOrigin);
        if (body === undefined) return;
        const { token, password } = body;
        const credential = typeof token === 'string' ? token : password;
        if (
          typeof credential !== 'string' ||
          (token !== undefined && password !== undefined) ||
          credential.length > MAX_CREDENTIAL_LENGTH
        ) {
          sendError(response, 400, 'LAB_ERR_MESSAGE_INVALID', TEXT.fields);
          return;
        }
        const client = context.clientOf(request);
        if (refusedByLimiter(context.loginLimiter, client, response, 'LAB_ERR_LOGIN_RATE_LIMITED')) return;
        const accepted =
          typeof token === 'string'
            ? ((await context.token?.spend(token)) ?? false)
            : ((await context.password?.matches(credential)) ?? false);
        if (!accepted) {
          context.loginLimiter.fail(client);
          sendError(response, 403, 'LAB_ERR_LOGIN_FAILED');
          return;
        }
        const cookie = context.identity.instructorCookie(context.secure(request));
        sendJson(response, 200, { role: 'instructor' }, { 'set-cookie': cookie });
      },
    },
    {
      path: '/api/instructor/logout',
      methods: ['POST'],
      async handle(request, response) {
        const body = await readClassroomRequest(request, response, context.allowsOrigin);
        if (body === undefined) return;
        const cookie = context.identity.forgetInstructor(context.secure(request));
        sendJson(response, 200, { role: 'stranger' }, { 'set-cookie': cookie });
      },
    },
  ];
}
