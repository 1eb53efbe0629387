/**
 * A certificate's fields as the certificate viewer and the lessons show them (`CertificateSummary`), in the
 * forms students meet elsewhere: names as RFC 4514 writes them (`CN=echo.socketlab, O=socketlab class`), SANs
 * and fingerprints as `openssl x509 -text` and browsers print them, algorithms by OpenSSL's names. Each field is
 * read on its own, so a certificate without extensions, with an unknown key type or an undecodable extension
 * still gets a summary with that field empty.
 */

import * as asn from '@peculiar/asn1-x509';
import type { CertificatePublicKey, CertificateSummary } from '../../src/protocol/certificate';
import { attempt, hex, type ParsedCertificate, sanAddress } from './parsed-certificate';

export function summarizeCertificate(certificate: ParsedCertificate): CertificateSummary {
  const x509 = certificate.x509;
  const basic = certificate.basicConstraints;
  const tbs = certificate.tbs;
  return {
    subject: tbs === undefined ? x509.subject.split('\n').reverse().join(', ') : rfc4514(tbs.subject),
    issuer: tbs === undefined ? x509.issuer.split('\n').reverse().join(', ') : rfc4514(tbs.issuer),
    serial: serial(certificate),
    notBefore: isoDate(certificate.notBefore),
    notAfter: isoDate(certificate.notAfter),
    subjectAltNames: certificate.subjectAltNames.flatMap(generalName),
    keyUsage: certificate.keyUsage ?? [],
    extendedKeyUsage: (certificate.extendedKeyUsage ?? []).map((oid) => EXTENDED_KEY_USAGES[oid] ?? oid),
    ...(basic === undefined
      ? {}
      : {
          basicConstraints:
            basic.pathLenConstraint === undefined
              ? { ca: basic.cA }
              : { ca: basic.cA, pathLength: basic.pathLenConstraint },
        }),
    publicKey: publicKey(certificate),
    signatureAlgorithm: signatureAlgorithmName(certificate.signatureAlgorithmOid),
    sha256Fingerprint: x509.fingerprint256,
    sha1Fingerprint: x509.fingerprint,
    crlDistributionPoints: crlDistributionPoints(certificate),
    ocspResponders: ocspResponders(certificate),
    selfIssued: certificate.selfIssued,
    pem: x509.toString(),
  };
}

/** OpenSSL's names for the signature algorithms a student may meet (`openssl x509 -text`'s "Signature Algorithm"). */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '1.2.840.10040.4.3': 'dsa_with_SHA1',
};

/** The signature algorithm by OpenSSL's name, or its OID when it has none here. */
export function signatureAlgorithmName(oid: string | undefined): string {
  if (oid === undefined) return 'unknown';
  return SIGNATURE_ALGORITHMS[oid] ?? oid;
}

/** extendedKeyUsage OIDs by RFC 5280 §4.2.1.12's names. */
export const EXTENDED_KEY_USAGES: Readonly<Record<string, string>> = {
  [asn.id_kp_serverAuth]: 'serverAuth',
  [asn.id_kp_clientAuth]: 'clientAuth',
  [asn.id_kp_codeSigning]: 'codeSigning',
  [asn.id_kp_emailProtection]: 'emailProtection',
  [asn.id_kp_timeStamping]: 'timeStamping',
  [asn.id_kp_OCSPSigning]: 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

/** RFC 4514 §3's short names, and the few more OpenSSL prints by name. */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/**
 * RFC 4514 §2: the RDNs most significant last (the reverse of their order in the certificate), multi-valued
 * RDNs joined by `+`, specials escaped, and a value that is not a string as `#` and its DER in hex. Joined by
 * `, ` as OpenSSL's `-nameopt RFC2253`-like printing reads best.
 */
export function rfc4514(name: asn.Name): string {
  return [...name]
    .reverse()
    .map((rdn) =>
      [...rdn]
        .map((attribute) => `${ATTRIBUTE_NAMES[attribute.type] ?? attribute.type}=${attributeValue(attribute.value)}`)
        .join('+'),
    )
    .join(', ');
}

function attributeValue(value: asn.AttributeValue): string {
  const text =
    value.utf8String ??
    value.printableString ??
    value.ia5String ??
    value.teletexString ??
    value.bmpString ??
    value.universalString;
  if (text === undefined) return value.anyValue === undefined ? '' : `#${hex(value.anyValue)}`;
  // RFC 4514 §2.4: escape the specials, a leading space or #, and a trailing space; control characters as \XX.
  const escaped = [...text]
    .map((character) => {
      const code = character.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) return `\\${code.toString(16).padStart(2, '0')}`;
      return '\\,+"<>;'.includes(character) ? `\\${character}` : character;
    })
    .join('');
  return escaped.replace(/^[ #]/, (lead) => `\\${lead}`).replace(/ $/, '\\ ');
}

/** OpenSSL's `GENERAL_NAME_print` forms: `DNS:`, `IP Address:`, `email:`, `URI:`, `DirName:`, `Registered ID:`. */
function generalName(name: asn.GeneralName): string[] {
  if (name.dNSName !== undefined) return [`DNS:${name.dNSName}`];
  if (name.iPAddress !== undefined) return [`IP Address:${sanAddress(name.iPAddress)}`];
  if (name.rfc822Name !== undefined) return [`email:${name.rfc822Name}`];
  if (name.uniformResourceIdentifier !== undefined) return [`URI:${name.uniformResourceIdentifier}`];
  if (name.directoryName !== undefined) return [`DirName:${rfc4514(name.directoryName)}`];
  if (name.registeredID !== undefined) return [`Registered ID:${name.registeredID}`];
  if (name.otherName !== undefined) return [`othername:${name.otherName.typeId}`];
  return [];
}

function uris(names: readonly asn.GeneralName[] | undefined): string[] {
  return (names ?? []).flatMap((name) =>
    name.uniformResourceIdentifier === undefined ? [] : [name.uniformResourceIdentifier],
  );
}

function crlDistributionPoints(certificate: ParsedCertificate): string[] {
  const points = certificate.extension(asn.id_ce_cRLDistributionPoints, asn.CRLDistributionPoints) ?? [];
  return [...points].flatMap((point) => uris(point.distributionPoint?.fullName));
}

function ocspResponders(certificate: ParsedCertificate): string[] {
  const access = certificate.extension(asn.id_pe_authorityInfoAccess, asn.AuthorityInfoAccessSyntax) ?? [];
  return [...access]
    .filter((description) => description.accessMethod === asn.id_ad_ocsp)
    .flatMap((description) => uris([description.accessLocation]));
}

/** Lower-case hex without leading zero bytes (a DER INTEGER adds one when the high bit is set). */
function serial(certificate: ParsedCertificate): string {
  const bytes = certificate.tbs?.serialNumber;
  const text = bytes === undefined ? certificate.x509.serialNumber.toLowerCase() : hex(bytes);
  return text.replace(/^(00)+(?=..)/, '');
}

function isoDate(date: Date): string {
  return attempt(() => date.toISOString()) ?? 'invalid';
}

const KEY_ALGORITHMS: Readonly<Record<string, string>> = {
  rsa: 'RSA',
  'rsa-pss': 'RSA-PSS',
  ec: 'EC',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  dsa: 'DSA',
  dh: 'DH',
};

function publicKey(certificate: ParsedCertificate): CertificatePublicKey {
  const key = certificate.publicKey;
  const algorithm = KEY_ALGORITHMS[key.type] ?? key.type;
  return {
    algorithm,
    ...(key.bits === undefined ? {} : { bits: key.bits }),
    ...(key.curve === undefined ? {} : { curve: key.curve }),
  };
}
