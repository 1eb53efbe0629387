/**
 * Certificates for the TLS tests: the class PKI itself (`lab-server/pki/`), made in a temp directory — its root,
 * a server leaf for `localhost` and the loopback addresses with the intermediate after it (ECDSA, and RSA 2048
 * for TLS_RSA_* suites), and a client certificate for mutual TLS — so the handshakes read here carry what a
 * student's do.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateClassPki } from '../../pki/class-pki';
import type { Credentials } from '../../pki/pki';

export interface TestCertificates {
  /** The class root, PEM: what the clients trust. */
  readonly ca: string;
  readonly server: Credentials;
  readonly rsaServer: Credentials;
  readonly client: Credentials;
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const directory = await mkdtemp(join(tmpdir(), 'socketlab-tls-pki-'));
  try {
    const pki = await loadOrCreateClassPki({ dir: join(directory, 'pki'), names: ['localhost', '127.0.0.1', '::1'] });
    const client = await pki.issueClient('student');
    return {
      ca: pki.rootPem,
      server: pki.server('ecdsa'),
      rsaServer: pki.server('rsa'),
      client: { cert: client.cert, key: client.key },
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
