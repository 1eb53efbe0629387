/**
 * The capture questions of lab `tls13-handshake`, judged against this student's own TLS 1.3 handshakes with the
 * echo server: the suite the server chose, where TLS 1.3 sends the server's certificate and why only the keys show
 * it (the Certificate message, encrypted with the handshake traffic keys, RFC 8446 §4.4.2 and §7.1 — both halves are
 * graded), the group of the server's key_share (§4.2.8), and how many round trips the client waits before its first
 * application data: one, or two when the server had to ask for another key share (HelloRetryRequest, §4.1.4).
 * A wrong answer gets a hint about where to look, never the answer.
 */

import { localized } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import type { TlsHandshake } from '../../src/protocol';
import { gradedPart, HEDGES, readFlags, readNumber } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { isTls13Suite, messagesNamed, readCipherSuite, readGroup } from '../common/tls-answers';
import { handshakesOf, messageOf, newestWhere, portOf } from '../common/tls-handshakes';
import { ECHO } from './checks';

const TEXT = localized({
  en: {
    none: 'Your capture has no TLS 1.3 handshake with the echo server yet: connect to it (connect --tls --tls1.3 echo).',
    suitePrompt: 'Which cipher suite did the server choose for your latest TLS 1.3 connection?',
    suiteFormat: 'a cipher suite’s name (TLS_…)',
    notASuite: 'Answer with a cipher suite’s name, as the ServerHello shows it (TLS_…).',
    suiteRight: (port: number, suite: string) =>
      `Right: the ServerHello of your connection from port ${port} names ${suite}. A TLS 1.3 suite names only the record cipher and the hash: the key exchange is the key_share's, and the signature the certificate's.`,
    tls12Suite:
      'That is a TLS 1.2 suite: its name carries a key exchange (ECDHE, RSA). TLS 1.3’s suites are five, all named TLS_ and a cipher. Open the ServerHello.',
    offeredOnly:
      'Your client offered that suite in its ClientHello, but the server chose another. Open the ServerHello.',
    suiteOther: 'Open the ServerHello of your latest TLS 1.3 connection and read its Cipher Suite field.',
    certificatePrompt:
      'In which message does TLS 1.3 send the server’s certificate, and why can you read it only with the keys?',
    certificateFormat: 'the message, and why: both are graded',
    certificateRight: (port: number) =>
      `Right: in the Certificate message, which on your connection from port ${port} came after the EncryptedExtensions, in records already encrypted with the server's handshake traffic key. That key comes from the key_share exchange of the two hellos, so only the two ends have it, and a capture without the session's keys sees only Application Data.`,
    sayWhy: 'Right message. Now say why you need the keys to read it: what protects it on the wire?',
    sayWhere: 'Say in which message the certificate travels, as the handshake view names it.',
    notServerHello:
      'The ServerHello is the last message TLS 1.3 sends in the clear, and it carries no certificate. Look at the server’s messages after it.',
    onlyExtensions:
      'The EncryptedExtensions is the first encrypted message, but the certificate comes in a message of its own after it.',
    verifyIsSignature:
      'That message carries the server’s signature over the handshake, made with the certificate’s key, not the certificate.',
    wherePrompt: 'Look at the server’s encrypted messages after the ServerHello in the handshake view.',
    groupPrompt: 'Which group did the server’s key_share use on your latest TLS 1.3 connection?',
    groupFormat: 'a named group, as the handshake view shows it',
    notAGroup: 'Answer with a named group, as the key_share extension of the ServerHello shows it.',
    groupRight: (port: number, group: string) =>
      `Right: on your connection from port ${port} the ServerHello's key_share answered with a public key on ${group}. Your client had sent its share for that group already in the ClientHello, so one round trip was enough for both to compute the handshake keys.`,
    groupOther: 'Open the ServerHello of your latest TLS 1.3 connection and read the group of its key_share extension.',
    tripsPrompt:
      'How many round trips does your client wait, from its ClientHello, before it may send its first application data?',
    tripsFormat: 'a number',
    notANumber: 'Answer with a number.',
    tripsRight: (port: number) =>
      `Right: one. On your connection from port ${port} the ClientHello already carried a key share, the server answered with its own and its whole flight at once, and the client could send Hello,world! right after its Finished. TLS 1.2 needed two round trips.`,
    tripsRetry: (port: number) =>
      `Right: two. On your connection from port ${port} the server did not take the key shares your client sent and asked for another group in a HelloRetryRequest, which costs one round trip more.`,
    tripsTls12:
      'Two is what TLS 1.2 needs. Look at when your client’s first Application Data leaves, counted in server answers to wait for.',
    tripsZero:
      'Zero is 0-RTT: early data sent with the ClientHello, which needs a session resumed from an earlier connection. Your connection was a full handshake.',
    tripsOther: 'Count the times your client waits for the server, from its ClientHello to its first Application Data.',
  },
  'zh-Hans': {
    none: '你的抓包里还没有与回显服务器的 TLS 1.3 握手：先连上它（connect --tls --tls1.3 echo）。',
    suitePrompt: '在你最近一次 TLS 1.3 连接里，服务器选中了哪个密码套件？',
    suiteFormat: '一个密码套件的名称（TLS_…）',
    notASuite: '请写一个密码套件的名称，按 ServerHello 里显示的写法（TLS_…）。',
    suiteRight: (port, suite) =>
      `正确：你来自端口 ${port} 的连接的 ServerHello 里写的是 ${suite}。TLS 1.3 的套件只写明记录的加密算法和哈希：密钥交换归 key_share，签名归证书。`,
    tls12Suite:
      '这是 TLS 1.2 的套件：它的名字里带着密钥交换（ECDHE、RSA）。TLS 1.3 只有五个套件，都是 TLS_ 加上加密算法。打开 ServerHello 看看。',
    offeredOnly: '你的客户端在 ClientHello 里提供了这个套件，但服务器选了另一个。打开 ServerHello 看看。',
    suiteOther: '打开你最近一次 TLS 1.3 连接的 ServerHello，读它的 Cipher Suite 字段。',
    certificatePrompt: 'TLS 1.3 把服务器的证书放在哪条消息里发送？为什么只有拿到密钥才能读到它？',
    certificateFormat: '消息名和原因：两者都会被评判',
    certificateRight: (port) =>
      `正确：放在 Certificate 消息里。在你来自端口 ${port} 的连接上，它跟在 EncryptedExtensions 之后，所在的记录已经用服务器的握手流量密钥加了密。这把密钥来自两条 Hello 里的 key_share 交换，只有通信的两端才有，所以没有本会话密钥的抓包只能看到 Application Data。`,
    sayWhy: '消息说对了。再说说为什么要有密钥才能读到它：线路上是什么在保护它？',
    sayWhere: '请说出证书是放在哪条消息里发送的，按握手视图里的名称写。',
    notServerHello: 'ServerHello 是 TLS 1.3 最后一条明文消息，里面没有证书。看看服务器在它之后发的消息。',
    onlyExtensions: 'EncryptedExtensions 是第一条加密的消息，但证书在它之后，单独放在一条消息里。',
    verifyIsSignature: '这条消息装的是服务器用证书的密钥对握手过程做的签名，而不是证书本身。',
    wherePrompt: '在握手视图里看看服务器在 ServerHello 之后发出的加密消息。',
    groupPrompt: '在你最近一次 TLS 1.3 连接里，服务器的 key_share 用的是哪个组？',
    groupFormat: '一个命名组，按握手视图里显示的写法',
    notAGroup: '请写一个命名组，按 ServerHello 的 key_share 扩展里显示的写法。',
    groupRight: (port, group) =>
      `正确：在你来自端口 ${port} 的连接上，ServerHello 的 key_share 回了一个 ${group} 上的公钥。你的客户端早在 ClientHello 里就发出了这个组的密钥份额，所以一个往返就够双方算出握手密钥。`,
    groupOther: '打开你最近一次 TLS 1.3 连接的 ServerHello，读它的 key_share 扩展里的组。',
    tripsPrompt: '从发出 ClientHello 算起，你的客户端要等几个往返，才能发出第一条应用数据？',
    tripsFormat: '一个数字',
    notANumber: '请用数字作答。',
    tripsRight: (port) =>
      `正确：一个。在你来自端口 ${port} 的连接上，ClientHello 里已经带了密钥份额，服务器回以自己的份额和它的整批消息，客户端发完 Finished 就可以立刻发送 Hello,world!。TLS 1.2 要两个往返。`,
    tripsRetry: (port) =>
      `正确：两个。在你来自端口 ${port} 的连接上，服务器没有接受你的客户端发出的密钥份额，用 HelloRetryRequest 要求换一个组，这多花了一个往返。`,
    tripsTls12:
      '两个是 TLS 1.2 需要的。看看你的客户端第一条 Application Data 是什么时候发出的，数一数它要等服务器回答几次。',
    tripsZero: '零是 0-RTT：随 ClientHello 一起发送的早期数据，要求恢复之前某次连接的会话。你的连接是一次完整握手。',
    tripsOther: '数一数从 ClientHello 到第一条 Application Data，你的客户端要等服务器几次。',
  },
});

