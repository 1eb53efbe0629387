/**
 * The capture questions of lab `x509-certificates`, judged against the certificates this student's own latest
 * connection to the echo server received (the handshake's `serverChain`, read from the capture with the
 * session's keys): the leaf's serial number, how many certificates the server sent, the leaf's issuer, the end of
 * its validity, and the algorithm its issuer signed it with. The leaves are issued when the lab server starts,
 * so another class's answers are other answers. Each is written as `openssl x509 -noout -text` and the
 * Certificates tab write it, in the forms people copy it (a serial with or without colons, a date as
 * YYYY-MM-DD or as OpenSSL prints it). A wrong answer says which other field it came from, never the right one.
 */

import { localized } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import type { CertificateChainReport, CertificateSummary } from '../../src/protocol';
import { gradedPart, readNumber } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { ECHO } from './checks';
import { commonName, hedgeIn, latestChain } from './tls-connections';

const TEXT = localized({
  en: {
    noChain:
      'No certificates from the echo server have been read from your capture yet: connect over TLS (from the terminal or your own program), then answer.',
    serialPrompt: 'What is the serial number of the certificate the echo server sent you (its leaf)?',
    serialFormat: 'hex, with or without colons',
    serialUnread: 'Answer with the serial in hex, as openssl x509 -noout -text prints it under "Serial Number".',
    serialRight:
      'Right: the issuer chose this serial, unique among the certificates it issued; a CRL and an OCSP response name a certificate by it.',
    serialFingerprint:
      'That is a fingerprint: a hash of the whole certificate, computed by whoever looks at it. The serial is a field inside the certificate, chosen by its issuer.',
    serialOfIntermediate: 'That is the serial of the intermediate CA certificate. The question asks about the leaf.',
    serialOther:
      'Read "Serial Number" of the first certificate (the leaf) in the Certificates tab or in openssl x509 -text.',
    countPrompt: 'How many certificates did the echo server send in its Certificate message?',
    countFormat: 'a number',
    countUnread: 'Answer with a number.',
    countRight:
      'Right: the leaf and the intermediate. The root is not sent: a client must already have it, in its trust store, or the chain proves nothing.',
    countWithRoot:
      'That counts the root as well, which your client found in its own trust store (the CA file you gave it). Count only what the server sent: openssl s_client -showcerts prints each as a BEGIN CERTIFICATE block.',
    countOther:
      'Count the certificates in the server’s Certificate message: the Certificates tab marks which came from the server, and openssl s_client -showcerts prints each of them.',
    issuerPrompt: 'What is the common name (CN) of the issuer of the echo server’s certificate?',
    issuerFormat: 'a name, as in CN=…',
    issuerUnread: 'Answer with the issuer’s common name, the text after CN= in the Issuer line.',
    issuerRight:
      'Right: the intermediate CA signed the leaf; its own certificate, sent right after the leaf, says who signed it in turn.',
    issuerSubject:
      'That is the leaf’s own subject. The issuer is the CA that signed it: the Issuer line, just above Validity.',
    issuerRoot:
      'That CA signed the intermediate, not the leaf. Read the Issuer line of the first certificate, the leaf.',
    issuerOther: 'Read the Issuer line of the first certificate (the leaf) and give its CN.',
    notAfterPrompt: 'Until what date (UTC) is the echo server’s certificate valid?',
    notAfterFormat: 'a date, YYYY-MM-DD',
    notAfterUnread: 'Answer with a date, such as 2031-04-30, or as OpenSSL prints it (Apr 30 12:00:00 2031 GMT).',
    notAfterRight:
      'Right: after that instant every client refuses the certificate, with certificate has expired; a board with its clock at 1970 refuses it as not yet valid instead.',
    notAfterNotBefore: 'That is the date it becomes valid (Not Before). The question asks for Not After.',
    notAfterOther: 'Read "Not After" in the Validity of the first certificate (the leaf), and give the date in UTC.',
    sigPrompt: 'With which signature algorithm did the issuer sign the echo server’s certificate?',
    sigFormat: 'e.g. sha256WithRSAEncryption',
    sigUnread: 'Answer with the algorithm as openssl x509 -text names it under "Signature Algorithm".',
    sigRight:
      'Right: the issuer hashed the certificate’s contents and signed the hash with its private key; a client checks it with the issuer’s public key, from the next certificate up.',
    sigKey:
      'That is the leaf’s own public key, under Subject Public Key Info. The signature algorithm is what the issuer signed with: it names a hash too.',
    sigOther:
      'Read "Signature Algorithm" of the first certificate (the leaf): a key type and a hash, such as sha256WithRSAEncryption.',
  },
  'zh-Hans': {
    noChain: '你的抓包里还没有读到回显服务器发来的证书：先用 TLS 连接（从实验终端或你自己的程序），再来回答。',
    serialPrompt: '回显服务器发给你的证书（叶子证书）的序列号是多少？',
    serialFormat: '十六进制，带不带冒号都行',
    serialUnread: '请用十六进制写出序列号，就是 openssl x509 -noout -text 在 "Serial Number" 下面打印的那一串。',
    serialRight: '正确：序列号由颁发者选定，在它签发的证书里唯一；CRL 和 OCSP 响应就是用它来指明某张证书的。',
    serialFingerprint: '这是指纹：整张证书的哈希值，由查看证书的人自己计算。序列号是证书里面的一个字段，由颁发者选定。',
    serialOfIntermediate: '这是中间 CA 证书的序列号。问题问的是叶子证书。',
    serialOther: '在「证书」标签页或 openssl x509 -text 里，读第一张证书（叶子证书）的 "Serial Number"。',
    countPrompt: '回显服务器在它的 Certificate 消息里发了几张证书？',
    countFormat: '一个数字',
    countUnread: '请用数字作答。',
    countRight:
      '正确：叶子证书和中间证书。根证书不发送：客户端必须事先就有它，放在自己的信任库里，否则这条链什么也证明不了。',
    countWithRoot:
      '这把根证书也算进去了，而根证书是你的客户端在自己的信任库（你给它的 CA 文件）里找到的。只数服务器发来的：openssl s_client -showcerts 会把每一张打印成一个 BEGIN CERTIFICATE 块。',
    countOther:
      '数一数服务器 Certificate 消息里的证书：「证书」标签页标出了哪些是服务器发来的，openssl s_client -showcerts 也会逐张打印。',
    issuerPrompt: '回显服务器证书的颁发者，通用名称（CN）是什么？',
    issuerFormat: '一个名称，即 CN=… 后面的部分',
    issuerUnread: '请写出颁发者的通用名称，也就是 Issuer 那一行里 CN= 后面的文字。',
    issuerRight: '正确：是中间 CA 签发了叶子证书；紧跟在叶子证书后面发来的中间证书，又写明了是谁签发了它。',
    issuerSubject: '这是叶子证书自己的主题（Subject）。颁发者是给它签名的 CA：Validity 上面的 Issuer 那一行。',
    issuerRoot: '这个 CA 签发的是中间证书，不是叶子证书。请读第一张证书（叶子证书）的 Issuer 那一行。',
    issuerOther: '读第一张证书（叶子证书）的 Issuer 那一行，写出其中的 CN。',
    notAfterPrompt: '回显服务器的证书有效期到哪一天（UTC）为止？',
    notAfterFormat: '一个日期，YYYY-MM-DD',
    notAfterUnread: '请写一个日期，例如 2031-04-30，或者按 OpenSSL 的打印格式（Apr 30 12:00:00 2031 GMT）。',
    notAfterRight:
      '正确：过了这个时刻，所有客户端都会以 certificate has expired 拒绝这张证书；而时钟停在 1970 年的开发板，会以“尚未生效”拒绝它。',
    notAfterNotBefore: '这是它开始生效的日期（Not Before）。问题问的是 Not After。',
    notAfterOther: '读第一张证书（叶子证书）Validity 里的 "Not After"，按 UTC 写出日期。',
    sigPrompt: '颁发者用哪种签名算法签发了回显服务器的证书？',
    sigFormat: '例如 sha256WithRSAEncryption',
    sigUnread: '请按 openssl x509 -text 在 "Signature Algorithm" 下写的名称作答。',
    sigRight:
      '正确：颁发者对证书内容算出哈希，再用自己的私钥对哈希签名；客户端用颁发者的公钥（来自上一级证书）来验证它。',
    sigKey:
      '这是叶子证书自己的公钥，在 Subject Public Key Info 下面。签名算法是颁发者签名时用的算法：其中还包含一个哈希算法。',
    sigOther:
      '读第一张证书（叶子证书）的 "Signature Algorithm"：一种密钥类型加一种哈希算法，例如 sha256WithRSAEncryption。',
  },
});

