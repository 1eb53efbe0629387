/**
 * The handshake reader on real TLS connections (Node `tls` on both ends, over an in-memory pair) written down
 * as frames, so it runs without capture rights: the pcapng carries the server's key log as a decryption secrets
 * block, and real tshark reads it — reassembling records split over segments — into each connection's
 * messages. Then its bounds and failures, with stand-ins for a tshark that hangs, fails or prints junk.
 */

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { encodePcapng, type RawFrame } from '../capture';
import { findExecutable } from '../capture/executables';
import { HandshakeReadError, MAX_CONNECTIONS, readHandshakes } from './handshake-reader';
import { summarize } from './handshake-summary';
import { writeFakeTshark } from './testing/fake-tshark';
import { TLS13_FLIGHT } from './testing/flights';
import { makeTestCertificates, type TestCertificates } from './testing/test-certificates';
import { recordTlsTranscript, type TlsTranscript } from './testing/tls-transcript';

const SERVER_PORT = 57380;
let scratch = '';
let tshark: string | undefined;
let certificates: TestCertificates;
let tls13: TlsTranscript;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'socketlab-tls-reader-'));
  tshark = await findExecutable('tshark');
  certificates = await makeTestCertificates();
  tls13 = await recordTlsTranscript({
    server: certificates.server,
    client: { servername: 'localhost', ca: certificates.ca },
    serverPort: SERVER_PORT,
    clientPort: 40001,
  });
});

after(() => rm(scratch, { recursive: true, force: true }));

function needTshark(t: TestContext): string | undefined {
  if (tshark === undefined) t.skip('tshark is not installed');
  return tshark;
}

const SERVERS = [{ id: 'echo', port: SERVER_PORT }];

/** The frames with their client port changed: the same bytes as another connection. */
function onClientPort(frames: readonly RawFrame[], port: number): RawFrame[] {
  return frames.map((frame) => {
    const data = Buffer.from(frame.data);
    const tcp = 14 + 20;
    if (data.readUInt16BE(tcp) === SERVER_PORT) data.writeUInt16BE(port, tcp + 2);
    else data.writeUInt16BE(port, tcp);
    return { ...frame, data };
  });
}

