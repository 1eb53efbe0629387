/**
 * The lab's checks against a real session with real capture and the real faults. The lesson's own Python client,
 * run as the student runs it, while the test presses the panel's restart and silence as the lesson says, passes
 * every check and the capture question. Then the two classic mistakes of a reconnect loop: a fixed delay (the
 * same wait after every refusal), which fails "wait longer" and passes "do not hammer", and a tight loop (a few
 * milliseconds between attempts), which fails "do not hammer" and reads the same in Chinese as in English.
 * Those two clients are the lesson's loop (`reconnecting-client.ts`) with the backoff set wrong, so the packets
 * are the ones a student's program makes.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { answer, pagePackets, startCaptureLabServer } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import type { FaultKind } from '../../src/protocol';
import { describeRun, LessonListings } from '../testing/listings';
import { assertSessionTranslated } from '../testing/translations';
import { ReconnectingClient, type ReconnectOptions } from './reconnecting-client';
import { refusedInLastOutage } from './solution';

/** This lab's test ports, apart from those of the listings test. */
const LAB_PORTS = { first: 52800, last: 52999 };

/** Sets a fault on the echo server as the panel does, once the session reports it at that value. */
async function setFault(page: TestClient, kind: FaultKind, value: number): Promise<void> {
  const from = page.messages.length;
  page.send({ type: 'fault', kind, server: 'echo', value });
  const reply = await page.waitFor(
    (m) =>
      page.messages.indexOf(m) >= from &&
      ((m.type === 'fault' && m.fault.kind === kind && m.fault.value === value) || m.type === 'error'),
    10_000,
  );
  assert.equal(reply.type, 'fault', `${kind} ${value} was refused: ${JSON.stringify(reply)}`);
}

/** A client of the lesson's loop against the session's echo server, with its backoff as given. */
function client(page: TestClient, backoff: Pick<ReconnectOptions, 'baseMs' | 'capMs'>): ReconnectingClient {
  return new ReconnectingClient({
    host: '127.0.0.1',
    port: page.port(),
    heartbeatMs: 500,
    watchdogMs: 5000,
    connectTimeoutMs: 1500,
    jitter: 0,
    ...backoff,
  });
}

/** Online, a restart, and back online: the outage the checks read. */
async function ride(page: TestClient, reconnecting: ReconnectingClient, seconds: number): Promise<void> {
  reconnecting.start();
  try {
    await reconnecting.waitFor((step) => step.kind === 'echo', 10_000);
    const mark = reconnecting.log.length;
    await setFault(page, 'restart', seconds);
    const lost = await reconnecting.waitFor((step) => step.kind === 'lost', 10_000, mark);
    await reconnecting.waitFor((step) => step.kind === 'echo', 30_000, lost);
  } finally {
    await reconnecting.stop();
  }
}

describe('lab tcp-reconnect with capture', () => {
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    ({ server, skipReason: skip } = await startCaptureLabServer(LAB_PORTS));
  });
  after(() => server.close());

  it("the lesson's reconnect.py passes every check and the question, restarted and silenced", async (t) => {
    if (skip) return t.skip(skip);
    const lesson = new LessonListings(new URL('../../docs/tcp/reconnect.mdx', import.meta.url), {
      childTimeoutMs: 90_000,
    });
    await lesson.open();
    const page = await TestClient.open(server.url, 'tcp-reconnect');
    try {
      await lesson.write('reconnect.py');
      const running = lesson.run('python3', ['reconnect.py', '127.0.0.1', String(page.port()), '40']);
      await page.waitForCheck('online', 'passed', 20_000);
      await setFault(page, 'restart', 5);
      for (const id of ['came-back', 'backoff', 'no-hammering']) await page.waitForCheck(id, 'passed', 30_000);
      await setFault(page, 'silence', 1);
      await page.waitForCheck('watchdog', 'passed', 30_000);
      await setFault(page, 'silence', 0);
      const refused = refusedInLastOutage(pagePackets(page), page.port());
      assert.ok(refused !== undefined, 'the outage is in the packets');
      assert.equal(await answer(page, 'refused-attempts', refused), 'passed');
      const result = await running;
      assert.equal(result.code, 0, describeRun(result));
      assert.match(result.stdout, /lost: watchdog: no data for 5\.0 s/, describeRun(result));
    } finally {
      await page.close();
      await lesson.close();
    }
  });

  it('a fixed delay between attempts fails "wait longer", and is gentle enough', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-reconnect');
    await ride(page, client(page, { baseMs: 1000, capMs: 1000 }), 5);
    const backoff = await page.waitForCheck('backoff', 'failed', 10_000);
    assert.match(
      backoff.detail,
      /waited 1\.\d s between its first two attempts and 1\.\d s before its last: about the same/,
    );
    await page.waitForCheck('no-hammering', 'passed', 10_000);
    await page.waitForCheck('came-back', 'passed', 10_000);
    await page.close();
  });

  it('a tight loop fails "do not hammer"; the session reads in Chinese as in English', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-reconnect', { locale: 'zh-Hans' });
    await ride(page, client(page, { baseMs: 20, capMs: 20 }), 1);
    const hammering = await page.waitForCheck('no-hammering', 'failed', 10_000);
    assert.match(hammering.detail, /被拒绝后仅 \d+\.\d 毫秒就再次尝试/);
    await (await assertSessionTranslated(page, server.url)).close();
  });
});
