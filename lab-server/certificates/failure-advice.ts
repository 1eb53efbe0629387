/**
 * What a TLS failure means and how a device or a program fixes it, one entry per failure a student meets in the
 * labs. Every TLS stack words the same failure its own way — Node's `tls` gives `error.code`
 * (`CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`, `ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED`), OpenSSL a
 * verify number (`verify error:num=10`, `Verify return code: 10 (certificate has expired)`), Python's
 * `ssl.SSLCertVerificationError` OpenSSL's sentence (`certificate verify failed: certificate has expired`) or
 * its own (`Hostname mismatch, certificate is not valid for …`) — so `adviceFor` takes any of them and finds the
 * one entry, which the chain report, the lab shell and the lessons all quote. The fixes speak of what a board
 * does (set its clock over SNTP before the handshake, load the class root into its CA store) as much as of
 * Python, C and Node.
 */

import { type Localized, localized } from '../../src/common/localized';

export interface FailureAdvice {
  readonly meaning: Localized;
  readonly fix: Localized;
}

const MEANING = localized({
  en: {
    expired: 'The certificate has expired: its notAfter date is in the past, so the verifier no longer accepts it.',
    notYetValid:
      'The certificate is not valid yet: its notBefore date is in the future — or the clock of the machine that checks it is behind.',
    hostMismatch:
      'The certificate is valid, but for other names: none of its subjectAltName entries matches the host name or address the client asked for.',
    selfSigned: 'The certificate is self-signed: it signed itself, so no authority the client trusts vouches for it.',
    selfSignedInChain:
      'The chain ends at a self-signed root that the client does not trust: the chain is complete, but its root is not in the CA bundle.',
    issuerNotFound:
      'The client cannot find the issuer of the last certificate it received: that CA is not in its CA bundle, and the peer did not send it (Python and `openssl verify` say this for a missing intermediate too).',
    incompleteChain:
      'The client cannot verify the first certificate: the server sent its own certificate without the intermediate CA certificate that signed it (an incomplete chain).',
    revoked:
      'The certificate has been revoked: its issuer lists it as withdrawn (CRL or OCSP), although its dates are still valid.',
    eeKeyTooSmall:
      "The server's key is too weak: RSA below 2048 bits (or an equally weak key) is refused at OpenSSL's default security level 2.",
    caKeyTooSmall:
      "A CA's key in the chain is too weak: RSA below 2048 bits is refused at OpenSSL's default security level 2.",
    weakDigest:
      'A certificate in the chain is signed with a hash too weak to trust (SHA-1 or MD5), refused at OpenSSL security level 2.',
    signatureFailure:
      "A certificate's signature does not verify with its issuer's public key: it was altered, or it was signed by another key than the issuer named.",
    noCrl:
      'Revocation checking is on, but the client could not get the CRL for a certificate, so it cannot tell whether the certificate was revoked.',
    notACa:
      'A certificate in the chain signed another one although it may not: it is not a CA (basicConstraints) or lacks the keyCertSign key usage.',
    pathLength: 'The chain is longer than a CA allows below itself (its basicConstraints path length).',
    chainTooLong: 'The chain has more certificates than the verifier follows.',
    purpose:
      'The certificate is not made for this use: its extendedKeyUsage lacks serverAuth (for a server) or clientAuth (for a client).',
    alertCertificateRequired:
      'The server requires a client certificate (mutual TLS) and the client sent none; the server ended the handshake with the certificate_required alert.',
    alertBadCertificate:
      'The peer rejected the certificate it was sent (bad_certificate alert): with mutual TLS, usually the client certificate, or the client sent none at TLS 1.2.',
    alertUnknownCa:
      "The peer does not trust the CA that issued the certificate it was sent (unknown_ca alert): with mutual TLS, the server does not know the client certificate's issuer.",
    alertCertificateExpired:
      'The peer rejected the certificate it was sent because it has expired (certificate_expired alert).',
    alertCertificateRevoked:
      'The peer rejected the certificate it was sent because it was revoked (certificate_revoked alert).',
    alertHandshakeFailure:
      'The two sides found nothing they both accept (handshake_failure alert): no common cipher suite or group, or a required client certificate was missing (TLS 1.2).',
    alertProtocolVersion:
      'The two sides have no TLS version in common (protocol_version alert): one side allows only TLS 1.3, the other only 1.2 or older.',
    wrongVersionNumber:
      'What came back is not TLS: the client spoke TLS to a port that answers in plain text (or plain TCP to a TLS port).',
    noPeerCertificate: 'The server asked for a client certificate and the client did not send one.',
  },
  'zh-Hans': {
    expired: '证书过期：它的 notAfter 日期已经过去，验证方不再接受它。',
    notYetValid: '证书尚未生效：它的 notBefore 日期还没到——或者做验证的那台机器时钟落后了。',
    hostMismatch: '主机名不匹配：证书本身有效，但它的 subjectAltName 里没有一项与客户端要连接的主机名或 IP 地址相符。',
    selfSigned: '自签名证书：这张证书是它自己签的，没有任何客户端信任的机构为它担保。',
    selfSignedInChain: '根证书不受信任：证书链是完整的，但链尾的自签名根证书不在客户端的 CA 证书包里。',
    issuerNotFound:
      '找不到签发者：客户端找不到最后一张证书的签发者——它不在客户端的 CA 证书包里，对方也没有发来（缺少中间证书时，Python 和 openssl verify 报的也是这个）。',
    incompleteChain: '证书链不完整：服务器只发了自己的证书，没有发签发它的中间 CA 证书，客户端无法验证第一张证书。',
    revoked: '证书已吊销：虽然还在有效期内，但签发者已通过 CRL 或 OCSP 宣布它作废。',
    eeKeyTooSmall:
      '服务器的密钥太弱：低于 2048 位的 RSA 密钥（或同样弱的密钥）在 OpenSSL 默认的安全级别 2 下会被拒绝。',
    caKeyTooSmall: '证书链中某个 CA 的密钥太弱：低于 2048 位的 RSA 密钥在 OpenSSL 默认的安全级别 2 下会被拒绝。',
    weakDigest: '证书链中有证书用太弱的哈希算法（SHA-1 或 MD5）签名，在 OpenSSL 安全级别 2 下会被拒绝。',
    signatureFailure:
      '证书签名验证失败：用签发者的公钥验不过它的签名——证书被改动过，或者根本不是那个签发者的密钥签的。',
    noCrl: '开启了吊销检查，但客户端拿不到这张证书的 CRL，无法判断它是否已被吊销。',
    notACa:
      '证书链里有一张证书签发了别的证书，但它无权签发：它不是 CA（basicConstraints），或没有 keyCertSign 密钥用途。',
    pathLength: '证书链比某个 CA 允许的层数更长（超出了它 basicConstraints 中的路径长度限制）。',
    chainTooLong: '证书链中的证书数量超过了验证方愿意跟随的上限。',
    purpose:
      '证书的用途不对：它的 extendedKeyUsage 里没有 serverAuth（用作服务器证书）或 clientAuth（用作客户端证书）。',
    alertCertificateRequired:
      '服务器要求客户端证书（双向 TLS），客户端却没有发送，服务器用 certificate_required 告警结束了握手。',
    alertBadCertificate:
      '对方拒绝了收到的证书（bad_certificate 告警）：在双向 TLS 中通常是客户端证书有问题，或在 TLS 1.2 下客户端没有发送证书。',
    alertUnknownCa: '对方不信任签发这张证书的 CA（unknown_ca 告警）：在双向 TLS 中，服务器不认识客户端证书的签发者。',
    alertCertificateExpired: '对方因为证书过期拒绝了收到的证书（certificate_expired 告警）。',
    alertCertificateRevoked: '对方因为证书已吊销拒绝了收到的证书（certificate_revoked 告警）。',
    alertHandshakeFailure:
      '双方找不到都能接受的参数（handshake_failure 告警）：没有共同的密码套件或密钥交换组，或者缺少服务器要求的客户端证书（TLS 1.2）。',
    alertProtocolVersion:
      '双方没有共同支持的 TLS 版本（protocol_version 告警）：一方只允许 TLS 1.3，另一方只支持 1.2 或更旧的版本。',
    wrongVersionNumber: '收到的不是 TLS 数据：客户端对一个明文端口发起了 TLS 握手（或者对 TLS 端口发送了明文）。',
    noPeerCertificate: '服务器要求客户端证书，客户端没有发送。',
  },
});

