/**
 * The capture questions of lab `tls12-handshake`, judged against this student's own handshakes as the lab server
 * read them from the capture: the suite the ecdhe server chose (IANA's or OpenSSL's name, or the code point), the
 * message that carries the premaster secret with the rsa server (ClientKeyExchange, RFC 5246 §7.4.7.1), the named
 * group of the ecdhe server's ServerKeyExchange (RFC 8422 §5.4), and how many messages the ecdhe server's first
 * flight held, ServerHello to ServerHelloDone, counted in the student's own handshake. A wrong answer gets a hint
 * about where to look, never the answer.
 */

import { localized } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import type { TlsHandshake, TlsMessage } from '../../src/protocol';
import { readNumber } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { isTls13Suite, openSslName, readCipherSuite, readGroup, readMessage } from '../common/tls-answers';
import { handshakesOf, messageOf, newestWhere, portOf } from '../common/tls-handshakes';
import { ECDHE, RSA, RSA_SUITE } from './checks';

const TEXT = localized({
  en: {
    noEcdhe:
      'Your capture has no TLS 1.2 handshake with the ecdhe server yet: connect to it (connect --tls --tls1.2 ecdhe).',
    noRsa:
      'Your capture has no TLS 1.2 handshake with the rsa server that got as far as the ClientKeyExchange yet: connect to it with AES128-SHA offered.',
    suitePrompt: 'Which cipher suite did the ecdhe server choose for your latest connection to it?',
    suiteFormat: 'a cipher suite: its IANA name (TLS_…) or its OpenSSL name',
    notASuite:
      'Answer with a cipher suite’s name, as the ServerHello shows it (TLS_ECDHE_…) or as OpenSSL prints it (ECDHE-…).',
    suiteRight: (port: number, iana: string, openssl: string) =>
      `Right: in the ServerHello of your connection from port ${port} the server chose ${iana} (OpenSSL calls it ${openssl}) from the list your ClientHello offered. The name spells out the whole choice: the key exchange (ECDHE), how the server proves it (RSA, its certificate's key), the cipher that protects the records, and the hash.`,
    offeredOnly:
      'Your client offered that suite in its ClientHello, but the server chose another one from the list. The choice is in the ServerHello.',
    rsaSuite:
      'That is the only suite of the rsa server. The question asks about your latest connection to the ecdhe server: open its ServerHello.',
    tls13Suite:
      'That is a TLS 1.3 suite, and the ecdhe server speaks only TLS 1.2. Open the ServerHello of your connection to it.',
    suiteOther: 'Open the ServerHello of your latest connection to the ecdhe server, and read its Cipher Suite field.',
    premasterPrompt: 'With the rsa server, in which handshake message does your client’s premaster secret travel?',
    premasterFormat: 'the name of a handshake message',
    notAMessage: 'Answer with a handshake message’s name, as the handshake view lists them.',
    premasterRight: (port: number) =>
      `Right: on your connection from port ${port} the client picked the 48-byte premaster secret itself and sent it in the ClientKeyExchange, encrypted to the RSA key of the server's certificate. Whoever gets that private key can decrypt the secret from a recording, and with it every record of the connection: no forward secrecy.`,
    noServerKeyExchange:
      'With the RSA key exchange the server sends no ServerKeyExchange at all: look at the rsa server’s first flight. The secret travels the other way, from your client.',
    certificateCarriesKey:
      'The server’s Certificate carries the public key that encrypts the secret, but not the secret: the client chooses that, and sends it in one of its own messages.',
    helloOnlyRandom: 'The hellos carry only the two randoms and the choices; the secret comes later, from your client.',
    tooLate:
      'By then both sides have already made the master secret from the premaster secret. Look at your client’s messages before its ChangeCipherSpec.',
    premasterOther:
      'Look at the messages your client sent to the rsa server between the ServerHelloDone and its ChangeCipherSpec.',
    groupPrompt: 'Which named group (curve) did the ecdhe server’s ServerKeyExchange use on your latest connection?',
    groupFormat: 'a named group, as the handshake view shows it',
    notAGroup: 'Answer with a named group, as the ServerKeyExchange’s Named Curve field shows it.',
    groupRight: (port: number, group: string) =>
      `Right: on your connection from port ${port} the server generated a fresh key pair on ${group} for this one connection, signed its public half with the certificate's key in the ServerKeyExchange, and forgot the private half when the handshake was done. That is what gives ECDHE forward secrecy.`,
    groupOther:
      'Open the ServerKeyExchange of your latest connection to the ecdhe server and read its Named Curve field.',
    flightPrompt:
      'How many handshake messages did the ecdhe server send in its first flight, from the ServerHello to the ServerHelloDone, on your latest connection?',
    flightFormat: 'a number',
    notANumber: 'Answer with a number.',
    flightRight: (count: number, names: string) =>
      `Right: ${count} messages, ${names}, all sent before the server hears from the client again. The ServerHelloDone carries nothing but the turn: now the client speaks.`,
    flightOneShort: 'Count both ends too: the ServerHello and the ServerHelloDone are messages of the flight.',
    flightRsa:
      'That is how many the rsa server sends. Count the messages from the ecdhe server in your latest connection to it, in the handshake view.',
    flightOther:
      'Count the messages the ecdhe server sent on your latest connection, from its ServerHello to its ServerHelloDone, in the handshake view: messages, not TCP segments or records.',
  },
  'zh-Hans': {
    noEcdhe: '你的抓包里还没有与 ecdhe 服务器的 TLS 1.2 握手：先连上它（connect --tls --tls1.2 ecdhe）。',
    noRsa: '你的抓包里还没有与 rsa 服务器进行到 ClientKeyExchange 的 TLS 1.2 握手：提供 AES128-SHA 套件去连接它。',
    suitePrompt: '在你最近一次连接 ecdhe 服务器时，服务器选中了哪个密码套件？',
    suiteFormat: '一个密码套件：IANA 名称（TLS_…）或 OpenSSL 名称',
    notASuite:
      '请写一个密码套件的名称，按 ServerHello 里显示的写法（TLS_ECDHE_…），或按 OpenSSL 打印的写法（ECDHE-…）。',
    suiteRight: (port, iana, openssl) =>
      `正确：在你来自端口 ${port} 的连接的 ServerHello 里，服务器从你的 ClientHello 提供的列表中选中了 ${iana}（OpenSSL 叫它 ${openssl}）。名称里写明了整套选择：密钥交换（ECDHE）、服务器如何证明身份（RSA，即证书的密钥）、保护记录的加密算法，以及哈希算法。`,
    offeredOnly: '你的客户端在 ClientHello 里提供了这个套件，但服务器从列表里选了另一个。选择结果在 ServerHello 里。',
    rsaSuite: '这是 rsa 服务器唯一的套件。问题问的是你最近一次连接 ecdhe 服务器：打开那次连接的 ServerHello。',
    tls13Suite: '这是 TLS 1.3 的套件，而 ecdhe 服务器只说 TLS 1.2。打开你连接它时的 ServerHello。',
    suiteOther: '打开你最近一次连接 ecdhe 服务器的 ServerHello，读它的 Cipher Suite 字段。',
    premasterPrompt: '与 rsa 服务器握手时，你的客户端的预主密钥放在哪一条握手消息里发出？',
    premasterFormat: '一条握手消息的名称',
    notAMessage: '请写一条握手消息的名称，按握手视图里列出的写法。',
    premasterRight: (port) =>
      `正确：在你来自端口 ${port} 的连接上，48 字节的预主密钥由客户端自己选定，用服务器证书里的 RSA 公钥加密后，放在 ClientKeyExchange 里发出。谁拿到这把私钥，谁就能从录下的流量里解出这个密钥，进而解密这条连接的每一条记录：没有前向保密。`,
    noServerKeyExchange:
      '用 RSA 密钥交换时，服务器根本不发 ServerKeyExchange：看看 rsa 服务器的第一批消息。密钥是反方向走的，由你的客户端发出。',
    certificateCarriesKey:
      '服务器的 Certificate 里装的是用来加密这个密钥的公钥，而不是密钥本身：密钥由客户端选定，放在客户端自己的一条消息里发出。',
    helloOnlyRandom: '两条 Hello 消息里只有双方的随机数和各项选择；密钥是后来由你的客户端发出的。',
    tooLate: '到那时双方早已用预主密钥算出了主密钥。看看你的客户端在它的 ChangeCipherSpec 之前发的消息。',
    premasterOther: '看看你的客户端在 ServerHelloDone 之后、它的 ChangeCipherSpec 之前发给 rsa 服务器的消息。',
    groupPrompt: '在你最近一次连接时，ecdhe 服务器的 ServerKeyExchange 用的是哪个命名组（曲线）？',
    groupFormat: '一个命名组，按握手视图里显示的写法',
    notAGroup: '请写一个命名组，按 ServerKeyExchange 的 Named Curve 字段显示的写法。',
    groupRight: (port, group) =>
      `正确：在你来自端口 ${port} 的连接上，服务器只为这一条连接在 ${group} 上临时生成了一对密钥，在 ServerKeyExchange 里用证书的密钥对公钥部分签名，握手结束后就把私钥部分丢掉了。ECDHE 的前向保密就是这样来的。`,
    groupOther: '打开你最近一次连接 ecdhe 服务器的 ServerKeyExchange，读它的 Named Curve 字段。',
    flightPrompt:
      '在你最近一次连接时，ecdhe 服务器的第一批消息（从 ServerHello 到 ServerHelloDone）一共有多少条握手消息？',
    flightFormat: '一个数字',
    notANumber: '请用数字作答。',
    flightRight: (count, names) =>
      `正确：${count} 条消息，${names}，都是在服务器再次收到客户端消息之前发出的。ServerHelloDone 除了交出发言权之外什么也不带：现在轮到客户端了。`,
    flightOneShort: '两头也要算上：ServerHello 和 ServerHelloDone 都是这一批里的消息。',
    flightRsa: '这是 rsa 服务器发的条数。在握手视图里数一数你最近一次连接 ecdhe 服务器时它发的消息。',
    flightOther:
      '在握手视图里数一数 ecdhe 服务器在你最近一次连接上发的消息，从它的 ServerHello 到它的 ServerHelloDone：数的是消息，不是 TCP 报文段，也不是记录。',
  },
});

