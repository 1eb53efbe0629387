/**
 * Lab `tls-chain` done from a program of the student's own, as the lesson's "From your own program" says, against a
 * real lab server with real capture: the class CA from the session's panel link and the intermediate's CRL from
 * the lab server's `/pki/crl.der`, converted with `openssl crl` as the page says; the lesson's `verify.py` taken from
 * the page and run against `good` and each failure endpoint. It echoes with `good` and is refused by the other
 * eight, and every check passes; the questions are answered from the Certificates view (the handshakes' chains)
 * and judged right. Before it, a client that does not verify (`CERT_NONE`) sends to `expired`, and the dates check
 * turns red until verify.py refuses it; after it, `verify.mjs` refuses revoked by its stapled response, Node's way. The
 * reference solution and the lab terminal are the generic lab test's (`labs/labs.integration.test.ts`).
 */

import assert from 'node:assert/strict';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, startCaptureLabServer } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { describeRun, LessonListings, run } from '../testing/listings';
import { waitForHandshake } from '../testing/session-handshakes';
import { downloadStudentFiles } from '../testing/tls-downloads';
import { downloadingPanel } from '../x509-certificates/testing/downloading-panel';
import { FAILURE_ENDPOINTS, GOOD } from './endpoints';
import { solution } from './solution';

/** This file's ports; the capture's canary takes the one below the first. */
const LAB_PORTS = { first: 57811, last: 57849 };
const CHECK_MS = 30_000;
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

/** A Python client that does not verify, as the page warns against: it sends to anyone. */
const TRUSTING = `import socket, ssl, sys
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
with context.wrap_socket(socket.create_connection(("localhost", int(sys.argv[1]))), server_hostname="localhost") as tls:
    tls.sendall(b"Hello,world!")
    print(tls.recv(64))
`;

describe('lab tls-chain from the student’s own programs, with capture', () => {
  const lesson = new LessonListings(new URL('../../docs/tls/chain-of-trust.mdx', import.meta.url), {
    childTimeoutMs: 20_000,
  });
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    await lesson.open();
    await lesson.write('verify.py');
    await lesson.write('verify.mjs');
    await writeFile(path.join(lesson.workDir, 'trusting.py'), TRUSTING);
    await symlink(NODE_MODULES, path.join(lesson.workDir, 'node_modules'));
    ({ server, skipReason: skip } = await startCaptureLabServer(LAB_PORTS));
  });
  after(async () => {
    await server.close();
    await lesson.close();
  });

  it("the lesson's verify.py against good and the eight failure endpoints; the questions from the viewer", {
    timeout: 240_000,
  }, async (t) => {
    if (skip) return t.skip(skip);
    // The class PKI is made on the first request that needs it; a welcome waits only seconds.
    assert.equal((await fetch(new URL('/pki/ca.pem', server.url))).status, 200);
    const page = await TestClient.open(server.url, 'tls-chain');
    try {
      await downloadStudentFiles(page, server.url, lesson.workDir);
      const crl = await fetch(new URL('/pki/crl.der', server.url));
      assert.equal(crl.status, 200, 'GET /pki/crl.der');
      await writeFile(path.join(lesson.workDir, 'crl.der'), Buffer.from(await crl.arrayBuffer()));
      const converted = await run(
        'openssl',
        ['crl', '-inform', 'DER', '-in', 'crl.der', '-out', 'crl.pem'],
        lesson.workDir,
      );
      assert.equal(converted.code, 0, describeRun(converted));

      // "A check turns red when your client sent data to one of its servers", while it has not passed.
      const trusting = await lesson.run('python3', ['trusting.py', String(page.port('expired'))]);
      assert.equal(trusting.code, 0, describeRun(trusting));
      const red = await page.waitForCheck('refused-dates', 'failed', CHECK_MS);
      assert.match(red.detail, /it did not verify/, red.detail);

      const verify = (id: string) =>
        lesson.run('python3', ['verify.py', 'localhost', String(page.port(id)), 'socketlab-ca.pem', 'crl.pem']);
      const good = await verify(GOOD);
      assert.equal(good.code, 0, describeRun(good));
      assert.match(good.stdout, /^verified; echo: Hello,world!$/m, describeRun(good));
      for (const endpoint of FAILURE_ENDPOINTS) {
        const refused = await verify(endpoint);
        assert.equal(refused.code, 1, `${endpoint}: ${describeRun(refused)}`);
        assert.match(refused.stderr, /^refused: /m, `${endpoint}: ${describeRun(refused)}`);
      }
      for (const id of [
        'verified-good',
        'refused-dates',
        'refused-name',
        'refused-trust',
        'refused-revoked',
        'refused-weak',
      ])
        await page.waitForCheck(id, 'passed', CHECK_MS);

      // The questions, as the Certificates tab shows the connections' chains.
      const incomplete = await waitForHandshake(
        page,
        'incomplete-chain',
        (handshake) => handshake.serverChain !== undefined,
      );
      const chain = incomplete.serverChain;
      assert.ok(chain !== undefined);
      const failedStep = chain.steps.find((step) => step.state === 'failed');
      assert.ok(failedStep !== undefined, JSON.stringify(chain.steps));
      assert.equal(await answer(page, 'incomplete-chain-step', failedStep.kind), 'passed', failedStep.kind);
      assert.equal(await answer(page, 'incomplete-chain-count', String(chain.sent)), 'passed');
      assert.equal(chain.sent, 1, 'the leaf alone');
      await waitForHandshake(page, 'revoked', (handshake) => handshake.serverChain !== undefined);
      assert.equal(await answer(page, 'revoked-ocsp-status', 'revoked'), 'passed');

      // Node's way: the stapled response read, the handshake completed, the socket closed without data.
      const node = await lesson.run(process.execPath, [
        'verify.mjs',
        'localhost',
        String(page.port('revoked')),
        'socketlab-ca.pem',
      ]);
      assert.equal(node.code, 1, describeRun(node));
      assert.match(node.stderr, /the stapled OCSP response says revoked \(CERT_REVOKED\)/, describeRun(node));
      await page.waitForCheck('refused-revoked', 'passed', CHECK_MS);

      for (const [id, check] of page.checks()) assert.equal(check.state, 'passed', `${id}: ${check.detail}`);
    } finally {
      await page.close();
    }
  });

  it('the reference solution, with a panel that downloads, passes every check and answers every question right', {
    timeout: 180_000,
  }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tls-chain');
    try {
      await solution.run(page.welcome.servers, downloadingPanel(page, server.url));
      for (const [id] of page.checks()) await page.waitForCheck(id, 'passed', CHECK_MS);
      await waitForHandshake(page, 'incomplete-chain', (handshake) => handshake.serverChain !== undefined);
      await waitForHandshake(page, 'revoked', (handshake) => handshake.serverChain !== undefined);
      const answers = solution.answers?.([], page.welcome.servers) ?? {};
      assert.equal(Object.keys(answers).length, 3);
      for (const [id, value] of Object.entries(answers))
        assert.equal(await answer(page, id, value), 'passed', `${id} = ${value}`);
    } finally {
      await page.close();
    }
  });
});
