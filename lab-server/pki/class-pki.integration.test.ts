/**
 * The class PKI in real TLS handshakes on 127.0.0.1: Node's `tls` with the class root as its only CA accepts
 * both server certificates (the RSA one also for TLS_RSA_WITH_AES_128_CBC_SHA), gives each failure certificate
 * the error a student will see, checks a stapled OCSP response and the CRL, and a server that requires a client
 * certificate takes a session's own (PEM and PKCS#12). Python's `ssl` at the system's security level says what
 * it says of the weak one. Servers on port 0; every socket closed at the end.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { loadOrCreateClassPki } from './class-pki';
import { type ClassPki, type Credentials, FAILURE_CERTIFICATES, type FailureCertificate } from './pki';

let work: string;
let pki: ClassPki;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'socketlab-pki-tls-'));
  pki = await loadOrCreateClassPki({ dir: path.join(work, 'pki'), names: ['localhost', '127.0.0.1', '::1'] });
});

after(() => rmSync(work, { recursive: true, force: true }));

/** Runs `body` against a TLS server on 127.0.0.1 that answers "hi" once the handshake is done. */
async function withServer<T>(
  options: tls.TlsOptions,
  body: (port: number, server: tls.Server) => Promise<T>,
): Promise<T> {
  const server = tls.createServer(options, (socket) => {
    socket.on('error', () => socket.destroy());
    socket.end('hi');
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await body((server.address() as AddressInfo).port, server);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

interface Outcome {
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly cipher?: string;
  readonly protocol?: string | null;
}

function connect(port: number, options: tls.ConnectionOptions = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: pki.rootPem, ...options });
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
    socket.once('secureConnect', () => {
      const outcome = { ok: true, cipher: socket.getCipher().standardName, protocol: socket.getProtocol() };
      socket.once('data', () => {
        socket.destroy();
        resolve(outcome);
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, ...(error.code ? { code: error.code } : {}), message: error.message });
    });
  });
}

/** The weak certificate is refused by Node's own default level (1) even to load it: the server lowers it. */
function serverOptions(credentials: Credentials): tls.TlsOptions {
  return { ...credentials, ciphers: 'DEFAULT@SECLEVEL=0' };
}

