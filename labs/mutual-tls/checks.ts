/**
 * The checks of lab `mutual-tls`: a connection to the mTLS echo server without a client certificate was refused
 * during the handshake (TLS 1.3: the server asked with a CertificateRequest, the client's Certificate came empty,
 * and the server ended the handshake with an alert, RFC 8446 §4.4.2.4), then one with the session's own
 * certificate completed and the server echoed Hello,world! through it. Both read the server's records (the failure
 * `no-client-certificate`, or the client certificate it accepted), so they pass without capture; the capture's alert
 * counts too. No verdict names the alert or the request message: the questions ask for them.
 */

import { localized } from '../../src/common/localized';
import type { CheckDefinition, ConnectionRecord } from '../../src/lab-kit';
import { passed, pending } from '../../src/lab-kit';
import { echoedGreeting, handshakesOf, latestRecord, newestWhere, portOf, recordsOf } from '../common/tls-handshakes';

export const MTLS = 'mtls';

const TEXT = localized({
  en: {
    refusedTitle: 'Connect without a client certificate, and be refused',
    connectBare:
      'Connect to the mtls server without a client certificate (connect --tls mtls): the server will ask for one.',
    refused: (port: number) =>
      `The mtls server refused your connection from port ${port} during the handshake: it asked for a client certificate, and none came.`,
    otherFailure: (port: number, why: string) =>
      `The handshake from port ${port} failed for another reason (${why}). For this step, connect with no certificate at all.`,
    acceptedBare: (port: number) =>
      `The connection from port ${port} completed: did it carry a certificate after all? For this step, connect with none.`,
    mineTitle: 'Connect with your own certificate and get Hello,world! back',
    connectMine:
      'Connect again with the certificate and key the lab panel gave you (connect --tls --cert mine mtls, or client.pem and client.key in your program), and send Hello,world!.',
    untrusted: (port: number, subject: string) =>
      `The server did not accept the certificate ${subject} from port ${port}: it does not chain to the class CA. Use the certificate the lab panel gave you.`,
    strangerCa: (port: number) =>
      `The server refused the certificate from port ${port} and closed the connection: its issuer is not a CA the server trusts. Use the certificate the lab panel gave you.`,
    sendGreeting: (port: number, subject: string) =>
      `The server accepted your certificate ${subject} from port ${port}; now send Hello,world! and read the echo.`,
    mine: (port: number, subject: string) =>
      `From port ${port} your client proved it holds the key of ${subject}, a certificate the class CA issued, and the server echoed Hello,world!: both ends know who the other is.`,
  },
  'zh-Hans': {
    refusedTitle: '不带客户端证书连接，被服务器拒绝',
    connectBare: '不带客户端证书连接 mtls 服务器（connect --tls mtls）：服务器会向你要证书。',
    refused: (port) => `mtls 服务器在握手过程中拒绝了你来自端口 ${port} 的连接：它要求出示客户端证书，而你没有给。`,
    otherFailure: (port, why) => `来自端口 ${port} 的握手因为别的原因失败了（${why}）。这一步请完全不带证书去连接。`,
    acceptedBare: (port) => `来自端口 ${port} 的连接完成了握手：它是不是带了证书？这一步请不带证书去连接。`,
    mineTitle: '用你自己的证书连接，并收到 Hello,world! 的回显',
    connectMine:
      '用实验面板给你的证书和私钥再连一次（connect --tls --cert mine mtls，或者在你的程序里用 client.pem 和 client.key），然后发送 Hello,world!。',
    untrusted: (port, subject) =>
      `服务器没有接受来自端口 ${port} 的证书 ${subject}：它不能链到课堂 CA。请使用实验面板给你的证书。`,
    strangerCa: (port) =>
      `服务器拒绝了来自端口 ${port} 的证书：签发它的 CA 不是服务器信任的。请使用实验面板给你的证书。`,
    sendGreeting: (port, subject) =>
      `服务器接受了你来自端口 ${port} 的证书 ${subject}；现在发送 Hello,world!，并读取回显。`,
    mine: (port, subject) =>
      `你的客户端从端口 ${port} 证明了自己持有 ${subject} 的私钥，这张证书由课堂 CA 签发，服务器也回显了 Hello,world!：两端都知道对方是谁了。`,
  },
});

/** The server refused it for want of a client certificate: its own record says so, or its alert in the capture. */
function refusedForNoCertificate(record: ConnectionRecord): boolean {
  return record.tls?.failure === 'no-client-certificate' || record.tls?.failure === 'alert:certificate_required';
}

const refusedCheck: CheckDefinition = {
  id: 'refused-without-certificate',
  title: TEXT.refusedTitle,
  evaluate(context) {
    const records = recordsOf(context, MTLS);
    const refused = records.find(refusedForNoCertificate);
    if (refused !== undefined) return passed(TEXT.refused(portOf(refused.peer)));
    const alerted = newestWhere(
      handshakesOf(context, MTLS),
      (handshake) =>
        handshake.alert?.from === 'from-server' && handshake.alert.description.name === 'certificate_required',
    );
    if (alerted !== undefined) return passed(TEXT.refused(portOf(alerted.client)));
    const latest = latestRecord(records);
    if (latest === undefined) return pending(TEXT.connectBare);
    const port = portOf(latest.peer);
    if (latest.secure === true) return pending(TEXT.acceptedBare(port));
    const failure = latest.tls?.failure;
    return failure === undefined ? pending(TEXT.connectBare) : pending(TEXT.otherFailure(port, failure));
  },
};

const mineCheck: CheckDefinition = {
  id: 'with-own-certificate',
  title: TEXT.mineTitle,
  evaluate(context) {
    const records = recordsOf(context, MTLS);
    const accepted = records.filter(
      (record) =>
        record.secure === true &&
        record.tls?.clientCertificate !== undefined &&
        record.tls.clientCertificateTrusted !== false,
    );
    const done = accepted.find(echoedGreeting);
    if (done !== undefined) return passed(TEXT.mine(portOf(done.peer), `CN=${done.tls?.clientCertificate ?? '?'}`));
    const latestAccepted = latestRecord(accepted);
    if (latestAccepted !== undefined) {
      return pending(
        TEXT.sendGreeting(portOf(latestAccepted.peer), `CN=${latestAccepted.tls?.clientCertificate ?? '?'}`),
      );
    }
    const latest = latestRecord(records);
    if (latest?.tls?.clientCertificate !== undefined && latest.tls.clientCertificateTrusted === false) {
      return pending(TEXT.untrusted(portOf(latest.peer), `CN=${latest.tls.clientCertificate}`));
    }
    const failure = latest?.tls?.failure;
    if (latest !== undefined && (failure === 'untrusted-client-certificate' || failure === 'alert:unknown_ca')) {
      return pending(TEXT.strangerCa(portOf(latest.peer)));
    }
    return pending(TEXT.connectMine);
  },
};

export const checks: readonly CheckDefinition[] = [refusedCheck, mineCheck];
