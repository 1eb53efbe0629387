/**
 * A small PKI made with the `openssl` CLI in a temporary directory, shaped like the class PKI's failure
 * endpoints (`lab-server/pki/pki.ts`): a root, an intermediate, a good server certificate, and one certificate
 * wrong in each of the ways the labs teach — made by a different tool than the class PKI, so the chain report is
 * tested against certificates it did not help to make. `openssl ca` is used for the leaves because it can set any
 * start and end date and keeps the index a CRL is made from.
 */

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAILURE_CERTIFICATES, type FailureCertificate } from '../../pki/pki';

export interface OpensslCredentials {
  /** The leaf first, then what the server sends with it. */
  readonly cert: string;
  readonly key: string;
}

/** A PKI of the class PKI's shape, made by `openssl` here or by the class PKI itself (`class-pki-fixture.ts`). */
export interface TestPki {
  readonly rootPem: string;
  readonly intermediatePem: string;
  readonly untrustedRootPem: string;
  readonly server: OpensslCredentials;
  readonly failures: Readonly<Record<FailureCertificate, OpensslCredentials>>;
  /** Whether the PKI revoked the certificate with this serial (lower-case hex): the `revoked` leaf's. */
  isRevoked(serial: string): boolean;
  /** The intermediate's CRL and the root's, PEM; the first lists the `revoked` leaf. */
  readonly crls: readonly string[];
  /** Removes what it made. */
  dispose(): void;
}