/** The handshake a question is about, or the verdict when there is none to judge by. */
function about(
  context: CheckContext,
  server: string,
  test: (handshake: TlsHandshake) => boolean,
  none: CheckVerdict,
): TlsHandshake | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  return (
    newestWhere(handshakesOf(context, server), (handshake) => handshake.version === 'TLS 1.2' && test(handshake)) ??
    none
  );
}

function isVerdict(value: TlsHandshake | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

export const chosenSuite: QuestionDefinition = {
  id: 'chosen-suite',
  prompt: TEXT.suitePrompt,
  format: TEXT.suiteFormat,
  evaluate(context, answer) {
    const handshake = about(context, ECDHE, (candidate) => candidate.cipherSuite !== undefined, pending(TEXT.noEcdhe));
    if (isVerdict(handshake)) return handshake;
    const chosen = handshake.cipherSuite;
    if (chosen === undefined) return pending(TEXT.noEcdhe);
    const offered = messageOf(handshake, 'client_hello', 'to-server')?.cipherSuites ?? [];
    const reading = readCipherSuite(answer, [chosen, ...offered]);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notASuite);
    const suite = reading.value;
    if (suite === chosen.name) {
      return passed(TEXT.suiteRight(portOf(handshake.client), chosen.name, openSslName(chosen.name)));
    }
    if (suite === RSA_SUITE) return failed(TEXT.rsaSuite);
    if (isTls13Suite(suite)) return failed(TEXT.tls13Suite);
    if (offered.some((candidate) => candidate.name === suite)) return failed(TEXT.offeredOnly);
    return failed(TEXT.suiteOther);
  },
};