function latestTls13(context: CheckContext, test: (handshake: TlsHandshake) => boolean): TlsHandshake | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  return (
    newestWhere(handshakesOf(context, ECHO), (handshake) => handshake.version === 'TLS 1.3' && test(handshake)) ??
    pending(TEXT.none)
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
    const handshake = latestTls13(context, (candidate) => candidate.cipherSuite !== undefined);
    if (isVerdict(handshake)) return handshake;
    const chosen = handshake.cipherSuite;
    if (chosen === undefined) return pending(TEXT.none);
    const offered = messageOf(handshake, 'client_hello', 'to-server')?.cipherSuites ?? [];
    const reading = readCipherSuite(answer, [chosen, ...offered]);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notASuite);
    if (reading.value === chosen.name) return passed(TEXT.suiteRight(portOf(handshake.client), chosen.name));
    if (!isTls13Suite(reading.value)) return failed(TEXT.tls12Suite);
    if (offered.some((suite) => suite.name === reading.value)) return failed(TEXT.offeredOnly);
    return failed(TEXT.suiteOther);
  },
};

/** Words that say the message is protected by encryption or keys, in either language. */
const ENCRYPTION = /encrypt|cipher|\bkeys?\b|secret|handshake traffic|加密|密钥|密文|秘密/i;