export interface OpensslPki extends TestPki {
  /** The `revoked` leaf's serial, lower-case hex. */
  readonly revokedSerial: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function makeOpensslPki(names: readonly string[] = ['localhost', '127.0.0.1']): OpensslPki {
  const dir = mkdtempSync(join(tmpdir(), 'socketlab-openssl-pki-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  const path = (name: string) => join(dir, name);
  const read = (name: string) => openssl('x509', '-in', path(name));
  const san = names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');

  writeFileSync(
    path('ext.cnf'),
    [
      '[ca]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '[leaf]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      `subjectAltName = ${san}`,
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '[wrong]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:wrong.host.socketlab.invalid',
      '[self]',
      'basicConstraints = critical, CA:FALSE',
      'extendedKeyUsage = serverAuth',
      `subjectAltName = ${san}`,
      '',
    ].join('\n'),
  );

  const key = (name: string, type: 'ec' | 'rsa1024' = 'ec') =>
    type === 'ec'
      ? openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path(`${name}.key`))
      : openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', path(`${name}.key`));

  /** A CA of its own database, so each one's CRL lists only what it revoked. */
  const authority = (name: string, commonName: string, issuer?: string) => {
    key(name);
    const database = path(`${name}-db`);
    execFileSync('mkdir', ['-p', join(database, 'new')]);
    writeFileSync(join(database, 'index.txt'), '');
    // An even number of hex digits, high bit clear: `openssl ca` reads it as a positive INTEGER.
    writeFileSync(join(database, 'serial'), `10${randomBytes(4).toString('hex')}\n`);
    writeFileSync(
      path(`${name}-ca.cnf`),
      [
        '[ca]',
        'default_ca = this',
        '[this]',
        `database = ${join(database, 'index.txt')}`,
        `new_certs_dir = ${join(database, 'new')}`,
        `serial = ${join(database, 'serial')}`,
        `certificate = ${path(`${name}.pem`)}`,
        `private_key = ${path(`${name}.key`)}`,
        'default_md = sha256',
        'policy = any',
        'unique_subject = no',
        'email_in_dn = no',
        'default_crl_days = 7',
        '[any]',
        'commonName = supplied',
        '',
      ].join('\n'),
    );
    if (issuer === undefined) {
      openssl(
        'req',
        '-x509',
        '-new',
        '-key',
        path(`${name}.key`),
        '-subj',
        `/CN=${commonName}`,
        '-days',
        '3650',
        '-extensions',
        'ca',
        '-config',
        path('ext.cnf'),
        '-out',
        path(`${name}.pem`),
      );
    } else {
      openssl('req', '-new', '-key', path(`${name}.key`), '-subj', `/CN=${commonName}`, '-out', path(`${name}.csr`));
      sign(issuer, name, 'ca', -DAY_MS, 3650 * DAY_MS);
    }
  };

  /** `openssl ca` signs `name.csr` as `issuer` with the extension section and the dates given relative to now. */
  const sign = (issuer: string, name: string, section: string, from: number, to: number, md = 'sha256') => {
    openssl(
      'ca',
      '-batch',
      '-notext',
      '-config',
      path(`${issuer}-ca.cnf`),
      '-extfile',
      path('ext.cnf'),
      '-extensions',
      section,
      '-md',
      md,
      '-startdate',
      asn1Time(new Date(Date.now() + from)),
      '-enddate',
      asn1Time(new Date(Date.now() + to)),
      '-in',
      path(`${name}.csr`),
      '-out',
      path(`${name}.pem`),
    );
  };

  const leaf = (
    name: string,
    issuer: string,
    options: { section?: string; from?: number; to?: number; md?: string; weak?: boolean } = {},
  ) => {
    key(name, options.weak === true ? 'rsa1024' : 'ec');
    openssl(
      'req',
      '-new',
      '-key',
      path(`${name}.key`),
      '-subj',
      `/CN=socketlab ${name} server`,
      '-out',
      path(`${name}.csr`),
    );
    sign(issuer, name, options.section ?? 'leaf', options.from ?? -HOUR_MS, options.to ?? 90 * DAY_MS, options.md);
  };

  const credentials = (name: string, chain: readonly string[]): OpensslCredentials => ({
    cert: [read(`${name}.pem`), ...chain.map(read)].join(''),
    key: openssl('pkey', '-in', path(`${name}.key`)),
  });

  try {
    authority('root', 'Test Root CA');
    authority('intermediate', 'Test Intermediate CA', 'root');
    authority('other-root', 'Test Untrusted Root');
    authority('other-intermediate', 'Test Untrusted Intermediate CA', 'other-root');

    leaf('good', 'intermediate');
    leaf('expired', 'intermediate', { from: -400 * DAY_MS, to: -30 * DAY_MS });
    leaf('not-yet-valid', 'intermediate', { from: 30 * DAY_MS, to: 400 * DAY_MS });
    leaf('wrong-host', 'intermediate', { section: 'wrong' });
    leaf('untrusted-root', 'other-intermediate');
    leaf('incomplete-chain', 'intermediate');
    leaf('revoked', 'intermediate');
    leaf('weak', 'intermediate', { weak: true, md: 'sha1' });
    key('self-signed');
    openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      path('self-signed.key'),
      '-subj',
      '/CN=socketlab self-signed server',
      '-days',
      '90',
      '-extensions',
      'self',
      '-config',
      path('ext.cnf'),
      '-out',
      path('self-signed.pem'),
    );

    openssl(
      'ca',
      '-config',
      path('intermediate-ca.cnf'),
      '-revoke',
      path('revoked.pem'),
      '-crl_reason',
      'keyCompromise',
    );
    const crls = ['intermediate', 'root'].map((name) =>
      openssl('ca', '-config', path(`${name}-ca.cnf`), '-gencrl', '-crlhours', '24'),
    );
    const revokedSerial = openssl('x509', '-in', path('revoked.pem'), '-noout', '-serial')
      .trim()
      .replace(/^serial=/, '')
      .toLowerCase();

    const failures: Record<FailureCertificate, OpensslCredentials> = {
      expired: credentials('expired', ['intermediate.pem']),
      'not-yet-valid': credentials('not-yet-valid', ['intermediate.pem']),
      'wrong-host': credentials('wrong-host', ['intermediate.pem']),
      'self-signed': credentials('self-signed', []),
      'untrusted-root': credentials('untrusted-root', ['other-intermediate.pem']),
      'incomplete-chain': credentials('incomplete-chain', []),
      revoked: credentials('revoked', ['intermediate.pem']),
      weak: credentials('weak', ['intermediate.pem']),
    };
    for (const which of FAILURE_CERTIFICATES) if (failures[which] === undefined) throw new Error(which);
    return {
      rootPem: read('root.pem'),
      intermediatePem: read('intermediate.pem'),
      untrustedRootPem: read('other-root.pem'),
      server: credentials('good', ['intermediate.pem']),
      failures,
      revokedSerial,
      isRevoked: (serial) => serial === revokedSerial,
      crls,
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** `openssl ca`'s date form: GeneralizedTime, `YYYYMMDDHHMMSSZ`. */
function asn1Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** A self-signed certificate made with `openssl req -x509` in `dir`: its file, its PEM and its key's PEM. */
export function makeSelfSigned(
  dir: string,
  options: { readonly key: 'ec' | 'rsa'; readonly subject: string; readonly extensions?: readonly string[] },
): { readonly file: string; readonly cert: string; readonly key: string } {
  const name = randomBytes(4).toString('hex');
  const key = join(dir, `${name}.key`);
  const file = join(dir, `${name}.pem`);
  const algorithm =
    options.key === 'ec'
      ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']
      : ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
  execFileSync('openssl', ['genpkey', ...algorithm, '-out', key], { stdio: 'pipe' });
  const extensions = (options.extensions ?? []).flatMap((extension) => ['-addext', extension]);
  execFileSync(
    'openssl',
    ['req', '-x509', '-new', '-key', key, '-days', '3', '-subj', options.subject, ...extensions, '-out', file],
    {
      stdio: 'pipe',
    },
  );
  return {
    file,
    cert: execFileSync('openssl', ['x509', '-in', file], { encoding: 'utf8' }),
    key: execFileSync('openssl', ['pkey', '-in', key], { encoding: 'utf8' }),
  };
}