export const premasterMessage: QuestionDefinition = {
  id: 'premaster-message',
  prompt: TEXT.premasterPrompt,
  format: TEXT.premasterFormat,
  evaluate(context, answer) {
    const handshake = about(
      context,
      RSA,
      (candidate) => messageOf(candidate, 'client_key_exchange', 'to-server') !== undefined,
      pending(TEXT.noRsa),
    );
    if (isVerdict(handshake)) return handshake;
    const reading = readMessage(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notAMessage);
    switch (reading.value) {
      case 'client_key_exchange':
        return passed(TEXT.premasterRight(portOf(handshake.client)));
      case 'server_key_exchange':
        return failed(TEXT.noServerKeyExchange);
      case 'certificate':
        return failed(TEXT.certificateCarriesKey);
      case 'client_hello':
      case 'server_hello':
        return failed(TEXT.helloOnlyRandom);
      case 'change_cipher_spec':
      case 'finished':
        return failed(TEXT.tooLate);
      default:
        return failed(TEXT.premasterOther);
    }
  },
};

/** The ecdhe server's ServerKeyExchange of a handshake, with its named group. */
function serverKeyExchange(handshake: TlsHandshake): TlsMessage | undefined {
  const message = messageOf(handshake, 'server_key_exchange', 'from-server');
  return message?.namedGroup === undefined ? undefined : message;
}

