/**
 * Decodes what the lab server sends, on the page. The page trusts its own lab server, but a message from a
 * newer or older server, or a proxy that mangles frames, should fail as one clear error in the panel rather
 * than as a crash deep inside a React component. Fields are checked to the depth the page relies on.
 */

import {
  type CertificateChainReport,
  type CertificateSummary,
  MAX_CERTIFICATE_BYTES,
  type VerificationStep,
  type VerificationStepKind,
} from './certificate';
import { isErrorCode, LabError } from './errors';
import { FAULT_KINDS, FAULT_SETTINGS } from './faults';
import {
  describe,
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
import { EVENT_PREVIEW_BYTES } from './limits';
import type {
  CaptureGap,
  CaptureStatus,
  CheckStatus,
  FaultStatus,
  LabInfo,
  PkiDownloads,
  QuestionStatus,
  ServerEvent,
  ServerEventKind,
  ServerInfo,
  ServerMessage,
  SessionClock,
} from './messages';
import { PAYLOAD_HEX_LIMIT_BYTES, type Packet, type PacketDirection } from './packet';
import {
  MAX_HANDSHAKE_CERTIFICATE_BYTES,
  MAX_TLS_HANDSHAKES,
  type TlsAlert,
  type TlsCodePoint,
  type TlsHandshake,
  type TlsMessage,
  type TlsMessageType,
  type TlsVersion,
} from './tls';
import { isViewId } from './views';

const TEXT = { max: 1 << 20 };
const CHECK_STATES = ['pending', 'passed', 'failed'] as const;
const EVENT_KINDS: readonly ServerEventKind[] = [
  'listen',
  'accept',
  'receive',
  'send',
  'peer-fin',
  'reset',
  'close',
  'error',
  'secure',
];
const ANY_INT = { min: 0, max: Number.MAX_SAFE_INTEGER };
/** Bytes as lowercase hex, two digits each; at most as many as the lab server ever puts there (limits.ts, packet.ts). */
const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;

export function decodeServerMessage(text: string): ServerMessage {
  return decodeServerObject(parseJsonObject(text));
}

/** The same for a message already parsed, such as one carried inside another (the dashboard's `watched`). */
export function decodeServerObject(object: JsonObject): ServerMessage {
  const type = object.type;
  switch (type) {
    case 'welcome':
      return {
        type,
        protocol: readInteger(object, 'protocol', type, ANY_INT),
        session: readString(object, 'session', type, TEXT),
        token: readString(object, 'token', type, TEXT),
        resumed: readBoolean(object, 'resumed', type),
        lab: decodeLab(readObject(object, 'lab', type)),
        servers: readArray(object, 'servers', type).map((s) => decodeServer(asObject(s, 'welcome.servers'))),
        checks: readArray(object, 'checks', type).map((c) => decodeCheck(asObject(c, 'welcome.checks'))),
        events: readArray(object, 'events', type).map((e) => decodeEvent(asObject(e, 'welcome.events'))),
        questions: readArray(object, 'questions', type).map((q) => decodeQuestion(asObject(q, 'welcome.questions'))),
        faults: readArray(object, 'faults', type).map((f) => decodeFault(asObject(f, 'welcome.faults'))),
        capture: decodeCapture(readObject(object, 'capture', type)),
        packets: readArray(object, 'packets', type).map((p) => decodePacket(asObject(p, 'welcome.packets'))),
        clock: decodeClock(readObject(object, 'clock', type)),
        pcapng: readString(object, 'pcapng', type, TEXT),
        handshakes: readBoundedArray(object, 'handshakes', type, MAX_TLS_HANDSHAKES).map((h) =>
          decodeHandshake(asObject(h, 'welcome.handshakes')),
        ),
        ...(object.pki === undefined ? {} : { pki: decodePki(readObject(object, 'pki', type)) }),
      };
    case 'tls':
      return { type, handshake: decodeHandshake(readObject(object, 'handshake', type)) };
    case 'certificate':
      return { type, report: decodeChainReport(readObject(object, 'report', type), 'report') };
    case 'packet':
      return { type, packet: decodePacket(readObject(object, 'packet', type)) };
    case 'capture':
      return { type, capture: decodeCapture(readObject(object, 'capture', type)) };
    case 'gap':
      return { type, gap: decodeGap(readObject(object, 'gap', type)) };
    case 'question':
      return { type, question: decodeQuestion(readObject(object, 'question', type)) };
    case 'fault':
      return { type, fault: decodeFault(readObject(object, 'fault', type)) };
    case 'output':
      return { type, data: readString(object, 'data', type, TEXT) };
    case 'check':
      return { type, check: decodeCheck(readObject(object, 'check', type)) };
    case 'event':
      return { type, event: decodeEvent(readObject(object, 'event', type)) };
    case 'error': {
      const code = object.code;
      if (!isErrorCode(code)) {
        throw new LabError('LAB_ERR_MESSAGE_INVALID', 'error: "code" is not in the error catalog.');
      }
      return {
        type,
        code,
        message: readString(object, 'message', type, TEXT),
        fatal: readBoolean(object, 'fatal', type),
      };
    }
    case 'pong':
      return { type, id: readInteger(object, 'id', type, ANY_INT) };
    case 'shutdown':
      return { type, message: readString(object, 'message', type, TEXT) };
    default:
      // Described, not serialised: a type may be a megabyte of text or arrays nested past the stack's depth.
      throw new LabError('LAB_ERR_MESSAGE_UNKNOWN_TYPE', `Unknown message type ${describe(type)}.`);
  }
}

function asObject(value: unknown, context: string): JsonObject {
  if (!isObject(value)) throw new LabError('LAB_ERR_MESSAGE_INVALID', `${context}: expected objects.`);
  return value;
}

function decodeLab(object: JsonObject): LabInfo {
  return {
    id: readString(object, 'id', 'lab', TEXT),
    title: readString(object, 'title', 'lab', TEXT),
    views: readArray(object, 'views', 'lab').map((view) => {
      if (!isViewId(view))
        throw new LabError('LAB_ERR_MESSAGE_INVALID', `lab: "views" holds view ids, got ${describe(view)}.`);
      return view;
    }),
  };
}

function decodeServer(object: JsonObject): ServerInfo {
  return {
    id: readString(object, 'id', 'server', TEXT),
    kind: readString(object, 'kind', 'server', TEXT),
    title: readString(object, 'title', 'server', TEXT),
    transport: readOneOf(object, 'transport', 'server', ['tcp', 'udp'] as const),
    host: readString(object, 'host', 'server', TEXT),
    port: readInteger(object, 'port', 'server', { min: 1, max: 65535 }),
  };
}

function decodeCheck(object: JsonObject): CheckStatus {
  return {
    id: readString(object, 'id', 'check', TEXT),
    title: readString(object, 'title', 'check', TEXT),
    state: readOneOf(object, 'state', 'check', CHECK_STATES),
    detail: readString(object, 'detail', 'check', TEXT),
  };
}

function decodeEvent(object: JsonObject): ServerEvent {
  const event: {
    -readonly [K in keyof ServerEvent]: ServerEvent[K];
  } = {
    seq: readInteger(object, 'seq', 'event', ANY_INT),
    time: readInteger(object, 'time', 'event', ANY_INT),
    server: readString(object, 'server', 'event', TEXT),
    connection: readInteger(object, 'connection', 'event', ANY_INT),
    kind: readOneOf(object, 'kind', 'event', EVENT_KINDS),
  };
  if (object.peer !== undefined) event.peer = readString(object, 'peer', 'event', TEXT);
  if (object.bytes !== undefined) event.bytes = readInteger(object, 'bytes', 'event', ANY_INT);
  if (object.preview !== undefined) {
    event.preview = readString(object, 'preview', 'event', { max: EVENT_PREVIEW_BYTES * 2, pattern: LOWER_HEX });
  }
  if (object.note !== undefined) event.note = readString(object, 'note', 'event', TEXT);
  return event;
}

const CAPTURE_STATES = ['starting', 'running', 'restarting', 'unavailable', 'stopped'] as const;

function decodeCapture(object: JsonObject): CaptureStatus {
  return {
    state: readOneOf(object, 'state', 'capture', CAPTURE_STATES),
    reason: readString(object, 'reason', 'capture', TEXT),
  };
}

function decodeGap(object: JsonObject): CaptureGap {
  return {
    after: readInteger(object, 'after', 'gap', ANY_INT),
    time: readNumber(object, 'time', 'gap'),
    reason: readString(object, 'reason', 'gap', TEXT),
  };
}

function decodeClock(object: JsonObject): SessionClock {
  const startedAt = readNumber(object, 'startedAt', 'clock');
  if ((object.origin === undefined) !== (object.originKind === undefined)) {
    throw new LabError('LAB_ERR_MESSAGE_INVALID', 'clock: "origin" and "originKind" come together.');
  }
  if (object.origin === undefined) return { startedAt };
  return {
    startedAt,
    origin: readNumber(object, 'origin', 'clock'),
    originKind: readOneOf(object, 'originKind', 'clock', ['packet', 'event'] as const),
  };
}

function decodeFault(object: JsonObject): FaultStatus {
  const reason = object.reason === undefined ? {} : { reason: readString(object, 'reason', 'fault', TEXT) };
  const kind = readOneOf(object, 'kind', 'fault', FAULT_KINDS);
  return {
    kind,
    server: readString(object, 'server', 'fault', TEXT),
    available: readBoolean(object, 'available', 'fault'),
    value: readInteger(object, 'value', 'fault', FAULT_SETTINGS[kind]),
    ...reason,
  };
}

function decodeQuestion(object: JsonObject): QuestionStatus {
  return {
    id: readString(object, 'id', 'question', TEXT),
    prompt: readString(object, 'prompt', 'question', TEXT),
    format: readString(object, 'format', 'question', TEXT),
    state: readOneOf(object, 'state', 'question', CHECK_STATES),
    detail: readString(object, 'detail', 'question', TEXT),
    answer: readString(object, 'answer', 'question', TEXT),
  };
}

function readNumber(object: JsonObject, field: string, context: string): number {
  const value = object[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new LabError('LAB_ERR_MESSAGE_INVALID', `${context}: "${field}" must be a number.`);
  }
  return value;
}

const U16 = { min: 0, max: 0xffff };
const CHECKSUM_STATES = ['good', 'bad', 'unverified'] as const;

function decodeChecksum(object: JsonObject, context: string): void {
  readInteger(object, 'value', context, U16);
  readOneOf(object, 'status', context, CHECKSUM_STATES);
  if (object.expected !== undefined) readInteger(object, 'expected', context, U16);
}

/** The IP header view: every number within its field's width, the version-specific ones only when present. */
function decodeIp(ip: JsonObject): void {
  readInteger(ip, 'headerLength', 'packet.ip', { min: 20, max: 60 });
  readInteger(ip, 'dscp', 'packet.ip', { min: 0, max: 63 });
  readInteger(ip, 'ecn', 'packet.ip', { min: 0, max: 3 });
  readInteger(ip, 'ttl', 'packet.ip', { min: 0, max: 255 });
  readInteger(ip, 'protocol', 'packet.ip', { min: 0, max: 255 });
  for (const field of ['totalLength', 'payloadLength', 'identification']) {
    if (ip[field] !== undefined) readInteger(ip, field, 'packet.ip', U16);
  }
  for (const field of ['dontFragment', 'moreFragments']) {
    if (ip[field] !== undefined) readBoolean(ip, field, 'packet.ip');
  }
  if (ip.fragmentOffset !== undefined) readInteger(ip, 'fragmentOffset', 'packet.ip', { min: 0, max: 0x1fff });
  if (ip.flowLabel !== undefined) readInteger(ip, 'flowLabel', 'packet.ip', { min: 0, max: 0xfffff });
  if (ip.checksum !== undefined) decodeChecksum(readObject(ip, 'checksum', 'packet.ip'), 'packet.ip.checksum');
}

/**
 * Packets are checked where the page relies on them — identity, addresses, ports, protocol, the info line, the
 * payload hex, the TCP numbers the ladder draws and the header fields the detail shows — and passed on as the
 * lab server built them.
 */
function decodePacket(object: JsonObject): Packet {
  readInteger(object, 'id', 'packet', ANY_INT);
  readNumber(object, 'time', 'packet');
  readInteger(object, 'length', 'packet', ANY_INT);
  readInteger(object, 'capturedLength', 'packet', ANY_INT);
  if (object.ipVersion !== 4 && object.ipVersion !== 6) {
    throw new LabError('LAB_ERR_MESSAGE_INVALID', 'packet: "ipVersion" must be 4 or 6.');
  }
  readString(object, 'src', 'packet', TEXT);
  readString(object, 'dst', 'packet', TEXT);
  readInteger(object, 'srcPort', 'packet', { min: 0, max: 65535 });
  readInteger(object, 'dstPort', 'packet', { min: 0, max: 65535 });
  const protocol = readOneOf(object, 'protocol', 'packet', ['tcp', 'udp'] as const);
  readString(object, 'info', 'packet', TEXT);
  for (const flag of readArray(object, 'expert', 'packet')) {
    if (typeof flag !== 'string') throw new LabError('LAB_ERR_MESSAGE_INVALID', 'packet: "expert" holds names.');
  }
  const payload = readObject(object, 'payload', 'packet');
  readString(payload, 'hex', 'packet.payload', { max: PAYLOAD_HEX_LIMIT_BYTES * 2, pattern: LOWER_HEX });
  readInteger(payload, 'length', 'packet.payload', ANY_INT);
  readBoolean(payload, 'truncated', 'packet.payload');
  if (object.ip !== undefined) decodeIp(readObject(object, 'ip', 'packet'));
  if (protocol === 'tcp') {
    const tcp = readObject(object, 'tcp', 'packet');
    for (const field of [
      'connection',
      'seq',
      'ack',
      'seqRaw',
      'ackRaw',
      'nextSeq',
      'flags',
      'windowValue',
      'window',
      'len',
    ]) {
      readInteger(tcp, field, 'packet.tcp', ANY_INT);
    }
    readString(tcp, 'flagNames', 'packet.tcp', TEXT);
    const options = readObject(tcp, 'options', 'packet.tcp');
    readBoolean(options, 'sackPermitted', 'packet.tcp.options');
    for (const field of ['mss', 'windowScale', 'tsval', 'tsecr']) {
      if (options[field] !== undefined) readInteger(options, field, 'packet.tcp.options', ANY_INT);
    }
    if (tcp.headerLength !== undefined) readInteger(tcp, 'headerLength', 'packet.tcp', { min: 20, max: 60 });
    if (tcp.urgentPointer !== undefined) readInteger(tcp, 'urgentPointer', 'packet.tcp', U16);
    if (tcp.checksum !== undefined) decodeChecksum(readObject(tcp, 'checksum', 'packet.tcp'), 'packet.tcp.checksum');
  } else {
    readInteger(readObject(object, 'udp', 'packet'), 'length', 'packet.udp', ANY_INT);
  }
  return object as unknown as Packet;
}

// ---------------------------------------------------------------- TLS handshakes and certificate reports

/**
 * How much of a handshake and a certificate report the page takes. A handshake is read from the student's own
 * connection, so its lists are whatever the student's program offered: the bounds are far above what a real
 * TLS stack sends (OpenSSL offers some 30 suites and 10 extensions) and well below what would cost the page
 * its memory. A message over any bound is refused whole, like every other malformed message.
 */
export const TLS_DECODE_LIMITS = {
  /** Messages of one handshake, post-handshake records included. */
  messages: 256,
  /** Suites offered (RFC 8446 §4.1.2 allows 32 767; no stack sends more than a few hundred). */
  cipherSuites: 512,
  /** Extensions, groups, signature schemes, ALPN names, versions: each list. */
  list: 128,
  /** Certificates in one Certificate message or one chain. */
  certificates: 16,
  /** One certificate's DER as hex. */
  certificateHex: MAX_HANDSHAKE_CERTIFICATE_BYTES * 2,
  /** Verification steps of one report: a handful per certificate. */
  steps: 16 * 8,
  /** Names and URLs in one certificate (a CDN's certificate names a few hundred hosts). */
  names: 1024,
  /** One name, URL, subject or sentence; a server name too (SNI allows 65 535 bytes, RFC 6066 §3, DNS 253). */
  text: 4096,
} as const;

const TLS_VERSIONS: readonly TlsVersion[] = ['SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'];
const TLS_MESSAGE_TYPES: readonly TlsMessageType[] = [
  'hello_request',
  'client_hello',
  'server_hello',
  'hello_retry_request',
  'new_session_ticket',
  'end_of_early_data',
  'encrypted_extensions',
  'certificate',
  'server_key_exchange',
  'certificate_request',
  'server_hello_done',
  'certificate_verify',
  'client_key_exchange',
  'finished',
  'key_update',
  'change_cipher_spec',
  'alert',
  'application_data',
];
const DIRECTIONS: readonly PacketDirection[] = ['to-server', 'from-server'];
const STEP_KINDS: readonly VerificationStepKind[] = [
  'signature',
  'validity',
  'name',
  'issuer',
  'purpose',
  'chain',
  'revocation',
  'strength',
];
const SHORT = { max: TLS_DECODE_LIMITS.text };
const ID_TEXT = { min: 1, max: 64 };
/** 32 bytes of random, lower-case hex. */
const RANDOM = { max: 64, pattern: /^(?:[0-9a-f]{64})?$/, patternText: '32 bytes as lower-case hex' };
/** A session id is at most 32 bytes (RFC 5246 §7.4.1.2). */
const SESSION_ID = { max: 64, pattern: LOWER_HEX, patternText: 'at most 32 bytes as lower-case hex' };
const SERIAL = { min: 1, max: 64, pattern: /^[0-9a-f]+$/, patternText: 'lower-case hex' };
/** `AB:CD:…`: 20 bytes for SHA-1, 32 for SHA-256. */
const fingerprint = (bytes: number) => ({
  max: bytes * 3 - 1,
  min: bytes * 3 - 1,
  pattern: new RegExp(`^[0-9A-F]{2}(?::[0-9A-F]{2}){${bytes - 1}}$`),
  patternText: `${bytes} bytes as colon-separated upper-case hex`,
});
/** OpenSSL's and Node's error names: `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`. */
const ERROR_NAME = { min: 1, max: 64, pattern: /^[A-Z0-9_]+$/, patternText: 'an error name such as CERT_HAS_EXPIRED' };

function readBoundedArray(object: JsonObject, field: string, context: string, max: number): readonly unknown[] {
  const array = readArray(object, field, context);
  if (array.length > max) {
    throw new LabError(
      'LAB_ERR_MESSAGE_INVALID',
      `${context}: "${field}" holds at most ${max} items, got ${array.length}.`,
    );
  }
  return array;
}

/** An array of strings, each within `limits`. */
function readStrings(
  object: JsonObject,
  field: string,
  context: string,
  max: number,
  limits: Parameters<typeof readString>[3],
): string[] {
  return readBoundedArray(object, field, context, max).map((item, index) =>
    readString({ [field]: item }, field, `${context}[${index}]`, limits),
  );
}

/** The message's type; its error names the value only, as the eighteen types would make it a paragraph. */
function readTlsMessageType(object: JsonObject, context: string): TlsMessageType {
  const value = object.type;
  if (typeof value !== 'string' || !(TLS_MESSAGE_TYPES as readonly string[]).includes(value)) {
    throw new LabError(
      'LAB_ERR_MESSAGE_INVALID',
      `${context}: "type" must be a TLS message type (client_hello, finished, alert, …), got ${describe(value)}.`,
    );
  }
  return value as TlsMessageType;
}

function readVersion(object: JsonObject, field: string, context: string): TlsVersion {
  return readOneOf(object, field, context, TLS_VERSIONS);
}

function decodeCodePoint(object: JsonObject, context: string): TlsCodePoint {
  return { code: readInteger(object, 'code', context, U16), name: readString(object, 'name', context, ID_TEXT) };
}

function readCodePoint(object: JsonObject, field: string, context: string): TlsCodePoint {
  return decodeCodePoint(readObject(object, field, context), `${context}.${field}`);
}

function readCodePoints(object: JsonObject, field: string, context: string, max: number): TlsCodePoint[] {
  return readBoundedArray(object, field, context, max).map((item) =>
    decodeCodePoint(asObject(item, `${context}.${field}`), `${context}.${field}`),
  );
}

function decodeAlert(object: JsonObject, context: string): TlsAlert {
  return {
    level: readOneOf(object, 'level', context, ['warning', 'fatal'] as const),
    // Alert descriptions are one byte (RFC 8446 §6).
    description: decodeCodePoint(readObject(object, 'description', context), `${context}.description`),
  };
}

/** Copies the optional fields present in `object`, each read by its own reader: absent stays absent. */
function optional<T extends object>(object: JsonObject, readers: { readonly [K in keyof T]?: () => T[K] }): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(readers) as (keyof T & string)[]) {
    if (object[key] !== undefined) out[key] = readers[key]!();
  }
  return out;
}

