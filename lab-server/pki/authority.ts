/**
 * A certificate authority of the class PKI — its certificate and its signing key — and issuing with it: the
 * root and intermediate kept on disk, the untrusted pair made for the `untrusted-root` failure, and every leaf.
 * Names are given as JSON (`[{ CN: [...] }]`), never as DN strings, so a student's common name with a comma, a
 * quote or an `=` in it stays one attribute, as typed.
 */

import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import {
  type CryptoKey,
  type CryptoKeyPair,
  ECDSA_P256,
  ECDSA_SHA256,
  type KeyAlgorithm,
  type SigningAlgorithm,
  subtle,
  x509,
} from './x509';

export interface Authority {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
  /** The certificate, PEM. */
  readonly pem: string;
}

/** What a new certificate says; the issuer signs it (or, without one, its own key does). */
export interface CertificateRequest {
  readonly commonName: string;
  readonly keys: CryptoKeyPair;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly x509.Extension[];
  /** Absent: self-signed. */
  readonly issuer?: Authority;
  /** Default ECDSA with SHA-256, what every CA of the class PKI signs with. */
  readonly signingAlgorithm?: SigningAlgorithm;
}

const ORGANIZATION = 'socketlab';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * 16 random bytes, positive (RFC 5280 §4.1.2.2: a positive integer of at most 20 octets). The first byte is kept
 * in 0x01–0x7f so the DER INTEGER needs no sign octet and never starts with a redundant zero.
 */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 0x01;
  return bytes.toString('hex');
}

export async function generateKeys(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function issue(request: CertificateRequest): Promise<x509.X509Certificate> {
  // One attribute per RDN, most significant first (RFC 4514 §2.1 writes them the other way round: CN=…, O=…).
  // UTF8String (RFC 5280 §4.1.2.4), given as an object: a plain string would be un-quoted and un-escaped as if
  // it were DN syntax, and a student's `"Ana", 2nd row` would lose its quotes.
  const subject = new x509.Name([{ O: [{ utf8String: ORGANIZATION }] }, { CN: [{ utf8String: request.commonName }] }]);
  const common = {
    serialNumber: randomSerial(),
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    signingAlgorithm: request.signingAlgorithm ?? ECDSA_SHA256,
  };
  const subjectKeyId = await x509.SubjectKeyIdentifierExtension.create(request.keys.publicKey);
  if (request.issuer === undefined) {
    return x509.X509CertificateGenerator.createSelfSigned({
      ...common,
      name: subject,
      keys: request.keys,
      extensions: [...request.extensions, subjectKeyId],
    });
  }
  return x509.X509CertificateGenerator.create({
    ...common,
    subject,
    issuer: request.issuer.certificate.subjectName,
    publicKey: request.keys.publicKey,
    signingKey: request.issuer.privateKey,
    extensions: [
      ...request.extensions,
      subjectKeyId,
      await x509.AuthorityKeyIdentifierExtension.create(request.issuer.certificate.publicKey),
    ],
  });
}

/**
 * A CA: ECDSA P-256, CA:TRUE, keyCertSign and cRLSign (RFC 5280 §4.2.1.3, §4.2.1.9). `pathLength` 0 makes an
 * intermediate that may sign leaves only. Its validity starts a day early, so a board whose clock is a little
 * behind still accepts a CA made a minute ago.
 */
export async function createAuthority(options: {
  readonly commonName: string;
  readonly issuer?: Authority;
  readonly pathLength?: number;
  readonly years: number;
  readonly now: Date;
}): Promise<Authority> {
  const keys = await generateKeys(ECDSA_P256);
  const certificate = await issue({
    commonName: options.commonName,
    keys,
    notBefore: new Date(options.now.getTime() - DAY_MS),
    notAfter: new Date(options.now.getTime() + options.years * 365 * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, options.pathLength, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
  });
  return { certificate, privateKey: keys.privateKey, pem: certificate.toString('pem') };
}

/** The certificate's serial as the rest of the lab server spells it: lower-case hex. */
export function serialOf(certificate: x509.X509Certificate): string {
  return certificate.serialNumber.toLowerCase();
}

/** A subjectAltName for names and addresses: an IP literal becomes an iPAddress entry (RFC 6125 §6.2.1). */
export function subjectAltNames(names: readonly string[]): x509.SubjectAlternativeNameExtension {
  return new x509.SubjectAlternativeNameExtension(
    names.map((name) =>
      isIP(name) === 0 ? { type: 'dns' as const, value: name } : { type: 'ip' as const, value: name },
    ),
  );
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}
