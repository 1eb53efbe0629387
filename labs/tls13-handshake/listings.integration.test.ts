/**
 * Runs the listings of the lesson "TLS 1.3: one round trip" (docs/tls/tls13-handshake.mdx) for real: the page's
 * client in Python, C and Node with `--tls1.3`, beside the class CA's file, against a TLS 1.2–1.3 echo server started
 * here as the lab's `tls-echo` behaves, with a PKI made by the machine's openssl. Each prints what the page shows;
 * the page's `openssl s_client -tls1_3` verifies and echoes, and with `-msg` shows the two NewSessionTickets the
 * challenge asks about.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeRun, LessonListings, lessonPages } from '../testing/listings';
import { assertEchoed, LANGUAGES, sClient, type TlsClientRunner, tlsClients } from '../testing/tls-listings';
import { makeTestPki, startTestTlsServer, type TestPki, type TestTlsServer } from '../testing/tls-servers';

for (const page of lessonPages('tls/tls13-handshake.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: 20_000 });
    let pki: TestPki;
    let echo: TestTlsServer;
    let client: TlsClientRunner;

    before(async () => {
      await lesson.open();
      pki = await makeTestPki();
      echo = await startTestTlsServer('tls-echo', pki);
      client = await tlsClients(lesson, pki);
    });
    after(async () => {
      await echo?.close();
      await pki?.close();
      await lesson.close();
    });

    for (const language of LANGUAGES) {
      test(`${language}: --tls1.3 gets TLS 1.3 and the echo`, { timeout: 60_000 }, async () => {
        assertEchoed(
          await client(language, ['--tls1.3', '127.0.0.1', String(echo.port)]),
          'TLSv1.3',
          'TLS_AES_256_GCM_SHA384',
        );
        assert.equal(echo.connections.at(-1)?.protocol, 'TLSv1.3');
      });
    }

    test('the page shows what tls_client.py prints', { timeout: 30_000 }, async () => {
      const result = await client('python', ['--tls1.3', String(echo.port)]);
      assert.ok(lesson.mdx.includes(result.stdout), `the page shows:\n${result.stdout}`);
    });

    test('openssl s_client -tls1_3 verifies and echoes; -msg shows two NewSessionTickets', {
      timeout: 30_000,
    }, async () => {
      const base = ['-connect', `127.0.0.1:${echo.port}`, '-tls1_3', '-CAfile', 'socketlab-ca.pem'];
      const brief = await sClient(lesson, [...base, '-brief']);
      assert.match(brief.stdout + brief.stderr, /Protocol version: TLSv1\.3/, describeRun(brief));
      assert.match(brief.stdout, /^Hello,world!$/m, describeRun(brief));
      const msg = await sClient(lesson, [...base, '-msg']);
      const tickets = msg.stdout.match(/^<<< TLS 1\.3, Handshake \[length [0-9a-f]+\], NewSessionTicket$/gm) ?? [];
      assert.equal(tickets.length, 2, describeRun(msg));
      assert.match(msg.stdout, /<<< TLS 1\.3, Handshake \[length [0-9a-f]+\], Certificate$/m);
    });
  });
}
