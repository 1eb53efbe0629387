/**
 * Lab `tcp-keepalive` against a real lab server with real capture and the real silence fault: the reference
 * solution passes the three checks (the server's probe answered, the solution's own probes, then its probes
 * unanswered under silence until its RST), each question takes the answer read from this session's own packets
 * and refuses a recognisable mistake, and the session reads in Chinese with the English numbers. The lesson's own
 * `keepalive.py`, taken from the page and run as an outside program the way the page runs it, passes the three
 * checks too, with **Peer silent** switched on from the panel while it waits, as the page says, and it fails with
 * the page's ETIMEDOUT. The empty attempt, and the run without capture, are the generic lab test's
 * (`labs/labs.integration.test.ts`).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, pagePackets, startCaptureLabServer, waitForPagePackets } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { describeRun, LessonListings } from '../testing/listings';
import { assertSessionTranslated } from '../testing/translations';
import { ECHO } from './checks';
import { solution } from './solution';

/** This file's ports; the capture's canary takes the one below the first, 56600. */
const LAB_PORTS = { first: 56601, last: 56999 };
/** A loaded machine may take long to capture and grade a probe. */
const CHECK_MS = 30_000;

/** Runs the reference solution on a page and waits for its checks and for the packets its answers read. */
async function solved(page: TestClient) {
  const servers = page.welcome.servers;
  await solution.run(servers, page.panel());
  for (const check of ['server-probe', 'own-probes', 'gave-up']) await page.waitForCheck(check, 'passed', 10_000);
  await waitForPagePackets(page, (packets) => solution.answers?.(packets, servers) !== undefined);
  const answers = solution.answers?.(pagePackets(page), servers);
  assert.ok(answers !== undefined);
  return answers;
}

describe('lab tcp-keepalive with real capture and silence', () => {
  const lesson = new LessonListings(new URL('../../docs/tcp/keepalive.mdx', import.meta.url), {
    childTimeoutMs: 90_000,
  });
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    await lesson.open();
    ({ server, skipReason: skip } = await startCaptureLabServer(LAB_PORTS));
  });
  after(async () => {
    await server.close();
    await lesson.close();
  });

  it('passes the checks and the questions on the reference solution', { timeout: 90_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-keepalive');
    const answers = await solved(page);
    const delay = Number(answers['probe-delay']);
    const seq = Number(answers['probe-seq']);
    // The server echoed 12 bytes, so its probe repeats the last of them.
    assert.equal(seq, 12);
    assert.equal(await answer(page, 'probe-seq', String(seq + 1)), 'failed');
    assert.equal(await answer(page, 'probe-seq', String(seq)), 'passed');
    // A question once passed stays passed, so the mistakes come first; the exact gap is the Chinese test's.
    assert.equal(await answer(page, 'probe-delay', '7200'), 'failed');
    assert.equal(await answer(page, 'probe-delay', `maybe ${Math.round(delay)}`), 'failed');
    assert.equal(await answer(page, 'probe-delay', String(Math.round(delay))), 'passed');
    await page.close();
  });

  it('reads in Chinese, with the English numbers, on the reference solution', { timeout: 90_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-keepalive', { locale: 'zh-Hans' });
    const answers = await solved(page);
    assert.equal(await answer(page, 'probe-seq', '十二'), 'passed');
    assert.equal(await answer(page, 'probe-delay', `${answers['probe-delay']} 秒`), 'passed');
    await (await assertSessionTranslated(page, server.url)).close();
  });

  it("the lesson's keepalive.py passes the three checks, silenced from the panel while it waits", {
    timeout: 120_000,
  }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-keepalive');
    const silence = page.welcome.faults.find((fault) => fault.kind === 'silence' && fault.server === ECHO);
    assert.ok(silence !== undefined, 'the lab offers silence on its echo server');
    if (!silence.available) return t.skip(`silence unavailable here: ${silence.reason ?? ''}`);
    await lesson.write('keepalive.py');
    const running = lesson.run('python3', ['keepalive.py', '127.0.0.1', String(page.port(ECHO))]);
    try {
      // "In the Packets tab, probes now come from your port too … Leave the program waiting, and turn Peer silent on."
      await page.waitForCheck('server-probe', 'passed', CHECK_MS);
      await page.waitForCheck('own-probes', 'passed', CHECK_MS);
      await page.panel().setFault('silence', ECHO, 1);
      const result = await running;
      assert.equal(result.timedOut, false, `keepalive.py never noticed the silence: ${describeRun(result)}`);
      assert.equal(result.code, 1, describeRun(result));
      assert.match(result.stdout, /^received 12 bytes: Hello,world!$/m, describeRun(result));
      assert.match(result.stderr, /^recv\(\) failed after \d+\.\d s idle: Connection timed out \(ETIMEDOUT\)$/m);
      await page.waitForCheck('gave-up', 'passed', CHECK_MS);
    } finally {
      await running;
      await page.panel().setFault('silence', ECHO, 0);
      await page.close();
    }
  });
});
