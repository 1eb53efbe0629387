/**
 * A student's own classroom routes: `POST /api/classroom/join` with the class's code and a display name (a
 * signed cookie naming the new student comes back), `GET /api/classroom/me` (who this browser is, and whether
 * joining is open: what `/join/` shows), and `POST /api/classroom/leave` (leaves the class, forgetting the
 * student and their progress, so that a name typed wrong can be given up).
 */

import { randomBytes } from 'node:crypto';
import { localized } from '../../src/common/localized';
import type { Route } from '../http/router';
import { sendError, sendJson } from '../http/send-json';
import { log } from '../log';
import { type ClassroomContext, refusedByLimiter, studentView } from './classroom-context';
import { readClassroomRequest } from './classroom-request';
import { nameKey, parseDisplayName } from './display-name';

const TEXT = localized({
  en: {
    fields: 'A join is {"code": "<join code>", "name": "<display name>"}, both strings.',
    already: (name: string) => `This browser has already joined as “${name}”. Leave first to join under another name.`,
    taken: (name: string) =>
      `Another student already uses the name “${name}”; choose another, for example with your student number.`,
    full: (count: number) =>
      `The class is full: it has ${count} students, as many as this lab server allows (MAX_STUDENTS). Ask the instructor.`,
  },
  'zh-Hans': {
    fields: '加入请求的格式为 {"code": "<加入码>", "name": "<显示名>"}，两者都是字符串。',
    already: (name) => `这个浏览器已经以“${name}”加入了课堂。要换名字，请先退出。`,
    taken: (name) => `已有同学使用“${name}”这个名字；请换一个，例如加上你的学号。`,
    full: (count) => `课堂已满：已有 ${count} 名学生，达到了这个实验服务器允许的上限（MAX_STUDENTS）。请联系老师。`,
  },
});

export function studentRoutes(context: ClassroomContext): Route[] {
  return [
    {
      path: '/api/classroom/join',
      methods: ['POST'],
      async handle(request, response) {
        const body = await readClassroomRequest(request, response, context.allowsOrigin);
        if (body === undefined) return;
        if (typeof body.code !== 'string' || typeof body.name !== 'string') {
          sendError(response, 400, 'LAB_ERR_MESSAGE_INVALID', TEXT.fields);
          return;
        }
        const client = context.clientOf(request);
        if (refusedByLimiter(context.joinLimiter, client, response, 'LAB_ERR_JOIN_RATE_LIMITED')) return;
        if (!context.joinCodes.matches(body.code)) {
          context.joinLimiter.fail(client);
          sendError(response, 403, 'LAB_ERR_JOIN_CODE_WRONG');
          return;
        }
        if (!context.joinCodes.open) {
          sendError(response, 403, 'LAB_ERR_JOIN_CLOSED');
          return;
        }
        const name = parseDisplayName(body.name);
        if (name === undefined) {
          sendError(response, 400, 'LAB_ERR_NAME_INVALID');
          return;
        }
        const secure = context.secure(request);
        const outcome = await context.serialize(async () => {
          const current = await context.identity.studentOf(request);
          if (current !== undefined) {
            return nameKey(current.name) === nameKey(name) ? { student: current } : { already: current.name };
          }
          const key = nameKey(name);
          const students = await context.store.students();
          const holder = students.find((student) => nameKey(student.name) === key);
          if (holder !== undefined) return { taken: holder.name };
          if (students.length >= context.maxStudents) return { full: students.length };
          const now = context.clock();
          const student = { id: `stu_${randomBytes(12).toString('base64url')}`, name, joinedAt: now, lastSeenAt: now };
          await context.store.addStudent(student);
          return { student };
        });
        if ('already' in outcome) {
          sendError(response, 409, 'LAB_ERR_JOIN_ALREADY', TEXT.already(outcome.already));
        } else if ('taken' in outcome) {
          sendError(response, 409, 'LAB_ERR_NAME_TAKEN', TEXT.taken(outcome.taken));
        } else if ('full' in outcome) {
          sendError(response, 403, 'LAB_ERR_CLASS_FULL', TEXT.full(outcome.full));
        } else {
          context.roster.changed(outcome.student.id);
          log('student joined', { student: outcome.student.id, name: outcome.student.name });
          const cookie = context.identity.studentCookie(outcome.student.id, secure);
          sendJson(response, 200, { role: 'student', student: studentView(outcome.student) }, { 'set-cookie': cookie });
        }
      },
    },
    {
      path: '/api/classroom/me',
      methods: ['GET'],
      async handle(request, response) {
        const identity = await context.identity.identify(request);
        const student = identity.role === 'instructor' ? await context.identity.studentOf(request) : undefined;
        const shown = identity.role === 'student' ? identity.student : student;
        sendJson(response, 200, {
          role: identity.role,
          ...(shown === undefined ? {} : { student: studentView(shown) }),
          joining: { open: context.joinCodes.open },
        });
      },
    },
    {
      path: '/api/classroom/leave',
      methods: ['POST'],
      async handle(request, response) {
        const body = await readClassroomRequest(request, response, context.allowsOrigin);
        if (body === undefined) return;
        const student = await context.identity.studentOf(request);
        if (student === undefined) {
          sendError(response, 403, 'LAB_ERR_NOT_JOINED');
          return;
        }
        await context.serialize(() => context.store.removeStudent(student.id));
        await context.endSessionsOf(student.id);
        context.roster.removed(student.id);
        log('student left', { student: student.id });
        const cookie = context.identity.forgetStudent(student.id, context.secure(request));
        sendJson(
          response,
          200,
          { role: 'stranger', joining: { open: context.joinCodes.open } },
          { 'set-cookie': cookie },
        );
      },
    },
  ];
}
