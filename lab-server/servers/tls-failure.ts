/**
 * Why a TLS handshake failed, as the server saw it, reduced to a stable code and a sentence for the timeline
 * (`TlsObservation.failure`, `Observation.note`). OpenSSL words a failure from the server's side in its own
 * way: an alert the client sent comes as `… SSL alert number 45`, the server's own refusal as `peer did not
 * return a certificate`, plain text on a TLS port as `wrong version number`. The code names the alert by its
 * RFC 8446 §6 name (`alert:certificate_expired`), or the refusal (`no-client-certificate`, `not-tls`, …), so a
 * lab's check does not depend on OpenSSL's sentences, and the note says what it means for the student.
 */

import { type Localized, localized } from '../../src/common/localized';

/** A failed handshake, for the `error` observation that ends it. */
export interface HandshakeFailure {
  readonly code: string;
  readonly note: Localized;
}

/** RFC 8446 §6 (and RFC 5246 §7.2 for those TLS 1.3 dropped): the alerts a client may end a handshake with. */
const ALERTS: ReadonlyMap<number, string> = new Map([
  [0, 'close_notify'],
  [10, 'unexpected_message'],
  [20, 'bad_record_mac'],
  [22, 'record_overflow'],
  [40, 'handshake_failure'],
  [42, 'bad_certificate'],
  [43, 'unsupported_certificate'],
  [44, 'certificate_revoked'],
  [45, 'certificate_expired'],
  [46, 'certificate_unknown'],
  [47, 'illegal_parameter'],
  [48, 'unknown_ca'],
  [49, 'access_denied'],
  [50, 'decode_error'],
  [51, 'decrypt_error'],
  [70, 'protocol_version'],
  [71, 'insufficient_security'],
  [80, 'internal_error'],
  [86, 'inappropriate_fallback'],
  [90, 'user_canceled'],
  [109, 'missing_extension'],
  [110, 'unsupported_extension'],
  [112, 'unrecognized_name'],
  [113, 'bad_certificate_status_response'],
  [115, 'unknown_psk_identity'],
  [116, 'certificate_required'],
  [120, 'no_application_protocol'],
]);

/** The first bytes of a connection that did not speak TLS, quoted up to this many, so the note stays short. */
const QUOTED_BYTES = 40;
/** RFC 8446 §5.1: every TLS connection opens with a handshake record (ContentType 22) carrying the ClientHello. */
const HANDSHAKE_RECORD = 0x16;

const TEXT = localized({
  en: {
    alert: (name: string, number: number) => `the client ended the handshake with the alert ${name} (${number})`,
    explained: (said: string, meaning: string) => `${said}: ${meaning}`,
    notTls: (quoted: string) =>
      `not TLS: the client sent ${quoted} in plain text to a TLS port. A TLS connection opens with a ClientHello; these bytes are not one, so the server cannot answer. A plain connect sends what you type unencrypted — connect with TLS instead (connect --tls, openssl s_client, Python's context.wrap_socket)`,
    wrongVersion: (reason: string) =>
      `the client offered only TLS versions this server does not speak (${reason}): the server answered with the alert protocol_version`,
    noSharedCipher:
      'the client offered no cipher suite this server accepts: the server answered with the alert handshake_failure',
    noClientCertificate:
      'the server requires a client certificate (mutual TLS) and the client sent none: the server ended the handshake with the alert certificate_required (TLS 1.3) or handshake_failure (TLS 1.2)',
    untrustedClientCertificate: (reason: string) =>
      `the client sent a certificate the class root does not vouch for (${reason}): the server closed the connection right after the handshake, without an alert — it checks the client certificate once the handshake is over`,
    closed:
      "the client closed the connection before the handshake was over, without an alert — as Node's tls client does when it refuses the server's certificate: the reason (CERT_HAS_EXPIRED, …) is on the client's side only",
    timeout: 'the handshake did not finish in time: the server closed the connection',
    other: (reason: string) => `the handshake failed: ${reason}`,
  },
  'zh-Hans': {
    alert: (name, number) => `客户端用告警 ${name}（${number}）结束了握手`,
    explained: (said, meaning) => `${said}：${meaning}`,
    notTls: (quoted) =>
      `这不是 TLS：客户端向 TLS 端口发送了明文 ${quoted}。TLS 连接以 ClientHello 开头，这些字节不是，服务器无法应答。普通的 connect 会把你输入的内容不加密地发出去——请改用 TLS 连接（connect --tls、openssl s_client、Python 的 context.wrap_socket）`,
    wrongVersion: (reason) => `客户端只提供了本服务器不支持的 TLS 版本（${reason}）：服务器回了告警 protocol_version`,
    noSharedCipher: '客户端提供的密码套件本服务器一个也不接受：服务器回了告警 handshake_failure',
    noClientCertificate:
      '服务器要求客户端证书（双向 TLS），客户端却没有发送：服务器用告警 certificate_required（TLS 1.3）或 handshake_failure（TLS 1.2）结束了握手',
    untrustedClientCertificate: (reason) =>
      `客户端发来的证书不是班级根证书签发的（${reason}）：服务器在握手结束后立即关闭了连接，没有发告警——它在握手完成后才检查客户端证书`,
    closed:
      '握手还没完成，客户端就关闭了连接，没有发告警——Node 的 tls 客户端拒绝服务器证书时就是这样：原因（CERT_HAS_EXPIRED 等）只在客户端那一侧',
    timeout: '握手没有按时完成：服务器关闭了连接',
    other: (reason) => `握手失败：${reason}`,
  },
});