function decodeTlsMessage(object: JsonObject): TlsMessage {
  const c = 'tls.message';
  const { list } = TLS_DECODE_LIMITS;
  const message: TlsMessage = {
    type: readTlsMessageType(object, c),
    direction: readOneOf(object, 'direction', c, DIRECTIONS),
    packet: readInteger(object, 'packet', c, ANY_INT),
    time: readNumber(object, 'time', c),
    length: readInteger(object, 'length', c, { min: 0, max: 0xffffff }),
    encrypted: readBoolean(object, 'encrypted', c),
    ...optional<TlsMessage>(object, {
      recordVersion: () => readVersion(object, 'recordVersion', c),
      legacyVersion: () => readVersion(object, 'legacyVersion', c),
      random: () => readString(object, 'random', c, RANDOM),
      sessionId: () => readString(object, 'sessionId', c, SESSION_ID),
      cipherSuites: () => readCodePoints(object, 'cipherSuites', c, TLS_DECODE_LIMITS.cipherSuites),
      cipherSuite: () => readCodePoint(object, 'cipherSuite', c),
      extensions: () => readCodePoints(object, 'extensions', c, list),
      serverName: () => readString(object, 'serverName', c, SHORT),
      alpn: () => readStrings(object, 'alpn', c, list, { min: 1, max: 255 }),
      supportedVersions: () =>
        readBoundedArray(object, 'supportedVersions', c, list).map((v) =>
          readVersion({ version: v }, 'version', `${c}.supportedVersions`),
        ),
      selectedVersion: () => readVersion(object, 'selectedVersion', c),
      keyShareGroups: () => readCodePoints(object, 'keyShareGroups', c, list),
      signatureAlgorithms: () => readCodePoints(object, 'signatureAlgorithms', c, list),
      namedGroup: () => readCodePoint(object, 'namedGroup', c),
      signatureAlgorithm: () => readCodePoint(object, 'signatureAlgorithm', c),
      keyExchange: () => readOneOf(object, 'keyExchange', c, ['ecdhe', 'dhe', 'rsa'] as const),
      certificates: () =>
        readStrings(object, 'certificates', c, TLS_DECODE_LIMITS.certificates, {
          max: TLS_DECODE_LIMITS.certificateHex,
          pattern: LOWER_HEX,
          patternText: 'DER as lower-case hex',
        }),
      certificateAuthorities: () => readStrings(object, 'certificateAuthorities', c, list, SHORT),
      ticketLifetime: () => readInteger(object, 'ticketLifetime', c, { min: 0, max: 0xffffffff }),
      alert: () => decodeAlert(readObject(object, 'alert', c), `${c}.alert`),
    }),
  };
  return message;
}

