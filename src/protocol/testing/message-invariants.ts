/**
 * What must hold of any message a decoder returns, checked again independently of the decoder: its type is in
 * the catalog, it has no field the catalog does not name (page → lab server), and every field the protocol
 * bounds is within `limits.ts` and the packet limits — terminal sizes, input and answer lengths, preview and
 * payload sizes, ports, enumerations, catalog error codes. Returns the violations found, as sentences; none
 * means the message is one the rest of the code may trust.
 */

import { LOCALES } from '../../i18n/locales';
import { isErrorCode } from '../errors';
import { FAULT_KINDS, FAULT_SETTINGS, isFaultKind } from '../faults';
import { EVENT_PREVIEW_BYTES, MAX_ANSWER_CHARS, MAX_INPUT_CHARS, TERMINAL_COLS, TERMINAL_ROWS } from '../limits';
import { MESSAGE_FIELDS } from '../messages';
import { PAYLOAD_HEX_LIMIT_BYTES } from '../packet';
import { VIEW_IDS } from '../views';

type Fields = Readonly<Record<string, unknown>>;

const ID = /^[a-z0-9][a-z0-9-]*$/;
const TOKEN_CHARS = /^[A-Za-z0-9_-]+$/;
const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;
const CHECK_STATES = ['pending', 'passed', 'failed'];
const EVENT_KINDS = ['listen', 'accept', 'receive', 'send', 'peer-fin', 'reset', 'close', 'error'];
const CAPTURE_STATES = ['starting', 'running', 'restarting', 'unavailable', 'stopped'];

/** A value in a sentence, safely: a decoded value may be an object whose own `toString` is not a function. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

/** Collects violations under a path such as `welcome.packets[0].tcp`. */
class Violations {
  readonly found: string[] = [];

  add(path: string, problem: string): void {
    this.found.push(`${path}: ${problem}`);
  }

  object(value: unknown, path: string): Fields | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Object.prototype) this.add(path, 'is not a plain object');
      return value as Fields;
    }
    this.add(path, 'is not an object');
    return undefined;
  }

  array(value: unknown, path: string): readonly unknown[] {
    if (Array.isArray(value)) return value;
    this.add(path, 'is not an array');
    return [];
  }

  integer(value: unknown, path: string, range: { readonly min: number; readonly max: number }): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
      this.add(path, `is not an integer from ${range.min} to ${range.max}`);
    }
  }

  finite(value: unknown, path: string): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.add(path, 'is not a finite number');
  }

  string(
    value: unknown,
    path: string,
    limits: { readonly min?: number; readonly max?: number; pattern?: RegExp } = {},
  ) {
    if (typeof value !== 'string') return this.add(path, 'is not a string');
    if (value.length < (limits.min ?? 0) || value.length > (limits.max ?? Number.POSITIVE_INFINITY)) {
      this.add(path, `has ${value.length} characters, outside ${limits.min ?? 0} to ${limits.max}`);
    }
    if (limits.pattern !== undefined && !limits.pattern.test(value)) this.add(path, 'does not match its pattern');
  }

  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.add(path, 'is not a boolean');
  }

  oneOf(value: unknown, path: string, allowed: readonly unknown[]): void {
    if (!allowed.includes(value)) this.add(path, `is ${shown(value)}, not one of ${allowed.join(', ')}`);
  }

  /** The message's own keys are the catalog's fields of its type (and `type`), no others. */
  onlyFields(message: Fields, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(message)) {
      if (key !== 'type' && !allowed.includes(key))
        this.add(path, `has a field "${key.slice(0, 40)}" outside the catalog`);
    }
  }
}

/** The type, if it is one of `side`'s catalog; a violation otherwise. */
function catalogFields(
  message: Fields,
  side: keyof typeof MESSAGE_FIELDS,
  v: Violations,
): readonly string[] | undefined {
  const catalog: Readonly<Record<string, readonly string[]>> = MESSAGE_FIELDS[side];
  const type = message.type;
  if (typeof type === 'string' && Object.hasOwn(catalog, type)) return catalog[type];
  v.add('message', `has type ${shown(type)}, which is not in the ${side} catalog`);
  return undefined;
}

