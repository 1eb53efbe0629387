/**
 * Real capture through real sessions: a lab server with the shared tshark pipeline, a student's exchange with
 * their echo server, and what reaches their page — the handshake, the data and the teardown with correct
 * relative numbers, nothing of another student's traffic, the capture state in /healthz, and a pcapng that
 * tshark reads. Skipped, saying why, where packets cannot be captured (no tshark/tcpdump, no privilege).
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { LABS } from '../labs';
import { echoOnce } from '../labs/tcp-echo/solution';
import { type RunningLabServer, startLabServer } from './lab-server';
import { setQuiet } from './log';
import { pagePackets, waitForPagePackets } from './testing/capture-lab';
import { type Impostor, listenAsImpostor, sendUdpAsImpostor } from './testing/impostor';
import { TestClient } from './testing/test-client';

setQuiet(true);
const run = promisify(execFile);

describe('without capture', () => {
  it('still runs labs, and says why the timeline is socket-level only', async () => {
    const server = await startLabServer(
      {
        port: 0,
        labPorts: { first: 46000, last: 46999 },
        capture: 'auto',
        tsharkPath: '/nonexistent/tshark',
      },
      LABS,
    );
    try {
      const status = await server.captureReady;
      assert.equal(status.state, 'unavailable');
      const page = await TestClient.open(server.url);
      assert.equal(page.welcome.capture.state, 'unavailable');
      assert.match(page.welcome.capture.reason, /tshark/);
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as {
        capture: { state: string; reason: string };
      };
      assert.equal(health.capture.state, 'unavailable');
      assert.ok(health.capture.reason.length > 0);
      await echoOnce('127.0.0.1', page.port());
      await page.waitForCheck('closed-cleanly', 'passed');
      assert.ok(
        page.messages.some((m) => m.type === 'event' && m.event.kind === 'receive'),
        'socket-level timeline',
      );
      await page.close();
    } finally {
      await server.close();
    }
  });
});

describe('capture through sessions', () => {
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    server = await startLabServer(
      { port: 0, labPorts: { first: 45000, last: 45999 }, capture: 'auto', version: 't' },
      LABS,
    );
    const status = await server.captureReady;
    if (status.state !== 'running') skip = `capture unavailable here: ${status.reason.en}`;
  });
  after(() => server.close());

  it('reports the capture state in /healthz', async (t) => {
    if (skip) return t.skip(skip);
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { capture: { state: string } };
    assert.equal(health.capture.state, 'running');
  });

  it('delivers a student’s handshake, data and teardown to their page, numbered relative', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url);
    assert.equal(page.welcome.capture.state, 'running');
    const port = page.port();
    await echoOnce('127.0.0.1', port);
    const packets = await waitForPagePackets(
      page,
      (list) => list.filter((p) => p.tcp?.flagNames.includes('FIN')).length >= 2,
    );
    const flags = packets.map((p) => p.tcp?.flagNames);
    assert.deepEqual(flags.slice(0, 3), ['SYN', 'SYN,ACK', 'ACK'], 'three-way handshake first');
    const [syn, synAck] = packets;
    assert.equal(syn!.dstPort, port);
    assert.equal(syn!.tcp!.seq, 0);
    assert.equal(synAck!.tcp!.seq, 0);
    assert.equal(synAck!.tcp!.ack, 1);
    assert.equal(synAck!.tcp!.ackRaw, (syn!.tcp!.seqRaw + 1) % 2 ** 32);
    const data = packets.find((p) => p.dstPort === port && p.tcp!.len === 12)!;
    assert.equal(Buffer.from(data.payload.hex, 'hex').toString(), 'Hello,world!');
    assert.equal(data.tcp!.seq, 1);
    // The server acknowledges the 12 bytes: relative ack 13 (the SYN took one sequence number).
    assert.ok(
      packets.some((p) => p.srcPort === port && p.tcp!.ack === 13),
      'server ACKs 13',
    );
    await page.close();
  });

  it('numbers a student’s connections #1, #2 in packets and events alike, whatever others did', async (t) => {
    if (skip) return t.skip(skip);
    // Another student's connections first: the capture counts them, the student's page must not.
    const other = await TestClient.open(server.url);
    for (let i = 0; i < 3; i++) await echoOnce('127.0.0.1', other.port());
    const page = await TestClient.open(server.url);
    for (let i = 0; i < 2; i++) await echoOnce('127.0.0.1', page.port());
    const packets = await waitForPagePackets(
      page,
      (list) => list.filter((p) => p.tcp?.flagNames.includes('FIN')).length >= 4,
    );
    const numbers = [...new Set(packets.map((p) => p.tcp?.connection))];
    assert.deepEqual(numbers, [1, 2]);
    // The server timeline's numbers are the packets' numbers: each accept names the client port of its packets.
    const accepts = page.messages.flatMap((m) => (m.type === 'event' && m.event.kind === 'accept' ? [m.event] : []));
    assert.equal(accepts.length, 2);
    for (const accept of accepts) {
      const clientPort = Number(accept.peer?.split(':').at(-1));
      const syn = packets.find((p) => p.tcp?.flagNames === 'SYN' && p.srcPort === clientPort);
      assert.equal(accept.connection, syn?.tcp?.connection, `accept from ${accept.peer}`);
    }
    // The time origin is the earliest packet or event; a reloaded page is told it.
    const resume = { session: page.welcome.session, token: page.welcome.token };
    await page.close();
    const resumed = await TestClient.open(server.url, 'tcp-echo', { resume });
    assert.equal(resumed.welcome.resumed, true);
    const clock = resumed.welcome.clock;
    const earliest = Math.min(
      ...packets.map((p) => p.time),
      ...resumed.welcome.events.map((e) => clock.startedAt + e.time / 1000),
    );
    // Event times are whole milliseconds from startedAt, so an event origin may differ in its last float digits.
    assert.ok(Math.abs((clock.origin ?? 0) - earliest) < 1e-6, `origin ${clock.origin}, earliest ${earliest}`);
    assert.ok(clock.originKind === 'packet' || clock.originKind === 'event');
    // IPv4 on loopback: TTL 64, a header checksum tshark verified, a TCP checksum nobody completed.
    const syn = packets[0]!;
    assert.equal(syn.ip?.ttl, 64);
    assert.equal(syn.ip?.protocol, 6);
    assert.equal(syn.ip?.headerLength, 20);
    assert.equal(syn.ip?.checksum?.status, 'good');
    assert.equal(syn.tcp?.checksum?.status, 'unverified');
    assert.ok((syn.tcp?.headerLength ?? 0) > 20, 'a SYN carries options');
    await Promise.all([resumed.close(), other.close()]);
  });

  it('never shows one student another student’s packets', async (t) => {
    if (skip) return t.skip(skip);
    const alice = await TestClient.open(server.url);
    const bob = await TestClient.open(server.url);
    await Promise.all([echoOnce('127.0.0.1', alice.port()), echoOnce('127.0.0.1', bob.port())]);
    await waitForPagePackets(alice, (list) => list.some((p) => p.tcp?.flagNames.includes('FIN')));
    await waitForPagePackets(bob, (list) => list.some((p) => p.tcp?.flagNames.includes('FIN')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const [page, own] of [
      [alice, alice.port()],
      [bob, bob.port()],
    ] as const) {
      for (const packet of pagePackets(page)) {
        assert.ok(packet.srcPort === own || packet.dstPort === own, `packet ${packet.info} belongs to port ${own}`);
      }
    }
    await Promise.all([alice.close(), bob.close()]);
  });

  it('gives a page none of an impostor’s packets on its port number, only its own server’s', async (t) => {
    if (skip) return t.skip(skip);
    // A session whose echo port is also free on [::1], where a local user then listens in its place.
    const opened: TestClient[] = [];
    t.after(() => Promise.all(opened.map((page) => page.close())));
    let page: TestClient | undefined;
    let impostor: Impostor | undefined;
    for (let attempt = 0; attempt < 10 && impostor === undefined; attempt++) {
      page = await TestClient.open(server.url);
      opened.push(page);
      impostor = await listenAsImpostor('::1', page.port());
    }
    assert.ok(page !== undefined && impostor !== undefined, 'no session port was free on [::1]');
    t.after(() => impostor.close());
    const port = page.port();
    const unsubscribed = server.capture!.stats.framesUnsubscribed;

    // A whole handshake, data and teardown on [::1]:port, and a datagram from the lab server's own
    // 127.0.0.1:port over UDP, which its TCP socket does not hold: the lab server takes part in neither.
    await echoOnce('::1', port);
    await sendUdpAsImpostor('127.0.0.1', port, 'not from the lab server');
    // Then the student's real exchange. Packets reach a page in capture order, so once its teardown is there,
    // everything captured before it has been delivered or dropped.
    await echoOnce('127.0.0.1', port);
    const packets = await waitForPagePackets(
      page,
      (list) => list.filter((p) => p.tcp?.flagNames.includes('FIN')).length >= 2,
    );
    assert.deepEqual(
      packets.filter((p) => p.ipVersion !== 4 || p.protocol !== 'tcp').map((p) => `${p.src} ${p.info}`),
      [],
      'nothing of the impostor',
    );
    assert.deepEqual(
      packets.slice(0, 3).map((p) => p.tcp?.flagNames),
      ['SYN', 'SYN,ACK', 'ACK'],
      'the student’s own handshake',
    );
    assert.ok(packets.every((p) => p.src === '127.0.0.1' && p.dst === '127.0.0.1'));
    assert.ok(
      server.capture!.stats.framesUnsubscribed >= unsubscribed + 8,
      'the impostor’s frames were captured, and dropped before tshark',
    );
  });

  it('survives the capture process dying: a gap, then packets again', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url);
    const capturer = server.capture!.processIds.capturer;
    assert.ok(capturer !== undefined);
    process.kill(capturer, 'SIGKILL');
    await page.waitFor((m) => m.type === 'gap', 15_000);
    await page.waitFor((m) => m.type === 'capture' && m.capture.state === 'running', 15_000);
    await echoOnce('127.0.0.1', page.port());
    const packets = await waitForPagePackets(page, (list) => list.some((p) => p.tcp?.flagNames === 'SYN'));
    assert.ok(packets.length > 0);
    // The terminal still works too.
    page.type('connect echo');
    await page.waitForOutput('= 0');
    await page.close();
  });

  it('offers the session’s packets as a pcapng that tshark reads', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url);
    await echoOnce('127.0.0.1', page.port());
    await waitForPagePackets(page, (list) => list.filter((p) => p.tcp?.flagNames.includes('FIN')).length >= 2);
    // The welcome's path carries the session's download token.
    const url = `${server.url}${page.welcome.pcapng}`;
    const response = await fetch(url);
    assert.equal(response.status, 200);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-pcapng-'));
    try {
      const file = path.join(dir, 'capture.pcapng');
      await writeFile(file, Buffer.from(await response.arrayBuffer()));
      const { stdout } = await run('tshark', ['-r', file, '-T', 'fields', '-e', 'tcp.flags.str', '-e', 'tcp.dstport'], {
        timeout: 20_000,
      });
      const lines = stdout.trim().split('\n');
      assert.ok(lines.length >= 7, `at least handshake, data, echo and teardown; got ${lines.length}`);
      assert.match(lines[0]!, /S/);
      // Each frame names its connection as the page does.
      const comments = await run('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.comment'], { timeout: 20_000 });
      assert.deepEqual(new Set(comments.stdout.trim().split('\n')), new Set(['socketlab: connection #1']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const wrong = await fetch(`${server.url}${page.welcome.pcapng.replace(/token=.*/, 'token=nope')}`);
    assert.equal(wrong.status, 404);
    await page.close();
  });
});
