/**
 * The capture questions of lab `mutual-tls`, judged against this student's own handshakes with the mTLS server as
 * the lab read them with the session's keys (in TLS 1.3 both messages travel encrypted): which message carries the
 * server's request for a client certificate (CertificateRequest, RFC 8446 §4.3.2), and what the server sent when the
 * client's Certificate came empty (the alert the student's own capture shows: `certificate_required`, 116, from a
 * TLS 1.3 server, §4.4.2.4). A wrong answer gets a hint about where to look, never the answer.
 */

import { localized } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import type { TlsHandshake } from '../../src/protocol';
import { captureOff } from '../common/capture-notes';
import { messagesNamed, readAlert, readMessage } from '../common/tls-answers';
import { handshakesOf, messageOf, newestWhere, portOf } from '../common/tls-handshakes';
import { MTLS } from './checks';

const TEXT = localized({
  en: {
    noRequest:
      'Your capture has no handshake with the mtls server read with keys yet: connect to it (connect --tls mtls).',
    noAlert:
      'Your capture has no handshake the mtls server ended with an alert yet: connect to it without a certificate (connect --tls mtls).',
    requestPrompt: 'Which handshake message carries the server’s request for your certificate?',
    requestFormat: 'the name of a handshake message',
    notAMessage: 'Answer with a handshake message’s name, as the handshake view lists them.',
    requestRight: (port: number) =>
      `Right: on your connection from port ${port} the server sent a CertificateRequest right after its EncryptedExtensions, encrypted like the rest of its flight. It lists the signature algorithms it accepts, and may name the CAs it trusts, so a client with several certificates can pick the right one.`,
    clientAnswers:
      'That is what your client answers with: its certificate, or an empty list. The request comes earlier, from the server.',
    helloOffers:
      'The hellos do not ask for a certificate. Look at the server’s encrypted messages after its ServerHello.',
    requestOther: 'Look at the server’s encrypted messages between its EncryptedExtensions and its own Certificate.',
    alertPrompt: 'What did the server send when your client gave it no certificate?',
    alertFormat: 'an alert’s name or its number',
    notAnAlert: 'Answer with the alert, by its name (as the handshake view shows it) or its number.',
    whichAlert: 'Yes, an alert; but which one? Give its description, as the handshake view shows it.',
    alertRight: (port: number, alert: string, code: number) =>
      `Right: on your connection from port ${port} the server answered your empty Certificate with a fatal alert ${alert} (${code}) and closed. In TLS 1.3 your client had already sent its Finished and thought the handshake done, so it learns of the refusal only on its next read: that is where your program's error comes from.`,
    wrongCa:
      'That is what a server may send for a certificate from a CA it does not trust. Your client sent no certificate at all: look at the alert of that connection.',
    olderAlert:
      'A TLS 1.2 server often says that when a certificate is missing. TLS 1.3 has an alert of its own for it: look at the alert your capture shows.',
    alertOther:
      'Open the alert at the end of your latest refused connection to the mtls server in the handshake view, and read its description.',
  },
  'zh-Hans': {
    noRequest: '你的抓包里还没有用密钥读出的、与 mtls 服务器的握手：先连上它（connect --tls mtls）。',
    noAlert: '你的抓包里还没有被 mtls 服务器用告警结束的握手：不带证书连接它（connect --tls mtls）。',
    requestPrompt: '服务器要你出示证书的请求，放在哪一条握手消息里？',
    requestFormat: '一条握手消息的名称',
    notAMessage: '请写一条握手消息的名称，按握手视图里列出的写法。',
    requestRight: (port) =>
      `正确：在你来自端口 ${port} 的连接上，服务器紧跟在 EncryptedExtensions 之后发出了 CertificateRequest，和它这一批的其他消息一样是加密的。里面列出它接受的签名算法，还可以写明它信任的 CA，好让持有多张证书的客户端挑对那一张。`,
    clientAnswers: '这是你的客户端回应的消息：它的证书，或者一个空列表。请求在更早的时候由服务器发出。',
    helloOffers: '两条 Hello 消息并不要求证书。看看服务器在 ServerHello 之后发出的加密消息。',
    requestOther: '看看服务器在它的 EncryptedExtensions 和它自己的 Certificate 之间发出的加密消息。',
    alertPrompt: '你的客户端没有给证书时，服务器发回了什么？',
    alertFormat: '告警的名称或编号',
    notAnAlert: '请写出这个告警，用它的名称（按握手视图里显示的写法）或编号。',
    whichAlert: '对，是一个告警；但是哪一个？写出它的描述，按握手视图里显示的写法。',
    alertRight: (port, alert, code) =>
      `正确：在你来自端口 ${port} 的连接上，服务器用致命告警 ${alert}（${code}）回应了你的空 Certificate，然后关闭了连接。在 TLS 1.3 里，你的客户端那时已经发出了 Finished，以为握手已经完成，所以要到下一次读数据时才知道被拒绝了：你的程序报的错就是从那里来的。`,
    wrongCa:
      '这是服务器收到一张由它不信任的 CA 签发的证书时发的告警。而你的客户端根本没有发证书：看看那条连接上的告警。',
    olderAlert: 'TLS 1.2 的服务器在缺少证书时常常这样说。TLS 1.3 为此有专门的告警：看看你的抓包里显示的那个。',
    alertOther: '在握手视图里打开你最近一次被 mtls 服务器拒绝的连接末尾的告警，读它的描述。',
  },
});

