/**
 * Lab `tcp-teardown` against a real lab server with real capture: the reference solution (a half-close, an
 * ordinary close, a connect to the closed port) passes every check, and the questions accept what this
 * session's own packets say and refuse a wrong answer; the lab terminal's half-close passes too, and the
 * session reads in Chinese. The empty attempt is the generic lab test's (`labs/labs.integration.test.ts`).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, startCaptureLabServer, waitForPagePackets } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { assertSessionTranslated } from '../testing/translations';
import { runTeardown } from './solution';

describe('lab tcp-teardown with real capture', () => {
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    ({ server, skipReason: skip } = await startCaptureLabServer({ first: 49500, last: 49999 }));
  });
  after(() => server.close());

  it('passes the checks and the questions on the reference solution', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-teardown');
    const echo = page.port('echo');
    const closed = page.port('closed');
    const run = await runTeardown('127.0.0.1', echo, closed);
    assert.equal(run.refused, 'ECONNREFUSED');
    const packets = await waitForPagePackets(
      page,
      (list) =>
        list.some((p) => p.srcPort === closed && p.tcp?.flagNames.includes('RST')) &&
        list.filter((p) => p.tcp?.flagNames.includes('FIN')).length >= 4,
    );
    for (const id of ['fin-close', 'rst-closed-port', 'half-close']) await page.waitForCheck(id, 'passed');

    // The last connection to the echo server, from its first FIN to the end: the teardown.
    const last = Math.max(...packets.filter((p) => p.dstPort === echo).map((p) => p.tcp!.connection));
    const connection = packets.filter((p) => p.tcp?.connection === last);
    const firstFin = connection.findIndex((p) => p.tcp!.flagNames.includes('FIN'));
    const teardown = connection.slice(firstFin);
    const finSide = connection[firstFin]!.dstPort === echo ? 'client' : 'server';
    const rst = packets.find((p) => p.srcPort === closed && p.tcp?.flagNames.includes('RST'))!;

    assert.equal(await answer(page, 'first-fin', finSide === 'client' ? 'server' : 'client'), 'failed');
    assert.equal(await answer(page, 'first-fin', finSide), 'passed');
    assert.equal(await answer(page, 'rst-flags', 'FIN'), 'failed');
    assert.equal(await answer(page, 'rst-flags', rst.tcp!.flagNames), 'passed');
    assert.equal(await answer(page, 'teardown-packets', String(teardown.length)), 'passed');
    assert.equal(await answer(page, 'time-wait', finSide), 'passed');
    await page.close();
  });

  it('passes the half-close from the lab terminal with send --shutdown', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-teardown');
    page.type('connect echo');
    await page.waitForOutput('= 0');
    page.type('send --shutdown Hello,world!');
    await page.waitForOutput('FIN sent; you can still recv');
    page.type('recv');
    await page.waitForOutput('12 bytes');
    page.type('recv');
    await page.waitForOutput('end of stream');
    page.type('close');
    await page.waitForCheck('half-close', 'passed', 10_000);
    await page.close();
  });

  it('reads in Chinese, with the English numbers, on the reference solution and the empty attempt', async (t) => {
    if (skip) return t.skip(skip);
    const empty = await TestClient.open(server.url, 'tcp-teardown', { locale: 'zh-Hans' });
    assert.equal(await answer(empty, 'first-fin', '客户端'), 'pending');
    await (await assertSessionTranslated(empty, server.url)).close();

    const page = await TestClient.open(server.url, 'tcp-teardown', { locale: 'zh-Hans' });
    const closed = page.port('closed');
    await runTeardown('127.0.0.1', page.port('echo'), closed);
    await waitForPagePackets(
      page,
      (list) =>
        list.some((p) => p.srcPort === closed && p.tcp?.flagNames.includes('RST')) &&
        list.filter((p) => p.tcp?.flagNames.includes('FIN')).length >= 4,
    );
    for (const id of ['fin-close', 'rst-closed-port', 'half-close']) await page.waitForCheck(id, 'passed');
    // Answers written in Chinese, right or not: each verdict is read in both languages.
    assert.equal(await answer(page, 'rst-flags', '复位和确认'), 'passed');
    assert.equal(await answer(page, 'first-fin', '客户端还是服务器'), 'failed');
    assert.equal(await answer(page, 'teardown-packets', '七个'), 'failed');
    await answer(page, 'time-wait', '客户端');
    await (await assertSessionTranslated(page, server.url)).close();
  });
});