function decodeHandshake(object: JsonObject): TlsHandshake {
  const c = 'handshake';
  return {
    server: readString(object, 'server', c, ID_TEXT),
    connection: readInteger(object, 'connection', c, ANY_INT),
    client: readString(object, 'client', c, { min: 1, max: 64 }),
    complete: readBoolean(object, 'complete', c),
    clientCertificateRequested: readBoolean(object, 'clientCertificateRequested', c),
    messages: readBoundedArray(object, 'messages', c, TLS_DECODE_LIMITS.messages).map((m) =>
      decodeTlsMessage(asObject(m, 'handshake.messages')),
    ),
    ...optional<TlsHandshake>(object, {
      version: () => readVersion(object, 'version', c),
      cipherSuite: () => readCodePoint(object, 'cipherSuite', c),
      serverName: () => readString(object, 'serverName', c, SHORT),
      alert: () => {
        const alert = readObject(object, 'alert', c);
        return {
          ...decodeAlert(alert, 'handshake.alert'),
          from: readOneOf(alert, 'from', 'handshake.alert', DIRECTIONS),
        };
      },
      serverChain: () => decodeChainReport(readObject(object, 'serverChain', c), 'handshake.serverChain'),
      clientChain: () => decodeChainReport(readObject(object, 'clientChain', c), 'handshake.clientChain'),
      undecrypted: () => readString(object, 'undecrypted', c, SHORT),
    }),
  };
}

