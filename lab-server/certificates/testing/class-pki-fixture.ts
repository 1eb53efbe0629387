/**
 * The class PKI itself (`lab-server/pki/class-pki.ts`) in a temporary data directory, seen through the same
 * `TestPki` shape as the `openssl`-made one, so the chain report's tests run against both: the certificates the
 * lab's failure endpoints really present, and ones another tool made.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateClassPki } from '../../pki/class-pki';
import { FAILURE_CERTIFICATES, type FailureCertificate } from '../../pki/pki';
import type { OpensslCredentials, TestPki } from './openssl-pki';

export async function makeClassPkiFixture(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'socketlab-class-pki-'));
  try {
    const pki = await loadOrCreateClassPki({ dir: join(dir, 'pki'), names: ['localhost', '127.0.0.1', '::1'] });
    const failures = Object.fromEntries(FAILURE_CERTIFICATES.map((which) => [which, pki.failure(which)])) as Record<
      FailureCertificate,
      OpensslCredentials
    >;
    return {
      rootPem: pki.rootPem,
      intermediatePem: pki.intermediatePem,
      untrustedRootPem: pki.untrustedRootPem,
      server: pki.server('ecdsa'),
      failures,
      isRevoked: (serial) => pki.isRevoked(serial),
      crls: [crlPem(pki.crl()), crlPem(pki.rootCrl())],
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function crlPem(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN X509 CRL-----\n${base64.endsWith('\n') ? base64 : `${base64}\n`}-----END X509 CRL-----\n`;
}