function latest(
  context: CheckContext,
  test: (handshake: TlsHandshake) => boolean,
  none: CheckVerdict,
): TlsHandshake | CheckVerdict {
  return captureOff(context) ?? newestWhere(handshakesOf(context, MTLS), test) ?? none;
}

function isVerdict(value: TlsHandshake | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

export const requestMessage: QuestionDefinition = {
  id: 'request-message',
  prompt: TEXT.requestPrompt,
  format: TEXT.requestFormat,
  evaluate(context, answer) {
    const handshake = latest(
      context,
      (candidate) => messageOf(candidate, 'certificate_request', 'from-server') !== undefined,
      pending(TEXT.noRequest),
    );
    if (isVerdict(handshake)) return handshake;
    const reading = readMessage(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notAMessage);
    switch (reading.value) {
      case 'certificate_request':
        return passed(TEXT.requestRight(portOf(handshake.client)));
      case 'certificate':
      case 'certificate_verify':
        return failed(TEXT.clientAnswers);
      case 'client_hello':
      case 'server_hello':
        return failed(TEXT.helloOffers);
      default:
        return failed(TEXT.requestOther);
    }
  },
};

export const refusalAlert: QuestionDefinition = {
  id: 'refusal-alert',
  prompt: TEXT.alertPrompt,
  format: TEXT.alertFormat,
  evaluate(context, answer) {
    const handshake = latest(
      context,
      (candidate) => candidate.alert?.from === 'from-server' && candidate.alert.description.name !== 'unknown_ca',
      pending(TEXT.noAlert),
    );
    if (isVerdict(handshake)) return handshake;
    const sent = handshake.alert?.description;
    if (sent === undefined) return pending(TEXT.noAlert);
    const reading = readAlert(answer);
    if (reading.kind === 'unread') {
      if (reading.why !== undefined) return failed(reading.why);
      return failed(messagesNamed(answer).has('alert') ? TEXT.whichAlert : TEXT.notAnAlert);
    }
    if (reading.value === sent.name) return passed(TEXT.alertRight(portOf(handshake.client), sent.name, sent.code));
    if (reading.value === 'unknown_ca') return failed(TEXT.wrongCa);
    if (reading.value === 'bad_certificate' || reading.value === 'handshake_failure') return failed(TEXT.olderAlert);
    return failed(TEXT.alertOther);
  },
};

export const questions: readonly QuestionDefinition[] = [requestMessage, refusalAlert];
