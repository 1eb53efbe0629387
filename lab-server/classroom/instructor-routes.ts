/**
 * The instructor's class routes, beside the live feed (instructor-feed.ts):
 *
 * - `GET /api/instructor/roster`: the whole roster, as the feed's first message has it (scripts, the benchmark);
 * - `GET /api/instructor/student?id=…`: one student's drill-down — their row, their checks over time, and their
 *   live sessions;
 * - `POST /api/instructor/reset` `{"student": id, "lab": id}`: forgets the student's passes of one lab and ends
 *   their sessions of it, which their pages restart afresh;
 * - `POST /api/instructor/remove` `{"student": id}`: ends every session of theirs and forgets them;
 * - `GET /api/instructor/grades.csv` and `grades.json`: the grades export (grades.ts), as downloads.
 *
 * Students and strangers get LAB_ERR_NOT_INSTRUCTOR; state changes are CSRF-checked like every classroom POST.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Localized, localized } from '../../src/common/localized';
import type { LabDefinition } from '../../src/lab-kit';
import { MAX_WATCH_HISTORY } from '../../src/protocol';
import { queryOrRequestLocale, requestLocale } from '../http/request-locale';
import type { Route } from '../http/router';
import { sendError, sendJson } from '../http/send-json';
import { log } from '../log';
import type { SessionRegistry } from '../sessions/session-registry';
import type { ClassroomContext } from './classroom-context';
import { readClassroomRequest } from './classroom-request';
import { gradesCsv, gradesJson } from './grades';
import type { Roster } from './roster';

const TEXT = localized({
  en: {
    reset: 'A reset is {"student": "<student id>", "lab": "<lab id>"}.',
    remove: 'A removal is {"student": "<student id>"}.',
    noStudent: 'No student of this class has that id (they may have left or been removed already).',
  },
  'zh-Hans': {
    reset: '重置请求的格式为 {"student": "<学生 id>", "lab": "<实验 id>"}。',
    remove: '移除请求的格式为 {"student": "<学生 id>"}。',
    noStudent: '这个课堂里没有这个 id 的学生（他可能已经退出或被移除了）。',
  },
});

export interface InstructorRouteDeps {
  readonly roster: Roster;
  readonly sessions: SessionRegistry;
  readonly labs: readonly LabDefinition[];
}

/** Whether the request is the signed-in instructor's; answers the refusal itself when not. */
export async function requireInstructor(
  context: ClassroomContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if ((await context.identity.identify(request)).role === 'instructor') return true;
  sendError(response, 403, 'LAB_ERR_NOT_INSTRUCTOR');
  return false;
}

export function instructorRoutes(context: ClassroomContext, deps: InstructorRouteDeps): Route[] {
  const { roster, sessions, labs } = deps;
  const { store } = context;
  /** A change's body and the student it names, or undefined once refused. */
  const readChange = async (
    request: IncomingMessage,
    response: ServerResponse,
    fields: readonly string[],
    shape: Localized,
  ): Promise<{ student: string; body: Readonly<Record<string, unknown>> } | undefined> => {
    const body = await readClassroomRequest(request, response, context.allowsOrigin);
    if (body === undefined || !(await requireInstructor(context, request, response))) return undefined;
    const known = Object.keys(body).every((key) => fields.includes(key));
    if (!known || fields.some((field) => typeof body[field] !== 'string')) {
      sendError(response, 400, 'LAB_ERR_MESSAGE_INVALID', shape);
      return undefined;
    }
    const student = body.student as string;
    if ((await store.student(student)) === undefined) {
      sendError(response, 404, 'LAB_ERR_NOT_FOUND', TEXT.noStudent);
      return undefined;
    }
    return { student, body };
  };
  const download = (response: ServerResponse, type: string, name: string, text: string): void => {
    response.writeHead(200, {
      'content-type': type,
      'content-length': Buffer.byteLength(text),
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
    response.end(response.req.method === 'HEAD' ? undefined : text);
  };
  const date = (): string => new Date(context.clock()).toISOString().slice(0, 10);

  return [
    {
      path: '/api/instructor/roster',
      methods: ['GET'],
      async handle(request, response) {
        if (!(await requireInstructor(context, request, response))) return;
        sendJson(response, 200, {
          labs: roster.labs(requestLocale(request)),
          students: await roster.students(),
          joining: { open: context.joinCodes.open, code: context.joinCodes.code, url: context.joinUrl() },
          stuckAfterMs: roster.stuckAfterMs,
        });
      },
    },
    {
      path: '/api/instructor/student',
      methods: ['GET'],
      async handle(request, response) {
        if (!(await requireInstructor(context, request, response))) return;
        const id = new URL(request.url ?? '/', 'http://localhost').searchParams.get('id') ?? '';
        const row = await roster.student(id);
        if (row === undefined) {
          sendError(response, 404, 'LAB_ERR_NOT_FOUND', TEXT.noStudent);
          return;
        }
        const history = await store.eventsOf(id, { limit: MAX_WATCH_HISTORY });
        sendJson(response, 200, {
          student: row,
          history: history.map(({ lab, kind, item, state, at }) => ({ lab, kind, item, state, at })),
          sessions: sessions
            .ofOwner(id)
            .map((session) => ({ session: session.id, lab: session.lab.id, attached: session.attached })),
        });
      },
    },
    {
      path: '/api/instructor/reset',
      methods: ['POST'],
      async handle(request, response) {
        const change = await readChange(request, response, ['student', 'lab'], TEXT.reset);
        if (change === undefined) return;
        const lab = change.body.lab as string;
        if (!labs.some((candidate) => candidate.id === lab)) {
          sendError(response, 404, 'LAB_ERR_LAB_UNKNOWN');
          return;
        }
        // Sessions first: a session still running could save a pass right after the store forgot the lab.
        await sessions.endSessionsOf(change.student, 'LAB_ERR_LAB_RESET', lab);
        await context.serialize(() => store.resetLab(change.student, lab));
        roster.reset(change.student, lab);
        log('instructor reset a lab', { student: change.student, lab });
        sendJson(response, 200, { student: await roster.student(change.student) });
      },
    },
    {
      path: '/api/instructor/remove',
      methods: ['POST'],
      async handle(request, response) {
        const change = await readChange(request, response, ['student'], TEXT.remove);
        if (change === undefined) return;
        // Removed from the store first, so a page that reconnects at once is already a stranger.
        await context.serialize(() => store.removeStudent(change.student));
        await sessions.endSessionsOf(change.student, 'LAB_ERR_STUDENT_REMOVED');
        roster.removed(change.student);
        log('instructor removed a student', { student: change.student });
        sendJson(response, 200, { removed: change.student });
      },
    },
    {
      path: '/api/instructor/grades.csv',
      methods: ['GET'],
      async handle(request, response) {
        if (!(await requireInstructor(context, request, response))) return;
        const [students, passes] = await Promise.all([store.students(), store.allPasses()]);
        const csv = gradesCsv(students, passes, labs, queryOrRequestLocale(request));
        download(response, 'text/csv; charset=utf-8', `socketlab-grades-${date()}.csv`, csv);
      },
    },
    {
      path: '/api/instructor/grades.json',
      methods: ['GET'],
      async handle(request, response) {
        if (!(await requireInstructor(context, request, response))) return;
        const [students, passes] = await Promise.all([store.students(), store.allPasses()]);
        const json = gradesJson(students, passes, labs, queryOrRequestLocale(request), context.clock());
        download(
          response,
          'application/json; charset=utf-8',
          `socketlab-grades-${date()}.json`,
          JSON.stringify(json, null, 2),
        );
      },
    },
  ];
}
