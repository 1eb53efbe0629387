/**
 * Decodes what a page sends. This is the lab server's trust boundary: the text of a WebSocket frame comes in as
 * a string from anyone who opened the socket, and leaves either as a well-typed `ClientMessage` or as a
 * LabError that says exactly what was wrong with it.
 */

import { LOCALES } from '../i18n/locales';
import { LabError } from './errors';
import { badFaultValue, FAULT_KINDS, isFaultValue } from './faults';
import {
  type JsonObject,
  parseJsonObject,
  readInteger,
  readObject,
  readOneOf,
  readString,
  rejectUnknownFields,
} from './fields';
import { MAX_ANSWER_CHARS, MAX_INPUT_CHARS, TERMINAL_COLS, TERMINAL_ROWS } from './limits';
import { type ClientMessage, MESSAGE_FIELDS } from './messages';

const LAB_ID = { max: 64, min: 1, pattern: /^[a-z0-9][a-z0-9-]*$/, patternText: 'a lab id like "tcp-echo"' };
const SESSION_ID = { min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternText: 'a session id' };
const QUESTION_ID = {
  min: 1,
  max: 64,
  pattern: /^[a-z0-9][a-z0-9-]*$/,
  patternText: 'a question id like "server-isn"',
};
const SERVER_ID = { min: 1, max: 64, pattern: /^[a-z0-9][a-z0-9-]*$/, patternText: 'a server name like "echo"' };
const TOKEN = { min: 1, max: 128, pattern: /^[A-Za-z0-9_-]+$/, patternText: 'a resume token' };

export function decodeClientMessage(text: string): ClientMessage {
  const object = parseJsonObject(text);
  const type = object.type;
  if (typeof type !== 'string') {
    throw new LabError('LAB_ERR_MESSAGE_INVALID', 'The message has no "type" string.');
  }
  switch (type) {
    case 'hello':
      return decodeHello(object);
    case 'input': {
      rejectUnknownFields(object, MESSAGE_FIELDS.client.input, 'input');
      return { type, data: readString(object, 'data', 'input', { max: MAX_INPUT_CHARS }) };
    }
    case 'resize': {
      rejectUnknownFields(object, MESSAGE_FIELDS.client.resize, 'resize');
      return {
        type,
        cols: readInteger(object, 'cols', 'resize', TERMINAL_COLS),
        rows: readInteger(object, 'rows', 'resize', TERMINAL_ROWS),
      };
    }
    case 'ping': {
      rejectUnknownFields(object, MESSAGE_FIELDS.client.ping, 'ping');
      return { type, id: readInteger(object, 'id', 'ping', { min: 0, max: Number.MAX_SAFE_INTEGER }) };
    }
    case 'answer': {
      rejectUnknownFields(object, MESSAGE_FIELDS.client.answer, 'answer');
      return {
        type,
        question: readString(object, 'question', 'answer', QUESTION_ID),
        value: readString(object, 'value', 'answer', { max: MAX_ANSWER_CHARS }),
      };
    }
    case 'fault': {
      rejectUnknownFields(object, MESSAGE_FIELDS.client.fault, 'fault');
      const kind = readOneOf(object, 'kind', 'fault', FAULT_KINDS);
      const server = readString(object, 'server', 'fault', SERVER_ID);
      // The bounds are the kind's; a student's bad setting gets the sentence the shell would say, in every language.
      const value = object.value;
      if (!isFaultValue(kind, value)) throw new LabError('LAB_ERR_FAULT_VALUE', badFaultValue(kind, value));
      return { type, kind, server, value };
    }
    default:
      throw new LabError(
        'LAB_ERR_MESSAGE_UNKNOWN_TYPE',
        `Unknown message type "${type.slice(0, 40)}"; expected one of ${Object.keys(MESSAGE_FIELDS.client).join(', ')}.`,
      );
  }
}

function decodeHello(object: JsonObject): ClientMessage {
  rejectUnknownFields(object, MESSAGE_FIELDS.client.hello, 'hello');
  const protocol = readInteger(object, 'protocol', 'hello', { min: 0, max: 1_000_000 });
  const lab = readString(object, 'lab', 'hello', LAB_ID);
  let hello: ClientMessage = { type: 'hello', protocol, lab };
  if (object.resume !== undefined) {
    const resume = readObject(object, 'resume', 'hello');
    rejectUnknownFields(resume, ['session', 'token'], 'hello.resume');
    hello = {
      ...hello,
      resume: {
        session: readString(resume, 'session', 'hello.resume', SESSION_ID),
        token: readString(resume, 'token', 'hello.resume', TOKEN),
      },
    };
  }
  if (object.cols !== undefined) hello = { ...hello, cols: readInteger(object, 'cols', 'hello', TERMINAL_COLS) };
  if (object.rows !== undefined) hello = { ...hello, rows: readInteger(object, 'rows', 'hello', TERMINAL_ROWS) };
  if (object.locale !== undefined) hello = { ...hello, locale: readOneOf(object, 'locale', 'hello', LOCALES) };
  return hello;
}
