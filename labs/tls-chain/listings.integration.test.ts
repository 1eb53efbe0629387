/**
 * Runs the code listings of the lesson "The chain of trust, verification and revocation (CRL, OCSP)"
 * (docs/tls/chain-of-trust.mdx) for real, against the lab server's own TLS kinds — the good echo server and the
 * eight failure endpoints — with a class PKI made for the test, the class root and the intermediate's CRL saved
 * as a student saves them. The lesson promises that each client echoes with `good` and refuses every failure
 * endpoint with the reason its table gives for that library, before sending a byte; the table's Node codes and
 * Python messages are held to what the programs print, and the openssl revocation commands to what the page
 * says. verify.mjs gets the course's node_modules, where `npm install` would have put its two packages.
 */

import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeRun, LessonListings, lessonPages, run } from '../testing/listings';
import { type ClassServers, startClassServers } from '../x509-certificates/testing/class-servers';
import { FAILURE_ENDPOINTS, type FailureEndpoint, GOOD, kindOf } from './endpoints';

const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

/** What each client prints on stderr for each endpoint, as the lesson's table and clients say. */
const REFUSALS: Readonly<
  Record<FailureEndpoint, { readonly python: string; readonly c: string; readonly node: string }>
> = {
  expired: {
    python: 'certificate has expired (verify code 10)',
    c: 'certificate has expired (verify code 10)',
    node: 'CERT_HAS_EXPIRED',
  },
  'not-yet-valid': {
    python: 'certificate is not yet valid (verify code 9)',
    c: 'certificate is not yet valid (verify code 9)',
    node: 'CERT_NOT_YET_VALID',
  },
  'wrong-host': {
    python: "Hostname mismatch, certificate is not valid for 'localhost'. (verify code 62)",
    c: 'hostname mismatch (verify code 62)',
    node: 'ERR_TLS_CERT_ALTNAME_INVALID',
  },
  'self-signed': {
    python: 'self-signed certificate (verify code 18)',
    c: 'self-signed certificate (verify code 18)',
    node: 'DEPTH_ZERO_SELF_SIGNED_CERT',
  },
  'untrusted-root': {
    python: 'unable to get local issuer certificate (verify code 20)',
    c: 'unable to get local issuer certificate (verify code 20)',
    node: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  },
  'incomplete-chain': {
    python: 'unable to get local issuer certificate (verify code 20)',
    c: 'unable to get local issuer certificate (verify code 20)',
    node: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  },
  revoked: {
    python: 'certificate revoked (verify code 23)',
    c: 'certificate revoked (verify code 23)',
    node: 'CERT_REVOKED',
  },
  weak: {
    python: 'EE certificate key too weak (verify code 66)',
    c: 'EE certificate key too weak (verify code 66)',
    node: 'UNSPECIFIED',
  },
};

