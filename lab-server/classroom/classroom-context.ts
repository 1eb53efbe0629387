/**
 * What the classroom's routes share: the class's identity, join codes, limiters and instructor credentials,
 * made once by `createClassroom` and handed to each route file, and the small answers they all give (a student
 * as the API shows one, a refusal with its retry-after).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { localized } from '../../src/common/localized';
import type { ErrorCode } from '../../src/protocol';
import { sendError } from '../http/send-json';
import type { ProgressStore, StudentRecord } from '../store/progress-store';
import type { AttemptLimiter } from './attempt-limiter';
import type { AllowsOrigin } from './classroom-request';
import type { ClassroomIdentity } from './identity';
import type { InstructorPassword } from './instructor-password';
import type { InstructorToken } from './instructor-token';
import type { JoinCodes } from './join-code';
import type { Roster } from './roster';

export interface ClassroomContext {
  readonly store: ProgressStore;
  readonly identity: ClassroomIdentity;
  readonly joinCodes: JoinCodes;
  readonly joinLimiter: AttemptLimiter;
  readonly loginLimiter: AttemptLimiter;
  /** The one-time token's holder; undefined when the instructor signs in with INSTRUCTOR_PASSWORD. */
  readonly token: InstructorToken | undefined;
  readonly password: InstructorPassword | undefined;
  readonly allowsOrigin: AllowsOrigin;
  readonly secure: (request: IncomingMessage) => boolean;
  readonly clientOf: (request: IncomingMessage) => string;
  readonly clock: () => number;
  /** The URL a student opens to join, with the code: what the instructor projects. */
  readonly joinUrl: () => string;
  readonly roster: Roster;
  /** Ends the lab sessions of a student who left the class. */
  readonly endSessionsOf: (id: string) => Promise<void>;
  /** Students the class may have at most (`MAX_STUDENTS`). */
  readonly maxStudents: number;
  /** Joining opened or closed, or a new code: the dashboards show it. */
  readonly joiningChanged: () => void;
  /** Runs changes to the class one at a time, so two joins cannot both take a free name. */
  serialize<T>(change: () => Promise<T>): Promise<T>;
}

/** A student as the API shows one. */
export interface StudentView {
  readonly id: string;
  readonly name: string;
  readonly joinedAt: number;
}

export function studentView(student: StudentRecord): StudentView {
  return { id: student.id, name: student.name, joinedAt: student.joinedAt };
}

const TEXT = localized({
  en: {
    LAB_ERR_JOIN_RATE_LIMITED: (seconds: number) =>
      `Too many wrong join codes in a short time: try again in ${seconds} s.`,
    LAB_ERR_LOGIN_RATE_LIMITED: (seconds: number) =>
      `Too many failed sign-ins in a short time: try again in ${seconds} s.`,
  },
  'zh-Hans': {
    LAB_ERR_JOIN_RATE_LIMITED: (seconds) => `短时间内输错加入码的次数太多：请 ${seconds} 秒后再试。`,
    LAB_ERR_LOGIN_RATE_LIMITED: (seconds) => `短时间内登录失败的次数太多：请 ${seconds} 秒后再试。`,
  },
});

/** Answers 429 with `Retry-After` (RFC 9110 §10.2.3, whole seconds) when `limiter` makes this client wait. */
export function refusedByLimiter(
  limiter: AttemptLimiter,
  client: string,
  response: ServerResponse,
  code: Extract<ErrorCode, 'LAB_ERR_JOIN_RATE_LIMITED' | 'LAB_ERR_LOGIN_RATE_LIMITED'>,
): boolean {
  const ms = limiter.retryAfterMs(client);
  if (ms === 0) return false;
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  sendError(response, 429, code, TEXT[code](seconds), { 'retry-after': String(seconds) });
  return true;
}
