/**
 * Lab `x509-certificates` done from a program of the student's own, as the lesson's "From your own program" says,
 * against a real lab server with real capture: the class CA downloaded from the session's panel link, the lesson's
 * `client.py` taken from the page and run by `localhost`, and the five questions answered from what the student
 * reads — the serial, the issuer and notAfter that client.py prints, the count of certificates and the signature
 * algorithm from the page's openssl commands. Then by `127.0.0.1`: it verifies too, and sends no SNI. Then the
 * reference solution, given a panel that downloads as a click does, answers every question right from its own
 * connection. The generic lab test (`labs/labs.integration.test.ts`) types the lab-terminal lines.
 */

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, startCaptureLabServer } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { describeRun, LessonListings, run } from '../testing/listings';
import { waitForHandshake } from '../testing/session-handshakes';
import { downloadStudentFiles } from '../testing/tls-downloads';
import { ECHO } from './checks';
import { solution } from './solution';
import { downloadingPanel } from './testing/downloading-panel';

/** This file's ports; the capture's canary takes the one below the first. */
const LAB_PORTS = { first: 57771, last: 57809 };
const CHECK_MS = 30_000;

/** A line client.py prints, `label: value`. */
function printed(stdout: string, label: string): string {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(`${label}: `));
  assert.ok(line !== undefined, `client.py prints ${label}: ${stdout}`);
  return line.slice(label.length + 2);
}

describe('lab x509-certificates from the student’s own program, with capture', () => {
  const lesson = new LessonListings(new URL('../../docs/tls/certificates.mdx', import.meta.url), {
    childTimeoutMs: 20_000,
  });
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    await lesson.open();
    await lesson.write('client.py');
    ({ server, skipReason: skip } = await startCaptureLabServer(LAB_PORTS));
  });
  after(async () => {
    await server.close();
    await lesson.close();
  });

  it("the lesson's client.py by localhost, the questions read as the page reads them, then by 127.0.0.1", {
    timeout: 180_000,
  }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'x509-certificates');
    try {
      await downloadStudentFiles(page, server.url, lesson.workDir);
      const port = String(page.port(ECHO));
      const result = await lesson.run('python3', ['client.py', 'localhost', port, 'socketlab-ca.pem']);
      assert.equal(result.code, 0, describeRun(result));
      assert.match(result.stdout, /^received 12 bytes: Hello,world!$/m, describeRun(result));
      await page.waitForCheck('verified-echo', 'passed', CHECK_MS);
      await page.waitForCheck('sent-sni', 'passed', CHECK_MS);
      const handshake = await waitForHandshake(page, ECHO, (candidate) => candidate.serverChain !== undefined);
      assert.equal(handshake.serverName, 'localhost');
      assert.equal(handshake.serverChain?.trusted, true, JSON.stringify(handshake.serverChain?.steps));

      // As the page reads them: client.py's lines, then openssl s_client -showcerts and openssl x509 -text.
      const issuer = /'commonName': '([^']+)'/.exec(printed(result.stdout, 'issuer'))?.[1] ?? '?';
      assert.equal(await answer(page, 'leaf-serial', printed(result.stdout, 'serial')), 'passed');
      assert.equal(await answer(page, 'leaf-issuer', issuer), 'passed');
      assert.equal(await answer(page, 'leaf-not-after', printed(result.stdout, 'valid until')), 'passed');
      const shell = (command: string) => run('sh', ['-c', `${command} </dev/null`], lesson.workDir);
      const showcerts = await shell(
        `openssl s_client -connect 127.0.0.1:${port} -servername localhost -CAfile socketlab-ca.pem -showcerts`,
      );
      const count = showcerts.stdout.match(/BEGIN CERTIFICATE/g)?.length ?? 0;
      assert.equal(await answer(page, 'certificates-sent', String(count)), 'passed', describeRun(showcerts));
      const text = await shell(
        `openssl s_client -connect 127.0.0.1:${port} -servername localhost 2>/dev/null | sed -n '/BEGIN CERT/,/END CERT/p' > leaf.pem && openssl x509 -in leaf.pem -noout -text`,
      );
      const algorithm = /Signature Algorithm: (\S+)/.exec(text.stdout)?.[1] ?? '?';
      assert.equal(await answer(page, 'signature-algorithm', algorithm), 'passed', describeRun(text));
      assert.ok((await readFile(path.join(lesson.workDir, 'leaf.pem'), 'utf8')).includes('BEGIN CERTIFICATE'));

      // "Run it once more with 127.0.0.1": it verifies by the IP SAN, and its ClientHello names no server.
      const byAddress = await lesson.run('python3', ['client.py', '127.0.0.1', port, 'socketlab-ca.pem']);
      assert.equal(byAddress.code, 0, describeRun(byAddress));
      const unnamed = await waitForHandshake(
        page,
        ECHO,
        (candidate) => candidate.serverChain !== undefined && candidate.serverName === undefined,
      );
      assert.equal(unnamed.serverChain?.trusted, true, 'the address is in the SAN, as the page says');
      for (const [id, check] of page.checks()) assert.equal(check.state, 'passed', `${id}: ${check.detail}`);
    } finally {
      await page.close();
    }
  });

  it('the reference solution, with a panel that downloads, answers every question right', {
    timeout: 120_000,
  }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'x509-certificates');
    try {
      await solution.run(page.welcome.servers, downloadingPanel(page, server.url));
      for (const id of ['verified-echo', 'sent-sni']) await page.waitForCheck(id, 'passed', CHECK_MS);
      await waitForHandshake(page, ECHO, (candidate) => candidate.serverChain !== undefined);
      const answers = solution.answers?.([], page.welcome.servers) ?? {};
      assert.equal(Object.keys(answers).length, 5);
      for (const [id, value] of Object.entries(answers))
        assert.equal(await answer(page, id, value), 'passed', `${id} = ${value}`);
    } finally {
      await page.close();
    }
  });
});
