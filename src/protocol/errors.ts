/**
 * The one error catalog of socketlab. Every error the lab server reports to a browser, a test or an HTTP
 * client carries one of these stable codes (in the manner of ws's `WS_ERR_*` and fastify's `FST_ERR_*`), so
 * pages, tests and students can rely on the code while the message stays free to improve. The reference page
 * `docs/reference/errors.md` lists the same codes; a test keeps the two in step. Each message is written in
 * every language of the course, and an error goes out in the language of the page it is for.
 */

import { type Localized, localized, verbatim } from '../common/localized';

export const ERRORS = localized({
  en: {
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
    LAB_ERR_PROGRESS_NOT_SAVED:
      'The lab server could not save a check you passed or a question you answered right, so it is not shown as passed.',
    LAB_ERR_FAULT_UNKNOWN: 'This lab offers no such fault on that server.',
    LAB_ERR_FAULT_UNAVAILABLE: 'This lab server cannot set that fault; the lab panel says why and how to allow it.',
    LAB_ERR_FAULT_VALUE:
      'The setting is not one that fault takes (a loss rate from 0 to 100, silence 0 or 1, a restart of 0 to 30 seconds).',
    LAB_ERR_CERT_TOO_LARGE:
      'The certificate is larger than the viewer takes (12 KiB); paste one certificate or one chain.',
    LAB_ERR_CERT_PARSE:
      'That is not an X.509 certificate in PEM: paste the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.',
    LAB_ERR_KEY_PARSE: 'That is not a private key in PEM (PKCS#8, or the RSA/EC forms OpenSSL writes).',
    LAB_ERR_KEY_MISMATCH:
      "The private key is not the certificate's: its public key differs from the one the certificate holds.",
    LAB_ERR_NOT_FOUND: 'No such HTTP resource.',
    LAB_ERR_METHOD_NOT_ALLOWED: 'The HTTP resource exists, but not for this method.',
    LAB_ERR_UPGRADE_REQUIRED: 'This path speaks WebSocket only.',
    LAB_ERR_CSRF:
      'The request was refused: a change to the classroom must be a POST of JSON from a page this lab server served.',
    LAB_ERR_JOIN_CODE_WRONG: "That join code is not this class's. Check the code the instructor shows.",
    LAB_ERR_JOIN_CLOSED: 'The instructor has closed joining for now.',
    LAB_ERR_JOIN_RATE_LIMITED: 'Too many wrong join codes in a short time; wait before trying again.',
    LAB_ERR_JOIN_ALREADY:
      'This browser has already joined the class under another name; leave first to join under a new one.',
    LAB_ERR_NAME_INVALID:
      'A display name is 1 to 40 characters of text, without control or invisible formatting characters.',
    LAB_ERR_NAME_TAKEN: 'Another student in this class already uses that name; choose another.',
    LAB_ERR_SESSION_IDLE:
      'This lab session ended after a long time without activity, so that its servers go to others. Your progress is kept; reconnect to start the lab again.',
    LAB_ERR_LAB_RESET: 'The instructor reset this lab for you: it starts again from the first check.',
    LAB_ERR_STUDENT_REMOVED: 'The instructor removed you from the class; your lab sessions ended. Join again to go on.',
    LAB_ERR_CLASS_FULL:
      'The class is full: it has as many students as the lab server allows (MAX_STUDENTS). Ask the instructor.',
    LAB_ERR_NOT_JOINED: 'This browser has not joined the class; join with the code and your name first.',
    LAB_ERR_NOT_INSTRUCTOR: 'Only the instructor may do this; sign in as the instructor first.',
    LAB_ERR_LOGIN_FAILED: 'The instructor token or password is wrong, or the token was already used.',
    LAB_ERR_LOGIN_RATE_LIMITED: 'Too many failed instructor sign-ins in a short time; wait before trying again.',
    LAB_ERR_INTERNAL: 'The lab server failed in a way it did not expect; the session goes on.',
  },
  'zh-Hans': {
    LAB_ERR_MESSAGE_MALFORMED: '消息不是一个 JSON 对象。',
    LAB_ERR_MESSAGE_BINARY: '消息以二进制帧发来；本协议只使用 JSON 文本帧。',
    LAB_ERR_MESSAGE_TOO_LARGE: '消息超过了协议允许的大小。',
    LAB_ERR_MESSAGE_UNKNOWN_TYPE: '消息的 "type" 不是协议定义的类型。',
    LAB_ERR_MESSAGE_INVALID: '消息的某个字段缺失，或者类型、取值范围不对。',
    LAB_ERR_MESSAGE_RATE: '短时间内消息太多，部分消息被丢弃了。',
    LAB_ERR_PAGE_BEHIND: '页面读取太慢，部分数据包和时间线事件没有发给它。',
    LAB_ERR_PAGE_TOO_SLOW: '页面落后太多，实验服务器关闭了连接；页面会自动恢复会话。',
    LAB_ERR_HELLO_TIMEOUT: 'WebSocket 打开后，没有及时收到 "hello"。',
    LAB_ERR_PROTOCOL_VERSION: '页面使用的协议版本与这个实验服务器不同。',
    LAB_ERR_SESSION_NOT_STARTED: '会话开始之前，收到了 "hello" 以外的消息。',
    LAB_ERR_SESSION_ALREADY_STARTED: '会话已在运行的连接上，又收到了第二条 "hello"。',
    LAB_ERR_SESSION_LIMIT: '实验服务器运行的会话数已达到配置上限。',
    LAB_ERR_CLIENT_CONNECTION_LIMIT: '这个客户端打开的实验连接数已达到单个客户端的上限。',
    LAB_ERR_CLIENT_SESSION_LIMIT: '这个客户端运行的实验会话数已达到单个客户端的上限。',
    LAB_ERR_LAB_UNKNOWN: '没有这个 id 的实验。',
    LAB_ERR_PORTS_EXHAUSTED: '实验端口范围内的端口都已被占用。',
    LAB_ERR_SERVER_START: '有一个实验服务器没能启动。',
    LAB_ERR_SERVER_STOPPING: '实验服务器正在停止；等它回来，页面会自动重新连接。',
    LAB_ERR_ORIGIN_FORBIDDEN: '这个 WebSocket 请求来自一个不是由本实验服务器提供的页面。',
    LAB_ERR_HOST_FORBIDDEN: '请求中的主机名不是本实验服务器应答的名字。',
    LAB_ERR_ANSWER_UNKNOWN: '这个实验没有这个 id 的问题。',
    LAB_ERR_PROGRESS_NOT_SAVED: '实验服务器没能保存你通过的检查或答对的问题，所以它没有显示为已通过。',
    LAB_ERR_FAULT_UNKNOWN: '这个实验没有在那个服务器上提供这种故障。',
    LAB_ERR_FAULT_UNAVAILABLE: '这个实验服务器无法设置这个故障；实验面板上写明了原因和开启方法。',
    LAB_ERR_FAULT_VALUE: '这个设置值不适用于该故障（丢包率为 0 到 100，静默为 0 或 1，重启为 0 到 30 秒）。',
    LAB_ERR_CERT_TOO_LARGE: '证书超过了查看器接受的大小（12 KiB）；请粘贴一张证书或一条证书链。',
    LAB_ERR_CERT_PARSE:
      '这不是 PEM 格式的 X.509 证书：请粘贴从 -----BEGIN CERTIFICATE----- 到 -----END CERTIFICATE----- 的全部文本。',
    LAB_ERR_KEY_PARSE: '这不是 PEM 格式的私钥（PKCS#8，或 OpenSSL 写出的 RSA/EC 格式）。',
    LAB_ERR_KEY_MISMATCH: '这个私钥与证书不配对：它的公钥和证书里的公钥不同。',
    LAB_ERR_NOT_FOUND: '没有这个 HTTP 资源。',
    LAB_ERR_METHOD_NOT_ALLOWED: '这个 HTTP 资源存在，但不支持这个方法。',
    LAB_ERR_UPGRADE_REQUIRED: '这个路径只使用 WebSocket。',
    LAB_ERR_CSRF: '请求被拒绝：修改课堂状态的请求必须是由本实验服务器提供的页面发出的 JSON POST 请求。',
    LAB_ERR_JOIN_CODE_WRONG: '这个加入码不是本课堂的。请核对老师展示的加入码。',
    LAB_ERR_JOIN_CLOSED: '老师暂时关闭了加入。',
    LAB_ERR_JOIN_RATE_LIMITED: '短时间内输错加入码的次数太多；请稍等再试。',
    LAB_ERR_JOIN_ALREADY: '这个浏览器已经用另一个名字加入了课堂；要换名字，请先退出。',
    LAB_ERR_NAME_INVALID: '显示名须为 1 到 40 个字符的文本，不能含控制字符或不可见的格式字符。',
    LAB_ERR_NAME_TAKEN: '课堂里已有同学使用这个名字；请换一个。',
    LAB_ERR_SESSION_IDLE:
      '这个实验会话长时间没有任何动作，已经结束，它占用的服务器让给了其他同学。你的进度都保留着；重新连接即可再次开始这个实验。',
    LAB_ERR_LAB_RESET: '老师为你重置了这个实验：它从第一项检查重新开始。',
    LAB_ERR_STUDENT_REMOVED: '老师把你移出了课堂，你的实验会话已经结束。重新加入课堂才能继续。',
    LAB_ERR_CLASS_FULL: '课堂已满：学生人数已达实验服务器允许的上限（MAX_STUDENTS）。请联系老师。',
    LAB_ERR_NOT_JOINED: '这个浏览器还没有加入课堂；请先用加入码和你的名字加入。',
    LAB_ERR_NOT_INSTRUCTOR: '只有老师可以这样做；请先以老师身份登录。',
    LAB_ERR_LOGIN_FAILED: '老师令牌或密码不对，或者令牌已经用过了。',
    LAB_ERR_LOGIN_RATE_LIMITED: '短时间内老师登录失败的次数太多；请稍等再试。',
    LAB_ERR_INTERNAL: '实验服务器出了一个意料之外的错误；会话继续进行。',
  },
});

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/**
 * Errors a handler throws after which the session cannot start or go on: the page hears them with `fatal: true`
 * and the connection closes (code 4000, the error's code as reason). The rest are answered and the connection
 * goes on. (Errors of the connection itself, a hello timeout or a page too slow, are fatal where they arise.)
 */
export const FATAL: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'LAB_ERR_PROTOCOL_VERSION',
  'LAB_ERR_LAB_UNKNOWN',
  'LAB_ERR_SESSION_LIMIT',
  'LAB_ERR_CLIENT_SESSION_LIMIT',
  'LAB_ERR_PORTS_EXHAUSTED',
  'LAB_ERR_SERVER_START',
  'LAB_ERR_SERVER_STOPPING',
]);

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
  // The reset lab's session ended; the next attempt starts it afresh.
  'LAB_ERR_LAB_RESET',
]);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/**
 * An error with a catalog code, thrown inside the lab server and turned into an `error` message at its edge.
 * `text` is what a person reads, in every language; a plain string (the decoders' notes on a malformed message,
 * for whoever writes a client against the protocol reference) reads the same in all of them.
 */
export class LabError extends Error {
  readonly code: ErrorCode;
  readonly text: Localized;

  constructor(code: ErrorCode, text: Localized | string = ERRORS[code]) {
    const localizedText = typeof text === 'string' ? verbatim(text) : text;
    super(localizedText.en);
    this.name = 'LabError';
    this.code = code;
    this.text = localizedText;
  }
}
