/**
 * The checks of lab `tls13-handshake`: a TLS 1.3 handshake with the echo server completed and Hello,world! came
 * back through it (from the server's own record, capture or not), and the capture, read with the session's keys,
 * shows the messages TLS 1.3 encrypts: everything after the ServerHello (RFC 8446 §2), the server's Certificate
 * among them. A handshake read without keys says why. No verdict names the suite or group the server chose.
 */

import { localized, sentences, verbatim } from '../../src/common/localized';
import type { CheckDefinition } from '../../src/lab-kit';
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

export const ECHO = 'echo';

const TEXT = localized({
  en: {
    echoTitle: 'Complete a TLS 1.3 handshake and get Hello,world! back',
    connect:
      'Connect to the echo server with TLS 1.3 (connect --tls --tls1.3 echo, or a program of your own) and send Hello,world!.',
    sendGreeting: (port: number) =>
      `The TLS 1.3 handshake from port ${port} completed; now send Hello,world! through it and read the echo.`,
    older: (port: number, version: string) =>
      `The connection from port ${port} negotiated ${version}, not TLS 1.3: let your client offer TLS 1.3 (it is the default of every current library).`,
    failed: (port: number, why: string) =>
      `The handshake from port ${port} failed (${why}). Does your client trust the class CA (socketlab-ca.pem)?`,
    echoDone: (port: number) =>
      `From port ${port} your client and the echo server agreed on TLS 1.3 in one round trip, and Hello,world! went through encrypted and came back.`,
    encryptedTitle: 'See the encrypted handshake messages in your capture',
    needsCapture: 'What TLS 1.3 encrypts shows only in the capture, read with the session’s keys.',
    noneYet: 'Your capture has no completed TLS 1.3 handshake with the echo server yet.',
    noKeys: (port: number) => `The handshake from port ${port} could not be read with keys:`,
    encrypted: (port: number) =>
      `In the handshake from port ${port}, every message after the ServerHello travelled encrypted, the server's certificate among them; the lab read them with the session's keys. Without those keys your capture shows them only as Application Data records.`,
  },
  'zh-Hans': {
    echoTitle: '完成一次 TLS 1.3 握手，并收到 Hello,world! 的回显',
    connect: '用 TLS 1.3 连接回显服务器（connect --tls --tls1.3 echo，或者你自己的程序），然后发送 Hello,world!。',
    sendGreeting: (port) => `来自端口 ${port} 的 TLS 1.3 握手已经完成；现在通过它发送 Hello,world!，并读取回显。`,
    older: (port, version) =>
      `来自端口 ${port} 的连接协商出的是 ${version}，不是 TLS 1.3：让你的客户端提供 TLS 1.3（现在所有的库默认都提供）。`,
    failed: (port, why) => `来自端口 ${port} 的握手失败了（${why}）。你的客户端信任课堂 CA（socketlab-ca.pem）吗？`,
    echoDone: (port) =>
      `你的客户端从端口 ${port} 与回显服务器用一个往返商定了 TLS 1.3，Hello,world! 加密后发了过去，又回来了。`,
    encryptedTitle: '在抓包里看到加密的握手消息',
    needsCapture: 'TLS 1.3 加密了哪些内容，只有用本会话的密钥读抓包才看得到。',
    noneYet: '你的抓包里还没有与回显服务器完成的 TLS 1.3 握手。',
    noKeys: (port) => `来自端口 ${port} 的握手无法用密钥读出：`,
    encrypted: (port) =>
      `在来自端口 ${port} 的握手里，ServerHello 之后的每一条消息都是加密传输的，服务器的证书也在其中；实验用本会话的密钥读出了它们。没有这些密钥，你的抓包里只能看到一条条 Application Data 记录。`,
  },
});

const echoCheck: CheckDefinition = {
  id: 'tls13-echo',
  title: TEXT.echoTitle,
  evaluate(context) {
    const records = recordsOf(context, ECHO);
    const done = records.find(
      (record) => record.secure === true && record.tls?.version === 'TLSv1.3' && echoedGreeting(record),
    );
    if (done !== undefined) return passed(TEXT.echoDone(portOf(done.peer)));
    const latest = latestRecord(records);
    if (latest === undefined) return pending(TEXT.connect);
    const port = portOf(latest.peer);
    const failure = latest.tls?.failure;
    if (latest.secure !== true && failure !== undefined) return pending(TEXT.failed(port, failure));
    const version = latest.tls?.version;
    if (version !== undefined && version !== 'TLSv1.3') return pending(TEXT.older(port, version));
    return latest.secure === true ? pending(TEXT.sendGreeting(port)) : pending(TEXT.connect);
  },
};

/** A complete TLS 1.3 handshake whose server Certificate was read from an encrypted record. */
function showsEncryptedCertificate(handshake: TlsHandshake): boolean {
  return (
    handshake.complete &&
    handshake.version === 'TLS 1.3' &&
    messageOf(handshake, 'certificate', 'from-server')?.encrypted === true
  );
}

const encryptedCheck: CheckDefinition = {
  id: 'saw-encrypted',
  title: TEXT.encryptedTitle,
  evaluate(context) {
    if (!context.captureRunning) return pending(sentences(TEXT.needsCapture, CAPTURE_OFF));
    const handshakes = handshakesOf(context, ECHO);
    const read = newestWhere(handshakes, showsEncryptedCertificate);
    if (read !== undefined) return passed(TEXT.encrypted(portOf(read.client)));
    const unread = newestWhere(handshakes, (handshake) => handshake.undecrypted !== undefined);
    if (unread?.undecrypted !== undefined) {
      return pending(sentences(TEXT.noKeys(portOf(unread.client)), verbatim(unread.undecrypted)));
    }
    return pending(TEXT.noneYet);
  },
};

export const checks: readonly CheckDefinition[] = [echoCheck, encryptedCheck];
