/**
 * Decodes what a page sends. This is the lab server's trust boundary: the text of a WebSocket frame comes in as
 * a string from anyone who opened the socket, and leaves either as a well-typed `ClientMessage` or as a
 * LabError that says exactly what was wrong with it.
 */

import { LOCALES } from '../i18n/locales';
import { MAX_CERTIFICATE_BYTES } from './certificate';
import { LabError } from './errors';
import { badFaultValue, FAULT_KINDS, isFaultValue } from './faults';
import {
  describe,
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
/** A DNS name (RFC 1035 §2.3.4: 253 characters) or an IPv4/IPv6 address, as SNI or a URL's host names it. */
const HOST = {
  min: 1,
  max: 253,
  pattern: /^[A-Za-z0-9._:-]+$/,
  patternText: 'a host name or IP address like "localhost" or "127.0.0.1"',
};
/** A PEM private key: an RSA 4096 key is about 3.3 KB; the bound is the certificate's, generous on purpose. */
const MAX_KEY_CHARS = MAX_CERTIFICATE_BYTES;

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
    case 'inspect-certificate':
      return decodeInspectCertificate(object);
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

function decodeInspectCertificate(object: JsonObject): ClientMessage {
  rejectUnknownFields(object, MESSAGE_FIELDS.client['inspect-certificate'], 'inspect-certificate');
  const pem = object.pem;
  if (typeof pem !== 'string') {
    throw new LabError('LAB_ERR_MESSAGE_INVALID', `inspect-certificate: "pem" must be a string, got ${describe(pem)}.`);
  }
  // Counted in UTF-8 bytes, as the limit is stated; the length first, so a huge paste is not encoded to be measured.
  if (pem.length > MAX_CERTIFICATE_BYTES || utf8Length(pem) > MAX_CERTIFICATE_BYTES) {
    throw new LabError(
      'LAB_ERR_CERT_TOO_LARGE',
      `inspect-certificate: "pem" is ${utf8Length(pem)} bytes; the viewer takes at most ${MAX_CERTIFICATE_BYTES}.`,
    );
  }
  let message: ClientMessage = { type: 'inspect-certificate', pem };
  if (object.key !== undefined) {
    // Never described back, not even its first characters: it is a private key.
    const key = object.key;
    if (typeof key !== 'string' || key.length > MAX_KEY_CHARS) {
      throw new LabError(
        'LAB_ERR_MESSAGE_INVALID',
        `inspect-certificate: "key" must be a string of at most ${MAX_KEY_CHARS} characters.`,
      );
    }
    message = { ...message, key };
  }
  if (object.host !== undefined) {
    message = { ...message, host: readString(object, 'host', 'inspect-certificate', HOST) };
  }
  return message;
}

/** UTF-8 length by code point (a lone surrogate counts as the 3 bytes of U+FFFD), with no platform encoder. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const point = character.codePointAt(0) ?? 0;
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  }
  return bytes;
}
