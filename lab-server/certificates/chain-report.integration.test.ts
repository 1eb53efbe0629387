/**
 * The chain report's `code` against real handshakes: a Node `tls.createServer` on 127.0.0.1 presents the good
 * chain and each failure chain of the class PKI and of an `openssl`-made one, a Node `tls.connect` with the root
 * as its only CA and `localhost` as SNI says what it found, and the report built from the same certificates must
 * say the same. For
 * `revoked` the client is given the CRLs, as Node checks nothing else; for `weak` the server is let below its own
 * security level so that it starts at all, and the client stays at the system's (level 2). Node names a few
 * OpenSSL errors only `UNSPECIFIED`; its message is then held to the same advice entry. Ports: 0.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { FAILURE_CERTIFICATES } from '../pki/pki';
import { buildChainReport } from './chain-report';
import { adviceFor } from './failure-advice';
import { pemCertificates } from './pem';
import { makeClassPkiFixture } from './testing/class-pki-fixture';
import { EXPECTED_FAILURES } from './testing/failure-expectations';
import { makeOpensslPki, type OpensslCredentials, type TestPki } from './testing/openssl-pki';

/** What Node's client says of the server's chain: `ok`, or the error's code and message. */
async function handshake(
  pki: TestPki,
  credentials: OpensslCredentials,
  options: tls.ConnectionOptions,
): Promise<{ code: string; message: string }> {
  const server = tls.createServer({ cert: credentials.cert, key: credentials.key, ciphers: 'DEFAULT:@SECLEVEL=0' });
  server.on('tlsClientError', () => {});
  server.on('secureConnection', (socket) => socket.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const socket = tls.connect({ host: '127.0.0.1', port, ca: pki.rootPem, servername: 'localhost', ...options });
    const result = await new Promise<{ code: string; message: string }>((resolve) => {
      socket.once('secureConnect', () => resolve({ code: 'ok', message: '' }));
      socket.once('error', (error: NodeJS.ErrnoException) =>
        resolve({ code: error.code ?? '', message: error.message }),
      );
    });
    socket.destroy();
    return result;
  } finally {
    server.close();
  }
}

/** The class PKI's own certificates, and the same kinds made by another tool. */
const PKIS: Readonly<Record<string, () => Promise<TestPki>>> = {
  'class PKI': makeClassPkiFixture,
  'openssl-made PKI': async () => makeOpensslPki(),
};

for (const [name, make] of Object.entries(PKIS)) {
  describe(`chain report against a real Node TLS handshake, ${name}`, () => {
    let pki: TestPki;
    before(async () => {
      pki = await make();
    });
    after(() => pki.dispose());

    it('the good chain: Node connects, the report trusts it', async () => {
      const result = await handshake(pki, pki.server, {});
      assert.equal(result.code, 'ok');
      const report = buildChainReport(pemCertificates(pki.server.cert), {
        trusted: [pki.rootPem],
        host: 'localhost',
        purpose: 'server',
      });
      assert.equal(report.trusted, true);
    });

    for (const which of FAILURE_CERTIFICATES) {
      it(`${which}: the report's code is Node's`, async () => {
        const credentials = pki.failures[which];
        const node = await handshake(pki, credentials, which === 'revoked' ? { crl: [...pki.crls] } : {});
        const report = buildChainReport(pemCertificates(credentials.cert), {
          trusted: [pki.rootPem],
          host: 'localhost',
          purpose: 'server',
          revocation: (serial) => (pki.isRevoked(serial) ? 'revoked' : 'good'),
        });
        assert.notEqual(node.code, 'ok', `${which} must fail in Node`);
        assert.equal(report.code, EXPECTED_FAILURES[which].code);
        if (node.code === 'UNSPECIFIED') {
          assert.ok(adviceFor(node.message), node.message);
          assert.deepEqual(adviceFor(node.message), adviceFor(report.code ?? ''), node.message);
        } else {
          assert.equal(report.code, node.code, node.message);
        }
      });
    }

    it('an untrusted root the server sends too: SELF_SIGNED_CERT_IN_CHAIN in both', async () => {
      const credentials = { ...pki.failures['untrusted-root'] };
      const sent = { cert: `${credentials.cert}\n${pki.untrustedRootPem}`, key: credentials.key };
      const node = await handshake(pki, sent, {});
      const report = buildChainReport(pemCertificates(sent.cert), { trusted: [pki.rootPem], purpose: 'server' });
      assert.equal(node.code, 'SELF_SIGNED_CERT_IN_CHAIN');
      assert.equal(report.code, node.code);
    });
  });
}