const FIX = localized({
  en: {
    expired:
      'A device must set its clock before the handshake (NTP/SNTP, e.g. ESP-IDF esp_sntp, LuatOS socket.sntp()), or it reads 1970 and every date check is meaningless; if the clock is right, the server needs a renewed certificate.',
    notYetValid:
      "Set the device's clock over NTP/SNTP before opening TLS; a board that just booted believes it is 1970 (or its build date). If the clock is right, the certificate was issued with a future start date and must be reissued.",
    hostMismatch:
      'Connect with the name the certificate holds, and send it as SNI and as the name to check: Python server_hostname=, Node servername, C SSL_set_tlsext_host_name() with SSL_set1_host(); for an IP address the certificate needs an IP SAN.',
    selfSigned:
      'Do not turn verification off: either trust this very certificate explicitly (pin it, put it in the CA file), or give the server a certificate issued by a CA the client trusts, such as the class root.',
    selfSignedInChain:
      "Put the root in the client's CA bundle if you really trust it (Python cafile=, Node ca:, mbedTLS mbedtls_x509_crt_parse() of the root, openssl -CAfile); otherwise the server needs a certificate from a CA the client trusts.",
    issuerNotFound:
      "Add the issuing root CA to the client's trust store: download the class root from the lab panel and load it (Python cafile=, Node ca:, C SSL_CTX_load_verify_locations(), on a board the CA certificate parameter of its TLS API).",
    incompleteChain:
      'Fix it on the server: send the intermediate after the leaf (one file, leaf first, then the intermediate — "fullchain"). A client can also add the intermediate to its CA bundle, but every other client would still fail.',
    revoked:
      'The server must get a new certificate and key; a revoked certificate cannot be repaired. If the key leaked, the old one stays untrusted for good.',
    eeKeyTooSmall:
      'Issue the server a new certificate with an RSA key of 2048 bits or more, or an ECDSA P-256 key (smaller and faster on a device).',
    caKeyTooSmall:
      'The CA must be replaced by one with an RSA key of 2048 bits or more (or ECDSA P-256), and its certificates reissued.',
    weakDigest:
      "Reissue the certificate signed with SHA-256 or better; lowering the client's security level only hides the problem.",
    signatureFailure:
      'Check that the server sends its own certificate with the intermediate that really issued it (not one from an older PKI), and that nothing in between rewrites the certificates.',
    noCrl:
      'Let the client reach the CRL distribution point named in the certificate, or use OCSP (a stapled response spares the device a second connection).',
    notACa:
      'Only a CA certificate (basicConstraints CA:TRUE, keyUsage keyCertSign) may sign others; reissue the chain from a real CA.',
    pathLength: 'Reissue the chain with fewer intermediates, or from a CA whose path length allows them.',
    chainTooLong: 'Send the leaf and its intermediates only, not a long list of unrelated certificates.',
    purpose:
      'Issue a certificate for its role: serverAuth for a server, clientAuth for a client (the class PKI gives each session a clientAuth certificate for mutual TLS).',
    alertCertificateRequired:
      'Load your client certificate and key before connecting: Python ctx.load_cert_chain(cert, key), Node tls.connect({ cert, key }), C SSL_CTX_use_certificate_chain_file() + SSL_CTX_use_PrivateKey_file(), on a board the client cert/key parameters of its TLS API.',
    alertBadCertificate:
      'Send a client certificate the server accepts: the one from the lab panel, with its own private key, issued by the class intermediate (send the chain, leaf first).',
    alertUnknownCa:
      "Use a client certificate issued by a CA the server trusts — for the lab's mutual TLS server, the certificate from the lab panel, which the class intermediate signed; a self-made one is not enough.",
    alertCertificateExpired:
      "Renew the certificate the peer rejected, and check the device's clock (NTP/SNTP) if it should still be valid.",
    alertCertificateRevoked: 'The certificate the peer rejected was revoked: get a new certificate and key.',
    alertHandshakeFailure:
      'Offer what the server takes: a modern suite (TLS_AES_128_GCM_SHA256, ECDHE-ECDSA-AES128-GCM-SHA256), the P-256 or X25519 group, and the client certificate when the server asks for one.',
    alertProtocolVersion:
      'Allow the version the server speaks: Python ctx.minimum_version/maximum_version, Node minVersion/maxVersion, C SSL_CTX_set_min_proto_version(); mbedTLS on a board may need TLS 1.3 enabled at build time.',
    wrongVersionNumber: "Check the port: use the lab's TLS port for TLS, the plain TCP port for plain text.",
    noPeerCertificate: 'Load your client certificate and key before connecting, as the mutual TLS lab shows.',
  },
  'zh-Hans': {
    expired:
      '设备必须在握手之前校准时钟（NTP/SNTP，例如 ESP-IDF 的 esp_sntp、LuatOS 的 socket.sntp()），否则它以为现在是 1970 年，所有日期检查都没有意义；如果时钟是对的，就要给服务器换一张续期的证书。',
    notYetValid:
      '打开 TLS 连接之前先用 NTP/SNTP 校准设备时钟；刚上电的板子会以为现在是 1970 年（或固件编译日期）。如果时钟没错，说明证书的生效日期签在了将来，必须重新签发。',
    hostMismatch:
      '用证书里写的名字去连接，并把它同时作为 SNI 和校验用的主机名：Python 用 server_hostname=，Node 用 servername，C 用 SSL_set_tlsext_host_name() 加 SSL_set1_host()；要用 IP 地址连接，证书里必须有对应的 IP SAN。',
    selfSigned:
      '不要关闭证书校验：要么明确信任这张证书（固定它，或放进 CA 文件），要么给服务器换一张由客户端信任的 CA（例如课堂根证书）签发的证书。',
    selfSignedInChain:
      '如果你确实信任这个根证书，就把它加入客户端的 CA 证书包（Python 用 cafile=，Node 用 ca:，mbedTLS 用 mbedtls_x509_crt_parse() 解析根证书，openssl 用 -CAfile）；否则服务器需要一张由客户端信任的 CA 签发的证书。',
    issuerNotFound:
      '把签发它的根证书加入客户端的信任库：从实验面板下载课堂根证书并加载（Python 用 cafile=，Node 用 ca:，C 用 SSL_CTX_load_verify_locations()，板子上用其 TLS 接口的 CA 证书参数）。',
    incompleteChain:
      '应在服务器端修复：在服务器证书后面附上中间证书一起发送（同一个文件，先放服务器证书，再放中间证书，即 “fullchain”）。客户端也可以把中间证书加进 CA 证书包，但其他客户端仍会失败。',
    revoked: '服务器必须换一套新的证书和私钥；被吊销的证书无法修复。如果是私钥泄露，旧证书永远不再可信。',
    eeKeyTooSmall: '给服务器重新签发一张 2048 位及以上 RSA 密钥的证书，或改用 ECDSA P-256 密钥（在设备上更小更快）。',
    caKeyTooSmall: '这个 CA 必须换成 2048 位及以上 RSA（或 ECDSA P-256）密钥的 CA，并重新签发它的证书。',
    weakDigest: '用 SHA-256 或更强的算法重新签发证书；降低客户端的安全级别只是掩盖问题。',
    signatureFailure:
      '检查服务器发送的是自己的证书和真正签发它的中间证书（而不是旧 PKI 留下的），以及中间没有设备改写证书。',
    noCrl: '让客户端能访问证书里写的 CRL 分发点，或改用 OCSP（服务器装订的 OCSP 响应可以省掉设备的第二次连接）。',
    notACa:
      '只有 CA 证书（basicConstraints CA:TRUE，keyUsage 含 keyCertSign）才能签发证书；请由真正的 CA 重新签发整条证书链。',
    pathLength: '减少中间证书的层数重新签发，或换一个路径长度限制允许这些层数的 CA。',
    chainTooLong: '只发送服务器证书和它的中间证书，不要附上一长串无关的证书。',
    purpose:
      '按用途签发证书：服务器证书要有 serverAuth，客户端证书要有 clientAuth（课堂 PKI 为每个会话签发一张 clientAuth 证书，用于双向 TLS）。',
    alertCertificateRequired:
      '连接之前加载你的客户端证书和私钥：Python 用 ctx.load_cert_chain(cert, key)，Node 用 tls.connect({ cert, key })，C 用 SSL_CTX_use_certificate_chain_file() 加 SSL_CTX_use_PrivateKey_file()，板子上用其 TLS 接口的客户端证书/私钥参数。',
    alertBadCertificate:
      '发送服务器能接受的客户端证书：实验面板里下载的那张，配上它自己的私钥，由课堂中间 CA 签发（发送证书链，客户端证书在前）。',
    alertUnknownCa:
      '使用由服务器信任的 CA 签发的客户端证书——对实验的双向 TLS 服务器来说，就是实验面板里那张由课堂中间 CA 签发的证书；自己生成的证书不行。',
    alertCertificateExpired: '给被拒绝的证书续期；如果它本应还在有效期内，请检查设备时钟（NTP/SNTP）。',
    alertCertificateRevoked: '被对方拒绝的证书已吊销：换一套新的证书和私钥。',
    alertHandshakeFailure:
      '提供服务器能接受的参数：现代的密码套件（TLS_AES_128_GCM_SHA256、ECDHE-ECDSA-AES128-GCM-SHA256）、P-256 或 X25519 密钥交换组，以及服务器要求时的客户端证书。',
    alertProtocolVersion:
      '允许服务器使用的版本：Python 用 ctx.minimum_version/maximum_version，Node 用 minVersion/maxVersion，C 用 SSL_CTX_set_min_proto_version()；板子上的 mbedTLS 可能需要在编译时开启 TLS 1.3。',
    wrongVersionNumber: '检查端口：TLS 要连实验的 TLS 端口，明文要连普通 TCP 端口。',
    noPeerCertificate: '连接之前加载你的客户端证书和私钥，做法见双向 TLS 实验。',
  },
});

