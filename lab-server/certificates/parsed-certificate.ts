/**
 * One certificate read twice: by `node:crypto`'s `X509Certificate`, which is OpenSSL itself and so accepts what
 * a TLS client accepts and verifies as it verifies (signatures, host names, fingerprints, the public key), and
 * by `@peculiar/asn1-x509`'s schema for the fields OpenSSL does not hand out (extensions, the signature
 * algorithm, the names attribute by attribute). A certificate from a peer or a paste may be odd in any way
 * that is still valid DER, so every field read here falls back to "absent" instead of throwing: the viewer shows
 * what it can, and the verification steps judge what is there.
 */

import { X509Certificate } from 'node:crypto';
import { isIPv6, SocketAddress } from 'node:net';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as asn from '@peculiar/asn1-x509';

/** A byte string that does not hold a certificate OpenSSL can read. */
export class CertificateReadError extends Error {
  override readonly name = 'CertificateReadError';
}

export class ParsedCertificate {
  readonly der: Uint8Array;
  /** OpenSSL's view: verification, host checks, fingerprints, the public key. */
  readonly x509: X509Certificate;
  /** The schema's view; undefined when the schema library refuses what OpenSSL took. */
  readonly #asn: asn.Certificate | undefined;

  /** Throws `CertificateReadError` for bytes that are not a DER certificate. */
  constructor(der: Uint8Array) {
    this.der = der;
    try {
      this.x509 = new X509Certificate(der);
    } catch (error) {
      throw new CertificateReadError(error instanceof Error ? error.message : String(error));
    }
    this.#asn = attempt(() => AsnConvert.parse(der, asn.Certificate));
  }

  get tbs(): asn.TBSCertificate | undefined {
    return this.#asn?.tbsCertificate;
  }

  /** The outer signatureAlgorithm's OID (RFC 5280 §4.1.1.2). */
  get signatureAlgorithmOid(): string | undefined {
    return this.#asn?.signatureAlgorithm.algorithm;
  }

  /** The extension's value decoded with its schema; undefined when absent or undecodable. */
  extension<T>(oid: string, schema: new () => T): T | undefined {
    const extension = this.tbs?.extensions?.find((candidate) => candidate.extnID === oid);
    if (extension === undefined) return undefined;
    return attempt(() => AsnConvert.parse(extension.extnValue, schema));
  }

  hasExtension(oid: string): boolean {
    return this.tbs?.extensions?.some((candidate) => candidate.extnID === oid) ?? false;
  }

  get basicConstraints(): asn.BasicConstraints | undefined {
    return this.extension(asn.id_ce_basicConstraints, asn.BasicConstraints);
  }

  /** keyUsage bits by RFC 5280 §4.2.1.3's names; undefined when the extension is absent. */
  get keyUsage(): readonly string[] | undefined {
    const usage = this.extension(asn.id_ce_keyUsage, asn.KeyUsage);
    return usage === undefined ? undefined : (attempt(() => usage.toJSON()) ?? []);
  }

  /** extendedKeyUsage OIDs; undefined when the extension is absent. */
  get extendedKeyUsage(): readonly string[] | undefined {
    const usage = this.extension(asn.id_ce_extKeyUsage, asn.ExtendedKeyUsage);
    return usage === undefined ? undefined : [...usage];
  }

  get subjectAltNames(): readonly asn.GeneralName[] {
    return [...(this.extension(asn.id_ce_subjectAltName, asn.SubjectAlternativeName) ?? [])];
  }

  /** subjectKeyIdentifier, lower-case hex. */
  get subjectKeyId(): string | undefined {
    const id = this.extension(asn.id_ce_subjectKeyIdentifier, asn.SubjectKeyIdentifier);
    return id === undefined ? undefined : hex(id.buffer);
  }

  /** authorityKeyIdentifier's keyIdentifier, lower-case hex. */
  get authorityKeyId(): string | undefined {
    const id = this.extension(asn.id_ce_authorityKeyIdentifier, asn.AuthorityKeyIdentifier)?.keyIdentifier;
    return id === undefined ? undefined : hex(id.buffer);
  }