export function clientMessageViolations(decoded: unknown): string[] {
  const v = new Violations();
  const message = v.object(decoded, 'message');
  if (message === undefined) return v.found;
  const fields = catalogFields(message, 'client', v);
  if (fields === undefined) return v.found;
  const type = String(message.type);
  v.onlyFields(message, fields, type);
  switch (type) {
    case 'hello': {
      v.integer(message.protocol, 'hello.protocol', { min: 0, max: 1_000_000 });
      v.string(message.lab, 'hello.lab', { min: 1, max: 64, pattern: ID });
      if (message.cols !== undefined) v.integer(message.cols, 'hello.cols', TERMINAL_COLS);
      if (message.rows !== undefined) v.integer(message.rows, 'hello.rows', TERMINAL_ROWS);
      if (message.locale !== undefined) v.oneOf(message.locale, 'hello.locale', LOCALES);
      if (message.resume !== undefined) {
        const resume = v.object(message.resume, 'hello.resume');
        if (resume !== undefined) {
          v.onlyFields(resume, ['session', 'token'], 'hello.resume');
          v.string(resume.session, 'hello.resume.session', { min: 1, max: 64, pattern: TOKEN_CHARS });
          v.string(resume.token, 'hello.resume.token', { min: 1, max: 128, pattern: TOKEN_CHARS });
        }
      }
      break;
    }
    case 'input':
      v.string(message.data, 'input.data', { max: MAX_INPUT_CHARS });
      break;
    case 'resize':
      v.integer(message.cols, 'resize.cols', TERMINAL_COLS);
      v.integer(message.rows, 'resize.rows', TERMINAL_ROWS);
      break;
    case 'ping':
      v.integer(message.id, 'ping.id', { min: 0, max: Number.MAX_SAFE_INTEGER });
      break;
    case 'answer':
      v.string(message.question, 'answer.question', { min: 1, max: 64, pattern: ID });
      v.string(message.value, 'answer.value', { max: MAX_ANSWER_CHARS });
      break;
    case 'fault':
      v.oneOf(message.kind, 'fault.kind', FAULT_KINDS);
      v.string(message.server, 'fault.server', { min: 1, max: 64, pattern: ID });
      faultValue(message.kind, message.value, 'fault.value', v);
      break;
    default:
      v.add(type, 'has no invariants written down here: add them');
  }
  return v.found;
}

const ANY_INT = { min: 0, max: Number.MAX_SAFE_INTEGER };
const PORT = { min: 0, max: 65535 };

function serverInfo(value: unknown, path: string, v: Violations): void {
  const server = v.object(value, path);
  if (server === undefined) return;
  for (const field of ['id', 'kind', 'title', 'host']) v.string(server[field], `${path}.${field}`);
  v.oneOf(server.transport, `${path}.transport`, ['tcp', 'udp']);
  v.integer(server.port, `${path}.port`, { min: 1, max: 65535 });
}

function checkStatus(value: unknown, path: string, v: Violations): void {
  const check = v.object(value, path);
  if (check === undefined) return;
  for (const field of ['id', 'title', 'detail']) v.string(check[field], `${path}.${field}`);
  v.oneOf(check.state, `${path}.state`, CHECK_STATES);
}

function questionStatus(value: unknown, path: string, v: Violations): void {
  const question = v.object(value, path);
  if (question === undefined) return;
  for (const field of ['id', 'prompt', 'format', 'detail', 'answer']) v.string(question[field], `${path}.${field}`);
  v.oneOf(question.state, `${path}.state`, CHECK_STATES);
}

/** A fault's setting, within its kind's bounds (a kind that is none was reported already). */
function faultValue(kind: unknown, value: unknown, path: string, v: Violations): void {
  if (typeof kind === 'string' && isFaultKind(kind)) v.integer(value, path, FAULT_SETTINGS[kind]);
}

function faultStatus(value: unknown, path: string, v: Violations): void {
  const fault = v.object(value, path);
  if (fault === undefined) return;
  v.oneOf(fault.kind, `${path}.kind`, FAULT_KINDS);
  v.string(fault.server, `${path}.server`);
  v.boolean(fault.available, `${path}.available`);
  faultValue(fault.kind, fault.value, `${path}.value`, v);
  if (fault.reason !== undefined) v.string(fault.reason, `${path}.reason`);
}

function serverEvent(value: unknown, path: string, v: Violations): void {
  const event = v.object(value, path);
  if (event === undefined) return;
  for (const field of ['seq', 'time', 'connection']) v.integer(event[field], `${path}.${field}`, ANY_INT);
  v.string(event.server, `${path}.server`);
  v.oneOf(event.kind, `${path}.kind`, EVENT_KINDS);
  if (event.peer !== undefined) v.string(event.peer, `${path}.peer`);
  if (event.bytes !== undefined) v.integer(event.bytes, `${path}.bytes`, ANY_INT);
  if (event.note !== undefined) v.string(event.note, `${path}.note`);
  if (event.preview !== undefined) {
    v.string(event.preview, `${path}.preview`, { max: EVENT_PREVIEW_BYTES * 2, pattern: LOWER_HEX });
  }
}

