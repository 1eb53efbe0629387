/**
 * Reads what a student typed into a TLS capture question: one cipher suite, one named group, one handshake message
 * or one alert, in the spellings people copy them in — IANA's (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`, as the
 * handshake view and Wireshark print them), OpenSSL's (`ECDHE-RSA-AES128-GCM-SHA256`, as `openssl s_client`,
 * Python's `cipher()` and C's `SSL_get_cipher_name()` print them), the code point (`0xc02f`), or the Chinese
 * textbook names (客户端密钥交换, 证书请求). Hedges are refused for the same reasons and in the same words as every
 * other question's answers (`labs/common/answer-parsing.ts`); several different names are refused as several answers.
 */

import { type Localized, localized } from '../../src/common/localized';
import type { TlsCodePoint, TlsMessageType } from '../../src/protocol';
import { gradedPart, type Reading, readFlags } from './answer-parsing';

const TEXT = localized({
  en: {
    severalSuites: 'Your answer names several cipher suites; give the one the server chose.',
    severalGroups: 'Your answer names several groups; give the one asked for.',
    severalMessages: 'Your answer names several handshake messages; give the one asked for.',
    severalAlerts: 'Your answer names several alerts; give the one the server sent.',
  },
  'zh-Hans': {
    severalSuites: '你的答案里有好几个密码套件；请只写服务器选中的那一个。',
    severalGroups: '你的答案里有好几个组（曲线）；请只写问题问的那一个。',
    severalMessages: '你的答案里有好几个握手消息；请只写问题问的那一个。',
    severalAlerts: '你的答案里有好几个告警；请只写服务器发出的那一个。',
  },
});

/**
 * TLS 1.2 suites by IANA name with OpenSSL's name beside it, as `openssl ciphers -stdname` lists them (OpenSSL
 * 3.0; PSK, SRP, anonymous, DSS and broken ciphers left out, since no lab server can choose them). TLS 1.3's
 * five suites have one name in both. tls-answers.test.ts holds this table to the machine's `openssl`.
 */
