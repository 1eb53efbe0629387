/**
 * A session's own client certificate for mutual TLS: ECDSA P-256, clientAuth, 30 days, signed by the class
 * intermediate, so the mTLS endpoint (which trusts the class root) accepts it and a student's board can present
 * it. Nothing of it stays in the PKI but its serial (see `class-pki.ts`); the session holds the credentials.
 */

import { type Authority, generateKeys, issue, privateKeyPem, serialOf } from './authority';
import { buildPkcs12 } from './pkcs12';
import type { ClientCredentials } from './pki';
import { revocationPointers } from './server-certificates';
import { ECDSA_P256, x509 } from './x509';

const CLIENT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A common name is one line of printable text: RFC 5280 upper bound ub-common-name is 64 characters. */
const MAX_COMMON_NAME = 64;

export async function issueClientCertificate(options: {
  readonly intermediate: Authority;
  readonly commonName: string;
  readonly ocspUrl: string | undefined;
  readonly crlUrl: string | undefined;
  readonly now: Date;
}): Promise<ClientCredentials> {
  const { intermediate, now } = options;
  const commonName = cleanCommonName(options.commonName);
  const keys = await generateKeys(ECDSA_P256);
  const certificate = await issue({
    commonName,
    keys,
    issuer: intermediate,
    notBefore: new Date(now.getTime() - 60 * 60 * 1000),
    notAfter: new Date(now.getTime() + CLIENT_DAYS * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ...revocationPointers(options),
    ],
  });
  const leafPem = certificate.toString('pem');
  const key = await privateKeyPem(keys.privateKey);
  return {
    commonName,
    serial: serialOf(certificate),
    cert: `${leafPem}\n${intermediate.pem}`,
    key,
    pkcs12: (password: string) =>
      Promise.resolve(
        buildPkcs12({
          certificate: new Uint8Array(certificate.rawData),
          chain: [new Uint8Array(intermediate.certificate.rawData)],
          keyPem: key,
          password,
          friendlyName: commonName,
        }),
      ),
  };
}

/** Control characters and overlong names would reach TLS logs and the page; keep one short printable line. */
function cleanCommonName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...(cleaned === '' ? 'socketlab student' : cleaned)].slice(0, MAX_COMMON_NAME).join('');
}
