/**
 * `inspect-certificate`: a certificate or a chain a student pastes into the viewer (one from their own device,
 * or one downloaded from the panel), read and verified against the class PKI as a client of it would verify it.
 * What is not a certificate is refused with a sentence that says what it is instead — a private key pasted in
 * the certificate box is the usual mistake — and a private key given beside it is checked to be the leaf's own
 * by comparing public keys (SubjectPublicKeyInfo DER). The key lives only in this call: it is not kept, not
 * logged, and never quoted in an error.
 */

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { type Locale, type Localized, localized, sentences } from '../../src/common/localized';
import type { CertificateChainReport } from '../../src/protocol/certificate';
import { MAX_CERTIFICATE_BYTES } from '../../src/protocol/certificate';
import { ERRORS, LabError } from '../../src/protocol/errors';
import type { InspectCertificateMessage } from '../../src/protocol/messages';
import { buildChainReport, chainReportIn, type RevocationStatus } from './chain-report';
import { attempt, ParsedCertificate, sameBytes } from './parsed-certificate';
import { type PemBlock, pemBlocks } from './pem';

export interface InspectOptions {
  /** The roots a client of the class trusts (the class root), PEM. */
  readonly trusted: readonly string[];
  readonly revocation?: (serial: string, issuerPem: string) => RevocationStatus;
  readonly locale: Locale;
  readonly now?: Date;
}

const TEXT = localized({
  en: {
    privateKey: (label: string) =>
      `That is a private key (-----BEGIN ${label}-----), not a certificate. Paste the certificate here; the key goes in the key field, and only to check that the two belong together.`,
    request:
      'That is a certificate signing request (CSR), not a certificate: a CA signs it and sends back the certificate, which is what goes here.',
    publicKey:
      'That is a bare public key, not a certificate: a certificate holds a public key together with a name and a CA signature.',
    otherBlock: (label: string) => `That PEM block is "${label}", not "CERTIFICATE".`,
    noBlock: 'No PEM block was found in the text.',
    damaged: (index: number) =>
      `Certificate ${index} of the text does not decode as X.509: its base64 or DER is damaged (a line lost or changed when copying?).`,
    encrypted:
      'The private key is encrypted with a passphrase; the viewer does not take passphrases. Check it on your own machine instead: openssl pkey -in key.pem -pubout, and compare with openssl x509 -in cert.pem -pubkey -noout.',
    keyIsCertificate: 'The key field holds a certificate, not a private key.',
    keyUnreadable: 'The key field holds no private key the lab server can read.',
  },
  'zh-Hans': {
    privateKey: (label) =>
      `这是一把私钥（-----BEGIN ${label}-----），不是证书。请在这里粘贴证书；私钥放在私钥栏，只用于检查两者是否配对。`,
    request: '这是证书签名请求（CSR），不是证书：CA 对它签名后返回的证书才应粘贴到这里。',
    publicKey: '这是单独的公钥，不是证书：证书是公钥加上名字和 CA 的签名。',
    otherBlock: (label) => `这个 PEM 块是 “${label}”，不是 “CERTIFICATE”。`,
    noBlock: '文本中没有找到 PEM 块。',
    damaged: (index) => `文本中的第 ${index} 张证书无法按 X.509 解码：base64 或 DER 已损坏（复制时丢了或改了一行？）。`,
    encrypted:
      '这把私钥用口令加密了，查看器不接受口令。请在自己的机器上检查：openssl pkey -in key.pem -pubout，再与 openssl x509 -in cert.pem -pubkey -noout 的输出比较。',
    keyIsCertificate: '私钥栏里是一张证书，不是私钥。',
    keyUnreadable: '私钥栏里没有实验服务器能读取的私钥。',
  },
});

/** The PEM labels of private keys OpenSSL writes (RFC 7468 §10, and the traditional RSA/EC/DSA forms). */
const KEY_TYPES: Readonly<Record<string, 'pkcs8' | 'pkcs1' | 'sec1'>> = {
  'PRIVATE KEY': 'pkcs8',
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
};

