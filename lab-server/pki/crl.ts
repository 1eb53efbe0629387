/**
 * The intermediate's certificate revocation list (RFC 5280 §5), signed again at each start and again once half
 * its life is over, so a client that checks `nextUpdate` never finds it stale while the lab server runs. It
 * lists the `revoked` failure certificate; everything else the intermediate issued is, by its absence, not
 * revoked.
 */

import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import type { Authority } from './authority';
import { ECDSA_SHA256, x509 } from './x509';

export const CRL_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface RevokedEntry {
  readonly serial: string;
  readonly revokedAt: Date;
}

export async function signCrl(options: {
  readonly issuer: Authority;
  readonly revoked: readonly RevokedEntry[];
  readonly now: Date;
}): Promise<Uint8Array> {
  const { issuer, now } = options;
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.certificate.subjectName,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_LIFETIME_MS),
    signingAlgorithm: ECDSA_SHA256,
    signingKey: issuer.privateKey,
    entries: options.revoked.map((entry) => ({
      serialNumber: entry.serial,
      revocationDate: entry.revokedAt,
      reason: x509.X509CrlReason.keyCompromise,
    })),
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(issuer.certificate.publicKey),
      // RFC 5280 §5.2.3: a CRL number that only grows. Seconds since 1970 grow across restarts too.
      new x509.Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(Math.floor(now.getTime() / 1000)))),
    ],
  });
  return new Uint8Array(crl.rawData);
}
