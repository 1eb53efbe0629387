/**
 * The server certificates issued at each start (fast: one key each, no disk): the valid ECDSA and RSA ones,
 * chained to the class root through the intermediate, and the badssl-style failure certificates, each wrong in
 * exactly one way and otherwise like the valid ECDSA one. Issuing them anew each start keeps the names right
 * when the lab server is moved to another host name, and keeps their keys off the disk.
 *
 * `untrusted-root` is a leaf under a second hierarchy made for this start ("socketlab untrusted root" →
 * "socketlab untrusted intermediate CA"); the server sends the leaf and that intermediate, so a client builds
 * the chain up to a root it does not hold (OpenSSL error 20, "unable to get local issuer certificate") — unlike
 * `incomplete-chain`, where the leaf comes alone and the client cannot find even its issuer (error 21 in a
 * handshake, "unable to verify the first certificate").
 */

import { type Authority, createAuthority, generateKeys, issue, privateKeyPem, subjectAltNames } from './authority';
import type { Credentials, FailureCertificate, ServerKeyType } from './pki';
import { ECDSA_P256, type EcdsaParams, rsaKey, type SigningAlgorithm, x509 } from './x509';

export const WRONG_HOST = 'wrong.host.socketlab.invalid';
export const UNTRUSTED_ROOT_COMMON_NAME = 'socketlab untrusted root';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** A certificate the PKI issued this start, with what a server sends and what OCSP needs. */
export interface IssuedCertificate {
  readonly certificate: x509.X509Certificate;
  readonly credentials: Credentials;
  /** Its issuer, when that is the class intermediate (OCSP answers for those only). */
  readonly byIntermediate: boolean;
}

export interface ServerCertificates {
  readonly server: Readonly<Record<ServerKeyType, IssuedCertificate>>;
  readonly failures: Readonly<Record<FailureCertificate, IssuedCertificate>>;
  readonly untrustedRoot: Authority;
}

export interface ServerCertificateOptions {
  readonly intermediate: Authority;
  readonly names: readonly string[];
  readonly ocspUrl: string | undefined;
  readonly crlUrl: string | undefined;
  readonly now: Date;
}

/** What a leaf is; everything not given is the valid server certificate's. */
interface LeafShape {
  readonly commonName: string;
  readonly key: 'ecdsa' | 'rsa' | 'rsa-1024';
  readonly issuer: Authority | 'self';
  readonly names?: readonly string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly signingAlgorithm?: SigningAlgorithm;
  /** Certificates sent after the leaf; default the intermediate. */
  readonly chain?: readonly Authority[];
}

export async function issueServerCertificates(options: ServerCertificateOptions): Promise<ServerCertificates> {
  const { intermediate, now } = options;
  const untrustedRoot = await createAuthority({ commonName: UNTRUSTED_ROOT_COMMON_NAME, years: 10, now });
  const untrustedIntermediate = await createAuthority({
    commonName: 'socketlab untrusted intermediate CA',
    issuer: untrustedRoot,
    pathLength: 0,
    years: 5,
    now,
  });
  const leaf = (shape: LeafShape) => issueLeaf(options, shape);
  const [ecdsa, rsa, expired, notYetValid, wrongHost, selfSigned, untrusted, incomplete, revoked, weak] =
    await Promise.all([
      leaf({ commonName: 'socketlab lab server', key: 'ecdsa', issuer: intermediate }),
      leaf({ commonName: 'socketlab lab server (RSA)', key: 'rsa', issuer: intermediate }),
      leaf({ commonName: 'socketlab expired server', key: 'ecdsa', issuer: intermediate, ...expiredValidity(options) }),
      leaf({
        commonName: 'socketlab not-yet-valid server',
        key: 'ecdsa',
        issuer: intermediate,
        notBefore: new Date(now.getTime() + 30 * DAY_MS),
        notAfter: new Date(now.getTime() + 120 * DAY_MS),
      }),
      leaf({ commonName: WRONG_HOST, key: 'ecdsa', issuer: intermediate, names: [WRONG_HOST] }),
      leaf({ commonName: 'socketlab self-signed server', key: 'ecdsa', issuer: 'self', chain: [] }),
      leaf({
        commonName: 'socketlab untrusted server',
        key: 'ecdsa',
        issuer: untrustedIntermediate,
        chain: [untrustedIntermediate],
      }),
      leaf({ commonName: 'socketlab incomplete-chain server', key: 'ecdsa', issuer: intermediate, chain: [] }),
      leaf({ commonName: 'socketlab revoked server', key: 'ecdsa', issuer: intermediate }),
      // RSA 1024 (80-bit security) signed with SHA-1: refused at OpenSSL's security level 2, the default of
      // Debian and Ubuntu. The intermediate is ECDSA, so the signature is ecdsa-with-SHA1; what makes it weak,
      // the SHA-1 digest and the short key, is the same as sha1WithRSAEncryption's.
      leaf({
        commonName: 'socketlab weak server',
        key: 'rsa-1024',
        issuer: intermediate,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-1' } as EcdsaParams,
      }),
    ]);
  return {
    server: { ecdsa, rsa },
    failures: {
      expired,
      'not-yet-valid': notYetValid,
      'wrong-host': wrongHost,
      'self-signed': selfSigned,
      'untrusted-root': untrusted,
      'incomplete-chain': incomplete,
      revoked,
      weak,
    },
    untrustedRoot,
  };
}

