/**
 * Lab `tcp-handshake` against a real lab server with real capture: the reference solution passes both checks,
 * and each question accepts the answer read from this session's own packets and refuses a wrong one, in English
 * and in Chinese. The empty attempt is the generic lab test's (`labs/labs.integration.test.ts`).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, startCaptureLabServer, waitForPagePackets } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { assertSessionTranslated } from '../testing/translations';
import { handshakeAndGreet } from './solution';

describe('lab tcp-handshake with real capture', () => {
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    ({ server, skipReason: skip } = await startCaptureLabServer({ first: 49000, last: 49499 }));
  });
  after(() => server.close());

  it('passes the checks and the questions on the reference solution', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-handshake');
    const port = page.port();
    const { echo } = await handshakeAndGreet('127.0.0.1', port);
    assert.equal(echo, 'Hello,world!');
    const packets = await waitForPagePackets(page, (list) => list.some((p) => p.tcp?.flagNames.includes('FIN')));
    await page.waitForCheck('handshake', 'passed');
    await page.waitForCheck('hello-acked', 'passed');

    const syn = packets.find((p) => p.dstPort === port && p.tcp?.flagNames === 'SYN')!;
    const synAck = packets.find((p) => p.srcPort === port && p.tcp?.flagNames === 'SYN,ACK')!;
    assert.equal(await answer(page, 'server-isn', String((synAck.tcp!.seqRaw + 7) % 2 ** 32)), 'failed');
    assert.equal(await answer(page, 'server-isn', String(synAck.tcp!.seqRaw)), 'passed');
    assert.equal(await answer(page, 'syn-ack-ack', '0'), 'failed');
    assert.equal(await answer(page, 'syn-ack-ack', '1'), 'passed');
    assert.equal(await answer(page, 'hello-ack', '12'), 'failed');
    assert.equal(await answer(page, 'hello-ack', '13'), 'passed');
    assert.equal(await answer(page, 'client-mss', String(syn.tcp!.options.mss)), 'passed');
    await page.close();
  });

  it('reads in Chinese, with the English numbers, on the reference solution and the empty attempt', async (t) => {
    if (skip) return t.skip(skip);
    const empty = await TestClient.open(server.url, 'tcp-handshake', { locale: 'zh-Hans' });
    assert.equal(await answer(empty, 'syn-ack-ack', '一'), 'pending', 'nothing captured to judge by');
    await (await assertSessionTranslated(empty, server.url)).close();

    const page = await TestClient.open(server.url, 'tcp-handshake', { locale: 'zh-Hans' });
    const port = page.port();
    await handshakeAndGreet('127.0.0.1', port);
    const packets = await waitForPagePackets(page, (list) => list.some((p) => p.tcp?.flagNames.includes('FIN')));
    await page.waitForCheck('handshake', 'passed');
    await page.waitForCheck('hello-acked', 'passed');
    const syn = packets.find((p) => p.dstPort === port && p.tcp?.flagNames === 'SYN')!;
    // Right answers written in Chinese, and one mistake, so that a hint is read too.
    assert.equal(await answer(page, 'server-isn', '0'), 'failed');
    assert.equal(await answer(page, 'syn-ack-ack', '是一，因为 SYN 占了一个序号'), 'passed');
    assert.equal(await answer(page, 'hello-ack', '十三'), 'passed');
    assert.equal(await answer(page, 'client-mss', `${syn.tcp!.options.mss} 字节`), 'passed');
    await (await assertSessionTranslated(page, server.url)).close();
  });
});
