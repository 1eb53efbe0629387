/**
 * The checks of lab `tls12-handshake`: a TLS 1.2 handshake with the ECDHE key exchange completed and the server
 * echoed Hello,world! through it; a handshake with the RSA key exchange (`TLS_RSA_WITH_AES_128_CBC_SHA`, the only
 * suite the `rsa` server takes) completed; and the capture holds both, each with the messages its key exchange
 * sends (RFC 5246 §7.3: a ServerKeyExchange only when the certificate's key alone cannot carry the secret). The
 * first two read the servers' own records, so they pass without capture; the third reads the handshakes and says
 * so when there are none. No verdict names a cipher suite the server chose or a message count: the questions ask.
 */

import { type Localized, localized, sentences } from '../../src/common/localized';
import type { CheckDefinition, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import { passed, pending } from '../../src/lab-kit';
import type { TlsHandshake } from '../../src/protocol';
import { CAPTURE_OFF } from '../common/capture-notes';
import {
  echoedGreeting,
  handshakesOf,
  latestRecord,
  messageOf,
  newestWhere,
  portOf,
  recordsOf,
} from '../common/tls-handshakes';

export const ECDHE = 'ecdhe';
export const RSA = 'rsa';
/** The one suite the `rsa` server accepts, by its IANA name. */
export const RSA_SUITE = 'TLS_RSA_WITH_AES_128_CBC_SHA';

const TEXT = localized({
  en: {
    ecdheTitle: 'Complete a TLS 1.2 handshake with ECDHE and get Hello,world! back',
    connectEcdhe:
      'Connect to the ecdhe server with TLS 1.2 (connect --tls --tls1.2 ecdhe, or a program of your own) and send Hello,world!.',
    sendGreeting: (port: number) =>
      `The handshake from port ${port} completed; now send Hello,world! through it and read the echo.`,
    ecdheDone: (port: number) =>
      `From port ${port} your client and the ecdhe server agreed on TLS 1.2 with an ECDHE key exchange, and Hello,world! went through encrypted and came back.`,
    notTls: (port: number) =>
      `The connection from port ${port} sent bytes that are not TLS: the server expects a ClientHello first. Connect with TLS (connect --tls).`,
    failed: (port: number, why: string) =>
      `The handshake from port ${port} failed (${why}). Does your client trust the class CA (socketlab-ca.pem)?`,
    rsaTitle: 'Complete a TLS 1.2 handshake with the RSA key exchange',
    connectRsa:
      'Connect to the rsa server with TLS 1.2; it accepts only TLS_RSA_WITH_AES_128_CBC_SHA (OpenSSL: AES128-SHA), so offer it (openssl s_client -cipher AES128-SHA, Python set_ciphers).',
    rsaFailed: (port: number, why: string) =>
      `The handshake from port ${port} failed (${why}). The rsa server accepts only TLS_RSA_WITH_AES_128_CBC_SHA (OpenSSL: AES128-SHA): make your client offer it.`,
    rsaDone: (port: number) =>
      `From port ${port} your client and the rsa server completed TLS 1.2 with TLS_RSA_WITH_AES_128_CBC_SHA: the client chose the premaster secret and sent it encrypted to the certificate's RSA key, so whoever holds that key can decrypt this connection, even years later.`,
    bothTitle: 'See both key exchanges in your capture',
    needsCapture: 'Which messages each handshake sent shows only in the capture.',
    noneYet: 'Your capture has no completed TLS 1.2 handshake with either server yet.',
    ecdheOnly: (port: number) =>
      `Your capture has the ECDHE handshake from port ${port}, with its ServerKeyExchange; now complete one with the rsa server.`,
    rsaOnly: (port: number) =>
      `Your capture has the RSA handshake from port ${port}, without a ServerKeyExchange; now complete one with the ecdhe server.`,
    both: (ecdhe: number, rsa: number) =>
      `Your capture has both: from port ${ecdhe} the ecdhe server signed fresh key-exchange parameters in a ServerKeyExchange, and the client answered with its own public value; from port ${rsa} the rsa server sent none, and the client's ClientKeyExchange carried the secret itself, encrypted to the certificate's key. Compare them in the handshake view.`,
  },
  'zh-Hans': {
    ecdheTitle: '用 ECDHE 完成一次 TLS 1.2 握手，并收到 Hello,world! 的回显',
    connectEcdhe:
      '用 TLS 1.2 连接 ecdhe 服务器（connect --tls --tls1.2 ecdhe，或者你自己的程序），然后发送 Hello,world!。',
    sendGreeting: (port) => `来自端口 ${port} 的握手已经完成；现在通过它发送 Hello,world!，并读取回显。`,
    ecdheDone: (port) =>
      `你的客户端从端口 ${port} 与 ecdhe 服务器商定了 TLS 1.2 和 ECDHE 密钥交换，Hello,world! 加密后发了过去，又回来了。`,
    notTls: (port) =>
      `来自端口 ${port} 的连接发来的字节不是 TLS：服务器首先等的是 ClientHello。请用 TLS 连接（connect --tls）。`,
    failed: (port, why) => `来自端口 ${port} 的握手失败了（${why}）。你的客户端信任课堂 CA（socketlab-ca.pem）吗？`,
    rsaTitle: '用 RSA 密钥交换完成一次 TLS 1.2 握手',
    connectRsa:
      '用 TLS 1.2 连接 rsa 服务器；它只接受 TLS_RSA_WITH_AES_128_CBC_SHA（OpenSSL 里叫 AES128-SHA），所以要让客户端提供这个套件（openssl s_client -cipher AES128-SHA，Python 用 set_ciphers）。',
    rsaFailed: (port, why) =>
      `来自端口 ${port} 的握手失败了（${why}）。rsa 服务器只接受 TLS_RSA_WITH_AES_128_CBC_SHA（OpenSSL 里叫 AES128-SHA）：让你的客户端提供它。`,
    rsaDone: (port) =>
      `你的客户端从端口 ${port} 与 rsa 服务器用 TLS_RSA_WITH_AES_128_CBC_SHA 完成了 TLS 1.2 握手：预主密钥由客户端选定，用证书里的 RSA 公钥加密后发给服务器，所以谁拿到这把私钥，谁就能解密这条连接，哪怕是多年以后。`,
    bothTitle: '在抓包里看到两种密钥交换',
    needsCapture: '每次握手发了哪些消息，只有在抓包里才看得到。',
    noneYet: '你的抓包里还没有与任何一台服务器完成的 TLS 1.2 握手。',
    ecdheOnly: (port) =>
      `你的抓包里有来自端口 ${port} 的 ECDHE 握手，带着 ServerKeyExchange；现在再与 rsa 服务器完成一次握手。`,
    rsaOnly: (port) =>
      `你的抓包里有来自端口 ${port} 的 RSA 握手，没有 ServerKeyExchange；现在再与 ecdhe 服务器完成一次握手。`,
    both: (ecdhe, rsa) =>
      `两种都有了：来自端口 ${ecdhe} 的连接里，ecdhe 服务器在 ServerKeyExchange 里签名发出了临时生成的密钥交换参数，客户端回以自己的公钥值；来自端口 ${rsa} 的连接里，rsa 服务器没有发这条消息，客户端的 ClientKeyExchange 里装的就是密钥本身，用证书的公钥加了密。在握手视图里对照看看。`,
  },
});

/** Why a record's handshake failed, for the student: the server's failure code, or `?`. */
function failureOf(record: ConnectionRecord): string | undefined {
  return record.tls?.failure;
}

/** The verdict on the latest failed attempt, if the latest attempt failed. */
function latestFailure(
  records: readonly ConnectionRecord[],
  failedText: (port: number, why: string) => Localized,
): CheckVerdict | undefined {
  const latest = latestRecord(records);
  const failure = latest === undefined ? undefined : failureOf(latest);
  if (latest === undefined || failure === undefined || latest.secure === true) return undefined;
  const port = portOf(latest.peer);
  return pending(failure === 'not-tls' ? TEXT.notTls(port) : failedText(port, failure));
}

const ecdheEcho: CheckDefinition = {
  id: 'ecdhe-echo',
  title: TEXT.ecdheTitle,
  evaluate(context) {
    const records = recordsOf(context, ECDHE);
    const done = records.find((record) => record.secure === true && echoedGreeting(record));
    if (done !== undefined) return passed(TEXT.ecdheDone(portOf(done.peer)));
    const secure = latestRecord(records.filter((record) => record.secure === true));
    return (
      latestFailure(records, TEXT.failed) ??
      (secure === undefined ? pending(TEXT.connectEcdhe) : pending(TEXT.sendGreeting(portOf(secure.peer))))
    );
  },
};

const rsaHandshake: CheckDefinition = {
  id: 'rsa-handshake',
  title: TEXT.rsaTitle,
  evaluate(context) {
    const records = recordsOf(context, RSA);
    const done = records.find((record) => record.secure === true);
    if (done !== undefined) return passed(TEXT.rsaDone(portOf(done.peer)));
    return latestFailure(records, TEXT.rsaFailed) ?? pending(TEXT.connectRsa);
  },
};

/** A completed TLS 1.2 handshake whose key exchange is `kind`, read from its messages. */
function showsKeyExchange(handshake: TlsHandshake, kind: 'ecdhe' | 'rsa'): boolean {
  if (!handshake.complete || handshake.version !== 'TLS 1.2') return false;
  const keyExchange = messageOf(handshake, 'client_key_exchange', 'to-server');
  if (keyExchange === undefined) return false;
  const signed = messageOf(handshake, 'server_key_exchange', 'from-server') !== undefined;
  return kind === 'ecdhe' ? signed && keyExchange.keyExchange !== 'rsa' : !signed;
}

const sawBoth: CheckDefinition = {
  id: 'saw-both',
  title: TEXT.bothTitle,
  evaluate(context) {
    if (!context.captureRunning) return pending(sentences(TEXT.needsCapture, CAPTURE_OFF));
    const ecdhe = newestWhere(handshakesOf(context, ECDHE), (handshake) => showsKeyExchange(handshake, 'ecdhe'));
    const rsa = newestWhere(handshakesOf(context, RSA), (handshake) => showsKeyExchange(handshake, 'rsa'));
    if (ecdhe !== undefined && rsa !== undefined) {
      return passed(TEXT.both(portOf(ecdhe.client), portOf(rsa.client)));
    }
    if (ecdhe !== undefined) return pending(TEXT.ecdheOnly(portOf(ecdhe.client)));
    if (rsa !== undefined) return pending(TEXT.rsaOnly(portOf(rsa.client)));
    return pending(TEXT.noneYet);
  },
};

export const checks: readonly CheckDefinition[] = [ecdheEcho, rsaHandshake, sawBoth];
