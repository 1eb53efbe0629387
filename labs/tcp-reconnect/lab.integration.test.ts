/**
 * The lab's checks against a real session with real capture and the real restart fault, on the two classic
 * mistakes of a reconnect loop: a fixed delay (the same wait after every refusal), which fails "wait longer" and
 * passes "do not hammer", and a tight loop (a few milliseconds between attempts), which fails "do not hammer".
 * Both clients are the lesson's loop (`reconnecting-client.ts`) with the backoff set wrong, so the packets are the
 * ones a student's program makes. The generic lab test runs the reference solution.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { startCaptureLabServer } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { ReconnectingClient, type ReconnectOptions } from './reconnecting-client';

/** This lab's test ports, apart from those of the listings test. */
const LAB_PORTS = { first: 52800, last: 52999 };

/** Restarts the echo server as the panel does, once the session reports the server away. */
async function restart(page: TestClient, seconds: number): Promise<void> {
  const from = page.messages.length;
  page.send({ type: 'fault', kind: 'restart', server: 'echo', value: seconds });
  const reply = await page.waitFor(
    (m) =>
      page.messages.indexOf(m) >= from &&
      ((m.type === 'fault' && m.fault.kind === 'restart' && m.fault.value === seconds) || m.type === 'error'),
    10_000,
  );
  assert.equal(reply.type, 'fault', `the restart was refused: ${JSON.stringify(reply)}`);
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
    await restart(page, seconds);
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

  it('a tight loop fails "do not hammer"', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'tcp-reconnect');
    await ride(page, client(page, { baseMs: 20, capMs: 20 }), 1);
    const hammering = await page.waitForCheck('no-hammering', 'failed', 10_000);
    assert.match(hammering.detail, /tried again \d+\.\d ms after a refusal/);
    await page.close();
  });
});
