/**
 * The handshake tracker on real TLS connections written down as frames (`testing/tls-transcript.ts`) and read
 * by real tshark: packets arriving together are read together, a connection whose handshake is over is not
 * read again, reads wait their turn at a shared limiter, a failing tshark becomes a note on the handshake, and
 * disposing the tracker in the middle of a read kills that read's tshark.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TlsHandshake } from '../../src/protocol';
import { CaptureRecording, type Packet } from '../capture';
import { findExecutable } from '../capture/executables';
import { HandshakeTracker, type HandshakeTrackerOptions } from './handshake-tracker';
import { ReadLimiter } from './read-limiter';
import { SessionKeyLog } from './session-keylog';
import { writeFakeTshark } from './testing/fake-tshark';
import { makeTestCertificates, type TestCertificates } from './testing/test-certificates';
import { recordTlsTranscript, type TlsTranscript } from './testing/tls-transcript';
import { transcriptPackets } from './testing/transcript-packets';

const SERVER_PORT = 57390;
let scratch = '';
let tshark: string | undefined;
let certificates: TestCertificates;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'socketlab-tls-tracker-'));
  tshark = await findExecutable('tshark');
  certificates = await makeTestCertificates();
});

after(() => rm(scratch, { recursive: true, force: true }));

function transcript(clientPort: number, server: Record<string, unknown> = {}): Promise<TlsTranscript> {
  return recordTlsTranscript({
    server: { ...certificates.server, ...server },
    client: { servername: 'localhost', ca: certificates.ca },
    serverPort: SERVER_PORT,
    clientPort,
  });
}

/** A session's side of it: a recording and a key log the tracker reads, and the packets it is told of. */
class FakeSession {
  readonly recording = new CaptureRecording();
  readonly keyLog = new SessionKeyLog();
  readonly fired: TlsHandshake[] = [];
  readonly tracker: HandshakeTracker;
  #nextId = 1;

  constructor(t: TestContext, options: Partial<HandshakeTrackerOptions> = {}) {
    this.tracker = new HandshakeTracker({
      servers: [{ id: 'echo', port: SERVER_PORT }],
      source: (select) => this.recording.snapshot({ tlsKeyLog: this.keyLog.text(), select }),
      tempDirParent: scratch,
      limiter: new ReadLimiter(2),
      intervalMs: 100,
      settleMs: 10,
      ...(tshark === undefined ? {} : { tsharkPath: tshark }),
      ...options,
    });
    this.tracker.onHandshake((handshake) => this.fired.push(handshake));
    t.after(() => this.tracker.dispose());
  }