/** What the alerts a student meets mean, from the server's side; the others are named only. */
const ALERT_MEANING = localized({
  en: {
    certificate_expired: "it checked the server's certificate and found it expired",
    certificate_revoked: "it checked the server's certificate and found it revoked (CRL or OCSP)",
    unknown_ca: "it cannot chain the server's certificate to a root it trusts",
    bad_certificate:
      "it refused the server's certificate (not valid yet, not for the name it asked for, a key too weak, …)",
    certificate_unknown: "it refused the server's certificate (often: the name it asked for is not in it)",
    handshake_failure: 'it found no cipher suite or parameters the server accepts',
    protocol_version: 'it and the server have no TLS version in common',
    insufficient_security: "the server's parameters are weaker than the client accepts",
    decrypt_error: 'a signature or the Finished message did not verify',
  },
  'zh-Hans': {
    certificate_expired: '它检查了服务器证书，发现证书已过期',
    certificate_revoked: '它检查了服务器证书，发现证书已被吊销（CRL 或 OCSP）',
    unknown_ca: '它无法把服务器证书链到自己信任的根证书',
    bad_certificate: '它拒绝了服务器证书（尚未生效、与它要连接的主机名不符、密钥太弱等）',
    certificate_unknown: '它拒绝了服务器证书（常见原因：证书里没有它要连接的主机名）',
    handshake_failure: '它找不到服务器接受的密码套件或参数',
    protocol_version: '它和服务器没有共同支持的 TLS 版本',
    insufficient_security: '服务器的参数比客户端能接受的更弱',
    decrypt_error: '签名或 Finished 消息验证失败',
  },
});

function isExplained(name: string): name is keyof typeof ALERT_MEANING {
  return Object.hasOwn(ALERT_MEANING, name);
}

/**
 * The failure behind a `tlsClientError`. `firstBytes` is what the client sent first, if anything: a connection
 * that does not open with a handshake record is not TLS at all, whatever OpenSSL calls it.
 */
export function handshakeFailure(error: NodeJS.ErrnoException, firstBytes?: Uint8Array): HandshakeFailure {
  if (firstBytes !== undefined && firstBytes.length > 0 && firstBytes[0] !== HANDSHAKE_RECORD)
    return { code: 'not-tls', note: TEXT.notTls(quote(firstBytes)) };
  const alert = /SSL alert number (\d+)/.exec(error.message);
  if (alert !== null) {
    const number = Number(alert[1]);
    const name = ALERTS.get(number) ?? `alert_${number}`;
    const said = TEXT.alert(name, number);
    const note = isExplained(name) ? TEXT.explained(said, ALERT_MEANING[name]) : said;
    return { code: `alert:${name}`, note };
  }
  switch (error.code) {
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_HTTP_REQUEST':
      return { code: 'not-tls', note: TEXT.notTls(quote(firstBytes ?? new Uint8Array())) };
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_VERSION_TOO_LOW':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE':
      return { code: 'wrong-version', note: TEXT.wrongVersion(reasonOf(error)) };
    case 'ERR_SSL_NO_SHARED_CIPHER':
      return { code: 'no-shared-cipher', note: TEXT.noSharedCipher };
    case 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE':
      return { code: 'no-client-certificate', note: TEXT.noClientCertificate };
    case 'ERR_TLS_HANDSHAKE_TIMEOUT':
      return { code: 'handshake-timeout', note: TEXT.timeout };
    case 'ECONNRESET':
      return closedDuringHandshake();
    default:
      return { code: error.code ?? 'handshake-failed', note: TEXT.other(reasonOf(error)) };
  }
}

/** The mTLS server refused the client's certificate (`authorizationError`, e.g. `UNABLE_TO_GET_ISSUER_CERT`). */
export function untrustedClientCertificate(reason: string): HandshakeFailure {
  return { code: 'untrusted-client-certificate', note: TEXT.untrustedClientCertificate(reason) };
}

/** The connection ended in the middle of the handshake, without an alert. */
export function closedDuringHandshake(): HandshakeFailure {
  return { code: 'closed-during-handshake', note: TEXT.closed };
}

/** `"Hello,world!\n"` for text, hex for anything else, at most QUOTED_BYTES of it. */
function quote(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, QUOTED_BYTES));
  const more = bytes.length > QUOTED_BYTES ? '…' : '';
  const text = head.toString('latin1');
  // Printable ASCII with the usual line endings and tabs reads as text; anything else is shown as bytes.
  if (/^[\x20-\x7e\r\n\t]*$/.test(text)) return `${JSON.stringify(text)}${more}`;
  return `${head.toString('hex').replace(/(..)(?!$)/g, '$1 ')}${more}`;
}

/** OpenSSL's reason (`unsupported protocol`) from a message such as `…:error:0A000102:SSL routines:…:unsupported protocol:…`. */
function reasonOf(error: NodeJS.ErrnoException): string {
  const parts = /SSL routines:[^:]*:([^:]+)/.exec(error.message);
  return parts?.[1] ?? error.code ?? error.message;
}
