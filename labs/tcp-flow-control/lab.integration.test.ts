/**
 * Lab `tcp-flow-control` against a real lab server with real capture: the reference transfer passes the three
 * checks, and each question takes the answer read from this session's own packets, as the lesson teaches, and
 * refuses a recognisable mistake; the same session reads in Chinese with the English numbers. The lesson's own
 * `sender.py`, taken from the page and run as an outside program the way the page runs it, passes the three checks
 * too, and prints what the page says it prints. The empty attempt and the run without capture are the generic lab
 * test's (`labs/labs.integration.test.ts`).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, pagePackets, startCaptureLabServer, waitForPagePackets } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { describeRun, LessonListings } from '../testing/listings';
import { assertSessionTranslated } from '../testing/translations';
import { READER } from './checks';
import { sendAll, solution, TOTAL_BYTES } from './solution';

/** The transfer waits out the reader's pause; a loaded machine may take far longer to capture and grade it. */
const GENEROUS_MS = 60_000;
/** This file's ports; the capture's canary takes the one below the first, 56300. */
const LAB_PORTS = { first: 56301, last: 56599 };

describe('lab tcp-flow-control with real capture', () => {
  const lesson = new LessonListings(new URL('../../docs/tcp/flow-control.mdx', import.meta.url), {
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

  for (const locale of ['en', 'zh-Hans'] as const) {
    it(`${locale}: the reference transfer passes the checks and the questions`, { timeout: 120_000 }, async (t) => {
      if (skip) return t.skip(skip);
      const page = await TestClient.open(server.url, 'tcp-flow-control', { locale });
      const servers = page.welcome.servers;
      const { sent } = await sendAll('127.0.0.1', page.port(READER));
      assert.equal(sent, TOTAL_BYTES);
      for (const id of ['sent-more', 'zero-window', 'window-reopened']) {
        await page.waitForCheck(id, 'passed', GENEROUS_MS);
      }
      const read = (packets: ReturnType<typeof pagePackets>) => solution.answers?.(packets, servers);
      await waitForPagePackets(page, (packets) => read(packets) !== undefined, GENEROUS_MS);
      const answers = read(pagePackets(page)) ?? {};
      const window = Number(answers['scaled-window']);
      const ack = Number(answers['zero-window-ack']);
      // The mistakes the lesson warns of first: the field before scaling, and the byte count for the Ack.
      const port = page.port(READER);
      const first = pagePackets(page).find(
        (p) => p.srcPort === port && p.tcp !== undefined && p.tcp.flagNames === 'ACK',
      );
      assert.ok(first?.tcp !== undefined && first.tcp.window === window, 'the first ACK carries the window read');
      if (first.tcp.windowValue !== window) {
        assert.equal(await answer(page, 'scaled-window', String(first.tcp.windowValue)), 'failed');
      }
      assert.equal(await answer(page, 'zero-window-ack', String(ack - 1)), 'failed');
      for (const [id, value] of Object.entries(answers)) {
        assert.equal(await answer(page, id, value), 'passed', `${id} = ${value}`);
      }
      if (locale === 'zh-Hans') await (await assertSessionTranslated(page, server.url)).close();
      else await page.close();
    });
  }

  it("the lesson's sender.py passes the three checks", { timeout: 120_000 }, async (t) => {
    if (skip) return t.skip(skip);
    await lesson.write('sender.py');
    const page = await TestClient.open(server.url, 'tcp-flow-control');
    const result = await lesson.run('python3', ['sender.py', '127.0.0.1', String(page.port(READER))]);
    assert.equal(result.code, 0, describeRun(result));
    assert.match(result.stdout, /^sendall\(\) of 8388608 bytes returned after \d+\.\d s$/m, describeRun(result));
    assert.match(result.stdout, /^the server read everything and closed after/m, describeRun(result));
    for (const id of ['sent-more', 'zero-window', 'window-reopened'])
      await page.waitForCheck(id, 'passed', GENEROUS_MS);
    await page.close();
  });
});