/**
 * Where and why, both graded: the message is read from the answer's first clause (before `because`, as every
 * answer is, or before the first comma or full stop), the reason from the whole answer. Only uncertainty and alternatives count as hedges here, and only in
 * the first clause: a reason says what the capture does *not* show ("you can't read it without the keys") and may
 * well say "or".
 */
export const certificateMessage: QuestionDefinition = {
  id: 'certificate-message',
  prompt: TEXT.certificatePrompt,
  format: TEXT.certificateFormat,
  evaluate(context, answer) {
    const handshake = latestTls13(
      context,
      (candidate) => messageOf(candidate, 'certificate', 'from-server') !== undefined,
    );
    if (isVerdict(handshake)) return handshake;
    // The message is named first; what follows the first clause is the reason, whatever word introduces it.
    const where = gradedPart(answer).split(/[;.:,，。；：]/)[0] ?? '';
    const hedge = readFlags(where);
    if (hedge.kind === 'unread' && (hedge.why === HEDGES.uncertain || hedge.why === HEDGES.alternatives)) {
      return failed(hedge.why);
    }
    const named = messagesNamed(where);
    const why = ENCRYPTION.test(answer.normalize('NFKC'));
    if (named.has('certificate'))
      return why ? passed(TEXT.certificateRight(portOf(handshake.client))) : failed(TEXT.sayWhy);
    if (named.has('certificate_verify')) return failed(TEXT.verifyIsSignature);
    if (named.has('encrypted_extensions')) return failed(TEXT.onlyExtensions);
    if (named.has('server_hello')) return failed(TEXT.notServerHello);
    return failed(named.size === 0 ? TEXT.sayWhere : TEXT.wherePrompt);
  },
};

export const keyShareGroup: QuestionDefinition = {
  id: 'key-share-group',
  prompt: TEXT.groupPrompt,
  format: TEXT.groupFormat,
  evaluate(context, answer) {
    const handshake = latestTls13(
      context,
      (candidate) => messageOf(candidate, 'server_hello', 'from-server')?.keyShareGroups?.[0] !== undefined,
    );
    if (isVerdict(handshake)) return handshake;
    const group = messageOf(handshake, 'server_hello', 'from-server')?.keyShareGroups?.[0];
    if (group === undefined) return pending(TEXT.none);
    const reading = readGroup(answer, [group]);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notAGroup);
    if (reading.value === group.name) return passed(TEXT.groupRight(portOf(handshake.client), group.name));
    return failed(TEXT.groupOther);
  },
};

export const roundTrips: QuestionDefinition = {
  id: 'round-trips',
  prompt: TEXT.tripsPrompt,
  format: TEXT.tripsFormat,
  evaluate(context, answer) {
    const handshake = latestTls13(context, (candidate) => candidate.complete);
    if (isVerdict(handshake)) return handshake;
    const reading = readNumber(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    const retried = messageOf(handshake, 'hello_retry_request', 'from-server') !== undefined;
    const port = portOf(handshake.client);
    if (reading.value === (retried ? 2 : 1)) return passed(retried ? TEXT.tripsRetry(port) : TEXT.tripsRight(port));
    if (reading.value === 2) return failed(TEXT.tripsTls12);
    if (reading.value === 0) return failed(TEXT.tripsZero);
    return failed(TEXT.tripsOther);
  },
};

export const questions: readonly QuestionDefinition[] = [chosenSuite, certificateMessage, keyShareGroup, roundTrips];
