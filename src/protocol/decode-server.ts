/**
 * Decodes what the lab server sends, on the page. The page trusts its own lab server, but a message from a
 * newer or older server, or a proxy that mangles frames, should fail as one clear error in the panel rather
 * than as a crash deep inside a React component. Fields are checked to the depth the page relies on.
 */

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
  QuestionStatus,
  ServerEvent,
  ServerEventKind,
  ServerInfo,
  ServerMessage,
  SessionClock,
} from './messages';
import { PAYLOAD_HEX_LIMIT_BYTES, type Packet } from './packet';
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
];
const ANY_INT = { min: 0, max: Number.MAX_SAFE_INTEGER };
/** Bytes as lowercase hex, two digits each; at most as many as the lab server ever puts there (limits.ts, packet.ts). */
const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;

export function decodeServerMessage(text: string): ServerMessage {
  const object = parseJsonObject(text);
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
      };
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
