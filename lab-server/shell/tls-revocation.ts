/**
 * What `connect --tls` knows about the revocation of the server's certificate: the OCSP response the server
 * stapled to its handshake (RFC 6066 §8, RFC 6960), else the class CRL (RFC 5280 §5). Either counts only when
 * it is signed by the certificate's issuer — a stapled "good" is the server's own word otherwise. Node's `tls`
 * checks neither by itself (it would need `crl` and fails the whole chain without a CRL for every CA), so the
 * shell reads them, as a client that enables OCSP stapling or CRL checks does.
 */

import { verify, X509Certificate } from 'node:crypto';
import { BasicOCSPResponse, id_pkix_ocsp_basic, OCSPResponse, OCSPResponseStatus } from '@peculiar/asn1-ocsp';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';
import type { RevocationStatus } from '../certificates/chain-report';

/** The digests of the signature algorithms the class PKI and common CAs sign with, by OID. */
const DIGESTS: Readonly<Record<string, string>> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** A serial as lower-case hex without leading zero bytes, as the chain report names it. */
function serialHex(bytes: ArrayBuffer): string {
  return Buffer.from(bytes)
    .toString('hex')
    .replace(/^(00)+(?=.)/, '');
}

function signedBy(issuerPem: string, algorithm: string, data: ArrayBuffer, signature: ArrayBuffer): boolean {
  const digest = DIGESTS[algorithm];
  if (digest === undefined) return false;
  try {
    const key = new X509Certificate(issuerPem).publicKey;
    return verify(digest, Buffer.from(data), key, Buffer.from(signature));
  } catch {
    return false;
  }
}

/** The status a stapled OCSP response gives `serial`, when it is a successful one signed by the issuer. */
function ocspStatus(response: Uint8Array, serial: string, issuerPem: string): RevocationStatus | undefined {
  const outer = AsnConvert.parse(response, OCSPResponse);
  const bytes = outer.responseBytes;
  if (outer.responseStatus !== OCSPResponseStatus.successful || bytes?.responseType !== id_pkix_ocsp_basic) {
    return undefined;
  }
  const basic = AsnConvert.parse(bytes.response.buffer, BasicOCSPResponse);
  const tbs = AsnConvert.serialize(basic.tbsResponseData);
  if (!signedBy(issuerPem, basic.signatureAlgorithm.algorithm, tbs, basic.signature)) return undefined;
  const single = basic.tbsResponseData.responses.find((each) => serialHex(each.certID.serialNumber) === serial);
  if (single === undefined) return undefined;
  if (single.certStatus.revoked !== undefined) return 'revoked';
  return single.certStatus.good !== undefined ? 'good' : 'unknown';
}

/** Whether a CRL signed by the issuer lists `serial`; undefined when the CRL is not the issuer's. */
function crlStatus(crl: Uint8Array, serial: string, issuerPem: string): RevocationStatus | undefined {
  const list = AsnConvert.parse(crl, CertificateList);
  const tbs = AsnConvert.serialize(list.tbsCertList);
  if (!signedBy(issuerPem, list.signatureAlgorithm.algorithm, tbs, list.signature)) return undefined;
  const revoked = list.tbsCertList.revokedCertificates ?? [];
  return revoked.some((entry) => serialHex(entry.userCertificate) === serial) ? 'revoked' : 'good';
}

/**
 * The chain report's revocation question answered from a stapled response, then the CRL; `unknown` when
 * neither speaks for the certificate (another CA's, or bytes that do not parse).
 */
export function revocationOf(
  stapled: Uint8Array | undefined,
  crl: Uint8Array | undefined,
): (serial: string, issuerPem: string) => RevocationStatus {
  return (serial, issuerPem) => {
    for (const [source, read] of [
      [stapled, ocspStatus],
      [crl, crlStatus],
    ] as const) {
      if (source === undefined) continue;
      try {
        const status = read(source, serial.replace(/^(00)+(?=.)/, ''), issuerPem);
        if (status !== undefined) return status;
      } catch {
        // Not DER of that shape: the next source may still answer.
      }
    }
    return 'unknown';
  };
}
