/**
 * An X.509 certificate and its chain as the certificate viewer shows them: the fields a lesson names, and each
 * step of verifying the chain — signature by the issuer, dates, name, chain to a trusted root, revocation — with
 * its verdict and the evidence. The lab server builds a report (`lab-server/certificates/`) for the certificates a
 * student's connection actually received, and for a certificate a student pastes into the panel. Every string
 * in a certificate is the peer's data: the page shows it as text, never as markup.
 */

import type { CheckState } from './messages';

export interface CertificatePublicKey {
  /** `RSA`, `EC`, `Ed25519`, … */
  readonly algorithm: string;
  /** The key's size in bits (RSA modulus, EC field). */
  readonly bits?: number;
  /** EC: the named curve (`P-256`). */
  readonly curve?: string;
}

export interface CertificateSummary {
  /** RFC 4514 form, most significant last as OpenSSL prints it: `CN=echo.socketlab, O=socketlab class`. */
  readonly subject: string;
  readonly issuer: string;
  /** Lower-case hex, without leading zero bytes. */
  readonly serial: string;
  /** ISO 8601 (UTC). */
  readonly notBefore: string;
  readonly notAfter: string;
  /** subjectAltName entries as `DNS:localhost`, `IP Address:127.0.0.1`, … */
  readonly subjectAltNames: readonly string[];
  /** keyUsage bits by RFC 5280's names (`digitalSignature`, `keyCertSign`, …); empty when the extension is absent. */
  readonly keyUsage: readonly string[];
  /** extendedKeyUsage by name (`serverAuth`, `clientAuth`) or OID. */
  readonly extendedKeyUsage: readonly string[];
  /** basicConstraints; absent when the extension is absent. */
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number };
  readonly publicKey: CertificatePublicKey;
  /** `ecdsa-with-SHA256`, `sha256WithRSAEncryption`, `sha1WithRSAEncryption`, … */
  readonly signatureAlgorithm: string;
  /** Colon-separated upper-case hex, as browsers and `openssl x509 -fingerprint` print them. */
  readonly sha256Fingerprint: string;
  readonly sha1Fingerprint: string;
  /** Where to ask about revocation: CRL distribution points and the OCSP responder (AIA), as URLs. */
  readonly crlDistributionPoints: readonly string[];
  readonly ocspResponders: readonly string[];
  /** Subject and issuer are the same name. */
  readonly selfIssued: boolean;
  /** The certificate, PEM, for a download or a copy. */
  readonly pem: string;
}

/** What each verification step judges. */
export type VerificationStepKind =
  /** The certificate's signature verifies with its issuer's public key. */
  | 'signature'
  /** Now is within notBefore … notAfter. */
  | 'validity'
  /** The leaf names the host the client asked for (SAN, RFC 6125). */
  | 'name'
  /** The issuer may issue: a CA (basicConstraints) with keyCertSign, within its path length. */
  | 'issuer'
  /** The leaf may be used this way (extendedKeyUsage serverAuth / clientAuth). */
  | 'purpose'
  /** The chain ends at a root the verifier trusts; no certificate is missing on the way. */
  | 'chain'
  /** Neither the CRL nor the OCSP responder lists it as revoked. */
  | 'revocation'
  /** The key and signature algorithm are strong enough for a modern client (OpenSSL security level 2). */
  | 'strength';

export interface VerificationStep {
  readonly kind: VerificationStepKind;
  /** Which certificate of `certificates` the step is about (0 is the leaf). */
  readonly certificate: number;
  /** `pending`: not judged (an earlier step failed, or nothing to judge it with). */
  readonly state: CheckState;
  /** The step and its evidence, in the page's language: "Signed by CN=socketlab Intermediate CA (ecdsa-with-SHA256)". */
  readonly detail: string;
}

export interface CertificateChainReport {
  /** Leaf first, as sent; a trusted root the peer did not send is appended and marked in `sent`. */
  readonly certificates: readonly CertificateSummary[];
  /** How many of `certificates` came from the peer; the rest the verifier found in its trust store. */
  readonly sent: number;
  readonly steps: readonly VerificationStep[];
  /** Every step passed. */
  readonly trusted: boolean;
  /**
   * What OpenSSL (and Node's `tls`) call the first failure: `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`,
   * `DEPTH_ZERO_SELF_SIGNED_CERT`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `SELF_SIGNED_CERT_IN_CHAIN`,
   * `CERT_REVOKED`, `CERT_NOT_YET_VALID`, `CA_KEY_TOO_SMALL`, …
   */
  readonly code?: string;
  /** One or two sentences on what the failure means and how a device would fix it, in the page's language. */
  readonly advice?: string;
}

/**
 * A certificate (or chain) pasted into the viewer is refused above this size. 12 KiB of PEM holds a chain of
 * four RSA-4096 certificates, and leaves room in one protocol message (MAX_MESSAGE_BYTES) for a key beside it.
 */
export const MAX_CERTIFICATE_BYTES = 12 * 1024;
