/**
 * The class PKI as the rest of the lab server uses it: a root CA and an intermediate, a server certificate for
 * every name and address the lab server answers to, the badssl-style failure certificates, a client certificate
 * per session for mutual TLS, the CRL and the OCSP responder. Made once and kept in the data directory
 * (`class-pki.ts`), so a board that trusted the class root yesterday still trusts it today. Private keys never
 * leave the lab server, except a session's own client key, to that session.
 */

/** A certificate chain and its private key, PEM, as `tls.createSecureContext` takes them. */
export interface Credentials {
  /** The leaf first, then the intermediates the server sends (none for an incomplete chain or a self-signed one). */
  readonly cert: string;
  readonly key: string;
}

/** The server certificates the failure endpoints present, each wrong in exactly one way. */
export const FAILURE_CERTIFICATES = [
  'expired',
  'not-yet-valid',
  'wrong-host',
  'self-signed',
  'untrusted-root',
  'incomplete-chain',
  'revoked',
  'weak',
] as const;

export type FailureCertificate = (typeof FAILURE_CERTIFICATES)[number];

/** The key a server certificate is made for: ECDSA P-256, or RSA 2048 for the TLS_RSA_* key exchange of TLS 1.2. */
export type ServerKeyType = 'ecdsa' | 'rsa';

/** A session's own client certificate and key, for mutual TLS. */
export interface ClientCredentials extends Credentials {
  /** The subject's common name (the session's, or in a classroom the student's). */
  readonly commonName: string;
  /** The certificate's serial, lower-case hex. */
  readonly serial: string;
  /** The certificate, key and chain as PKCS#12 (AES-256-CBC, PBKDF2, HMAC-SHA256), for tools that want one file. */
  pkcs12(password: string): Promise<Uint8Array>;
}

export interface ClassPki {
  /** The class root, PEM: what a student's program trusts (`--ca class`, Python `cafile=`, `mbedtls` CA). */
  readonly rootPem: string;
  readonly intermediatePem: string;
  /** The names and addresses the server certificates are made for (`localhost`, `127.0.0.1`, `::1`, …). */
  readonly names: readonly string[];
  /** A valid server certificate, chained to the class root through the intermediate. */
  server(key: ServerKeyType): Credentials;
  /** A failure endpoint's certificate. */
  failure(which: FailureCertificate): Credentials;
  /** The root of the "untrusted" failure: trusted by nobody, but a student may inspect it. */
  readonly untrustedRootPem: string;
  /** Issues a client certificate for mutual TLS (clientAuth), signed by the intermediate. */
  issueClient(commonName: string): Promise<ClientCredentials>;
  /** The intermediate's current CRL, DER: lists the `revoked` certificate. */
  crl(): Uint8Array;
  /**
   * The root's current CRL, DER: lists nothing (the intermediate is not revoked). A client that checks the whole
   * chain (Node's `crl` option does) needs it beside the intermediate's, or fails with UNABLE_TO_GET_CRL.
   */
  rootCrl(): Uint8Array;
  /**
   * Answers a DER OCSPRequest (RFC 6960) for certificates the intermediate issued: good, revoked or unknown,
   * signed by the intermediate. Throws a `PkiInputError` for bytes that are not an OCSP request.
   */
  ocsp(request: Uint8Array): Promise<Uint8Array>;
  /** A current OCSP response for a server certificate this PKI issued, for stapling (`OCSPRequest` event). */
  stapledResponse(which: FailureCertificate | ServerKeyType): Promise<Uint8Array>;
  /** Whether the PKI issued a certificate with this serial (lower-case hex) and has since revoked it. */
  isRevoked(serial: string): boolean;
}

/** Input from outside (an OCSP request, a pasted PEM) that is not what it claims to be. */
export class PkiInputError extends Error {
  override readonly name = 'PkiInputError';
}