export const OPENSSL_NAMES: ReadonlyMap<string, string> = new Map([
  ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
  ['TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'DHE-RSA-AES256-GCM-SHA384'],
  ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305'],
  ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-RSA-CHACHA20-POLY1305'],
  ['TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'DHE-RSA-CHACHA20-POLY1305'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8', 'ECDHE-ECDSA-AES256-CCM8'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CCM', 'ECDHE-ECDSA-AES256-CCM'],
  ['TLS_DHE_RSA_WITH_AES_256_CCM_8', 'DHE-RSA-AES256-CCM8'],
  ['TLS_DHE_RSA_WITH_AES_256_CCM', 'DHE-RSA-AES256-CCM'],
  ['TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384', 'ECDHE-ECDSA-ARIA256-GCM-SHA384'],
  ['TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384', 'ECDHE-ARIA256-GCM-SHA384'],
  ['TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384', 'DHE-RSA-ARIA256-GCM-SHA384'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'],
  ['TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'DHE-RSA-AES128-GCM-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8', 'ECDHE-ECDSA-AES128-CCM8'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CCM', 'ECDHE-ECDSA-AES128-CCM'],
  ['TLS_DHE_RSA_WITH_AES_128_CCM_8', 'DHE-RSA-AES128-CCM8'],
  ['TLS_DHE_RSA_WITH_AES_128_CCM', 'DHE-RSA-AES128-CCM'],
  ['TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256', 'ECDHE-ECDSA-ARIA128-GCM-SHA256'],
  ['TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256', 'ECDHE-ARIA128-GCM-SHA256'],
  ['TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256', 'DHE-RSA-ARIA128-GCM-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'ECDHE-ECDSA-AES256-SHA384'],
  ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'ECDHE-RSA-AES256-SHA384'],
  ['TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 'DHE-RSA-AES256-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384', 'ECDHE-ECDSA-CAMELLIA256-SHA384'],
  ['TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384', 'ECDHE-RSA-CAMELLIA256-SHA384'],
  ['TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256', 'DHE-RSA-CAMELLIA256-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'ECDHE-ECDSA-AES128-SHA256'],
  ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'ECDHE-RSA-AES128-SHA256'],
  ['TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 'DHE-RSA-AES128-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256', 'ECDHE-ECDSA-CAMELLIA128-SHA256'],
  ['TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'ECDHE-RSA-CAMELLIA128-SHA256'],
  ['TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'DHE-RSA-CAMELLIA128-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ECDHE-ECDSA-AES256-SHA'],
  ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'ECDHE-RSA-AES256-SHA'],
  ['TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 'DHE-RSA-AES256-SHA'],
  ['TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA', 'DHE-RSA-CAMELLIA256-SHA'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ECDHE-ECDSA-AES128-SHA'],
  ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ECDHE-RSA-AES128-SHA'],
  ['TLS_DHE_RSA_WITH_AES_128_CBC_SHA', 'DHE-RSA-AES128-SHA'],
  ['TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA', 'DHE-RSA-CAMELLIA128-SHA'],
  ['TLS_RSA_WITH_AES_256_GCM_SHA384', 'AES256-GCM-SHA384'],
  ['TLS_RSA_WITH_AES_256_CCM_8', 'AES256-CCM8'],
  ['TLS_RSA_WITH_AES_256_CCM', 'AES256-CCM'],
  ['TLS_RSA_WITH_ARIA_256_GCM_SHA384', 'ARIA256-GCM-SHA384'],
  ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'AES128-GCM-SHA256'],
  ['TLS_RSA_WITH_AES_128_CCM_8', 'AES128-CCM8'],
  ['TLS_RSA_WITH_AES_128_CCM', 'AES128-CCM'],
  ['TLS_RSA_WITH_ARIA_128_GCM_SHA256', 'ARIA128-GCM-SHA256'],
  ['TLS_RSA_WITH_AES_256_CBC_SHA256', 'AES256-SHA256'],
  ['TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256', 'CAMELLIA256-SHA256'],
  ['TLS_RSA_WITH_AES_128_CBC_SHA256', 'AES128-SHA256'],
  ['TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'CAMELLIA128-SHA256'],
  ['TLS_RSA_WITH_AES_256_CBC_SHA', 'AES256-SHA'],
  ['TLS_RSA_WITH_CAMELLIA_256_CBC_SHA', 'CAMELLIA256-SHA'],
  ['TLS_RSA_WITH_AES_128_CBC_SHA', 'AES128-SHA'],
  ['TLS_RSA_WITH_CAMELLIA_128_CBC_SHA', 'CAMELLIA128-SHA'],
]);

/** The name OpenSSL gives a suite: its own for TLS 1.2, the IANA name for TLS 1.3 (and for one it does not know). */
export function openSslName(iana: string): string {
  return OPENSSL_NAMES.get(iana) ?? iana;
}

/** Letters and digits only, upper case: `ecdhe-rsa-aes128-gcm-sha256` and `ECDHE_RSA_AES128_GCM_SHA256` read alike. */
function squeeze(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * The hedge in an answer, if any, as the shared reader finds it: `readFlags` refuses a hedge before it looks for
 * flags, with the shared reason, and otherwise reads no hedge at all. No other part of its reading is used here.
 */
function hedgeIn(text: string): Localized | undefined {
  const reading = readFlags(text);
  return reading.kind === 'unread' ? reading.why : undefined;
}

function answer<T>(value: T): Reading<T> {
  return { kind: 'answer', value };
}

function unread<T>(why?: Localized): Reading<T> {
  return { kind: 'unread', why };
}

/** Exactly one of `found`, or why not: nothing found, or several (`several` says so). */
function one<T>(found: ReadonlySet<T>, several: Localized): Reading<T> {
  const [first] = found;
  if (first === undefined) return unread();
  return found.size > 1 ? unread(several) : answer(first);
}

const NAME_TOKEN = /[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)+|0x[0-9a-f]{4}\b/gi;

/**
 * One cipher suite, by its IANA name. `known` adds the suites of the student's handshake (offered and chosen), so a
 * suite this table lacks is still read by its IANA name or its code point.
 */
export function readCipherSuite(text: string, known: readonly TlsCodePoint[] = []): Reading<string> {
  const hedge = hedgeIn(text);
  if (hedge !== undefined) return unread(hedge);
  const byName = new Map<string, string>();
  const byCode = new Map<number, string>();
  for (const [iana, openssl] of OPENSSL_NAMES) {
    byName.set(squeeze(iana), iana);
    byName.set(squeeze(openssl), iana);
  }
  for (const suite of TLS13_SUITES) byName.set(squeeze(suite), suite);
  for (const { code, name } of known) {
    byName.set(squeeze(name), name);
    byName.set(squeeze(openSslName(name)), name);
    byCode.set(code, name);
  }
  const found = new Set<string>();
  for (const [token] of gradedPart(text).matchAll(NAME_TOKEN)) {
    const named = /^0x/i.test(token) ? byCode.get(Number.parseInt(token.slice(2), 16)) : byName.get(squeeze(token));
    if (named !== undefined) found.add(named);
  }
  return one(found, TEXT.severalSuites);
}

/** TLS 1.3's suites (RFC 8446 §B.4): the same name in IANA's registry and in OpenSSL. */
export const TLS13_SUITES = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_CCM_SHA256',
  'TLS_AES_128_CCM_8_SHA256',
] as const;

/** A suite is TLS 1.3's when it names no key exchange (`TLS_AES_…`): there the key exchange is key_share's. */
export function isTls13Suite(iana: string): boolean {
  return !iana.includes('_WITH_');
}

/** Named groups by IANA name, with the other names tools print for them (OpenSSL's, NIST's, the curve's). */
const GROUP_NAMES: readonly (readonly [string, readonly string[]])[] = [
  ['x25519', ['x25519', 'curve25519', 'ecdhx25519']],
  ['x448', ['x448', 'curve448', 'ecdhx448']],
  ['secp256r1', ['secp256r1', 'p256', 'prime256v1', 'nistp256']],
  ['secp384r1', ['secp384r1', 'p384', 'nistp384']],
  ['secp521r1', ['secp521r1', 'p521', 'nistp521']],
  ['ffdhe2048', ['ffdhe2048']],
  ['ffdhe3072', ['ffdhe3072']],
  ['ffdhe4096', ['ffdhe4096']],
];

/** One named group (RFC 8446 §4.2.7), by IANA name; `known` adds the groups of the student's handshake by code. */
export function readGroup(text: string, known: readonly TlsCodePoint[] = []): Reading<string> {
  const hedge = hedgeIn(text);
  if (hedge !== undefined) return unread(hedge);
  const graded = gradedPart(text);
  const words = graded.toLowerCase().replace(/[\s_-]+/g, '');
  const found = new Set<string>();
  for (const [name, spellings] of GROUP_NAMES) {
    // A longer spelling first, so `secp256r1` is not read again as `p256`.
    let rest = words;
    for (const spelling of [...spellings].sort((a, b) => b.length - a.length)) {
      if (rest.includes(spelling)) {
        found.add(name);
        rest = rest.split(spelling).join(' ');
      }
    }
  }
  for (const [token] of graded.matchAll(/0x[0-9a-f]{4}\b/gi)) {
    const named = known.find((group) => group.code === Number.parseInt(token.slice(2), 16));
    if (named !== undefined) found.add(named.name);
  }
  return one(found, TEXT.severalGroups);
}

/**
 * Handshake messages and the two records the ladder draws beside them, by the spellings people write, squeezed
 * (lower case, no spaces, underscores or hyphens). Longer names first: `certificaterequest` is not `certificate`.
 */
const MESSAGE_NAMES: readonly (readonly [TlsMessageType, RegExp])[] = [
  ['server_hello_done', /serverhellodone|服务器问候完成|服务端问候完成/],
  ['client_key_exchange', /clientkeyexchange|客户端密钥交换/],
  ['server_key_exchange', /serverkeyexchange|服务器密钥交换|服务端密钥交换/],
  ['certificate_request', /certificaterequest|certreq|证书请求/],
  ['certificate_verify', /certificateverify|证书验证/],
  ['encrypted_extensions', /encryptedextensions|加密扩展/],
  ['change_cipher_spec', /changecipherspec|更改密码规范|密码规格变更/],
  ['new_session_ticket', /newsessionticket|新会话票据/],
  ['hello_retry_request', /helloretryrequest/],
  ['client_hello', /clienthello|客户端问候/],
  ['server_hello', /serverhello|服务器问候|服务端问候/],
  ['certificate', /certificate|证书/],
  ['finished', /finished/],
  ['alert', /alert|告警|警报/],
];

/** The handshake messages an answer names, each once. */
export function messagesNamed(text: string): Set<TlsMessageType> {
  let rest = gradedPart(text)
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  const found = new Set<TlsMessageType>();
  for (const [type, pattern] of MESSAGE_NAMES) {
    const global = new RegExp(pattern.source, 'g');
    if (global.test(rest)) {
      found.add(type);
      rest = rest.replace(global, ' ');
    }
  }
  return found;
}

/** One handshake message. */
export function readMessage(text: string): Reading<TlsMessageType> {
  const hedge = hedgeIn(text);
  if (hedge !== undefined) return unread(hedge);
  return one(messagesNamed(text), TEXT.severalMessages);
}

/** Alerts by IANA name (RFC 8446 §6), with their code and the spellings people write. */
const ALERTS: readonly (readonly [string, number, RegExp])[] = [
  ['certificate_required', 116, /certificaterequired|需要证书|证书必需|要求证书|缺少证书/],
  ['unknown_ca', 48, /unknownca|未知的?ca|未知的?证书颁发机构/],
  ['bad_certificate', 42, /badcertificate|证书错误|错误的证书/],
  ['certificate_unknown', 46, /certificateunknown|证书未知/],
  ['certificate_expired', 45, /certificateexpired|证书过期|证书已过期/],
  ['handshake_failure', 40, /handshakefailure|握手失败/],
  ['decrypt_error', 51, /decrypterror|解密错误/],
  ['access_denied', 49, /accessdenied|拒绝访问/],
  ['protocol_version', 70, /protocolversion|协议版本/],
  ['internal_error', 80, /internalerror|内部错误/],
];

/** One alert, by IANA name: written out (`certificate_required`, `certificate required`) or as its code (`116`). */
export function readAlert(text: string): Reading<string> {
  const hedge = hedgeIn(text);
  if (hedge !== undefined) return unread(hedge);
  const graded = gradedPart(text);
  const words = graded.toLowerCase().replace(/[\s_-]+/g, '');
  const found = new Set<string>();
  for (const [name, code, pattern] of ALERTS) {
    if (pattern.test(words) || new RegExp(`(?<!\\d)${code}(?!\\d)`).test(graded)) found.add(name);
  }
  return one(found, TEXT.severalAlerts);
}

/** An alert's code by its IANA name, for a hint; undefined for one this reader does not list. */
export function alertCode(name: string): number | undefined {
  return ALERTS.find(([alert]) => alert === name)?.[1];
}