async function issueLeaf(options: ServerCertificateOptions, shape: LeafShape): Promise<IssuedCertificate> {
  const rsa = shape.key !== 'ecdsa';
  const keys = await generateKeys(shape.key === 'ecdsa' ? ECDSA_P256 : rsaKey(shape.key === 'rsa' ? 2048 : 1024));
  const selfSigned = shape.issuer === 'self';
  // RFC 5280 §4.2.1.3: an RSA key-exchange server decrypts the premaster secret with its key (keyEncipherment);
  // ECDHE and TLS 1.3 only sign with it. A self-signed leaf carries no key usage: OpenSSL treats a certificate
  // as self-signed only if its key may sign certificates, and this one must be found self-signed, nothing else.
  const keyUsage = new x509.KeyUsagesExtension(
    x509.KeyUsageFlags.digitalSignature | (rsa ? x509.KeyUsageFlags.keyEncipherment : 0),
    true,
  );
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    ...(selfSigned ? [] : [keyUsage]),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    subjectAltNames(shape.names ?? options.names),
    ...revocationPointers(options),
  ];
  const certificate = await issue({
    commonName: shape.commonName,
    keys,
    notBefore: shape.notBefore ?? new Date(options.now.getTime() - HOUR_MS),
    notAfter: shape.notAfter ?? new Date(options.now.getTime() + 90 * DAY_MS),
    extensions,
    ...(shape.issuer === 'self' ? {} : { issuer: shape.issuer }),
    ...(shape.signingAlgorithm === undefined ? {} : { signingAlgorithm: shape.signingAlgorithm }),
  });
  const chain = shape.chain ?? [options.intermediate];
  return {
    certificate,
    credentials: {
      cert: [certificate.toString('pem'), ...chain.map((authority) => authority.pem)].join('\n'),
      key: await privateKeyPem(keys.privateKey),
    },
    byIntermediate: shape.issuer === options.intermediate,
  };
}

/**
 * Expired 30 days ago after 30 days of validity, but never issued before its issuer was: on a PKI made today
 * (whose intermediate dates from yesterday) it expired 23 hours ago. Otherwise the leaf would be wrong twice —
 * expired, and older than the CA that signed it.
 */
function expiredValidity(options: ServerCertificateOptions): { notBefore: Date; notAfter: Date } {
  const now = options.now.getTime();
  const notBefore = Math.max(options.intermediate.certificate.notBefore.getTime(), now - 60 * DAY_MS);
  return { notBefore: new Date(notBefore), notAfter: new Date(Math.max(notBefore + HOUR_MS, now - 30 * DAY_MS)) };
}

/** Where a client asks whether the certificate is revoked: AIA's OCSP URL (RFC 5280 §4.2.2.1) and the CRL DP. */
export function revocationPointers(options: {
  readonly ocspUrl: string | undefined;
  readonly crlUrl: string | undefined;
}): x509.Extension[] {
  return [
    ...(options.ocspUrl === undefined ? [] : [new x509.AuthorityInfoAccessExtension({ ocsp: [options.ocspUrl] })]),
    ...(options.crlUrl === undefined ? [] : [new x509.CRLDistributionPointsExtension([options.crlUrl])]),
  ];
}
