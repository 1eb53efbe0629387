/**
 * The path a verifier builds from the certificates a peer sent to a trusted one, as OpenSSL's `build_chain` does,
 * before any step of the verification is judged (chain-report.ts). Bounded: a peer may send any number of
 * certificates, and a trust store may hold any number of roots.
 */

import { attempt, ParsedCertificate, sameBytes } from './parsed-certificate';
import { pemCertificates } from './pem';

/** At most this many certificates of a chain are looked at; a peer may send any number. */
export const MAX_CHAIN_CERTIFICATES = 10;
/** At most this many trusted roots are read (a system bundle has about 150). */
const MAX_TRUSTED = 500;

/** Every certificate in the trusted PEM texts that OpenSSL can read; the rest are passed over. */
export function trustedCertificates(pems: readonly string[]): ParsedCertificate[] {
  const found: ParsedCertificate[] = [];
  for (const pem of pems) {
    for (const der of pemCertificates(pem)) {
      if (found.length >= MAX_TRUSTED) return found;
      const parsed = attempt(() => new ParsedCertificate(der));
      if (parsed !== undefined) found.push(parsed);
    }
  }
  return found;
}

export interface ChainPath {
  /** Leaf first, each certificate's issuer after it. */
  readonly path: readonly ParsedCertificate[];
  /** The path ends at a trusted certificate. */
  readonly trusted: boolean;
  /** How the path ended, when it does not reach a trusted certificate. */
  readonly end?: 'self-signed' | 'no-issuer';
}

/**
 * OpenSSL's `build_chain`: from the leaf, each certificate's issuer — looked for first among the trusted
 * certificates (X509_V_FLAG_TRUSTED_FIRST, OpenSSL's default), then among those the peer sent — until a trusted
 * certificate, a self-signed one, or one whose issuer is nowhere. An issuer is a certificate whose subject is the
 * issuer name; of several, the one whose key verifies the signature.
 */
export function buildPath(sent: readonly ParsedCertificate[], anchors: readonly ParsedCertificate[]): ChainPath {
  const path: ParsedCertificate[] = [];
  let current = sent[0] as ParsedCertificate;
  for (let guard = 0; guard < MAX_CHAIN_CERTIFICATES + 1; guard++) {
    path.push(current);
    if (anchors.some((anchor) => sameBytes(anchor.der, current.der))) return { path, trusted: true };
    if (current.selfSigned) return { path, trusted: false, end: 'self-signed' };
    const issuer =
      issuerOf(current, anchors) ??
      issuerOf(
        current,
        sent.filter((candidate) => !path.includes(candidate)),
      );
    if (issuer === undefined) return { path, trusted: false, end: 'no-issuer' };
    if (anchors.includes(issuer)) {
      path.push(issuer);
      return { path, trusted: true };
    }
    current = issuer;
  }
  return { path, trusted: false, end: 'no-issuer' };
}

function issuerOf(
  certificate: ParsedCertificate,
  candidates: readonly ParsedCertificate[],
): ParsedCertificate | undefined {
  const wanted = certificate.issuerDer;
  const named = candidates.filter((candidate) => {
    if (candidate === certificate) return false;
    const subject = candidate.subjectDer;
    if (wanted !== undefined && subject !== undefined) return sameBytes(wanted, subject);
    return candidate.x509.subject === certificate.x509.issuer;
  });
  // RFC 5280 §4.2.1.1: the authority key id, when both have one, tells same-named CAs apart.
  const keyed = named.filter((candidate) => {
    const authority = certificate.authorityKeyId;
    const subject = candidate.subjectKeyId;
    return authority === undefined || subject === undefined || authority === subject;
  });
  return keyed.find((candidate) => certificate.verifiedBy(candidate)) ?? keyed[0];
}
