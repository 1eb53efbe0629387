/**
 * The OCSP responder of the class intermediate (RFC 6960): reads a DER OCSPRequest, answers each CertID it names
 * good, revoked or unknown in one BasicOCSPResponse signed by the intermediate itself (§4.2.2.2: the CA that
 * issued the certificate may sign), and makes the responses the `revoked` endpoint staples. A CertID whose
 * issuer is not the intermediate, or whose hash it does not know, is "unknown" (§2.2). Bytes that are not an
 * OCSP request are a `PkiInputError`: they come from outside.
 */

import { createHash, KeyObject, sign } from 'node:crypto';
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, CRLReason, CRLReasons, type Extension } from '@peculiar/asn1-x509';
import type { Authority } from './authority';
import { PkiInputError } from './pki';

export type CertificateStatus =
  | { readonly kind: 'good' }
  | { readonly kind: 'revoked'; readonly revokedAt: Date }
  | { readonly kind: 'unknown' };

/** One request names at most this many certificates; OpenSSL and browsers ask for one. */
const MAX_CERT_IDS = 16;
/** How long a response may be cached (RFC 6960 §4.2.2.1 nextUpdate); a stapled one is renewed well before. */
export const OCSP_LIFETIME_MS = 24 * 60 * 60 * 1000;

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** The CertID hashes a client may use (RFC 6960 §4.1.1 and RFC 5019 §2.1.1 name SHA-1; newer clients SHA-256). */
const HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const SHA1 = '1.3.14.3.2.26';

export class OcspResponder {
  readonly #issuerName: Uint8Array;
  readonly #issuerKey: Uint8Array;
  readonly #issuerCertificate: Certificate;
  readonly #signingKey: KeyObject;

  constructor(
    issuer: Authority,
    readonly statusOf: (serial: string) => CertificateStatus,
    readonly now: () => Date,
  ) {
    this.#issuerCertificate = AsnConvert.parse(issuer.certificate.rawData, Certificate);
    this.#issuerName = new Uint8Array(AsnConvert.serialize(this.#issuerCertificate.tbsCertificate.subject));
    this.#issuerKey = new Uint8Array(this.#issuerCertificate.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
    this.#signingKey = KeyObject.from(issuer.privateKey);
  }

  /** Answers a DER OCSPRequest; throws `PkiInputError` for anything that is not one. */
  respond(requestDer: Uint8Array): Uint8Array {
    let request: OCSPRequest;
    try {
      request = AsnConvert.parse(requestDer, OCSPRequest);
    } catch {
      throw new PkiInputError('not a DER OCSPRequest (RFC 6960 §4.1.1)');
    }
    const list = request.tbsRequest.requestList;
    if (list.length === 0 || list.length > MAX_CERT_IDS) {
      throw new PkiInputError(`an OCSP request names 1 to ${MAX_CERT_IDS} certificates, this one ${list.length}`);
    }
    const nonce = request.tbsRequest.requestExtensions?.find((extension) => extension.extnID === id_pkix_ocsp_nonce);
    return this.#sign(
      list.map((entry) => entry.reqCert),
      nonce,
    );
  }

  /** A response for one certificate the intermediate issued, as a server staples it (RFC 6066 §8). */
  responseFor(serial: string): Uint8Array {
    const hash = (bytes: Uint8Array) => new OctetString(createHash('sha1').update(bytes).digest());
    const certId = new CertID({
      hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
      issuerNameHash: hash(this.#issuerName),
      issuerKeyHash: hash(this.#issuerKey),
      serialNumber: new Uint8Array(Buffer.from(serial, 'hex')).buffer,
    });
    return this.#sign([certId], undefined);
  }

  #sign(certIds: readonly CertID[], nonce: Extension | undefined): Uint8Array {
    const now = wholeSeconds(this.now());
    const data = new ResponseData({
      // RFC 6960 §4.2.2.3: byKey is the SHA-1 of the responder's public key, the BIT STRING's value.
      responderID: new ResponderID({ byKey: new OctetString(createHash('sha1').update(this.#issuerKey).digest()) }),
      producedAt: now,
      responses: certIds.map(
        (certID) =>
          new SingleResponse({
            certID,
            certStatus: this.#statusFor(certID),
            thisUpdate: now,
            nextUpdate: new Date(now.getTime() + OCSP_LIFETIME_MS),
          }),
      ),
      ...(nonce === undefined ? {} : { responseExtensions: [nonce] }),
    });
    const tbs = AsnConvert.serialize(data);
    const basic = new BasicOCSPResponse({
      tbsResponseData: data,
      signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
      signature: new Uint8Array(sign('sha256', new Uint8Array(tbs), { key: this.#signingKey, dsaEncoding: 'der' }))
        .buffer,
      // The signer's certificate, so a client that was not given the intermediate can still check the signature.
      certs: [this.#issuerCertificate],
    });
    return encodeResponse(
      new OCSPResponse({
        responseStatus: OCSPResponseStatus.successful,
        responseBytes: new ResponseBytes({
          responseType: id_pkix_ocsp_basic,
          response: new OctetString(AsnConvert.serialize(basic)),
        }),
      }),
    );
  }

  #statusFor(certId: CertID): CertStatus {
    const algorithm = HASHES[certId.hashAlgorithm.algorithm];
    const hash = (bytes: Uint8Array) =>
      createHash(algorithm ?? 'sha1')
        .update(bytes)
        .digest();
    const ours =
      algorithm !== undefined &&
      hash(this.#issuerName).equals(new Uint8Array(certId.issuerNameHash.buffer)) &&
      hash(this.#issuerKey).equals(new Uint8Array(certId.issuerKeyHash.buffer));
    const status: CertificateStatus = ours ? this.statusOf(serialHex(certId.serialNumber)) : { kind: 'unknown' };
    switch (status.kind) {
      case 'good':
        return new CertStatus({ good: null });
      case 'revoked':
        return new CertStatus({
          revoked: new RevokedInfo({
            revocationTime: wholeSeconds(status.revokedAt),
            revocationReason: new CRLReason(CRLReasons.keyCompromise),
          }),
        });
      case 'unknown':
        return new CertStatus({ unknown: null });
    }
  }
}

/** An OCSP response that says only "this responder does not answer for that certificate" (RFC 6960 §2.3). */
export function unauthorizedResponse(): Uint8Array {
  return encodeResponse(new OCSPResponse({ responseStatus: OCSPResponseStatus.unauthorized }));
}

function encodeResponse(response: OCSPResponse): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(response));
}

/** A DER INTEGER's bytes as lower-case hex without the sign octet, as serials are spelled here. */
function serialHex(serial: ArrayBuffer): string {
  return Buffer.from(serial)
    .toString('hex')
    .replace(/^(00)+(?=.)/, '');
}

/** RFC 5280 §4.1.2.5.2 (and so RFC 6960's GeneralizedTime): no fractions of a second. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