describe('handshakes with the class certificates', () => {
  it('accepts the ECDSA and RSA server certificates by name and by address, over TLS 1.3 and 1.2', async () => {
    for (const key of ['ecdsa', 'rsa'] as const) {
      await withServer(pki.server(key), async (port) => {
        assert.deepEqual((await connect(port)).ok, true);
        assert.equal((await connect(port, { servername: '' })).ok, true, 'by IP address, no SNI');
        const tls12 = await connect(port, { maxVersion: 'TLSv1.2' });
        assert.equal(tls12.protocol, 'TLSv1.2');
      });
    }
  });

  it('does the RSA key exchange with the RSA certificate (TLS_RSA_WITH_AES_128_CBC_SHA)', async () => {
    await withServer({ ...pki.server('rsa'), ciphers: 'AES128-SHA', maxVersion: 'TLSv1.2' }, async (port) => {
      const outcome = await connect(port, { ciphers: 'AES128-SHA', maxVersion: 'TLSv1.2' });
      assert.equal(outcome.cipher, 'TLS_RSA_WITH_AES_128_CBC_SHA', outcome.message);
    });
  });

  const NODE_ERRORS: Readonly<Record<Exclude<FailureCertificate, 'revoked'>, { code: string; message: RegExp }>> = {
    expired: { code: 'CERT_HAS_EXPIRED', message: /certificate has expired/ },
    'not-yet-valid': { code: 'CERT_NOT_YET_VALID', message: /certificate is not yet valid/ },
    'wrong-host': { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: /DNS:wrong\.host\.socketlab\.invalid/ },
    'self-signed': { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: /self-signed certificate/ },
    'untrusted-root': { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', message: /unable to get local issuer certificate/ },
    'incomplete-chain': { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: /unable to verify the first certificate/ },
    // OpenSSL's X509_V_ERR_CA_MD_TOO_WEAK (68) has no name in Node's table of verify errors.
    weak: { code: 'UNSPECIFIED', message: /CA signature digest algorithm too weak/ },
  };

  for (const which of FAILURE_CERTIFICATES.filter((name) => name !== 'revoked')) {
    it(`refuses ${which} with the error a student will see`, async () => {
      await withServer(serverOptions(pki.failure(which)), async (port) => {
        const outcome = await connect(port);
        const expected = NODE_ERRORS[which as Exclude<FailureCertificate, 'revoked'>];
        assert.equal(outcome.ok, false);
        assert.equal(outcome.code, expected.code, outcome.message);
        assert.match(outcome.message ?? '', expected.message);
      });
    });
  }

  it('accepts the revoked one until the client checks: the CRL says CERT_REVOKED, the staple says revoked', async () => {
    await withServer(pki.failure('revoked'), async (port, server) => {
      assert.equal((await connect(port)).ok, true, 'Node checks no revocation unless asked');
      const pem = (der: Uint8Array) =>
        `-----BEGIN X509 CRL-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END X509 CRL-----\n`;
      // Node checks the CRL of every certificate in the chain: the root's (empty) one too.
      const onlyIntermediate = await connect(port, { crl: pem(pki.crl()) });
      assert.equal(onlyIntermediate.code, 'UNABLE_TO_GET_CRL', onlyIntermediate.message);
      const crlPem = [pem(pki.crl()), pem(pki.rootCrl())];
      const refused = await connect(port, { crl: crlPem });
      assert.equal(refused.code, 'CERT_REVOKED', refused.message);
      const staple = await pki.stapledResponse('revoked');
      server.on('OCSPRequest', (_certificate, _issuer, callback) => callback(null, Buffer.from(staple)));
      const stapled = await new Promise<Buffer>((resolve, reject) => {
        // `requestOCSP` is a TLSSocket option that tls.connect passes on; @types/node lists it on TLSSocket only.
        const options: tls.ConnectionOptions & { requestOCSP: boolean } = {
          host: '127.0.0.1',
          port,
          servername: 'localhost',
          ca: pki.rootPem,
          requestOCSP: true,
        };
        const socket = tls.connect(options);
        socket.once('OCSPResponse', (response) => {
          socket.destroy();
          resolve(response);
        });
        socket.once('error', reject);
      });
      assert.deepEqual(new Uint8Array(stapled), staple);
    });
  });

  it('takes a session client certificate where one is required, as PEM and as PKCS#12, and refuses none', async () => {
    const client = await pki.issueClient('mtls student');
    const options = { ...pki.server('ecdsa'), requestCert: true, rejectUnauthorized: true, ca: pki.rootPem };
    await withServer(options, async (port, server) => {
      const names: string[] = [];
      server.on('secureConnection', (socket) => {
        const peer = socket.getPeerCertificate();
        names.push(String(peer.subject.CN));
      });
      assert.equal((await connect(port, { cert: client.cert, key: client.key })).ok, true);
      const pfx = Buffer.from(await client.pkcs12('pw'));
      assert.equal((await connect(port, { pfx, passphrase: 'pw' })).ok, true);
      assert.deepEqual(names, ['mtls student', 'mtls student']);
      const without = await connect(port);
      assert.equal(without.ok, false);
      assert.match(`${without.code} ${without.message}`, /CERTIFICATE_REQUIRED|certificate required|ECONNRESET/);
    });
  });
});

describe("Python's ssl at the system's security level", () => {
  it('refuses the weak certificate for its 1024-bit key', async () => {
    const cafile = path.join(work, 'root.pem');
    writeFileSync(cafile, pki.rootPem);
    await withServer(serverOptions(pki.failure('weak')), async (port) => {
      const script = [
        'import socket, ssl, sys',
        'ctx = ssl.create_default_context(cafile=sys.argv[1])',
        'try:',
        "    with socket.create_connection(('127.0.0.1', int(sys.argv[2])), timeout=10) as s:",
        "        ctx.wrap_socket(s, server_hostname='localhost').close()",
        "    print('OK')",
        'except ssl.SSLError as e:',
        '    print(e.verify_message if isinstance(e, ssl.SSLCertVerificationError) else e)',
      ].join('\n');
      const output = await new Promise<string>((resolve) => {
        execFile('python3', ['-c', script, cafile, String(port)], { timeout: 30_000 }, (_error, stdout, stderr) =>
          resolve(`${stdout}${stderr}`.trim()),
        );
      });
      assert.equal(output, 'EE certificate key too weak');
    });
  });
});