describe('readHandshakes', () => {
  it('reads a TLS 1.3 handshake decrypted with the key log in the file, records reassembled', async (t) => {
    const path = needTshark(t);
    if (path === undefined) return;
    const file = encodePcapng(tls13.frames, { tlsKeyLog: tls13.keyLog });
    const [handshake, ...rest] = await readHandshakes(file, SERVERS, {
      tsharkPath: path,
      tempDir: scratch,
      packetOf: (frame) => 1000 + frame,
    });
    assert.deepEqual(rest, []);
    assert.equal(handshake?.client, '127.0.0.1:40001');
    assert.equal(handshake?.server, 'echo');
    const messages = handshake?.messages ?? [];
    assert.deepEqual(
      messages.map((message) => message.type).filter((type) => type !== 'change_cipher_spec'),
      [...TLS13_FLIGHT, 'new_session_ticket', 'new_session_ticket'],
    );
    const certificate = messages.find((message) => message.type === 'certificate');
    const serverHello = messages.find((message) => message.type === 'server_hello');
    assert.equal(certificate?.certificates?.[0], tls13.serverCertificate?.toString('hex'));
    // Over 300-byte segments the Certificate ends in a later frame than the ServerHello began in.
    assert.ok((certificate?.frame ?? 0) > (serverHello?.frame ?? 0));
    assert.ok(messages.every((message) => message.packet === 1000 + message.frame));
    assert.equal(summarize(messages).cipherSuite?.name, tls13.cipher);
    assert.equal(handshake?.undecrypted, false);
    assert.ok((handshake?.serverRecordsAfterFinished ?? 0) > 0);
  });

  it('without the keys, reads what travelled in the clear and says the rest stayed encrypted', async (t) => {
    const path = needTshark(t);
    if (path === undefined) return;
    const [handshake] = await readHandshakes(encodePcapng(tls13.frames), SERVERS, {
      tsharkPath: path,
      tempDir: scratch,
    });
    assert.equal(handshake?.undecrypted, true);
    const types = handshake?.messages.map((message) => message.type) ?? [];
    assert.deepEqual(types.slice(0, 3), ['client_hello', 'server_hello', 'change_cipher_spec']);
    assert.ok(types.includes('application_data'));
    assert.ok(!types.includes('certificate') && !types.includes('finished'));
  });

  it('reads only the given servers’ connections, at most MAX_CONNECTIONS of them', async (t) => {
    const path = needTshark(t);
    if (path === undefined) return;
    const frames = Array.from({ length: MAX_CONNECTIONS + 6 }, (_, index) => onClientPort(tls13.frames, 41000 + index));
    const file = encodePcapng(frames.flat(), { tlsKeyLog: tls13.keyLog });
    const read = await readHandshakes(file, SERVERS, { tsharkPath: path, tempDir: scratch });
    assert.equal(read.length, MAX_CONNECTIONS);
    assert.deepEqual(
      read.slice(0, 3).map((handshake) => handshake.clientPort),
      [41000, 41001, 41002],
    );
    assert.ok(read.every((handshake) => summarize(handshake.messages).complete));
    assert.deepEqual(
      await readHandshakes(file, [{ id: 'other', port: 57381 }], { tsharkPath: path, tempDir: scratch }),
      [],
    );
    assert.deepEqual(await readHandshakes(file, [], { tsharkPath: path, tempDir: scratch }), []);
  });

  it('keeps what it read when tshark prints more than its output budget', async (t) => {
    const path = needTshark(t);
    if (path === undefined) return;
    const frames = Array.from({ length: 8 }, (_, index) => onClientPort(tls13.frames, 42000 + index));
    const file = encodePcapng(frames.flat(), { tlsKeyLog: tls13.keyLog });
    const read = await readHandshakes(file, SERVERS, { tsharkPath: path, tempDir: scratch, maxOutputBytes: 64 * 1024 });
    assert.ok(read.length >= 1 && read.length < 8, `read ${read.length}`);
  });

  it('fails with tshark’s own words on a file it cannot read, never with its warnings', async (t) => {
    const path = needTshark(t);
    if (path === undefined) return;
    await assert.rejects(
      readHandshakes(Buffer.from('not a capture file at all'), SERVERS, { tsharkPath: path, tempDir: scratch }),
      (error: unknown) =>
        error instanceof HandshakeReadError &&
        /tshark exited with code \d+: .+/.test(error.message) &&
        !/Running as/.test(error.message),
    );
    const fake = await writeFakeTshark(scratch, 'fail');
    await assert.rejects(
      readHandshakes(encodePcapng(tls13.frames), SERVERS, { tsharkPath: fake, tempDir: scratch }),
      /tshark exited with code 2: tshark: The file isn't a capture file/,
    );
    await assert.rejects(
      readHandshakes(encodePcapng(tls13.frames), SERVERS, { tsharkPath: join(scratch, 'missing'), tempDir: scratch }),
      /could not be started \(ENOENT\)/,
    );
  });

  it('skips output that is not tshark’s JSON', async () => {
    const fake = await writeFakeTshark(scratch, 'junk');
    assert.deepEqual(
      await readHandshakes(encodePcapng(tls13.frames), SERVERS, { tsharkPath: fake, tempDir: scratch }),
      [],
    );
  });

  it('kills a tshark that takes too long, or whose reader gives up, with its process group', async () => {
    const fake = await writeFakeTshark(scratch, 'hang');
    await assert.rejects(
      readHandshakes(encodePcapng(tls13.frames), SERVERS, { tsharkPath: fake, tempDir: scratch, timeoutMs: 300 }),
      /did not finish within 300 ms/,
    );
    const controller = new AbortController();
    const reading = readHandshakes(encodePcapng(tls13.frames), SERVERS, {
      tsharkPath: fake,
      tempDir: scratch,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('the session ended')), 200);
    await assert.rejects(reading, /the session ended/);
    const pids = (await readFile(join(scratch, 'pids'), 'utf8')).trim().split('\n').map(Number);
    assert.equal(pids.length, 2);
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
  });
});
