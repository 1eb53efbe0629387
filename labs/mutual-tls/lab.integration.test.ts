/**
 * Lab `mutual-tls` done from a program of the student's own, as the lesson's "From your own program" says, against
 * a real lab server with real capture: the class CA and the session's own certificate and key downloaded from the
 * session's panel links, the lesson's `tls_client.py` taken from the page and run without and then with `--cert`.
 * Without, it prints the refusal the page quotes; with, the echo; both checks pass. The handshakes the session read
 * with its keys show the CertificateRequest and the alert the questions ask about, and the questions judge the
 * answers read from them right. The reference solution and the lab terminal are the generic lab test's.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, startCaptureLabServer } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { describeRun, LessonListings } from '../testing/listings';
import { waitForHandshake } from '../testing/session-handshakes';
import { downloadStudentFiles } from '../testing/tls-downloads';
import { MTLS } from './checks';

/** This file's ports; the capture's canary takes the one below the first. */
const LAB_PORTS = { first: 57911, last: 57939 };
const CHECK_MS = 30_000;

describe('lab mutual-tls from the student’s own program, with capture', () => {
  const lesson = new LessonListings(new URL('../../docs/tls/mutual-tls.mdx', import.meta.url), {
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

  it("the lesson's tls_client.py without, then with --cert", { timeout: 120_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'mutual-tls');
    try {
      await downloadStudentFiles(page, server.url, lesson.workDir);
      const port = String(page.port(MTLS));
      const refused = await lesson.run('python3', ['tls_client.py', port]);
      assert.equal(refused.code, 1, describeRun(refused));
      assert.equal(refused.stderr.trim(), 'TLS failed: TLSV13_ALERT_CERTIFICATE_REQUIRED', describeRun(refused));
      await page.waitForCheck('refused-without-certificate', 'passed', CHECK_MS);
      const accepted = await lesson.run('python3', ['tls_client.py', '--cert', port]);
      assert.equal(accepted.code, 0, describeRun(accepted));
      assert.match(accepted.stdout, /^received 12 bytes: Hello,world!$/m, describeRun(accepted));
      await page.waitForCheck('with-own-certificate', 'passed', CHECK_MS);

      const alerted = await waitForHandshake(page, MTLS, (handshake) => handshake.alert?.from === 'from-server');
      assert.equal(alerted.alert?.description.name, 'certificate_required');
      assert.ok(alerted.messages.some((message) => message.type === 'certificate_request' && message.encrypted));
      assert.equal(await answer(page, 'request-message', 'CertificateRequest'), 'passed');
      assert.equal(await answer(page, 'refusal-alert', 'certificate_required'), 'passed');
    } finally {
      await page.close();
    }
  });
});