  /** The subject's and issuer's DER are the same bytes (RFC 5280 §6.1: a self-issued certificate). */
  get selfIssued(): boolean {
    const tbs = this.tbs;
    if (tbs === undefined) return this.x509.subject === this.x509.issuer;
    return sameBytes(AsnConvert.serialize(tbs.subject), AsnConvert.serialize(tbs.issuer));
  }

  /**
   * Signed by its own key, as OpenSSL's `X509_self_signed` decides: self-issued, a keyUsage (if any) that allows
   * keyCertSign, matching key identifiers (if both are there), and a signature its own public key verifies.
   */
  get selfSigned(): boolean {
    if (!this.selfIssued) return false;
    const usage = this.keyUsage;
    if (usage !== undefined && !usage.includes('keyCertSign')) return false;
    const authority = this.authorityKeyId;
    const subject = this.subjectKeyId;
    if (authority !== undefined && subject !== undefined && authority !== subject) return false;
    return this.verifiedBy(this);
  }

  /** Whether `issuer`'s public key verifies this certificate's signature (OpenSSL `X509_verify`). */
  verifiedBy(issuer: ParsedCertificate): boolean {
    return attempt(() => this.x509.verify(issuer.x509.publicKey)) ?? false;
  }

  /** The subject's DER, for finding an issuer by name (the issuer field of the one it signed). */
  get subjectDer(): Uint8Array | undefined {
    const tbs = this.tbs;
    return tbs === undefined ? undefined : new Uint8Array(AsnConvert.serialize(tbs.subject));
  }

  get issuerDer(): Uint8Array | undefined {
    const tbs = this.tbs;
    return tbs === undefined ? undefined : new Uint8Array(AsnConvert.serialize(tbs.issuer));
  }

  /** notBefore / notAfter; the schema's dates, or OpenSSL's text of them. */
  get notBefore(): Date {
    return attempt(() => this.tbs?.validity.notBefore.getTime()) ?? new Date(this.x509.validFrom);
  }

  get notAfter(): Date {
    return attempt(() => this.tbs?.validity.notAfter.getTime()) ?? new Date(this.x509.validTo);
  }

  /** The subject public key's algorithm as `node:crypto` names it (`rsa`, `ec`, `ed25519`), its bits and curve. */
  get publicKey(): { readonly type: string; readonly bits?: number; readonly curve?: string } {
    const key = attempt(() => this.x509.publicKey);
    if (key === undefined) return { type: this.tbs?.subjectPublicKeyInfo.algorithm.algorithm ?? 'unknown' };
    const details = key.asymmetricKeyDetails ?? {};
    const type = key.asymmetricKeyType ?? 'unknown';
    if (details.modulusLength !== undefined) return { type, bits: details.modulusLength };
    if (details.namedCurve !== undefined) {
      const curve = CURVES[details.namedCurve] ?? { name: details.namedCurve };
      return curve.bits === undefined ? { type, curve: curve.name } : { type, bits: curve.bits, curve: curve.name };
    }
    return { type };
  }

  /** The SubjectPublicKeyInfo, DER: what a private key must match. */
  get spki(): Uint8Array | undefined {
    const key = attempt(() => this.x509.publicKey);
    return key === undefined ? undefined : new Uint8Array(key.export({ type: 'spki', format: 'der' }));
  }
}

/** OpenSSL's curve names to the names TLS and WebCrypto use, with the field size. */
const CURVES: Readonly<Record<string, { readonly name: string; readonly bits?: number }>> = {
  prime256v1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
  secp256k1: { name: 'secp256k1', bits: 256 },
};

/** The value, or undefined when computing it throws: for fields of a certificate a stranger made. */
export function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

export function sameBytes(a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array): boolean {
  return Buffer.from(a instanceof Uint8Array ? a : new Uint8Array(a)).equals(
    Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)),
  );
}

/**
 * An IP address in a SAN as browsers and newer OpenSSL print it: IPv6 in RFC 5952's
 * compressed lower-case form (`::1`, not `0:0:0:0:0:0:0:1`), as Node's `SocketAddress` writes it; IPv4 as it is.
 */
export function sanAddress(address: string): string {
  if (!isIPv6(address)) return address;
  return attempt(() => new SocketAddress({ address, family: 'ipv6' }).address) ?? address;
}