type AdviceId = keyof typeof MEANING;

/**
 * Node's `error.code` for each entry — for verify failures OpenSSL's `X509_V_ERR_*` name without the prefix, for
 * alerts and SSL errors `ERR_SSL_` and OpenSSL's reason — and the other names the same failure goes by.
 */
const CODES: Readonly<Record<string, AdviceId>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'notYetValid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostMismatch',
  HOSTNAME_MISMATCH: 'hostMismatch',
  IP_ADDRESS_MISMATCH: 'hostMismatch',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'selfSigned',
  SELF_SIGNED_CERT_IN_CHAIN: 'selfSignedInChain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuerNotFound',
  UNABLE_TO_GET_ISSUER_CERT: 'issuerNotFound',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'incompleteChain',
  CERT_REVOKED: 'revoked',
  EE_KEY_TOO_SMALL: 'eeKeyTooSmall',
  CA_KEY_TOO_SMALL: 'caKeyTooSmall',
  CA_MD_TOO_WEAK: 'weakDigest',
  CERT_SIGNATURE_FAILURE: 'signatureFailure',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'signatureFailure',
  UNABLE_TO_GET_CRL: 'noCrl',
  INVALID_CA: 'notACa',
  INVALID_NON_CA: 'notACa',
  KEYUSAGE_NO_CERTSIGN: 'notACa',
  PATH_LENGTH_EXCEEDED: 'pathLength',
  CERT_CHAIN_TOO_LONG: 'chainTooLong',
  INVALID_PURPOSE: 'purpose',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'alertCertificateRequired',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'alertBadCertificate',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'alertUnknownCa',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'alertCertificateExpired',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: 'alertCertificateRevoked',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'alertHandshakeFailure',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'alertProtocolVersion',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'alertProtocolVersion',
  ERR_SSL_WRONG_VERSION_NUMBER: 'wrongVersionNumber',
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: 'noPeerCertificate',
};

