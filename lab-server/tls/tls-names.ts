/**
 * IANA's names for the TLS code points a handshake carries — cipher suites, extensions, groups, signature
 * schemes — and RFC 8446 §6's for alerts. The names come from tshark's own tables (`tshark -G values`, read once
 * per lab server and kept), which know every registered suite; a few of the common ones are built in, so a
 * handshake still names its suite when that run fails. An unknown code point is named by its hex value, as the
 * protocol's `TlsCodePoint` says.
 *
 * Alerts are named from the table below rather than tshark's, which words them for people ("Certificate
 * Required") where the RFC, Node and OpenSSL say `certificate_required`.
 */

import { createInterface } from 'node:readline';
import type { TlsCodePoint, TlsVersion } from '../../src/protocol/tls';
import { signalGroup, spawnInOwnGroup } from '../capture/process-group';

export type CodePointKind = 'suite' | 'extension' | 'group' | 'scheme';

export type CodePointNames = ReadonlyMap<CodePointKind, ReadonlyMap<number, string>>;

/** The tshark fields whose value strings name each kind (`tshark -G values` lines `V\tfield\tvalue\tname`). */
const FIELDS: Readonly<Record<string, CodePointKind>> = {
  'tls.handshake.ciphersuite': 'suite',
  'tls.handshake.extension.type': 'extension',
  'tls.handshake.extensions_supported_group': 'group',
  'tls.handshake.sig_hash_alg': 'scheme',
};

/** `tshark -G values` prints ~60 MB; it is read line by line and never kept, but not for longer than this. */
const VALUES_TIMEOUT_MS = 20_000;
const MAX_NAMES_PER_KIND = 4096;

/** What the lab's servers and the common clients negotiate, for when tshark's tables cannot be read. */
const BUILT_IN: Readonly<Record<CodePointKind, Readonly<Record<number, string>>>> = {
  suite: {
    47: 'TLS_RSA_WITH_AES_128_CBC_SHA',
    53: 'TLS_RSA_WITH_AES_256_CBC_SHA',
    156: 'TLS_RSA_WITH_AES_128_GCM_SHA256',
    157: 'TLS_RSA_WITH_AES_256_GCM_SHA384',
    255: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV',
    4865: 'TLS_AES_128_GCM_SHA256',
    4866: 'TLS_AES_256_GCM_SHA384',
    4867: 'TLS_CHACHA20_POLY1305_SHA256',
    49161: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
    49162: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
    49171: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
    49172: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
    49195: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    49196: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    49199: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    49200: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    52392: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
    52393: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  },
  extension: {
    0: 'server_name',
    5: 'status_request',
    10: 'supported_groups',
    11: 'ec_point_formats',
    13: 'signature_algorithms',
    16: 'application_layer_protocol_negotiation',
    22: 'encrypt_then_mac',
    23: 'extended_master_secret',
    35: 'session_ticket',
    41: 'pre_shared_key',
    42: 'early_data',
    43: 'supported_versions',
    44: 'cookie',
    45: 'psk_key_exchange_modes',
    47: 'certificate_authorities',
    49: 'post_handshake_auth',
    50: 'signature_algorithms_cert',
    51: 'key_share',
    65281: 'renegotiation_info',
  },
  group: {
    23: 'secp256r1',
    24: 'secp384r1',
    25: 'secp521r1',
    29: 'x25519',
    30: 'x448',
    256: 'ffdhe2048',
    257: 'ffdhe3072',
  },
  scheme: {
    513: 'rsa_pkcs1_sha1',
    515: 'ecdsa_sha1',
    1025: 'rsa_pkcs1_sha256',
    1027: 'ecdsa_secp256r1_sha256',
    1281: 'rsa_pkcs1_sha384',
    1283: 'ecdsa_secp384r1_sha384',
    1537: 'rsa_pkcs1_sha512',
    1539: 'ecdsa_secp521r1_sha512',
    2052: 'rsa_pss_rsae_sha256',
    2053: 'rsa_pss_rsae_sha384',
    2054: 'rsa_pss_rsae_sha512',
    2055: 'ed25519',
    2056: 'ed448',
    2057: 'rsa_pss_pss_sha256',
    2058: 'rsa_pss_pss_sha384',
    2059: 'rsa_pss_pss_sha512',
  },
};

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

/** A code point with its name: tshark's, else the built-in one, else its hex value. */
export function codePoint(kind: CodePointKind, code: number, names?: CodePointNames): TlsCodePoint {
  const name = names?.get(kind)?.get(code) ?? BUILT_IN[kind][code] ?? hexName(code);
  return { code, name };
}

export function alertDescription(code: number): TlsCodePoint {
  return { code, name: ALERTS[code] ?? hexName(code, 2) };
}

/** A version field's value as the protocol names it; undefined for GREASE, drafts and anything else. */
export function tlsVersion(code: number): TlsVersion | undefined {
  return VERSIONS[code];
}

const cache = new Map<string, Promise<CodePointNames>>();

/**
 * tshark's names for the kinds above, read once per tshark path (a failed read is not retried: the built-in
 * table answers instead). Never rejects.
 */
export function codePointNames(tsharkPath: string): Promise<CodePointNames> {
  let names = cache.get(tsharkPath);
  if (names === undefined) {
    names = readValueStrings(tsharkPath);
    cache.set(tsharkPath, names);
  }
  return names;
}

function readValueStrings(tsharkPath: string): Promise<CodePointNames> {
  const found = new Map<CodePointKind, Map<number, string>>();
  return new Promise((resolve) => {
    const child = spawnInOwnGroup(tsharkPath, ['-G', 'values']);
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), VALUES_TIMEOUT_MS);
    child.stderr?.resume();
    child.on('error', () => {
      clearTimeout(timer);
      resolve(found);
    });
    const lines = createInterface({ input: child.stdout!, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      if (!line.startsWith('V\ttls.handshake.')) return;
      const [, field, value, name] = line.split('\t');
      const kind = field === undefined ? undefined : FIELDS[field];
      const code = Number(value);
      if (kind === undefined || name === undefined || !Number.isInteger(code) || code < 0 || code > 0xffff) return;
      let names = found.get(kind);
      if (names === undefined) {
        names = new Map();
        found.set(kind, names);
      }
      if (names.size < MAX_NAMES_PER_KIND && !names.has(code)) names.set(code, name);
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(found);
    });
  });
}