function decodeCertificate(object: JsonObject, c: string): CertificateSummary {
  const { names } = TLS_DECODE_LIMITS;
  const publicKey = readObject(object, 'publicKey', c);
  const constraints = object.basicConstraints === undefined ? undefined : readObject(object, 'basicConstraints', c);
  return {
    subject: readString(object, 'subject', c, SHORT),
    issuer: readString(object, 'issuer', c, SHORT),
    serial: readString(object, 'serial', c, SERIAL),
    notBefore: readDate(object, 'notBefore', c),
    notAfter: readDate(object, 'notAfter', c),
    subjectAltNames: readStrings(object, 'subjectAltNames', c, names, SHORT),
    keyUsage: readStrings(object, 'keyUsage', c, 16, ID_TEXT),
    extendedKeyUsage: readStrings(object, 'extendedKeyUsage', c, 64, ID_TEXT),
    ...(constraints === undefined
      ? {}
      : {
          basicConstraints: {
            ca: readBoolean(constraints, 'ca', `${c}.basicConstraints`),
            ...(constraints.pathLength === undefined
              ? {}
              : { pathLength: readInteger(constraints, 'pathLength', `${c}.basicConstraints`, { min: 0, max: 255 }) }),
          },
        }),
    publicKey: {
      algorithm: readString(publicKey, 'algorithm', `${c}.publicKey`, ID_TEXT),
      ...optional<CertificateSummary['publicKey']>(publicKey, {
        bits: () => readInteger(publicKey, 'bits', `${c}.publicKey`, { min: 1, max: 65536 }),
        curve: () => readString(publicKey, 'curve', `${c}.publicKey`, ID_TEXT),
      }),
    },
    signatureAlgorithm: readString(object, 'signatureAlgorithm', c, ID_TEXT),
    sha256Fingerprint: readString(object, 'sha256Fingerprint', c, fingerprint(32)),
    sha1Fingerprint: readString(object, 'sha1Fingerprint', c, fingerprint(20)),
    crlDistributionPoints: readStrings(object, 'crlDistributionPoints', c, 64, SHORT),
    ocspResponders: readStrings(object, 'ocspResponders', c, 64, SHORT),
    selfIssued: readBoolean(object, 'selfIssued', c),
    pem: readString(object, 'pem', c, {
      min: 1,
      max: MAX_CERTIFICATE_BYTES * 2,
      pattern: /^-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\r?\n?$/,
      patternText: 'one certificate in PEM',
    }),
  };
}