/** OpenSSL's verify numbers (`x509_vfy.h`), as `openssl verify`, `s_client` and `SSL_get_verify_result` give them. */
const VERIFY_NUMBERS: Readonly<Record<number, string>> = {
  2: 'UNABLE_TO_GET_ISSUER_CERT',
  3: 'UNABLE_TO_GET_CRL',
  4: 'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  7: 'CERT_SIGNATURE_FAILURE',
  9: 'CERT_NOT_YET_VALID',
  10: 'CERT_HAS_EXPIRED',
  18: 'DEPTH_ZERO_SELF_SIGNED_CERT',
  19: 'SELF_SIGNED_CERT_IN_CHAIN',
  20: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  21: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  22: 'CERT_CHAIN_TOO_LONG',
  23: 'CERT_REVOKED',
  25: 'PATH_LENGTH_EXCEEDED',
  26: 'INVALID_PURPOSE',
  32: 'KEYUSAGE_NO_CERTSIGN',
  37: 'INVALID_NON_CA',
  62: 'HOSTNAME_MISMATCH',
  64: 'IP_ADDRESS_MISMATCH',
  66: 'EE_KEY_TOO_SMALL',
  67: 'CA_KEY_TOO_SMALL',
  68: 'CA_MD_TOO_WEAK',
  79: 'INVALID_CA',
};

