/**
 * Lab `tls12-handshake` done from a program of the student's own, as the lesson's "From your own program" says,
 * against a real lab server with real capture: the class CA downloaded from the session's panel link, the lesson's
 * `tls_client.py` taken from the page and run against the ecdhe server and, with `--ciphers AES128-SHA`, against the
 * rsa server. Every check passes, and the handshakes the session read from its capture with its keys hold what the
 * lesson says: ten messages for ECDHE with a ServerKeyExchange, none for RSA, the Finished messages encrypted; and
 * the questions judge the answers read from them right. The reference solution and the lab terminal are the generic
 * lab test's (`labs/labs.integration.test.ts`).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, startCaptureLabServer } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { describeRun, LessonListings } from '../testing/listings';
import { waitForHandshake } from '../testing/session-handshakes';
import { downloadStudentFiles } from '../testing/tls-downloads';
import { ECDHE, RSA } from './checks';

/** This file's ports; the capture's canary takes the one below the first. */
const LAB_PORTS = { first: 57851, last: 57879 };
const CHECK_MS = 30_000;

describe('lab tls12-handshake from the student’s own program, with capture', () => {
  const lesson = new LessonListings(new URL('../../docs/tls/tls12-handshake.mdx', import.meta.url), {
    childTimeoutMs: 20_000,
  });
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    await lesson.open();
    await lesson.write('tls_client.py');
    ({ server, skipReason: skip } = await startCaptureLabServer(LAB_PORTS));
  });
  after(async () => {
    await server.close();
    await lesson.close();
  });

  it("the lesson's tls_client.py against ecdhe, then rsa with AES128-SHA", { timeout: 120_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tls12-handshake');
    try {
      await downloadStudentFiles(page, server.url, lesson.workDir);
      const ecdhePort = String(page.port(ECDHE));
      const first = await lesson.run('python3', ['tls_client.py', '--tls1.2', '127.0.0.1', ecdhePort]);
      assert.equal(first.code, 0, describeRun(first));
      assert.match(first.stdout, /^TLSv1\.2 ECDHE-/m, describeRun(first));
      await page.waitForCheck('ecdhe-echo', 'passed', CHECK_MS);
      const rsaPort = String(page.port(RSA));
      const second = await lesson.run('python3', ['tls_client.py', '--tls1.2', '--ciphers', 'AES128-SHA', rsaPort]);
      assert.equal(second.code, 0, describeRun(second));
      assert.match(second.stdout, /^TLSv1\.2 AES128-SHA$/m, describeRun(second));
      await page.waitForCheck('rsa-handshake', 'passed', CHECK_MS);
      await page.waitForCheck('saw-both', 'passed', CHECK_MS);

      const ecdhe = await waitForHandshake(page, ECDHE, (handshake) => handshake.complete);
      // The ten steps, in order, up to the server's Finished: a NewSessionTicket before the server's ChangeCipherSpec
      // is an optional eleventh, and what follows the handshake (data, close_notify) depends on when it was read.
      const types = ecdhe.messages.map((message) => message.type);
      assert.deepEqual(
        types.slice(0, types.lastIndexOf('finished') + 1).filter((type) => type !== 'new_session_ticket'),
        [
          'client_hello',
          'server_hello',
          'certificate',
          'server_key_exchange',
          'server_hello_done',
          'client_key_exchange',
          'change_cipher_spec',
          'finished',
          'change_cipher_spec',
          'finished',
        ],
        `the handshake view's messages: ${types.join(', ')}`,
      );
      assert.ok(ecdhe.messages.filter((message) => message.type === 'finished').every((message) => message.encrypted));
      const rsa = await waitForHandshake(page, RSA, (handshake) => handshake.complete);
      assert.ok(!rsa.messages.some((message) => message.type === 'server_key_exchange'));
      assert.equal(rsa.cipherSuite?.name, 'TLS_RSA_WITH_AES_128_CBC_SHA');

      // The questions, answered from what the handshake view shows.
      // The first flight: the server's messages up to its ServerHelloDone, as the handshake view lists them.
      const fromServer = ecdhe.messages.filter((message) => message.direction === 'from-server');
      const flight = fromServer.findIndex((message) => message.type === 'server_hello_done') + 1;
      assert.equal(await answer(page, 'chosen-suite', ecdhe.cipherSuite?.name ?? '?'), 'passed');
      assert.equal(await answer(page, 'premaster-message', 'ClientKeyExchange'), 'passed');
      const group = ecdhe.messages.find((message) => message.type === 'server_key_exchange')?.namedGroup?.name;
      assert.equal(await answer(page, 'named-group', group ?? '?'), 'passed');
      assert.equal(await answer(page, 'first-flight', String(flight)), 'passed');
      for (const [id, check] of page.checks()) assert.equal(check.state, 'passed', `${id}: ${check.detail}`);
    } finally {
      await page.close();
    }
  });
});
