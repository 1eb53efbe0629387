/**
 * How the certificate viewer and the handshake view put a certificate's fields into words: its validity against
 * the page's clock, its key, its basic constraints, its short name, where it came from (sent by the peer or found
 * in the trust store), which verification steps are about it, and a file name and a download for its PEM. Every
 * value here is the peer's data and ends up as React text, never markup; the file name is cut down to characters
 * a file system takes.
 */

import type {
  CertificateChainReport,
  CertificatePublicKey,
  CertificateSummary,
  TlsHandshake,
  TlsMessage,
  VerificationStep,
} from '../protocol';

export type Validity = 'valid' | 'expired' | 'not-yet-valid';

/** Whether `now` is within the certificate's notBefore … notAfter (RFC 5280 §4.1.2.5: both ends included). */
export function validityAt(certificate: Pick<CertificateSummary, 'notBefore' | 'notAfter'>, now: number): Validity {
  if (now < Date.parse(certificate.notBefore)) return 'not-yet-valid';
  if (now > Date.parse(certificate.notAfter)) return 'expired';
  return 'valid';
}

/** `2027-02-28 00:00:00 UTC`: the ISO date as OpenSSL's `-dates` would read it, in UTC, without the milliseconds. */
export function formatCertificateDate(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `EC P-256 (256 bits)`, `RSA 2048 bits`, `Ed25519`. */
export function publicKeyText(key: CertificatePublicKey): string {
  if (key.curve !== undefined)
    return `${key.algorithm} ${key.curve}${key.bits === undefined ? '' : ` (${key.bits} bits)`}`;
  return key.bits === undefined ? key.algorithm : `${key.algorithm} ${key.bits} bits`;
}

/** `CA:TRUE, pathlen:0` or `CA:FALSE`, as OpenSSL prints basicConstraints; undefined without the extension. */
export function basicConstraintsText(constraints: CertificateSummary['basicConstraints']): string | undefined {
  if (constraints === undefined) return undefined;
  if (!constraints.ca) return 'CA:FALSE';
  return constraints.pathLength === undefined ? 'CA:TRUE' : `CA:TRUE, pathlen:${constraints.pathLength}`;
}

/**
 * The subject's CN as the certificate holds it (`localhost`; `Smith, John` for `CN=Smith\, John`), or the whole
 * subject when it has none. The subject is written with RFC 4514's escapes so that its commas stay unambiguous;
 * a headline names one value and needs none of them.
 */
export function shortName(subject: string): string {
  const cn = /(?:^|,\s*)CN=((?:[^,\\]|\\.)*)/.exec(subject);
  return cn?.[1] !== undefined && cn[1] !== '' ? unescapeValue(cn[1]) : subject;
}

/** RFC 4514 §3: `\,` is `,`, and `\XX` a byte of the value's UTF-8 (`\0a`, `\c3\a9`). */
function unescapeValue(value: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (const [, hex, special, plain] of value.matchAll(/\\([0-9a-fA-F]{2})|\\([\s\S]?)|([^\\]+)/gu)) {
    if (hex !== undefined) bytes.push(Number.parseInt(hex, 16));
    else bytes.push(...encoder.encode(special ?? plain ?? ''));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Where a certificate of a report came from: the peer sent it, or the verifier found it in its trust store. */
export function certificateOrigin(report: Pick<CertificateChainReport, 'sent'>, index: number): 'sent' | 'trust-store' {
  return index < report.sent ? 'sent' : 'trust-store';
}

/** The verification steps about certificate `index`, in the report's order. */
export function stepsFor(report: CertificateChainReport, index: number): VerificationStep[] {
  return report.steps.filter((step) => step.certificate === index);
}

/** The first failed step, which the report's `code` names. */
export function firstFailure(report: CertificateChainReport): VerificationStep | undefined {
  return report.steps.find((step) => step.state === 'failed');
}

/** `localhost.pem`: the short name in characters every file system takes, `certificate.pem` when none is left. */
export function pemFileName(certificate: Pick<CertificateSummary, 'subject'>): string {
  const base = shortName(certificate.subject)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 64);
  return `${base === '' ? 'certificate' : base}.pem`;
}

/** A `data:` URL that downloads the PEM as a file (no object URL to revoke, and no markup). */
export function pemDownloadHref(pem: string): string {
  return `data:application/x-pem-file;charset=utf-8,${encodeURIComponent(pem)}`;
}

/** Which chain report speaks of a Certificate message's certificates: the server's, or the client's (mTLS). */
export function chainOfMessage(
  handshake: Pick<TlsHandshake, 'serverChain' | 'clientChain'>,
  message: Pick<TlsMessage, 'direction'>,
): CertificateChainReport | undefined {
  return message.direction === 'from-server' ? handshake.serverChain : handshake.clientChain;
}

export interface SentCertificate {
  /** Its place in the message, 0 the leaf. */
  readonly index: number;
  /** DER size in bytes. */
  readonly bytes: number;
  /** Its subject, from the chain report; undefined until the report is read. */
  readonly subject: string | undefined;
}

/** A Certificate message's list: each certificate's size, and its subject as the chain report read it. */
export function sentCertificates(
  message: Pick<TlsMessage, 'certificates'>,
  chain: CertificateChainReport | undefined,
): SentCertificate[] {
  return (message.certificates ?? []).map((der, index) => ({
    index,
    bytes: der.length / 2,
    subject: chain !== undefined && index < chain.sent ? chain.certificates[index]?.subject : undefined,
  }));
}