/** TLS alert names (RFC 8446 §6.2, as `TlsAlert` and the handshake view name them) to Node's codes. */
const ALERTS: Readonly<Record<string, string>> = {
  certificate_required: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  bad_certificate: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  unknown_ca: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  certificate_expired: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  certificate_revoked: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  handshake_failure: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  protocol_version: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
};

/** The alert numbers Node's messages end with (`SSL alert number 116`). */
const ALERT_NUMBERS: Readonly<Record<number, string>> = {
  40: 'handshake_failure',
  42: 'bad_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  48: 'unknown_ca',
  70: 'protocol_version',
  116: 'certificate_required',
};

/**
 * OpenSSL's verify sentences (`X509_verify_cert_error_string`, which Python's `verify_message`, `openssl verify`
 * and `s_client` print), longest first so "self-signed certificate in certificate chain" is not taken for
 * "self-signed certificate"; OpenSSL 1.1 spelled it "self signed", and Python words the name checks itself.
 */
const SENTENCES: readonly (readonly [string, string])[] = [
  ['self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'],
  ['self signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'],
  ['unable to get local issuer certificate', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
  ['unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ['unable to get issuer certificate', 'UNABLE_TO_GET_ISSUER_CERT'],
  ['unable to get certificate crl', 'UNABLE_TO_GET_CRL'],
  ['certificate is not yet valid', 'CERT_NOT_YET_VALID'],
  ['certificate has expired', 'CERT_HAS_EXPIRED'],
  ['certificate signature failure', 'CERT_SIGNATURE_FAILURE'],
  ['ca signature digest algorithm too weak', 'CA_MD_TOO_WEAK'],
  ['ca certificate key too weak', 'CA_KEY_TOO_SMALL'],
  ['ee certificate key too weak', 'EE_KEY_TOO_SMALL'],
  ['path length constraint exceeded', 'PATH_LENGTH_EXCEEDED'],
  ['unsuitable certificate purpose', 'INVALID_PURPOSE'],
  ['invalid ca certificate', 'INVALID_CA'],
  ['certificate chain too long', 'CERT_CHAIN_TOO_LONG'],
  ['certificate revoked', 'CERT_REVOKED'],
  ['self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  ['self signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  ['hostname mismatch', 'HOSTNAME_MISMATCH'],
  ['ip address mismatch', 'IP_ADDRESS_MISMATCH'],
  ["does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'],
];

/** Longer texts (a whole stack trace pasted) are read only this far: the code is always near the start. */
const MAX_TEXT = 4096;

/**
 * The advice for a failure named any way a TLS stack names it: Node's `error.code`, OpenSSL's `X509_V_ERR_*`
 * name or verify number (`10`), a TLS alert's name (`certificate_required`), or a whole message from Python,
 * Node or `openssl` (`[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired`).
 * Undefined for anything it does not know: a caller then says only what the stack said.
 */
export function adviceFor(code: string): FailureAdvice | undefined {
  const id = entryFor(code.slice(0, MAX_TEXT).trim());
  return id === undefined ? undefined : { meaning: MEANING[id], fix: FIX[id] };
}

function entryFor(text: string): AdviceId | undefined {
  const direct = byName(text);
  if (direct !== undefined) return direct;
  if (/^\d{1,3}$/.test(text)) return byName(VERIFY_NUMBERS[Number(text)]);
  // Python and Node put OpenSSL's reason in brackets or after the routine: `[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED]`.
  const reason = /\[SSL: ([A-Z0-9_]+)\]/.exec(text)?.[1];
  if (reason !== undefined && reason !== 'CERTIFICATE_VERIFY_FAILED') {
    const found = byName(`ERR_SSL_${reason}`);
    if (found !== undefined) return found;
  }
  // `openssl s_client`: `verify error:num=10:…`, `Verify return code: 10 (…)`; Node: `SSL alert number 116`.
  const verify = /(?:num=|return code: )(\d{1,3})/i.exec(text)?.[1];
  if (verify !== undefined && verify !== '0') {
    const found = byName(VERIFY_NUMBERS[Number(verify)]);
    if (found !== undefined) return found;
  }
  const alert = /alert number (\d{1,3})/i.exec(text)?.[1];
  if (alert !== undefined) {
    const found = byName(ALERT_NUMBERS[Number(alert)]);
    if (found !== undefined) return found;
  }
  const lower = text.toLowerCase();
  // Alert reasons as OpenSSL prints them in lower case (`sslv3 alert certificate revoked`), before the verify
  // sentences, one of which ("certificate revoked") they contain.
  for (const name of Object.keys(ALERTS)) {
    if (lower.includes(`alert ${name.replaceAll('_', ' ')}`)) return byName(name);
  }
  for (const [sentence, name] of SENTENCES) {
    if (lower.includes(sentence)) return byName(name);
  }
  return undefined;
}

function byName(name: string | undefined): AdviceId | undefined {
  if (name === undefined) return undefined;
  const upper = name.toUpperCase();
  const bare = upper.startsWith('X509_V_ERR_') ? upper.slice('X509_V_ERR_'.length) : upper;
  return CODES[bare] ?? (ALERTS[name] === undefined ? undefined : CODES[ALERTS[name]]);
}

/** Every code the catalog knows by Node's or OpenSSL's name, for tests and for the reference page. */
export const ADVICE_CODES: readonly string[] = Object.keys(CODES);
