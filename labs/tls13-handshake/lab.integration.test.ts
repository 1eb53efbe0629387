/**
 * Lab `tls13-handshake` done from a program of the student's own, as the lesson's "From your own program" says,
 * against a real lab server with real capture: the class CA downloaded from the session's panel link, the lesson's
 * `tls_client.py --tls1.3` taken from the page. Both checks pass; the handshake the session read from its capture
 * with its keys is TLS 1.3 with every server message after the ServerHello encrypted, the Certificate among them; and
 * the questions judge the answers read from it right. The reference solution and the lab terminal are the generic
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
import { ECHO } from './checks';

/** This file's ports; the capture's canary takes the one below the first. */
const LAB_PORTS = { first: 57881, last: 57909 };
const CHECK_MS = 30_000;

describe('lab tls13-handshake from the student’s own program, with capture', () => {
  const lesson = new LessonListings(new URL('../../docs/tls/tls13-handshake.mdx', import.meta.url), {
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

  it("the lesson's tls_client.py --tls1.3, read decrypted", { timeout: 120_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tls13-handshake');
    try {
      await downloadStudentFiles(page, server.url, lesson.workDir);
      const result = await lesson.run('python3', ['tls_client.py', '--tls1.3', String(page.port(ECHO))]);
      assert.equal(result.code, 0, describeRun(result));
      assert.match(result.stdout, /^TLSv1\.3 TLS_/m, describeRun(result));
      for (const check of ['tls13-echo', 'saw-encrypted']) await page.waitForCheck(check, 'passed', CHECK_MS);

      const handshake = await waitForHandshake(page, ECHO, (candidate) => candidate.complete);
      assert.equal(handshake.version, 'TLS 1.3');
      const fromServer = handshake.messages.filter(
        (message) => message.direction === 'from-server' && message.type !== 'change_cipher_spec',
      );
      assert.equal(fromServer[0]?.type, 'server_hello');
      assert.equal(fromServer[0]?.encrypted, false);
      assert.ok(
        fromServer.slice(1).every((message) => message.encrypted),
        'everything after the ServerHello is encrypted',
      );
      assert.ok(fromServer.some((message) => message.type === 'certificate'));

      const group = fromServer[0]?.keyShareGroups?.[0]?.name ?? '?';
      assert.equal(await answer(page, 'chosen-suite', handshake.cipherSuite?.name ?? '?'), 'passed');
      assert.equal(
        await answer(page, 'certificate-message', 'Certificate, encrypted with the handshake keys'),
        'passed',
      );
      assert.equal(await answer(page, 'key-share-group', group), 'passed');
      assert.equal(await answer(page, 'round-trips', '1'), 'passed');
    } finally {
      await page.close();
    }
  });
});