  /** The packets of `frames` (a slice of a transcript), as the session records them and tells the tracker. */
  arrive(
    transcript: TlsTranscript,
    connection: number,
    from = 0,
    to = transcript.frames.length,
    keys = true,
  ): Packet[] {
    if (keys) this.keyLog.append(transcript.keyLog);
    const frames = transcript.frames.slice(from, to);
    const packets = transcriptPackets(frames, this.#nextId, connection);
    this.#nextId += frames.length;
    for (const [index, packet] of packets.entries()) {
      this.recording.add(frames[index]!, undefined, packet.id);
      this.tracker.packetArrived(packet);
    }
    return packets;
  }
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function needTshark(t: TestContext): boolean {
  if (tshark !== undefined) return true;
  t.skip('tshark is not installed');
  return false;
}

describe('HandshakeTracker', () => {
  it('reads packets that arrive together once, and a finished handshake never again', async (t) => {
    if (!needTshark(t)) return;
    const session = new FakeSession(t);
    const connection = await transcript(40100);
    const packets = session.arrive(connection, 7);
    await waitFor('the handshake', () => session.fired.length > 0 && session.tracker.following === 0);
    assert.equal(session.tracker.reads, 1);
    assert.equal(session.fired.length, 1);
    const [handshake] = session.fired;
    assert.equal(handshake?.connection, 7);
    assert.equal(handshake?.server, 'echo');
    assert.equal(handshake?.client, '127.0.0.1:40100');
    assert.equal(handshake?.version, 'TLS 1.3');
    assert.equal(handshake?.complete, true);
    assert.equal(handshake?.clientCertificateRequested, false);
    assert.equal(handshake?.undecrypted, undefined);
    const ids = new Set(packets.map((packet) => packet.id));
    assert.ok(handshake?.messages.every((message) => ids.has(message.packet)));
    // More of the same connection (its echo, its close): nothing more to read.
    session.arrive(connection, 7, 3);
    await sleep(300);
    assert.equal(session.tracker.reads, 1);
    assert.deepEqual(session.tracker.handshakes(), session.fired);
  });

  it('re-reads a handshake as it goes on, at most once per interval, and fires only what changed', async (t) => {
    if (!needTshark(t)) return;
    const session = new FakeSession(t, { intervalMs: 200 });
    const connection = await transcript(40101);
    // The TCP handshake and the ClientHello first, the rest later.
    session.arrive(connection, 1, 0, 5);
    await waitFor('the ClientHello', () => session.fired.length === 1);
    assert.deepEqual(
      session.fired[0]?.messages.map((message) => message.type),
      ['client_hello'],
    );
    assert.equal(session.fired[0]?.complete, false);
    session.arrive(connection, 1, 5);
    await waitFor('the rest', () => session.fired.at(-1)?.complete === true && session.tracker.following === 0);
    assert.equal(session.tracker.reads, 2);
    assert.equal(session.fired.length, 2);
  });

  it('follows several connections, each with its number, and a failed one until its alert', async (t) => {
    if (!needTshark(t)) return;
    const session = new FakeSession(t);
    const first = await transcript(40102);
    const second = await transcript(40103, { maxVersion: 'TLSv1.2' });
    session.arrive(first, 1);
    session.arrive(second, 2);
    await waitFor('both', () => session.tracker.handshakes().length === 2 && session.tracker.following === 0);
    const [one, two] = session.tracker.handshakes();
    assert.deepEqual([one?.connection, one?.version, two?.connection, two?.version], [1, 'TLS 1.3', 2, 'TLS 1.2']);
    assert.ok(session.tracker.reads <= 2);
  });

  it('attaches the verifier’s report on the chain the server sent, with the SNI the client asked for', async (t) => {
    if (!needTshark(t)) return;
    const asked: { certificates: string[]; role: string; serverName: string | undefined }[] = [];
    const report = { certificates: [], sent: 2, steps: [], trusted: true };
    const session = new FakeSession(t, {
      intervalMs: 20,
      verify: (certificates, role, serverName) => {
        asked.push({ certificates: certificates.map((der) => Buffer.from(der).toString('hex')), role, serverName });
        return report;
      },
    });
    const connection = await transcript(40107);
    session.arrive(connection, 4);
    await waitFor('the end', () => session.tracker.following === 0);
    assert.equal(asked.length, 1);
    assert.equal(asked[0]?.role, 'server');
    assert.equal(asked[0]?.serverName, 'localhost');
    assert.equal(asked[0]?.certificates[0], connection.serverCertificate?.toString('hex'));
    assert.deepEqual(session.fired.at(-1)?.serverChain, report);
    assert.equal(session.fired.at(-1)?.clientChain, undefined);
  });

  it('says so when the session has no keys for a handshake, and stops once the connection closed', async (t) => {
    if (!needTshark(t)) return;
    const session = new FakeSession(t);
    const connection = await transcript(40108);
    session.arrive(connection, 5, 0, connection.frames.length, false);
    await waitFor('the read', () => session.fired.length > 0 && session.tracker.following === 0);
    const handshake = session.fired.at(-1);
    assert.equal(handshake?.complete, false);
    assert.match(handshake?.undecrypted ?? '', /no TLS keys/);
    assert.ok(handshake?.messages.some((message) => message.type === 'application_data'));
  });

  it('takes its turn at the shared limiter with other sessions’ reads', async (t) => {
    if (!needTshark(t)) return;
    let active = 0;
    let most = 0;
    class CountingLimiter extends ReadLimiter {
      override run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
        return super.run(async () => {
          active += 1;
          most = Math.max(most, active);
          try {
            return await task();
          } finally {
            active -= 1;
          }
        }, signal);
      }
    }
    const limiter = new CountingLimiter(1);
    const sessions = [
      new FakeSession(t, { limiter }),
      new FakeSession(t, { limiter }),
      new FakeSession(t, { limiter }),
    ];
    const connections = await Promise.all(sessions.map((_, index) => transcript(40110 + index)));
    for (const [index, session] of sessions.entries()) session.arrive(connections[index]!, 1);
    await waitFor('every session’s handshake', () => sessions.every((session) => session.fired.at(-1)?.complete));
    assert.equal(most, 1);
  });

  it('puts tshark’s failure on the handshake as a note, never a throw, and gives up after a few', async (t) => {
    const fake = await writeFakeTshark(scratch, 'fail');
    const session = new FakeSession(t, { tsharkPath: fake, intervalMs: 20, locale: () => 'zh-Hans' });
    const connection = await transcript(40104);
    for (let round = 0; round < 3; round++) {
      session.arrive(connection, 3, round, round + 4);
      await waitFor(`read ${round + 1}`, () => session.tracker.reads === round + 1 && session.fired.length > 0);
      await sleep(60);
    }
    const handshake = session.fired.at(-1);
    assert.equal(handshake?.connection, 3);
    assert.match(
      handshake?.undecrypted ?? '',
      /^无法从抓包中读出这次握手（tshark exited with code 2: tshark: The file/,
    );
    // The third failure settles the connection: no more reads after it.
    await waitFor('the third failure', () => session.tracker.following === 0);
    session.arrive(connection, 3, 7);
    await sleep(100);
    assert.equal(session.tracker.reads, 3);
  });

  it('does nothing for packets of other ports (and with capture off, none come)', async (t) => {
    const session = new FakeSession(t);
    const connection = await recordTlsTranscript({
      server: certificates.server,
      client: { servername: 'localhost', ca: certificates.ca },
      serverPort: 57391,
      clientPort: 40105,
    });
    session.arrive(connection, 1);
    await sleep(100);
    assert.equal(session.tracker.reads, 0);
    assert.deepEqual(session.fired, []);
  });

  it('kills the tshark of a read in progress when disposed, and removes its temp directory', async (t) => {
    const directory = await mkdtemp(join(scratch, 'dispose-'));
    const fake = await writeFakeTshark(directory, 'hang');
    const session = new FakeSession(t, { tsharkPath: fake, tempDirParent: directory });
    session.arrive(await transcript(40106), 1);
    await waitFor('tshark to start', () => session.tracker.reads === 1);
    await waitFor('its pid', () => {
      try {
        return readFileSync(join(directory, 'pids'), 'utf8').trim() !== '';
      } catch {
        return false;
      }
    });
    const pid = Number((await readFile(join(directory, 'pids'), 'utf8')).trim());
    assert.doesNotThrow(() => process.kill(pid, 0));
    await session.tracker.dispose();
    assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
    assert.deepEqual(
      (await readdir(directory)).filter((name) => name.startsWith('socketlab-tls-')),
      [],
    );
    assert.deepEqual(session.fired, []);
  });
});
