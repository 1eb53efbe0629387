/**
 * Decoders of the instructor feed (classroom.ts): `decodeInstructorMessage` on the dashboard, for what the lab
 * server sends, and `decodeWatchRequest` on the lab server, for what a dashboard sends. Like the lab's own
 * decoders, a wrong field fails as one LabError naming it, never as a crash in a component.
 */

import type {
  InstructorMessage,
  JoiningState,
  ProgressEventView,
  RosterItem,
  RosterLab,
  RosterStudent,
  StuckCheck,
  WatchedMessage,
  WatchedSession,
  WatchRequest,
} from './classroom';
import { MAX_INSTRUCTOR_REQUEST_BYTES } from './classroom';
import { decodeServerObject } from './decode-server';
import { isErrorCode, LabError } from './errors';
import {
  isObject,
  type JsonObject,
  parseJsonObject,
  readArray,
  readBoolean,
  readInteger,
  readObject,
  readOneOf,
  readString,
} from './fields';

const TEXT = { max: 1 << 16 };
const ID = { min: 1, max: 200 };
const TIME = { min: 0, max: Number.MAX_SAFE_INTEGER };
const WATCHED_TYPES: readonly WatchedMessage['type'][] = ['packet', 'check', 'question', 'event', 'gap'];

export function decodeInstructorMessage(text: string): InstructorMessage {
  const object = parseJsonObject(text);
  const type = object.type;
  switch (type) {
    case 'roster':
      return {
        type,
        labs: objects(object, 'labs', type).map(decodeLab),
        students: objects(object, 'students', type).map(decodeStudent),
        joining: decodeJoining(readObject(object, 'joining', type)),
        stuckAfterMs: readInteger(object, 'stuckAfterMs', type, TIME),
      };
    case 'student':
      return { type, student: decodeStudent(readObject(object, 'student', type)) };
    case 'student-removed':
      return { type, id: readString(object, 'id', type, ID) };
    case 'joining':
      return { type, joining: decodeJoining(readObject(object, 'joining', type)) };
    case 'watching':
      return {
        type,
        student: readString(object, 'student', type, ID),
        history: objects(object, 'history', type).map(decodeHistory),
        sessions: objects(object, 'sessions', type).map(decodeWatchedSession),
      };
    case 'watched': {
      const inner = decodeServerObject(readObject(object, 'message', type));
      if (!(WATCHED_TYPES as readonly string[]).includes(inner.type)) {
        throw new LabError('LAB_ERR_MESSAGE_INVALID', `watched: a "${inner.type}" message is not mirrored.`);
      }
      return {
        type,
        student: readString(object, 'student', type, ID),
        session: readString(object, 'session', type, ID),
        message: inner as WatchedMessage,
      };
    }
    case 'watched-sessions':
      return {
        type,
        student: readString(object, 'student', type, ID),
        sessions: objects(object, 'sessions', type).map(decodeWatchedSession),
      };
    case 'error': {
      const code = object.code;
      if (!isErrorCode(code)) throw new LabError('LAB_ERR_MESSAGE_INVALID', 'error: "code" is not a known code.');
      return { type, code, message: readString(object, 'message', type, TEXT) };
    }
    default:
      throw new LabError('LAB_ERR_MESSAGE_INVALID', `Unknown instructor message type ${JSON.stringify(type)}.`);
  }
}

/** What the lab server reads from a dashboard: only `watch`, small. */
export function decodeWatchRequest(text: string): WatchRequest {
  // Characters, not bytes, but a UTF-16 length below the byte limit is below it in UTF-8 only for ASCII; ids are.
  if (text.length > MAX_INSTRUCTOR_REQUEST_BYTES) {
    throw new LabError(
      'LAB_ERR_MESSAGE_TOO_LARGE',
      `A dashboard message is at most ${MAX_INSTRUCTOR_REQUEST_BYTES} bytes.`,
    );
  }
  const object = parseJsonObject(text);
  if (object.type !== 'watch') {
    throw new LabError(
      'LAB_ERR_MESSAGE_INVALID',
      'The dashboard sends only {"type": "watch", "student": <id or null>}.',
    );
  }
  const student = object.student === null ? null : readString(object, 'student', 'watch', ID);
  return { type: 'watch', student };
}

function objects(object: JsonObject, field: string, context: string): JsonObject[] {
  return readArray(object, field, context).map((value, index) => {
    if (!isObject(value))
      throw new LabError('LAB_ERR_MESSAGE_INVALID', `${context}.${field}[${index}] must be an object.`);
    return value;
  });
}

function decodeItem(object: JsonObject): RosterItem {
  return { id: readString(object, 'id', 'item', ID), title: readString(object, 'title', 'item', TEXT) };
}

function decodeLab(object: JsonObject): RosterLab {
  return {
    id: readString(object, 'id', 'lab', ID),
    title: readString(object, 'title', 'lab', TEXT),
    checks: objects(object, 'checks', 'lab').map(decodeItem),
    questions: objects(object, 'questions', 'lab').map(decodeItem),
  };
}

/** `{lab: {item: time}}`, every time a whole number. */
function decodeTimes(object: JsonObject, field: string): Record<string, Record<string, number>> {
  const outer = readObject(object, field, 'student');
  const result: Record<string, Record<string, number>> = {};
  for (const [lab, inner] of Object.entries(outer)) {
    if (!isObject(inner)) throw new LabError('LAB_ERR_MESSAGE_INVALID', `student.${field}.${lab} must be an object.`);
    const times: Record<string, number> = {};
    for (const item of Object.keys(inner)) times[item] = readInteger(inner, item, `student.${field}.${lab}`, TIME);
    result[lab] = times;
  }
  return result;
}

function decodeStuck(object: JsonObject): StuckCheck {
  return {
    lab: readString(object, 'lab', 'stuck', ID),
    check: readString(object, 'check', 'stuck', ID),
    since: readInteger(object, 'since', 'stuck', TIME),
  };
}

function decodeStudent(object: JsonObject): RosterStudent {
  return {
    id: readString(object, 'id', 'student', ID),
    name: readString(object, 'name', 'student', TEXT),
    joinedAt: readInteger(object, 'joinedAt', 'student', TIME),
    lastSeenAt: readInteger(object, 'lastSeenAt', 'student', TIME),
    online: readBoolean(object, 'online', 'student'),
    lab: object.lab === undefined ? undefined : readString(object, 'lab', 'student', ID),
    sessions: readInteger(object, 'sessions', 'student', TIME),
    checks: decodeTimes(object, 'checks'),
    questions: decodeTimes(object, 'questions'),
    stuck: object.stuck === undefined ? undefined : decodeStuck(readObject(object, 'stuck', 'student')),
  };
}

function decodeJoining(object: JsonObject): JoiningState {
  return {
    open: readBoolean(object, 'open', 'joining'),
    code: readString(object, 'code', 'joining', ID),
    url: readString(object, 'url', 'joining', TEXT),
  };
}

function decodeHistory(object: JsonObject): ProgressEventView {
  return {
    lab: readString(object, 'lab', 'history', ID),
    kind: readOneOf(object, 'kind', 'history', ['check', 'question']),
    item: readString(object, 'item', 'history', ID),
    state: readOneOf(object, 'state', 'history', ['pending', 'passed', 'failed']),
    at: readInteger(object, 'at', 'history', TIME),
  };
}

function decodeWatchedSession(object: JsonObject): WatchedSession {
  return {
    session: readString(object, 'session', 'session', ID),
    lab: readString(object, 'lab', 'session', ID),
    attached: readBoolean(object, 'attached', 'session'),
  };
}
