/**
 * Certificates for the TLS tests, made with the `openssl` CLI in a temp directory: a test CA (EC P-256), a
 * server leaf for `localhost` and 127.0.0.1 signed by it (EC, and RSA 2048 for TLS_RSA_* suites), and a client
 * leaf for mutual TLS. Real certificates, so OpenSSL on both ends verifies them as it would the class PKI's.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  readonly ca: string;
  readonly server: { readonly key: string; readonly cert: string };
  readonly rsaServer: { readonly key: string; readonly cert: string };
  readonly client: { readonly key: string; readonly cert: string };
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const directory = await mkdtemp(join(tmpdir(), 'socketlab-tls-certs-'));
  const path = (name: string): string => join(directory, name);
  const openssl = (args: string[]): Promise<unknown> => run('openssl', args, { timeout: 30_000 });
  try {
    await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', path('ca.key')]);
    await openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      path('ca.key'),
      '-subj',
      '/O=socketlab tests/CN=socketlab Test CA',
      '-days',
      '2',
      '-out',
      path('ca.pem'),
    ]);
    const leaf = async (name: string, keyArgs: string[], subject: string, extensions: string): Promise<void> => {
      await openssl([
        'req',
        '-new',
        '-newkey',
        ...keyArgs,
        '-nodes',
        '-keyout',
        path(`${name}.key`),
        '-subj',
        subject,
        '-out',
        path(`${name}.csr`),
      ]);
      await writeFile(path(`${name}.ext`), extensions);
      await openssl([
        'x509',
        '-req',
        '-in',
        path(`${name}.csr`),
        '-CA',
        path('ca.pem'),
        '-CAkey',
        path('ca.key'),
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        path(`${name}.ext`),
        '-out',
        path(`${name}.pem`),
      ]);
    };
    const serverExtensions = 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n';
    await leaf('server', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], '/CN=localhost', serverExtensions);
    await leaf('rsa', ['rsa:2048'], '/CN=localhost', serverExtensions);
    await leaf('client', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], '/CN=student', 'extendedKeyUsage=clientAuth\n');
    const read = (name: string): Promise<string> => readFile(path(name), 'utf8');
    return {
      ca: await read('ca.pem'),
      server: { key: await read('server.key'), cert: await read('server.pem') },
      rsaServer: { key: await read('rsa.key'), cert: await read('rsa.pem') },
      client: { key: await read('client.key'), cert: await read('client.pem') },
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
