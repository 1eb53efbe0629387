/**
 * What must hold of any message a decoder returns, checked again independently of the decoder: its type is in
 * the catalog, it has no field the catalog does not name (page → lab server), and every field the protocol
 * bounds is within `limits.ts` and the packet limits — terminal sizes, input and answer lengths, preview and
 * payload sizes, ports, enumerations, catalog error codes. Returns the violations found, as sentences; none
 * means the message is one the rest of the code may trust.
 */

import { LOCALES } from '../../i18n/locales';
import { MAX_CERTIFICATE_BYTES } from '../certificate';
import { TLS_DECODE_LIMITS } from '../decode-server';
import { isErrorCode } from '../errors';
import { FAULT_KINDS, FAULT_SETTINGS, isFaultKind } from '../faults';
import { EVENT_PREVIEW_BYTES, MAX_ANSWER_CHARS, MAX_INPUT_CHARS, TERMINAL_COLS, TERMINAL_ROWS } from '../limits';
import { MESSAGE_FIELDS } from '../messages';
import { PAYLOAD_HEX_LIMIT_BYTES } from '../packet';
import { MAX_TLS_HANDSHAKES } from '../tls';
import { VIEW_IDS } from '../views';

type Fields = Readonly<Record<string, unknown>>;

const ID = /^[a-z0-9][a-z0-9-]*$/;
const TOKEN_CHARS = /^[A-Za-z0-9_-]+$/;
const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;
const CHECK_STATES = ['pending', 'passed', 'failed'];
const EVENT_KINDS = ['listen', 'accept', 'receive', 'send', 'peer-fin', 'reset', 'close', 'error', 'secure'];
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
    case 'inspect-certificate':
      // A certificate of MAX_CERTIFICATE_BYTES, and a key and a host name far shorter than that.
      v.string(message.pem, 'inspect-certificate.pem', { min: 1, max: MAX_CERTIFICATE_BYTES });
      if (message.key !== undefined) v.string(message.key, 'inspect-certificate.key', { max: MAX_CERTIFICATE_BYTES });
      if (message.host !== undefined) v.string(message.host, 'inspect-certificate.host', { max: 255 });
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