for (const page of lessonPages('tls/chain-of-trust.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: 20_000 });
    let servers: ClassServers;
    const port = (id: string): string => String(servers.ports.get(id));

    before(async () => {
      await lesson.open();
      servers = await startClassServers(
        Object.fromEntries([[GOOD, 'tls-echo'], ...FAILURE_ENDPOINTS.map((endpoint) => [endpoint, kindOf(endpoint)])]),
      );
      await servers.writeDownloads(lesson.workDir);
      await symlink(NODE_MODULES, path.join(lesson.workDir, 'node_modules'));
    });
    after(async () => {
      await servers?.close();
      await lesson.close();
    });

    /** Runs one client against good and every failure endpoint: good echoes, each other is refused as told. */
    async function assertRefusesAll(
      command: string,
      args: (port: string) => readonly string[],
      said: (endpoint: FailureEndpoint) => string,
    ): Promise<void> {
      const good = await lesson.run(command, args(port(GOOD)));
      assert.equal(good.code, 0, describeRun(good));
      assert.match(good.stdout, /^verified.*echo: Hello,world!$/m, describeRun(good));
      for (const endpoint of FAILURE_ENDPOINTS) {
        const result = await lesson.run(command, args(port(endpoint)));
        assert.equal(result.code, 1, `${endpoint}: ${describeRun(result)}`);
        assert.doesNotMatch(result.stdout, /Hello,world!/, `${endpoint}: no echo`);
        assert.ok(result.stderr.includes(`refused: ${said(endpoint)}`), `${endpoint}: ${describeRun(result)}`);
      }
    }

    test('the lesson has every listing the tabs promise', () => {
      for (const title of ['verify.py', 'verify.c', 'verify.mjs', 'main.py']) lesson.listing(title);
    });

    test('verify.py: echoes with good, refuses each failure endpoint as the table says', {
      timeout: 120_000,
    }, async () => {
      await lesson.write('verify.py');
      await assertRefusesAll(
        'python3',
        (p) => ['verify.py', 'localhost', p, 'socketlab-ca.pem', 'crl.pem'],
        (endpoint) => REFUSALS[endpoint].python,
      );
    });

    test('verify.c: compiles against OpenSSL, echoes with good, refuses each', { timeout: 120_000 }, async () => {
      await lesson.write('verify.c');
      const compiled = await lesson.run('cc', [
        '-Wall',
        '-Wextra',
        '-Werror',
        '-o',
        'verify',
        'verify.c',
        '-lssl',
        '-lcrypto',
      ]);
      assert.equal(compiled.code, 0, describeRun(compiled));
      await assertRefusesAll(
        path.join(lesson.workDir, 'verify'),
        (p) => ['localhost', p, 'socketlab-ca.pem', 'crl.pem'],
        (endpoint) => REFUSALS[endpoint].c,
      );
    });

    test('verify.mjs: echoes with good, refuses each, revoked by its stapled OCSP response', {
      timeout: 120_000,
    }, async () => {
      await lesson.write('verify.mjs');
      await assertRefusesAll(
        process.execPath,
        (p) => ['verify.mjs', 'localhost', p, 'socketlab-ca.pem'],
        () => '',
      );
      for (const endpoint of FAILURE_ENDPOINTS) {
        const result = await lesson.run(process.execPath, [
          'verify.mjs',
          'localhost',
          port(endpoint),
          'socketlab-ca.pem',
        ]);
        assert.match(
          result.stderr,
          new RegExp(`\\(${REFUSALS[endpoint].node}\\)`),
          `${endpoint}: ${describeRun(result)}`,
        );
      }
    });

    test('main.py (MicroPython): under CPython, good echoes and expired is refused', { timeout: 60_000 }, async () => {
      const source = lesson.listing('main.py');
      const line = /^PORT = .*$/m;
      assert.match(source, line, 'main.py must define PORT = … on a line of its own');
      for (const [id, expected] of [
        [GOOD, /^verified; echo: b'Hello,world!'$/m],
        ['expired', /^refused: .*certificate has expired/m],
      ] as const) {
        await lesson.write('main.py', source.replace(line, `PORT = ${port(id)}`));
        const result = await lesson.run('python3', ['main.py']);
        assert.equal(result.code, 0, describeRun(result));
        assert.match(result.stdout, expected, describeRun(result));
      }
    });

    test('the table gives each endpoint the Node code and Python message the clients print', () => {
      const rows = lesson.mdx.split('\n').filter((row) => row.startsWith('| `'));
      for (const endpoint of FAILURE_ENDPOINTS) {
        const row = rows.find((candidate) => candidate.startsWith(`| \`${endpoint}\` |`));
        assert.ok(row !== undefined, `a row for ${endpoint}`);
        if (endpoint === 'revoked') continue;
        assert.ok(row.includes(REFUSALS[endpoint].node), `${endpoint}: ${row}`);
        assert.ok(row.includes(REFUSALS[endpoint].python.replace(/ \(verify code \d+\)$/, '')), `${endpoint}: ${row}`);
      }
    });

    test('openssl refuses revoked with -crl_check, and shows its stapled status with -status', {
      timeout: 60_000,
    }, async () => {
      const shell = (command: string) => run('sh', ['-c', `${command} </dev/null`], lesson.workDir);
      const base = `openssl s_client -connect 127.0.0.1:${port('revoked')} -servername localhost -CAfile socketlab-ca.pem`;
      const status = await shell(`${base} -status`);
      assert.match(status.stdout, /OCSP Response Status: successful/, describeRun(status));
      assert.match(status.stdout, /Cert Status: revoked/, describeRun(status));
      assert.match(status.stdout, /Verify return code: 0 \(ok\)/, 'it shows the status and does not act on it');
      const checked = await shell(`${base} -CRL crl.pem -crl_check -verify_return_error`);
      assert.match(
        `${checked.stdout}${checked.stderr}`,
        /verify error:num=23:certificate revoked/,
        describeRun(checked),
      );
      for (const shown of [
        'Cert Status: revoked',
        'verify error:num=23:certificate revoked',
        'error 23 at 0 depth lookup: certificate revoked',
      ])
        assert.ok(lesson.mdx.includes(shown), `the page shows ${shown}`);
    });
  });
}
