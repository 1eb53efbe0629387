/**
 * Runs the listings of the lesson "Mutual TLS: the server asks who you are" (docs/tls/mutual-tls.mdx) for real: the
 * page's client in Python, C and Node and the board's `main.py` under CPython, beside the files the lab panel gives
 * the student, against a mutual-TLS echo server started here as the lab's `mtls-echo` behaves (TLS 1.3, a client
 * certificate required), with a PKI made by the machine's openssl. Without `--cert` each client's handshake
 * completes and the refusal comes on the read, in the words the page's table quotes; with it each gets the echo;
 * the page's `openssl s_client` lines do the same; the key-mismatch challenge fails as its answer says.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeRun, LessonListings, lessonPages } from '../testing/listings';
import { assertEchoed, LANGUAGES, sClient, type TlsClientRunner, tlsClients } from '../testing/tls-listings';
import { makeTestPki, startTestTlsServer, type TestPki, type TestTlsServer } from '../testing/tls-servers';

const SUITE = 'TLS_AES_256_GCM_SHA384';

/** What each client says on its read when the server refused it, as the page's table quotes it. */
const REFUSALS = {
  python: 'TLS failed: TLSV13_ALERT_CERTIFICATE_REQUIRED',
  c: 'tlsv13 alert certificate required',
  node: 'TLS failed: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
} as const;

for (const page of lessonPages('tls/mutual-tls.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: 20_000 });
    let pki: TestPki;
    let mtls: TestTlsServer;
    let client: TlsClientRunner;

    before(async () => {
      await lesson.open();
      pki = await makeTestPki();
      mtls = await startTestTlsServer('mtls-echo', pki);
      client = await tlsClients(lesson, pki);
    });
    after(async () => {
      await mtls?.close();
      await pki?.close();
      await lesson.close();
    });

    test('the lesson has every listing the tabs promise', () => {
      for (const title of ['tls_client.py', 'tls_client.c', 'tls_client.mjs', 'main.py']) lesson.listing(title);
    });

    for (const language of LANGUAGES) {
      test(`${language}: refused on the read without --cert, echoed with it`, { timeout: 60_000 }, async () => {
        const refused = await client(language, ['127.0.0.1', String(mtls.port)]);
        assert.equal(refused.code, 1, describeRun(refused));
        // The handshake completed from the client's side: it printed the version and the suite first.
        assert.match(refused.stdout, new RegExp(`^TLSv1\\.3 ${SUITE}$`, 'm'), describeRun(refused));
        assert.ok(refused.stderr.includes(REFUSALS[language]), describeRun(refused));
        assert.ok(lesson.mdx.includes(REFUSALS[language].replace('TLS failed: ', '')), REFUSALS[language]);
        assertEchoed(await client(language, ['--cert', String(mtls.port)]), 'TLSv1.3', SUITE);
        assert.equal(mtls.connections.at(-1)?.clientCertificate, 'student-test');
      });
    }

    test('the page shows what tls_client.py prints, without and with --cert', { timeout: 30_000 }, async () => {
      const without = await client('python', [String(mtls.port)]);
      const withCert = await client('python', ['--cert', String(mtls.port)]);
      const shown = `${without.stdout}${without.stderr}${withCert.stdout}`;
      assert.ok(lesson.mdx.includes(shown), `the page shows:\n${shown}`);
    });

    test('main.py (MicroPython): its TLS part runs unchanged under CPython', { timeout: 30_000 }, async () => {
      const source = lesson.listing('main.py');
      const line = /^PORT = .*$/m;
      assert.match(source, line, 'main.py defines PORT = … on a line of its own');
      await lesson.write('main.py', source.replace(line, `PORT = ${mtls.port}`));
      const result = await lesson.run('python3', ['main.py']);
      assert.equal(result.code, 0, describeRun(result));
      assert.equal(result.stdout.trim(), 'received 12 bytes: Hello,world!');
    });

    test('openssl s_client: the request shows, the refusal comes after CONNECTION ESTABLISHED', {
      timeout: 30_000,
    }, async () => {
      const base = ['-connect', `127.0.0.1:${mtls.port}`, '-CAfile', 'socketlab-ca.pem'];
      const bare = await sClient(lesson, [...base, '-brief']);
      const said = bare.stdout + bare.stderr;
      assert.match(said, /CONNECTION ESTABLISHED/, describeRun(bare));
      assert.match(said, /Requested Signature Algorithms:/, describeRun(bare));
      assert.match(said, /tlsv13 alert certificate required.*SSL alert number 116/, describeRun(bare));
      const mine = await sClient(lesson, [...base, '-cert', 'client.pem', '-key', 'client.key', '-brief']);
      assert.match(mine.stdout, /^Hello,world!$/m, describeRun(mine));
    });

    test('challenge 2: a certificate with another key is refused by the client’s own library', {
      timeout: 30_000,
    }, async () => {
      const script = [
        'import ssl',
        'context = ssl.create_default_context(cafile="socketlab-ca.pem")',
        'try:',
        '    context.load_cert_chain("client.pem", "stranger.key")',
        'except ssl.SSLError as error:',
        '    print(str(error).split(" (_ssl")[0])',
      ].join('\n');
      const result = await lesson.run('python3', ['-c', script]);
      assert.equal(result.stdout.trim(), '[X509: KEY_VALUES_MISMATCH] key values mismatch', describeRun(result));
      assert.ok(lesson.mdx.includes(result.stdout.trim()));
    });
  });
}