const TLS_VERSIONS = ['SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'];
const DIRECTIONS = ['to-server', 'from-server'];
const TLS_MESSAGE_TYPES = [
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
const STEP_KINDS = ['signature', 'validity', 'name', 'issuer', 'purpose', 'chain', 'revocation', 'strength'];
const TEXT_LIMIT = { max: TLS_DECODE_LIMITS.text };

/** An array of at most `max` items, each checked by `each`. */
function bounded(value: unknown, path: string, max: number, v: Violations, each: (item: unknown, at: string) => void) {
  const items = v.array(value, path);
  if (items.length > max) v.add(path, `holds ${items.length} items, more than ${max}`);
  for (const [i, item] of items.entries()) each(item, `${path}[${i}]`);
}

function codePoint(value: unknown, path: string, v: Violations): void {
  const point = v.object(value, path);
  if (point === undefined) return;
  v.integer(point.code, `${path}.code`, U16);
  v.string(point.name, `${path}.name`, { min: 1, max: 64 });
}

function tlsAlert(value: unknown, path: string, v: Violations): Fields | undefined {
  const alert = v.object(value, path);
  if (alert === undefined) return undefined;
  v.oneOf(alert.level, `${path}.level`, ['warning', 'fatal']);
  codePoint(alert.description, `${path}.description`, v);
  return alert;
}

function tlsMessage(value: unknown, path: string, v: Violations): void {
  const m = v.object(value, path);
  if (m === undefined) return;
  const { list } = TLS_DECODE_LIMITS;
  v.oneOf(m.type, `${path}.type`, TLS_MESSAGE_TYPES);
  v.oneOf(m.direction, `${path}.direction`, DIRECTIONS);
  v.integer(m.packet, `${path}.packet`, ANY_INT);
  v.finite(m.time, `${path}.time`);
  v.integer(m.length, `${path}.length`, { min: 0, max: 0xffffff });
  v.boolean(m.encrypted, `${path}.encrypted`);
  for (const field of ['recordVersion', 'legacyVersion', 'selectedVersion']) {
    if (m[field] !== undefined) v.oneOf(m[field], `${path}.${field}`, TLS_VERSIONS);
  }
  if (m.random !== undefined) v.string(m.random, `${path}.random`, { max: 64, pattern: /^(?:[0-9a-f]{64})?$/ });
  if (m.sessionId !== undefined) v.string(m.sessionId, `${path}.sessionId`, { max: 64, pattern: LOWER_HEX });
  if (m.serverName !== undefined) v.string(m.serverName, `${path}.serverName`, TEXT_LIMIT);
  for (const field of ['cipherSuite', 'namedGroup', 'signatureAlgorithm']) {
    if (m[field] !== undefined) codePoint(m[field], `${path}.${field}`, v);
  }
  if (m.cipherSuites !== undefined) {
    bounded(m.cipherSuites, `${path}.cipherSuites`, TLS_DECODE_LIMITS.cipherSuites, v, (x, at) => codePoint(x, at, v));
  }
  for (const field of ['extensions', 'keyShareGroups', 'signatureAlgorithms']) {
    if (m[field] !== undefined) bounded(m[field], `${path}.${field}`, list, v, (x, at) => codePoint(x, at, v));
  }
  if (m.alpn !== undefined) bounded(m.alpn, `${path}.alpn`, list, v, (x, at) => v.string(x, at, { min: 1, max: 255 }));
  if (m.supportedVersions !== undefined) {
    bounded(m.supportedVersions, `${path}.supportedVersions`, list, v, (x, at) => v.oneOf(x, at, TLS_VERSIONS));
  }
  if (m.keyExchange !== undefined) v.oneOf(m.keyExchange, `${path}.keyExchange`, ['ecdhe', 'dhe', 'rsa']);
  if (m.certificates !== undefined) {
    bounded(m.certificates, `${path}.certificates`, TLS_DECODE_LIMITS.certificates, v, (x, at) =>
      v.string(x, at, { max: TLS_DECODE_LIMITS.certificateHex, pattern: LOWER_HEX }),
    );
  }
  if (m.certificateAuthorities !== undefined) {
    bounded(m.certificateAuthorities, `${path}.certificateAuthorities`, list, v, (x, at) =>
      v.string(x, at, TEXT_LIMIT),
    );
  }
  if (m.ticketLifetime !== undefined)
    v.integer(m.ticketLifetime, `${path}.ticketLifetime`, { min: 0, max: 0xffffffff });
  if (m.alert !== undefined) tlsAlert(m.alert, `${path}.alert`, v);
}

function certificateSummary(value: unknown, path: string, v: Violations): void {
  const c = v.object(value, path);
  if (c === undefined) return;
  for (const field of ['subject', 'issuer', 'signatureAlgorithm']) v.string(c[field], `${path}.${field}`, TEXT_LIMIT);
  v.string(c.serial, `${path}.serial`, { min: 1, max: 64, pattern: /^[0-9a-f]+$/ });
  for (const field of ['notBefore', 'notAfter']) {
    v.string(c[field], `${path}.${field}`, { min: 10, max: 40 });
    if (typeof c[field] === 'string' && Number.isNaN(Date.parse(c[field]))) v.add(`${path}.${field}`, 'is no date');
  }
  for (const field of ['subjectAltNames', 'keyUsage', 'extendedKeyUsage', 'crlDistributionPoints', 'ocspResponders']) {
    bounded(c[field], `${path}.${field}`, TLS_DECODE_LIMITS.names, v, (x, at) => v.string(x, at, TEXT_LIMIT));
  }
  if (c.basicConstraints !== undefined) {
    const constraints = v.object(c.basicConstraints, `${path}.basicConstraints`);
    if (constraints !== undefined) {
      v.boolean(constraints.ca, `${path}.basicConstraints.ca`);
      if (constraints.pathLength !== undefined) {
        v.integer(constraints.pathLength, `${path}.basicConstraints.pathLength`, { min: 0, max: 255 });
      }
    }
  }
  const key = v.object(c.publicKey, `${path}.publicKey`);
  if (key !== undefined) {
    v.string(key.algorithm, `${path}.publicKey.algorithm`, { min: 1, max: 64 });
    if (key.bits !== undefined) v.integer(key.bits, `${path}.publicKey.bits`, { min: 1, max: 65536 });
    if (key.curve !== undefined) v.string(key.curve, `${path}.publicKey.curve`, { min: 1, max: 64 });
  }
  v.string(c.sha256Fingerprint, `${path}.sha256Fingerprint`, { pattern: /^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/ });
  v.string(c.sha1Fingerprint, `${path}.sha1Fingerprint`, { pattern: /^[0-9A-F]{2}(?::[0-9A-F]{2}){19}$/ });
  v.boolean(c.selfIssued, `${path}.selfIssued`);
  v.string(c.pem, `${path}.pem`, { min: 1, max: MAX_CERTIFICATE_BYTES * 2, pattern: /^-----BEGIN CERTIFICATE-----/ });
}

function chainReport(value: unknown, path: string, v: Violations): void {
  const r = v.object(value, path);
  if (r === undefined) return;
  const certificates = v.array(r.certificates, `${path}.certificates`);
  bounded(r.certificates, `${path}.certificates`, TLS_DECODE_LIMITS.certificates, v, (x, at) =>
    certificateSummary(x, at, v),
  );
  v.integer(r.sent, `${path}.sent`, { min: 0, max: certificates.length });
  bounded(r.steps, `${path}.steps`, TLS_DECODE_LIMITS.steps, v, (x, at) => {
    const step = v.object(x, at);
    if (step === undefined) return;
    v.oneOf(step.kind, `${at}.kind`, STEP_KINDS);
    v.integer(step.certificate, `${at}.certificate`, { min: 0, max: Math.max(0, certificates.length - 1) });
    v.oneOf(step.state, `${at}.state`, CHECK_STATES);
    v.string(step.detail, `${at}.detail`, TEXT_LIMIT);
  });
  v.boolean(r.trusted, `${path}.trusted`);
  if (r.code !== undefined) v.string(r.code, `${path}.code`, { min: 1, max: 64, pattern: /^[A-Z0-9_]+$/ });
  if (r.advice !== undefined) v.string(r.advice, `${path}.advice`, TEXT_LIMIT);
}

function tlsHandshake(value: unknown, path: string, v: Violations): void {
  const h = v.object(value, path);
  if (h === undefined) return;
  v.string(h.server, `${path}.server`, { min: 1, max: 64 });
  v.integer(h.connection, `${path}.connection`, ANY_INT);
  v.string(h.client, `${path}.client`, { min: 1, max: 64 });
  v.boolean(h.complete, `${path}.complete`);
  v.boolean(h.clientCertificateRequested, `${path}.clientCertificateRequested`);
  if (h.version !== undefined) v.oneOf(h.version, `${path}.version`, TLS_VERSIONS);
  if (h.cipherSuite !== undefined) codePoint(h.cipherSuite, `${path}.cipherSuite`, v);
  if (h.serverName !== undefined) v.string(h.serverName, `${path}.serverName`, TEXT_LIMIT);
  if (h.alert !== undefined) {
    const alert = tlsAlert(h.alert, `${path}.alert`, v);
    if (alert !== undefined) v.oneOf(alert.from, `${path}.alert.from`, DIRECTIONS);
  }
  bounded(h.messages, `${path}.messages`, TLS_DECODE_LIMITS.messages, v, (x, at) => tlsMessage(x, at, v));
  for (const field of ['serverChain', 'clientChain']) {
    if (h[field] !== undefined) chainReport(h[field], `${path}.${field}`, v);
  }
  if (h.undecrypted !== undefined) v.string(h.undecrypted, `${path}.undecrypted`, TEXT_LIMIT);
}

function pkiDownloads(value: unknown, path: string, v: Violations): void {
  const pki = v.object(value, path);
  if (pki === undefined) return;
  for (const field of ['ca', 'clientCertificate', 'clientKey', 'clientPkcs12']) {
    v.string(pki[field], `${path}.${field}`, { min: 1, max: 2048 });
  }
  v.string(pki.pkcs12Password, `${path}.pkcs12Password`, { min: 1, max: 256 });
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
      bounded(message.handshakes, 'welcome.handshakes', MAX_TLS_HANDSHAKES, v, (x, at) => tlsHandshake(x, at, v));
      if (message.pki !== undefined) pkiDownloads(message.pki, 'welcome.pki', v);
      break;
    }
    case 'tls':
      tlsHandshake(message.handshake, 'tls.handshake', v);
      break;
    case 'certificate':
      chainReport(message.report, 'certificate.report', v);
      break;
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
