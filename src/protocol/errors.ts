/**
 * The one error catalog of socketlab. Every error the lab server reports to a browser, a test or an HTTP
 * client carries one of these stable codes (in the manner of ws's `WS_ERR_*` and fastify's `FST_ERR_*`), so
 * pages, tests and students can rely on the code while the message stays free to improve. The reference page
 * `docs/reference/errors.md` lists the same codes; a test keeps the two in step.
 */

export const ERRORS = {
  LAB_ERR_MESSAGE_MALFORMED: 'The message is not a JSON object.',
  LAB_ERR_MESSAGE_BINARY: 'The message arrived as a binary frame; the protocol uses JSON text frames only.',
  LAB_ERR_MESSAGE_TOO_LARGE: 'The message is larger than the protocol allows.',
  LAB_ERR_MESSAGE_UNKNOWN_TYPE: 'The message has a "type" the protocol does not define.',
  LAB_ERR_MESSAGE_INVALID: 'A field of the message is missing or has the wrong type or range.',
  LAB_ERR_MESSAGE_RATE: 'Too many messages in a short time; some were dropped.',
  LAB_ERR_PAGE_BEHIND: 'The page read too slowly, so some packets and timeline events were not sent to it.',
  LAB_ERR_PAGE_TOO_SLOW: 'The page fell too far behind; the lab server closed the connection, and the page resumes.',
  LAB_ERR_HELLO_TIMEOUT: 'No "hello" arrived in time after the WebSocket opened.',
  LAB_ERR_PROTOCOL_VERSION: 'The page speaks a protocol version this lab server does not.',
  LAB_ERR_SESSION_NOT_STARTED: 'A message other than "hello" arrived before the session started.',
  LAB_ERR_SESSION_ALREADY_STARTED: 'A second "hello" arrived on a connection whose session is already running.',
  LAB_ERR_SESSION_LIMIT: 'The lab server runs as many sessions as it is configured for.',
  LAB_ERR_CLIENT_CONNECTION_LIMIT: 'This client already has as many lab connections open as one client may.',
  LAB_ERR_CLIENT_SESSION_LIMIT: 'This client already runs as many lab sessions as one client may.',
  LAB_ERR_LAB_UNKNOWN: 'No lab has that id.',
  LAB_ERR_PORTS_EXHAUSTED: 'Every port in the lab port range is in use.',
  LAB_ERR_SERVER_START: 'A lab server could not be started.',
  LAB_ERR_SERVER_STOPPING: 'The lab server is stopping; the page reconnects when it is back.',
  LAB_ERR_ORIGIN_FORBIDDEN: 'The WebSocket request came from a page this lab server did not serve.',
  LAB_ERR_HOST_FORBIDDEN: 'The request named a host this lab server does not answer to.',
  LAB_ERR_ANSWER_UNKNOWN: 'No question of this lab has that id.',
  LAB_ERR_NOT_FOUND: 'No such HTTP resource.',
  LAB_ERR_METHOD_NOT_ALLOWED: 'The HTTP resource exists, but not for this method.',
  LAB_ERR_UPGRADE_REQUIRED: 'This path speaks WebSocket only.',
  LAB_ERR_INTERNAL: 'The lab server failed in a way it did not expect; the session goes on.',
} as const;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/**
 * Refusals after which trying again later can succeed: a slot may free up, the server may come back, a page
 * that fell behind resumes its session. The page retries these with backoff; every other fatal error needs a
 * person to change something (reload a stale page, fix a lab id), so the page stops and says so.
 */
export const RETRY_HELPS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'LAB_ERR_SESSION_LIMIT',
  'LAB_ERR_CLIENT_CONNECTION_LIMIT',
  'LAB_ERR_CLIENT_SESSION_LIMIT',
  'LAB_ERR_PORTS_EXHAUSTED',
  'LAB_ERR_SERVER_START',
  'LAB_ERR_SERVER_STOPPING',
  'LAB_ERR_PAGE_TOO_SLOW',
  'LAB_ERR_HELLO_TIMEOUT',
]);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** An error with a catalog code, thrown inside the lab server and turned into an `error` message at its edge. */
export class LabError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string = ERRORS[code]) {
    super(message);
    this.name = 'LabError';
    this.code = code;
  }
}