function captureStatus(value: unknown, path: string, v: Violations): void {
  const capture = v.object(value, path);
  if (capture === undefined) return;
  v.oneOf(capture.state, `${path}.state`, CAPTURE_STATES);
  v.string(capture.reason, `${path}.reason`);
}

function sessionClock(value: unknown, path: string, v: Violations): void {
  const clock = v.object(value, path);
  if (clock === undefined) return;
  v.finite(clock.startedAt, `${path}.startedAt`);
  if ((clock.origin === undefined) !== (clock.originKind === undefined)) {
    v.add(path, 'has one of origin and originKind without the other');
  }
  if (clock.origin !== undefined) v.finite(clock.origin, `${path}.origin`);
  if (clock.originKind !== undefined) v.oneOf(clock.originKind, `${path}.originKind`, ['packet', 'event']);
}

const U16 = { min: 0, max: 0xffff };

function checksum(value: unknown, path: string, v: Violations): void {
  const sum = v.object(value, path);
  if (sum === undefined) return;
  v.integer(sum.value, `${path}.value`, U16);
  v.oneOf(sum.status, `${path}.status`, ['good', 'bad', 'unverified']);
  if (sum.expected !== undefined) v.integer(sum.expected, `${path}.expected`, U16);
}

function ipView(value: unknown, path: string, v: Violations): void {
  const ip = v.object(value, path);
  if (ip === undefined) return;
  v.integer(ip.headerLength, `${path}.headerLength`, { min: 20, max: 60 });
  v.integer(ip.dscp, `${path}.dscp`, { min: 0, max: 63 });
  v.integer(ip.ecn, `${path}.ecn`, { min: 0, max: 3 });
  v.integer(ip.ttl, `${path}.ttl`, { min: 0, max: 255 });
  v.integer(ip.protocol, `${path}.protocol`, { min: 0, max: 255 });
  for (const field of ['totalLength', 'payloadLength', 'identification']) {
    if (ip[field] !== undefined) v.integer(ip[field], `${path}.${field}`, U16);
  }
  for (const field of ['dontFragment', 'moreFragments']) {
    if (ip[field] !== undefined) v.boolean(ip[field], `${path}.${field}`);
  }
  if (ip.fragmentOffset !== undefined) v.integer(ip.fragmentOffset, `${path}.fragmentOffset`, { min: 0, max: 0x1fff });
  if (ip.flowLabel !== undefined) v.integer(ip.flowLabel, `${path}.flowLabel`, { min: 0, max: 0xfffff });
  if (ip.checksum !== undefined) checksum(ip.checksum, `${path}.checksum`, v);
}

function packet(value: unknown, path: string, v: Violations): void {
  const p = v.object(value, path);
  if (p === undefined) return;
  for (const field of ['id', 'length', 'capturedLength']) v.integer(p[field], `${path}.${field}`, ANY_INT);
  v.finite(p.time, `${path}.time`);
  v.oneOf(p.ipVersion, `${path}.ipVersion`, [4, 6]);
  for (const field of ['src', 'dst', 'info']) v.string(p[field], `${path}.${field}`);
  v.integer(p.srcPort, `${path}.srcPort`, PORT);
  v.integer(p.dstPort, `${path}.dstPort`, PORT);
  v.oneOf(p.protocol, `${path}.protocol`, ['tcp', 'udp']);
  if (p.ip !== undefined) ipView(p.ip, `${path}.ip`, v);
  for (const flag of v.array(p.expert, `${path}.expert`)) v.string(flag, `${path}.expert[]`);
  const payload = v.object(p.payload, `${path}.payload`);
  if (payload !== undefined) {
    v.string(payload.hex, `${path}.payload.hex`, { max: PAYLOAD_HEX_LIMIT_BYTES * 2, pattern: LOWER_HEX });
    v.integer(payload.length, `${path}.payload.length`, ANY_INT);
    v.boolean(payload.truncated, `${path}.payload.truncated`);
  }
  if (p.protocol === 'udp') {
    const udp = v.object(p.udp, `${path}.udp`);
    if (udp !== undefined) v.integer(udp.length, `${path}.udp.length`, ANY_INT);
    return;
  }
  const tcp = v.object(p.tcp, `${path}.tcp`);
  if (tcp === undefined) return;
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
    v.integer(tcp[field], `${path}.tcp.${field}`, ANY_INT);
  }
  v.string(tcp.flagNames, `${path}.tcp.flagNames`);
  if (tcp.headerLength !== undefined) v.integer(tcp.headerLength, `${path}.tcp.headerLength`, { min: 20, max: 60 });
  if (tcp.urgentPointer !== undefined) v.integer(tcp.urgentPointer, `${path}.tcp.urgentPointer`, U16);
  if (tcp.checksum !== undefined) checksum(tcp.checksum, `${path}.tcp.checksum`, v);
  const options = v.object(tcp.options, `${path}.tcp.options`);
  if (options === undefined) return;
  v.boolean(options.sackPermitted, `${path}.tcp.options.sackPermitted`);
  for (const field of ['mss', 'windowScale', 'tsval', 'tsecr']) {
    if (options[field] !== undefined) v.integer(options[field], `${path}.tcp.options.${field}`, ANY_INT);
  }
}

