/**
 * Lab `tcp-keepalive` against a real lab server with real capture and the real silence fault: the reference
 * solution passes the three checks (the server's probe answered, the solution's own probes, then its probes
 * unanswered under silence until its RST), each question takes the answer read from this session's own packets
 * and refuses a recognisable mistake, and the session reads in Chinese with the English numbers. The empty
 * attempt, and the run without capture, are the generic lab test's (`labs/labs.integration.test.ts`).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, pagePackets, startCaptureLabServer, waitForPagePackets } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { assertSessionTranslated } from '../testing/translations';
import { solution } from './solution';

/** The lab panel as a student clicks it: a `fault` message, done once the session reports the new value. */

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
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    ({ server, skipReason: skip } = await startCaptureLabServer({ first: 52200, last: 52499 }));
  });
  after(() => server.close());

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
});