/** An ISO 8601 date the page can compare with now. */
function readDate(object: JsonObject, field: string, context: string): string {
  const value = readString(object, field, context, { min: 10, max: 40, patternText: 'an ISO 8601 date' });
  if (Number.isNaN(Date.parse(value))) {
    throw new LabError('LAB_ERR_MESSAGE_INVALID', `${context}: "${field}" must be an ISO 8601 date.`);
  }
  return value;
}

function decodeChainReport(object: JsonObject, c: string): CertificateChainReport {
  const certificates = readBoundedArray(object, 'certificates', c, TLS_DECODE_LIMITS.certificates).map((item) =>
    decodeCertificate(asObject(item, `${c}.certificates`), `${c}.certificates`),
  );
  // A report about no certificate at all has nothing to point its steps at.
  const last = Math.max(0, certificates.length - 1);
  const steps = readBoundedArray(object, 'steps', c, TLS_DECODE_LIMITS.steps).map((item): VerificationStep => {
    const step = asObject(item, `${c}.steps`);
    return {
      kind: readOneOf(step, 'kind', `${c}.steps`, STEP_KINDS),
      certificate: readInteger(step, 'certificate', `${c}.steps`, { min: 0, max: last }),
      state: readOneOf(step, 'state', `${c}.steps`, CHECK_STATES),
      detail: readString(step, 'detail', `${c}.steps`, SHORT),
    };
  });
  return {
    certificates,
    sent: readInteger(object, 'sent', c, { min: 0, max: certificates.length }),
    steps,
    trusted: readBoolean(object, 'trusted', c),
    ...optional<CertificateChainReport>(object, {
      code: () => readString(object, 'code', c, ERROR_NAME),
      advice: () => readString(object, 'advice', c, SHORT),
    }),
  };
}

function decodePki(object: JsonObject): PkiDownloads {
  const path = { min: 1, max: 2048 };
  return {
    ca: readString(object, 'ca', 'pki', path),
    clientCertificate: readString(object, 'clientCertificate', 'pki', path),
    clientKey: readString(object, 'clientKey', 'pki', path),
    clientPkcs12: readString(object, 'clientPkcs12', 'pki', path),
    pkcs12Password: readString(object, 'pkcs12Password', 'pki', { min: 1, max: 256 }),
  };
}