export function serverMessageViolations(decoded: unknown): string[] {
  const v = new Violations();
  const message = v.object(decoded, 'message');
  if (message === undefined) return v.found;
  if (catalogFields(message, 'server', v) === undefined) return v.found;
  const type = String(message.type);
  switch (type) {
    case 'welcome': {
      v.integer(message.protocol, 'welcome.protocol', ANY_INT);
      for (const field of ['session', 'token', 'pcapng']) v.string(message[field], `welcome.${field}`);
      v.boolean(message.resumed, 'welcome.resumed');
      const lab = v.object(message.lab, 'welcome.lab');
      if (lab !== undefined) {
        for (const field of ['id', 'title']) v.string(lab[field], `welcome.lab.${field}`);
        for (const [i, view] of v.array(lab.views, 'welcome.lab.views').entries()) {
          v.oneOf(view, `welcome.lab.views[${i}]`, VIEW_IDS);
        }
      }
      for (const [i, item] of v.array(message.servers, 'welcome.servers').entries()) {
        serverInfo(item, `welcome.servers[${i}]`, v);
      }
      for (const [i, item] of v.array(message.checks, 'welcome.checks').entries()) {
        checkStatus(item, `welcome.checks[${i}]`, v);
      }
      for (const [i, item] of v.array(message.events, 'welcome.events').entries()) {
        serverEvent(item, `welcome.events[${i}]`, v);
      }
      for (const [i, item] of v.array(message.questions, 'welcome.questions').entries()) {
        questionStatus(item, `welcome.questions[${i}]`, v);
      }
      for (const [i, item] of v.array(message.faults, 'welcome.faults').entries()) {
        faultStatus(item, `welcome.faults[${i}]`, v);
      }
      captureStatus(message.capture, 'welcome.capture', v);
      for (const [i, item] of v.array(message.packets, 'welcome.packets').entries()) {
        packet(item, `welcome.packets[${i}]`, v);
      }
      sessionClock(message.clock, 'welcome.clock', v);
      break;
    }
    case 'output':
      v.string(message.data, 'output.data');
      break;
    case 'check':
      checkStatus(message.check, 'check.check', v);
      break;
    case 'event':
      serverEvent(message.event, 'event.event', v);
      break;
    case 'packet':
      packet(message.packet, 'packet.packet', v);
      break;
    case 'capture':
      captureStatus(message.capture, 'capture.capture', v);
      break;
    case 'gap': {
      const gap = v.object(message.gap, 'gap.gap');
      if (gap === undefined) break;
      v.integer(gap.after, 'gap.gap.after', ANY_INT);
      v.finite(gap.time, 'gap.gap.time');
      v.string(gap.reason, 'gap.gap.reason');
      break;
    }
    case 'question':
      questionStatus(message.question, 'question.question', v);
      break;
    case 'fault':
      faultStatus(message.fault, 'fault.fault', v);
      break;
    case 'error':
      if (!isErrorCode(message.code)) v.add('error.code', 'is not in the error catalog');
      v.string(message.message, 'error.message');
      v.boolean(message.fatal, 'error.fatal');
      break;
    case 'pong':
      v.integer(message.id, 'pong.id', ANY_INT);
      break;
    case 'shutdown':
      v.string(message.message, 'shutdown.message');
      break;
    default:
      v.add(type, 'has no invariants written down here: add them');
  }
  return v.found;
}