/** The echo server's chain from the student's latest connection, or the verdict while there is none. */
function echoChain(context: CheckContext): CertificateChainReport | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  return latestChain(context, ECHO)?.chain ?? pending(TEXT.noChain);
}

function isVerdict(value: CertificateChainReport | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

/** A question about the leaf: the hedges refused, then `judge` on the leaf and the chain. */
function aboutLeaf(
  id: string,
  prompt: QuestionDefinition['prompt'],
  format: QuestionDefinition['format'],
  judge: (answer: string, leaf: CertificateSummary, chain: CertificateChainReport) => CheckVerdict,
): QuestionDefinition {
  return {
    id,
    prompt,
    format,
    evaluate(context, answer) {
      const chain = echoChain(context);
      if (isVerdict(chain)) return chain;
      const leaf = chain.certificates[0];
      if (leaf === undefined) return pending(TEXT.noChain);
      const hedge = hedgeIn(answer);
      if (hedge !== undefined) return failed(hedge);
      return judge(gradedPart(answer), leaf, chain);
    },
  };
}

/** Hex digits of every word made only of hex digits and colons (`0x` dropped, leading zeros too). */
function hexWords(answer: string): string[] {
  return (answer.match(/(?<![\w:])(?:0x)?[0-9a-f]+(?::[0-9a-f]+)*(?![\w:])/gi) ?? []).map(normalHex);
}

function normalHex(hex: string): string {
  return hex
    .replace(/^0x/i, '')
    .replaceAll(':', '')
    .toLowerCase()
    .replace(/^0+(?=.)/, '');
}

export const leafSerial = aboutLeaf('leaf-serial', TEXT.serialPrompt, TEXT.serialFormat, (answer, leaf, chain) => {
  const words = hexWords(answer);
  if (words.length === 0) return failed(TEXT.serialUnread);
  if (words.includes(normalHex(leaf.serial))) return passed(TEXT.serialRight);
  const fingerprints = chain.certificates.flatMap((certificate) => [
    normalHex(certificate.sha256Fingerprint),
    normalHex(certificate.sha1Fingerprint),
  ]);
  if (words.some((word) => fingerprints.includes(word))) return failed(TEXT.serialFingerprint);
  const others = chain.certificates.slice(1).map((certificate) => normalHex(certificate.serial));
  if (words.some((word) => others.includes(word))) return failed(TEXT.serialOfIntermediate);
  return failed(TEXT.serialOther);
});

export const certificatesSent: QuestionDefinition = {
  id: 'certificates-sent',
  prompt: TEXT.countPrompt,
  format: TEXT.countFormat,
  evaluate(context, answer) {
    const chain = echoChain(context);
    if (isVerdict(chain)) return chain;
    const reading = readNumber(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.countUnread);
    if (reading.value === chain.sent) return passed(TEXT.countRight);
    if (reading.value === chain.certificates.length) return failed(TEXT.countWithRoot);
    return failed(TEXT.countOther);
  },
};

/** A name compared as people copy it: without `CN=`, quotes, case and runs of blanks. */
function normalName(name: string): string {
  return name
    .replace(/\bCN\s*=\s*/gi, '')
    .replace(/["'“”「」]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export const leafIssuer = aboutLeaf('leaf-issuer', TEXT.issuerPrompt, TEXT.issuerFormat, (answer, leaf, chain) => {
  const given = normalName(answer);
  if (!/[\p{L}\p{N}]/u.test(given)) return failed(TEXT.issuerUnread);
  // The answer holds the name, perhaps inside a frame (`I think …`, `我认为是…`) the reader does not grade.
  const names = (certificateName: string): boolean => {
    const cn = normalName(commonName(certificateName) ?? '');
    return cn !== '' && given.includes(cn);
  };
  if (names(leaf.issuer)) return passed(TEXT.issuerRight);
  if (names(leaf.subject)) return failed(TEXT.issuerSubject);
  if (chain.certificates.slice(1).some((certificate) => names(certificate.issuer))) return failed(TEXT.issuerRoot);
  return failed(TEXT.issuerOther);
});

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The one date in an answer, as YYYY-MM-DD: ISO (`2031-04-30`, `2031/4/30`, `2031年4月30日`) or OpenSSL's. */
function dateIn(answer: string): string | undefined {
  const iso = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(answer);
  const openssl = /\b([a-z]{3})[a-z]*\.?\s+(\d{1,2})\b[^\d]*?(?:\d{1,2}:\d{2}:\d{2}\s+)?(\d{4})\b/i.exec(answer);
  let parts: readonly [number, number, number] | undefined;
  if (iso !== null) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (openssl !== null) {
    const month = MONTHS.indexOf((openssl[1] ?? '').toLowerCase());
    if (month >= 0) parts = [Number(openssl[3]), month + 1, Number(openssl[2])];
  }
  if (parts === undefined) return undefined;
  const [year, month, day] = parts;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const leafNotAfter = aboutLeaf('leaf-not-after', TEXT.notAfterPrompt, TEXT.notAfterFormat, (answer, leaf) => {
  const date = dateIn(answer);
  if (date === undefined) return failed(TEXT.notAfterUnread);
  if (date === leaf.notAfter.slice(0, 10)) return passed(TEXT.notAfterRight);
  if (date === leaf.notBefore.slice(0, 10)) return failed(TEXT.notAfterNotBefore);
  return failed(TEXT.notAfterOther);
});

interface SignatureReading {
  readonly key?: 'rsa' | 'rsa-pss' | 'ecdsa' | 'ed25519' | 'ed448';
  readonly hash?: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512' | 'md5';
}

/** The key type and hash an algorithm's name says, in OpenSSL's, Java's or a reader's spelling. */
function readSignature(text: string): SignatureReading {
  const flat = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const key = /ed25519/.test(flat)
    ? 'ed25519'
    : /ed448/.test(flat)
      ? 'ed448'
      : /pss/.test(flat)
        ? 'rsa-pss'
        : /ecdsa|ecc|^ec|withec/.test(flat)
          ? 'ecdsa'
          : /rsa/.test(flat)
            ? 'rsa'
            : undefined;
  const hashMatch = /sha(?:2)?(1|224|256|384|512)|md5/.exec(flat);
  const hash: SignatureReading['hash'] =
    hashMatch === null
      ? undefined
      : hashMatch[0] === 'md5'
        ? 'md5'
        : (`sha${hashMatch[1] ?? ''}` as SignatureReading['hash']);
  return { ...(key === undefined ? {} : { key }), ...(hash === undefined ? {} : { hash }) };
}

export const signatureAlgorithm = aboutLeaf('signature-algorithm', TEXT.sigPrompt, TEXT.sigFormat, (answer, leaf) => {
  const given = readSignature(answer);
  if (given.key === undefined && given.hash === undefined) {
    return /p-?256|prime256|secp|\bec\b|public key/i.test(answer) ? failed(TEXT.sigKey) : failed(TEXT.sigUnread);
  }
  const expected = readSignature(leaf.signatureAlgorithm);
  // Ed25519 and Ed448 name no separate hash: the key type alone is the algorithm.
  const hashRight = expected.hash === undefined || given.hash === expected.hash;
  if (given.key === expected.key && hashRight) return passed(TEXT.sigRight);
  if (given.hash === undefined && given.key === readSignature(leaf.publicKey.algorithm).key) return failed(TEXT.sigKey);
  return failed(TEXT.sigOther);
});

export const questions: readonly QuestionDefinition[] = [
  leafSerial,
  certificatesSent,
  leafIssuer,
  leafNotAfter,
  signatureAlgorithm,
];
