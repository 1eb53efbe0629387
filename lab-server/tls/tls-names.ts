/**
 * IANA's names for the TLS code points a handshake carries — cipher suites, extensions, groups, signature
 * schemes (`iana-code-points.ts`) — and RFC 8446 §6's for alerts. GREASE values (RFC 8701: 0x?A?A) are named as
 * such wherever they appear. An unknown code point is named by its hex value, as the protocol's `TlsCodePoint`
 * says.
 *
 * Alerts are named as the RFC, Node and OpenSSL name them (`certificate_required`), not as tshark words them
 * for people ("Certificate Required").
 */

import type { TlsCodePoint, TlsVersion } from '../../src/protocol';
import { EXTENSIONS, GROUPS, SCHEMES, SUITES } from './iana-code-points';

export type CodePointKind = 'suite' | 'extension' | 'group' | 'scheme';

const TABLES: Readonly<Record<CodePointKind, string>> = {
  suite: SUITES,
  extension: EXTENSIONS,
  group: GROUPS,
  scheme: SCHEMES,
};

const parsed = new Map<CodePointKind, ReadonlyMap<number, string>>();

/** A table's `hex name` lines as a map, parsed the first time it is asked for. */
function table(kind: CodePointKind): ReadonlyMap<number, string> {
  let names = parsed.get(kind);
  if (names === undefined) {
    const entries = TABLES[kind]
      .split('\n')
      .map((line) => /^([0-9a-f]{4}) (.+)$/.exec(line))
      .flatMap((match) => (match === null ? [] : [[Number.parseInt(match[1]!, 16), match[2]!] as const]));
    names = new Map(entries);
    parsed.set(kind, names);
  }
  return names;
}

/** RFC 8701 §2: both bytes alike, each of the form 0x?A. */
function isGrease(code: number): boolean {
  return (code & 0x0f0f) === 0x0a0a && code >> 8 === (code & 0xff);
}

/** RFC 8446 §6 and the IANA TLS Alert registry. */
const ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  60: 'export_restriction',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
  121: 'ech_required',
};

const VERSIONS: Readonly<Record<number, TlsVersion>> = {
  768: 'SSL 3.0',
  769: 'TLS 1.0',
  770: 'TLS 1.1',
  771: 'TLS 1.2',
  772: 'TLS 1.3',
};

/** `0x1302`: how the protocol names a code point nobody has a name for. */
export function hexName(code: number, digits = 4): string {
  return `0x${code.toString(16).padStart(digits, '0')}`;
}

/** A code point with its name: IANA's, `GREASE`, or its hex value. */
export function codePoint(kind: CodePointKind, code: number): TlsCodePoint {
  const name = table(kind).get(code) ?? (isGrease(code) ? 'GREASE' : hexName(code));
  return { code, name };
}

export function alertDescription(code: number): TlsCodePoint {
  return { code, name: ALERTS[code] ?? hexName(code, 2) };
}

/** A version field's value as the protocol names it; undefined for GREASE, drafts and anything else. */
export function tlsVersion(code: number): TlsVersion | undefined {
  return VERSIONS[code];
}
