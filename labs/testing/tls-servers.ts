/**
 * The TLS lessons' servers for the listing tests, on 127.0.0.1 and ports the kernel picks: echo servers that behave
 * as the lab's kinds do (`tls12-echo`: TLS 1.2 only with an RSA certificate; `tls12-rsa-echo`: TLS 1.2 with only
 * `AES128-SHA`, the RSA key exchange; `tls-echo`: TLS 1.2–1.3; `mtls-echo`: TLS 1.3 with a client certificate
 * required and chained to the root), and a PKI made with the machine's `openssl` in a temporary directory: a root,
 * a server certificate for `localhost` and `127.0.0.1`, a client certificate under the root and one under another
 * CA. The files carry the names the lab panel's downloads carry (`socketlab-ca.pem`, `client.pem`, `client.key`), so
 * a listing runs here as it runs against the lab. Each server records what each connection sent and how it failed.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPki {
  readonly dir: string;
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** A client certificate and key under a CA the servers do not trust. */
  readonly strangerCert: string;
  readonly strangerKey: string;
  /** Writes the student's files (`socketlab-ca.pem`, `client.pem`, `client.key`, `stranger.pem`, `stranger.key`) into `dir`. */
  writeStudentFiles(dir: string): Promise<void>;
  close(): Promise<void>;
}

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  await run('openssl', args, { cwd: dir, timeout: 30_000 });
}

async function issue(
  dir: string,
  name: string,
  issuer: string,
  key: readonly string[],
  subject: string,
  extensions: string,
): Promise<void> {
  await openssl(dir, [
    'req',
    '-new',
    '-newkey',
    ...key,
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  await writeFile(path.join(dir, `${name}.ext`), extensions);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${issuer}.pem`,
    '-CAkey',
    `${issuer}.key`,
    '-set_serial',
    String(Date.now()),
    '-days',
    '2',
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  ]);
}

const CA_EXTENSIONS = [
  '-addext',
  'basicConstraints=critical,CA:TRUE',
  '-addext',
  'keyUsage=critical,keyCertSign,cRLSign',
];
const EC = ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];

/** Makes the PKI in a temporary directory; `close()` removes it. */
export async function makeTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-tls-'));
  for (const root of ['root', 'stranger-root']) {
    await openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      ...EC,
      '-nodes',
      '-keyout',
      `${root}.key`,
      '-out',
      `${root}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${root === 'root' ? 'socketlab test root' : 'a stranger CA'}`,
      ...CA_EXTENSIONS,
    ]);
  }
  await issue(
    dir,
    'server',
    'root',
    ['rsa:2048'],
    '/CN=localhost',
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n',
  );
  const client = 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n';
  await issue(dir, 'client', 'root', EC, '/CN=student-test', client);
  await issue(dir, 'stranger', 'stranger-root', EC, '/CN=stranger', client);
  const read = (file: string) => readFile(path.join(dir, file), 'utf8');
  const pki = {
    dir,
    ca: await read('root.pem'),
    serverCert: await read('server.pem'),
    serverKey: await read('server.key'),
    clientCert: await read('client.pem'),
    clientKey: await read('client.key'),
    strangerCert: await read('stranger.pem'),
    strangerKey: await read('stranger.key'),
  };
  return {
    ...pki,
    async writeStudentFiles(target) {
      await writeFile(path.join(target, 'socketlab-ca.pem'), pki.ca);
      await writeFile(path.join(target, 'client.pem'), pki.clientCert);
      await writeFile(path.join(target, 'client.key'), pki.clientKey);
      await writeFile(path.join(target, 'stranger.pem'), pki.strangerCert);
      await writeFile(path.join(target, 'stranger.key'), pki.strangerKey);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

export type TestServerKind = 'tls12-echo' | 'tls12-rsa-echo' | 'tls-echo' | 'mtls-echo';

/** What one connection did: the bytes it sent once decrypted, its version and suite, or why its handshake failed. */
export interface TestConnection {
  received: Buffer;
  protocol?: string;
  cipher?: string;
  clientCertificate?: string;
  error?: string;
}

export interface TestTlsServer {
  readonly port: number;
  readonly connections: TestConnection[];
  close(): Promise<void>;
}

function optionsFor(kind: TestServerKind, pki: TestPki): tls.TlsOptions {
  const base = { cert: pki.serverCert, key: pki.serverKey };
  switch (kind) {
    case 'tls12-echo':
      return { ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' };
    case 'tls12-rsa-echo':
      return { ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' };
    case 'tls-echo':
      return { ...base, minVersion: 'TLSv1.2' };
    case 'mtls-echo':
      return { ...base, minVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: true, ca: pki.ca };
  }
}

/** Starts an echo server of `kind` on 127.0.0.1; it writes back every byte once the handshake is done. */
export async function startTestTlsServer(kind: TestServerKind, pki: TestPki): Promise<TestTlsServer> {
  const connections: TestConnection[] = [];
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer(optionsFor(kind, pki), function serverOnSecureConnection(socket) {
    sockets.add(socket);
    const peer = socket.getPeerCertificate();
    const record: TestConnection = {
      received: Buffer.alloc(0),
      protocol: socket.getProtocol() ?? '?',
      cipher: socket.getCipher().standardName,
      ...(peer.subject?.CN === undefined ? {} : { clientCertificate: String(peer.subject.CN) }),
    };
    connections.push(record);
    socket.on('data', function socketOnData(chunk: Buffer) {
      record.received = Buffer.concat([record.received, chunk]);
      socket.write(chunk);
    });
    socket.on('error', function socketOnError(error) {
      record.error = (error as NodeJS.ErrnoException).code ?? error.message;
    });
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', function serverOnTlsClientError(error: NodeJS.ErrnoException) {
    connections.push({ received: Buffer.alloc(0), error: error.code ?? error.message });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