export const namedGroup: QuestionDefinition = {
  id: 'named-group',
  prompt: TEXT.groupPrompt,
  format: TEXT.groupFormat,
  evaluate(context, answer) {
    const handshake = about(
      context,
      ECDHE,
      (candidate) => serverKeyExchange(candidate) !== undefined,
      pending(TEXT.noEcdhe),
    );
    if (isVerdict(handshake)) return handshake;
    const group = serverKeyExchange(handshake)?.namedGroup;
    if (group === undefined) return pending(TEXT.noEcdhe);
    const reading = readGroup(answer, [group]);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notAGroup);
    if (reading.value === group.name) return passed(TEXT.groupRight(portOf(handshake.client), group.name));
    return failed(TEXT.groupOther);
  },
};

/** Handshake view names of the message types a TLS 1.2 server's first flight can hold. */
const FLIGHT_NAMES: Readonly<Partial<Record<TlsMessage['type'], string>>> = {
  server_hello: 'ServerHello',
  certificate: 'Certificate',
  server_key_exchange: 'ServerKeyExchange',
  certificate_request: 'CertificateRequest',
  server_hello_done: 'ServerHelloDone',
};

/** The server's messages from its ServerHello to its ServerHelloDone, or undefined when the flight is not whole. */
export function firstFlight(handshake: TlsHandshake): TlsMessage[] | undefined {
  const fromServer = handshake.messages.filter(
    (message) => message.direction === 'from-server' && message.type !== 'change_cipher_spec',
  );
  const start = fromServer.findIndex((message) => message.type === 'server_hello');
  const end = fromServer.findIndex((message) => message.type === 'server_hello_done');
  return start === -1 || end < start ? undefined : fromServer.slice(start, end + 1);
}

export const firstFlightCount: QuestionDefinition = {
  id: 'first-flight',
  prompt: TEXT.flightPrompt,
  format: TEXT.flightFormat,
  evaluate(context, answer) {
    const handshake = about(context, ECDHE, (candidate) => firstFlight(candidate) !== undefined, pending(TEXT.noEcdhe));
    if (isVerdict(handshake)) return handshake;
    const flight = firstFlight(handshake) ?? [];
    const reading = readNumber(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    if (reading.value === flight.length) {
      const names = flight.map((message) => FLIGHT_NAMES[message.type] ?? message.type).join(', ');
      return passed(TEXT.flightRight(flight.length, names));
    }
    const rsa = newestWhere(handshakesOf(context, RSA), (candidate) => firstFlight(candidate) !== undefined);
    if (rsa !== undefined && reading.value === firstFlight(rsa)?.length) return failed(TEXT.flightRsa);
    if (reading.value === flight.length - 1 || reading.value === flight.length - 2) return failed(TEXT.flightOneShort);
    return failed(TEXT.flightOther);
  },
};

export const questions: readonly QuestionDefinition[] = [chosenSuite, premasterMessage, namedGroup, firstFlightCount];
