/**
 * Runs the code listings of the lesson "Certificates: what is inside an X.509 certificate"
 * (docs/tls/certificates.mdx) for real, against the lab server's own TLS echo kind with a class PKI made for the
 * test, and the expired failure endpoint beside it. The lesson promises that each client verifies the chain and
 * the name against the class root alone, prints the leaf (subject, issuer, serial, notAfter) and echoes
 * `Hello,world!`, and that it refuses an expired certificate with the library's reason and status 1. The
 * MicroPython program runs under CPython with its settings pointed at the echo server; the openssl commands
 * the page shows print what the page says they print.
 */

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { describeRun, LessonListings, lessonPages, run } from '../testing/listings';
import { type ClassServers, startClassServers } from './testing/class-servers';

for (const page of lessonPages('tls/certificates.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: 20_000 });
    let servers: ClassServers;
    let echo: string;
    let expired: string;

    before(async () => {
      await lesson.open();
      servers = await startClassServers({ echo: 'tls-echo', expired: 'tls-expired' });
      await servers.writeDownloads(lesson.workDir);
      echo = String(servers.ports.get('echo'));
      expired = String(servers.ports.get('expired'));
    });
    after(async () => {
      await servers?.close();
      await lesson.close();
    });

    /** The client printed the leaf and the echo, and exited 0. */
    function assertVerifiedEcho(result: Awaited<ReturnType<LessonListings['run']>>, fields = true): void {
      assert.equal(result.code, 0, describeRun(result));
      assert.match(result.stdout, /received 12 bytes: Hello,world!/, describeRun(result));
      if (!fields) return;
      assert.match(result.stdout, /^TLSv1\.3 TLS_AES_\d+_GCM_SHA\d+$/m, describeRun(result));
      assert.match(result.stdout, /^issuer: .*socketlab class intermediate CA/m, describeRun(result));
      assert.match(result.stdout, /^serial: [0-9A-F]+$/m, describeRun(result));
      assert.match(result.stdout, /^valid until: [A-Z][a-z]{2} +\d+ [\d:]+ \d{4} GMT$/m, describeRun(result));
    }

    test('the lesson has every listing the tabs promise', () => {
      for (const title of ['client.py', 'client.c', 'client.mjs', 'main.py']) lesson.listing(title);
      // client.mjs needs no npm install: it imports only Node's own modules.
      assert.doesNotMatch(lesson.listing('client.mjs'), /from '(?!node:)/);
    });

    test('client.py: verifies, prints the leaf, echoes; refuses the expired certificate', {
      timeout: 60_000,
    }, async () => {
      await lesson.write('client.py');
      assertVerifiedEcho(await lesson.run('python3', ['client.py', 'localhost', echo, 'socketlab-ca.pem']));
      assert.match(
        (await lesson.run('python3', ['client.py', 'localhost', echo, 'socketlab-ca.pem'])).stdout,
        /^names: DNS:localhost, IP Address:127\.0\.0\.1/m,
      );
      const refused = await lesson.run('python3', ['client.py', 'localhost', expired, 'socketlab-ca.pem']);
      assert.equal(refused.code, 1, describeRun(refused));
      assert.match(refused.stderr, /refused: certificate has expired \(verify code 10\)/, describeRun(refused));
    });

    test('client.c: compiles without warnings against OpenSSL, verifies, echoes, refuses', {
      timeout: 60_000,
    }, async () => {
      await lesson.write('client.c');
      const compiled = await lesson.run('cc', [
        '-Wall',
        '-Wextra',
        '-Werror',
        '-o',
        'client',
        'client.c',
        '-lssl',
        '-lcrypto',
      ]);
      assert.equal(compiled.code, 0, describeRun(compiled));
      const client = path.join(lesson.workDir, 'client');
      const result = await lesson.run(client, ['localhost', echo, 'socketlab-ca.pem']);
      assertVerifiedEcho(result);
      assert.match(result.stdout, /^signed with: ecdsa-with-SHA256$/m, describeRun(result));
      const refused = await lesson.run(client, ['localhost', expired, 'socketlab-ca.pem']);
      assert.equal(refused.code, 1, describeRun(refused));
      assert.match(refused.stderr, /refused: certificate has expired \(verify code 10\)/, describeRun(refused));
    });

    test('client.mjs: verifies, prints the leaf, echoes; refuses with CERT_HAS_EXPIRED', {
      timeout: 60_000,
    }, async () => {
      await lesson.write('client.mjs');
      assertVerifiedEcho(await lesson.run(process.execPath, ['client.mjs', 'localhost', echo, 'socketlab-ca.pem']));
      const refused = await lesson.run(process.execPath, ['client.mjs', 'localhost', expired, 'socketlab-ca.pem']);
      assert.equal(refused.code, 1, describeRun(refused));
      assert.match(refused.stderr, /refused: certificate has expired \(CERT_HAS_EXPIRED\)/, describeRun(refused));
    });

    test('main.py (MicroPython): runs unchanged under CPython against the echo server', {
      timeout: 60_000,
    }, async () => {
      const source = lesson.listing('main.py');
      const line = /^PORT = .*$/m;
      assert.match(source, line, 'main.py must define PORT = … on a line of its own');
      assert.match(source, /^HOST = "localhost"/m);
      await lesson.write('main.py', source.replace(line, `PORT = ${echo}`));
      assertVerifiedEcho(await lesson.run('python3', ['main.py']), false);
    });

    test('the openssl commands print what the page shows', { timeout: 60_000 }, async () => {
      const showcerts = await run(
        'sh',
        [
          '-c',
          `openssl s_client -connect 127.0.0.1:${echo} -servername localhost -CAfile socketlab-ca.pem -showcerts </dev/null`,
        ],
        lesson.workDir,
      );
      assert.match(showcerts.stdout, /^ 0 s:O = socketlab, CN = socketlab lab server$/m, describeRun(showcerts));
      assert.match(showcerts.stdout, /^ 1 s:O = socketlab, CN = socketlab class intermediate CA$/m);
      assert.equal(showcerts.stdout.match(/BEGIN CERTIFICATE/g)?.length, 2, 'two certificates sent');
      assert.match(showcerts.stdout, /Verify return code: 0 \(ok\)/);
      const save = await run(
        'sh',
        [
          '-c',
          `openssl s_client -connect 127.0.0.1:${echo} -servername localhost </dev/null 2>/dev/null | sed -n '/BEGIN CERT/,/END CERT/p' > leaf.pem && openssl x509 -in leaf.pem -noout -text`,
        ],
        lesson.workDir,
      );
      for (const shown of [
        'Version: 3 (0x2)',
        'Signature Algorithm: ecdsa-with-SHA256',
        'Issuer: O = socketlab, CN = socketlab class intermediate CA',
        'Subject: O = socketlab, CN = socketlab lab server',
        'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
        'TLS Web Server Authentication',
      ]) {
        assert.ok(save.stdout.includes(shown), `openssl x509 -text shows ${shown}: ${describeRun(save)}`);
        assert.ok(lesson.mdx.includes(shown), `the page shows ${shown}`);
      }
      const der = await run(
        'openssl',
        ['x509', '-in', 'socketlab-ca.pem', '-outform', 'DER', '-out', 'converted.der'],
        lesson.workDir,
      );
      assert.equal(der.code, 0, describeRun(der));
    });
  });
}
