/**
 * The instructor's join settings: `GET /api/instructor/join` (the code and the join URL to project, and
 * whether joining is open) and `POST /api/instructor/join` with `{"open": true|false}` and/or
 * `{"newCode": true}`. Students and strangers are refused with LAB_ERR_NOT_INSTRUCTOR.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { localized } from '../../src/common/localized';
import type { Route } from '../http/router';
import { sendError, sendJson } from '../http/send-json';
import type { ClassroomContext } from './classroom-context';
import { readClassroomRequest } from './classroom-request';
import { requireInstructor } from './instructor-routes';

const TEXT = localized({
  en: { fields: 'A change is {"open": true or false} and/or {"newCode": true}.' },
  'zh-Hans': { fields: '修改请求的格式为 {"open": true 或 false} 和/或 {"newCode": true}。' },
});

export function instructorJoinRoutes(context: ClassroomContext): Route[] {
  const answer = (response: ServerResponse): void => {
    sendJson(response, 200, { code: context.joinCodes.code, open: context.joinCodes.open, url: context.joinUrl() });
  };
  const isInstructor = (request: IncomingMessage, response: ServerResponse): Promise<boolean> =>
    requireInstructor(context, request, response);
  return [
    {
      path: '/api/instructor/join',
      methods: ['GET', 'POST'],
      async handle(request, response) {
        if (request.method === 'GET' || request.method === 'HEAD') {
          if (await isInstructor(request, response)) answer(response);
          return;
        }
        const body = await readClassroomRequest(request, response, context.allowsOrigin);
        if (body === undefined || !(await isInstructor(request, response))) return;
        const { open, newCode } = body;
        const known = Object.keys(body).every((key) => key === 'open' || key === 'newCode');
        if (
          !known ||
          (open === undefined && newCode === undefined) ||
          (open !== undefined && typeof open !== 'boolean') ||
          (newCode !== undefined && newCode !== true)
        ) {
          sendError(response, 400, 'LAB_ERR_MESSAGE_INVALID', TEXT.fields);
          return;
        }
        await context.serialize(async () => {
          if (newCode === true) await context.joinCodes.renew();
          if (typeof open === 'boolean') await context.joinCodes.setOpen(open);
        });
        context.joiningChanged();
        answer(response);
      },
    },
  ];
}
