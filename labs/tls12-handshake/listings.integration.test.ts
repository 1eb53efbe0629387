/**
 * Runs the listings of the lesson "The TLS 1.2 handshake in ten steps" (docs/tls/tls12-handshake.mdx) for real: the
 * page's client in Python, C and Node, beside the files the lab panel gives the student, against TLS 1.2 echo
 * servers started here as the lab's kinds behave (ECDHE with an RSA certificate; only AES128-SHA), with a PKI made
 * by the machine's openssl. Each client prints what the page says it prints; without `--ciphers AES128-SHA` Python's
 * refuses as the page says and Node's and C's get through; the page's `openssl s_client` commands verify and echo.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeRun, LessonListings, lessonPages } from '../testing/listings';
import { assertEchoed, LANGUAGES, sClient, type TlsClientRunner, tlsClients } from '../testing/tls-listings';
import { makeTestPki, startTestTlsServer, type TestPki, type TestTlsServer } from '../testing/tls-servers';

for (const page of lessonPages('tls/tls12-handshake.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: 20_000 });
    let pki: TestPki;
    let ecdhe: TestTlsServer;
    let rsa: TestTlsServer;
    let client: TlsClientRunner;

    before(async () => {
      await lesson.open();
      pki = await makeTestPki();
      ecdhe = await startTestTlsServer('tls12-echo', pki);
      rsa = await startTestTlsServer('tls12-rsa-echo', pki);
      client = await tlsClients(lesson, pki);
    });
    after(async () => {
      await ecdhe?.close();
      await rsa?.close();
      await pki?.close();
      await lesson.close();
    });

    test('the lesson has every listing the tabs promise', () => {
      for (const title of ['tls_client.py', 'tls_client.c', 'tls_client.mjs']) lesson.listing(title);
    });

    for (const language of LANGUAGES) {
      test(`${language}: TLS 1.2 with ECDHE, then the RSA key exchange with AES128-SHA`, {
        timeout: 60_000,
      }, async () => {
        assertEchoed(
          await client(language, ['--tls1.2', '127.0.0.1', String(ecdhe.port)]),
          'TLSv1.2',
          'ECDHE-RSA-AES128-GCM-SHA256',
        );
        assertEchoed(
          await client(language, ['--tls1.2', '--ciphers', 'AES128-SHA', String(rsa.port)]),
          'TLSv1.2',
          'AES128-SHA',
        );
        assert.equal(rsa.connections.at(-1)?.cipher, 'TLS_RSA_WITH_AES_128_CBC_SHA');
        assert.equal(rsa.connections.at(-1)?.received.toString(), 'Hello,world!');
      });
    }

    test('the page shows what client.py prints for both servers', { timeout: 30_000 }, async () => {
      const one = await client('python', ['--tls1.2', String(ecdhe.port)]);
      const two = await client('python', ['--tls1.2', '--ciphers', 'AES128-SHA', String(rsa.port)]);
      assert.ok(lesson.mdx.includes(`${one.stdout}${two.stdout}`), `the page shows:\n${one.stdout}${two.stdout}`);
    });

    test('python without --ciphers: the rsa server refuses with the alert the page names', {
      timeout: 30_000,
    }, async () => {
      const result = await client('python', ['--tls1.2', String(rsa.port)]);
      assert.equal(result.code, 1, describeRun(result));
      assert.equal(result.stderr.trim(), 'TLS failed: SSLV3_ALERT_HANDSHAKE_FAILURE');
      assert.ok(lesson.mdx.includes(result.stderr.trim()));
      // OpenSSL's and Node's defaults still offer AES128-SHA, as the challenge says.
      assertEchoed(await client('c', ['--tls1.2', String(rsa.port)]), 'TLSv1.2', 'AES128-SHA');
    });

    test('openssl s_client, as the page runs it, verifies each server and echoes', { timeout: 30_000 }, async () => {
      for (const extra of [[], ['-cipher', 'AES128-SHA']]) {
        const port = extra.length === 0 ? ecdhe.port : rsa.port;
        const result = await sClient(lesson, [
          '-connect',
          `127.0.0.1:${port}`,
          '-tls1_2',
          ...extra,
          '-CAfile',
          'socketlab-ca.pem',
          '-brief',
        ]);
        const output = result.stdout + result.stderr;
        assert.match(output, /Protocol version: TLSv1\.2/, describeRun(result));
        assert.match(output, /Verification: OK/, describeRun(result));
        assert.match(result.stdout, /^Hello,world!$/m, describeRun(result));
      }
    });
  });
}