export function inspectCertificate(
  message: InspectCertificateMessage,
  options: InspectOptions,
): CertificateChainReport {
  if (message.pem.length > MAX_CERTIFICATE_BYTES || Buffer.byteLength(message.pem) > MAX_CERTIFICATE_BYTES) {
    throw new LabError('LAB_ERR_CERT_TOO_LARGE');
  }
  const blocks = pemBlocks(message.pem);
  const certificates = blocks.filter((block) => block.label === 'CERTIFICATE');
  if (certificates.length === 0) throw new LabError('LAB_ERR_CERT_PARSE', notACertificate(blocks));
  const parsed = certificates.map((block, index) => {
    const certificate = attempt(() => new ParsedCertificate(block.der));
    if (certificate === undefined) {
      throw new LabError('LAB_ERR_CERT_PARSE', sentences(TEXT.damaged(index + 1), ERRORS.LAB_ERR_CERT_PARSE));
    }
    return certificate;
  });
  const leaf = parsed[0] as ParsedCertificate;
  if (message.key !== undefined && message.key.trim() !== '') checkKey(message.key, leaf);

  // A pasted leaf may be a client's (mutual TLS): judged for the use it was made for.
  const usages = leaf.extendedKeyUsage ?? [];
  const purpose = usages.includes(CLIENT_AUTH) && !usages.includes(SERVER_AUTH) ? 'client' : 'server';
  const report = buildChainReport(
    parsed.map((certificate) => certificate.der),
    {
      trusted: options.trusted,
      purpose,
      ...(message.host === undefined ? {} : { host: message.host }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.revocation === undefined ? {} : { revocation: options.revocation }),
    },
  );
  return chainReportIn(report, options.locale);
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** What was pasted instead of a certificate, in a sentence, and (but for a key, which says it) what goes here. */
function notACertificate(blocks: readonly PemBlock[]): Localized {
  const first = blocks[0];
  if (first === undefined) return sentences(TEXT.noBlock, ERRORS.LAB_ERR_CERT_PARSE);
  if (/PRIVATE KEY$/.test(first.label)) return TEXT.privateKey(first.label);
  if (/CERTIFICATE REQUEST$/.test(first.label)) return sentences(TEXT.request, ERRORS.LAB_ERR_CERT_PARSE);
  if (/PUBLIC KEY$/.test(first.label)) return sentences(TEXT.publicKey, ERRORS.LAB_ERR_CERT_PARSE);
  return sentences(TEXT.otherBlock(first.label), ERRORS.LAB_ERR_CERT_PARSE);
}

/** Throws LAB_ERR_KEY_PARSE for what is not a readable private key, LAB_ERR_KEY_MISMATCH for another key's. */
function checkKey(text: string, leaf: ParsedCertificate): void {
  const blocks = pemBlocks(text);
  const block = blocks.find((candidate) => /PRIVATE KEY$/.test(candidate.label));
  if (block === undefined) {
    const certificate = blocks.some((candidate) => candidate.label === 'CERTIFICATE');
    throw new LabError(
      'LAB_ERR_KEY_PARSE',
      sentences(certificate ? TEXT.keyIsCertificate : TEXT.keyUnreadable, ERRORS.LAB_ERR_KEY_PARSE),
    );
  }
  // RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`) mark OpenSSL's traditional encrypted form.
  if (block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,\s*ENCRYPTED/.test(text)) {
    throw new LabError('LAB_ERR_KEY_PARSE', TEXT.encrypted);
  }
  const type = KEY_TYPES[block.label];
  const key: KeyObject | undefined =
    type === undefined
      ? undefined
      : attempt(() => createPrivateKey({ key: Buffer.from(block.der), format: 'der', type }));
  const spki =
    key === undefined ? undefined : attempt(() => createPublicKey(key).export({ type: 'spki', format: 'der' }));
  if (spki === undefined)
    throw new LabError('LAB_ERR_KEY_PARSE', sentences(TEXT.keyUnreadable, ERRORS.LAB_ERR_KEY_PARSE));
  const certificateSpki = leaf.spki;
  if (certificateSpki === undefined || !sameBytes(spki, certificateSpki)) throw new LabError('LAB_ERR_KEY_MISMATCH');
}
