/**
 * The handshake reader against real parts: Node `tls` servers and clients (OpenSSL) on 127.0.0.1, captured by
 * the real capture pipeline (tcpdump + tshark) into a session's `CaptureRecording`, written as pcapng with the
 * server's key log as a decryption secrets block, and read back by tshark. TLS 1.3, TLS 1.2 with ECDHE, TLS 1.2
 * with `AES128-SHA` (RSA key exchange), and mutual TLS with and without a client certificate. Then the tracker
 * on the same live capture. Port block 57300–57399 (canary 57399). Skipped where capture is unavailable.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { promisify } from 'node:util';
import type { TlsHandshake, TlsMessage, TlsMessageType } from '../../src/protocol';
import { CapturePipeline, CaptureRecording, hasTcpFlag, type Packet } from '../capture';
import { findExecutable } from '../capture/executables';
import { type ReadHandshake, readHandshakes } from './handshake-reader';
import { summarize } from './handshake-summary';
import { HandshakeTracker } from './handshake-tracker';
import { ReadLimiter } from './read-limiter';
import { SessionKeyLog } from './session-keylog';
import { TLS13_FLIGHT } from './testing/flights';
import { makeTestCertificates, type TestCertificates } from './testing/test-certificates';

const execFileAsync = promisify(execFile);
const RANGE = { from: 57300, to: 57399 } as const;
const CANARY_PORT = 57399;
const TEST_TIMEOUT_MS = 60_000;

let scratch = '';
let pipeline: CapturePipeline | undefined;
let unavailable = '';
let tshark = 'tshark';
let certificates: TestCertificates;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'socketlab-tls-reader-test-'));
  certificates = await makeTestCertificates();
  tshark = (await findExecutable('tshark')) ?? 'tshark';
  const candidate = new CapturePipeline({ portRange: RANGE, canaryPort: CANARY_PORT, tempDirParent: scratch });
  const status = await candidate.start();
  if (status.state === 'running') pipeline = candidate;
  else {
    unavailable = status.reason.en;
    await candidate.stop();
  }
});

after(async () => {
  await pipeline?.stop();
  await rm(scratch, { recursive: true, force: true });
});

function capturing(t: TestContext): CapturePipeline | undefined {
  if (pipeline === undefined) t.skip(`capture unavailable here: ${unavailable}`);
  return pipeline;
}

interface Outcome {
  readonly port: number;
  readonly packets: Packet[];
  readonly recording: CaptureRecording;
  readonly keyLog: SessionKeyLog;
  readonly protocol: string | null;
  readonly cipher: string | undefined;
  readonly serverCertificate: Buffer | undefined;
  readonly clientError: string | undefined;
}

/** A TLS echo server in the range, its packets recorded as a session records them, and one client connection. */
async function connectOnce(
  t: TestContext,
  capture: CapturePipeline,
  server: tls.TlsOptions,
  client: tls.ConnectionOptions,
  onPacket?: (packet: Packet) => void,
): Promise<Outcome> {
  const keyLog = new SessionKeyLog();
  const recording = new CaptureRecording();
  const packets: Packet[] = [];
  const tlsServer = tls.createServer(server, (socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  tlsServer.on('keylog', (line: Buffer) => keyLog.append(line));
  tlsServer.on('tlsClientError', () => {});
  t.after(() => new Promise<void>((resolve) => tlsServer.close(() => resolve())));
  const port = await listenInRange(tlsServer);
  const subscription = capture.subscribe({ transport: 'tcp', address: '127.0.0.1', port }, (event) => {
    if (event.type !== 'packet') return;
    packets.push(event.packet);
    recording.add(event.frame, `socketlab: connection #${event.packet.tcp?.connection}`, event.packet.id);
    onPacket?.(event.packet);
  });
  t.after(() => subscription.dispose());

  const result = await new Promise<Omit<Outcome, 'port' | 'packets' | 'recording' | 'keyLog'>>((resolve) => {
    let settled: Omit<Outcome, 'port' | 'packets' | 'recording' | 'keyLog'> | undefined;
    const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: certificates.ca, ...client });
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
    socket.on('secureConnect', () => {
      settled = {
        protocol: socket.getProtocol(),
        cipher: socket.getCipher().standardName,
        serverCertificate: socket.getPeerCertificate().raw,
        clientError: undefined,
      };
      socket.write('hello');
    });
    socket.on('data', () => socket.end());
    socket.on('error', (error: NodeJS.ErrnoException) => {
      settled = {
        protocol: settled?.protocol ?? null,
        cipher: settled?.cipher,
        serverCertificate: settled?.serverCertificate,
        clientError: error.code ?? error.message,
      };
    });
    socket.on('close', () =>
      resolve(settled ?? { protocol: null, cipher: undefined, serverCertificate: undefined, clientError: 'closed' }),
    );
  });
  await waitFor('the connection to end on the wire', () => ended(packets));
  return { port, packets, recording, keyLog, ...result };
}

/** Both FINs and an ACK after the second, or a RST: nothing more will come. */
function ended(packets: readonly Packet[]): boolean {
  if (packets.some((packet) => hasTcpFlag(packet, 'RST'))) return true;
  const fins = packets.filter((packet) => hasTcpFlag(packet, 'FIN'));
  const last = fins[1];
  return last !== undefined && packets.some((packet) => packet.id > last.id && packet.srcPort === last.dstPort);
}

async function listenInRange(server: tls.Server): Promise<number> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const port = RANGE.from + Math.floor(Math.random() * (CANARY_PORT - RANGE.from));
    const bound = await new Promise<boolean>((resolve) => {
      const onError = (): void => resolve(false);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve(true);
      });
    });
    if (bound) return port;
  }
  throw new Error('no free port in the test range');
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The session's pcapng with its keys, written to a file, and its one handshake read back. */
async function readBack(outcome: Outcome): Promise<{ file: string; handshake: ReadHandshake }> {
  const snapshot = outcome.recording.snapshot({ interfaceName: 'lo', tlsKeyLog: outcome.keyLog.text() });
  const file = join(scratch, `session-${outcome.port}-${Date.now()}.pcapng`);
  await writeFile(file, snapshot.pcapng);
  const handshakes = await readHandshakes(file, [{ id: 'echo', port: outcome.port }], {
    tsharkPath: tshark,
    tempDir: scratch,
    packetOf: (frame) => snapshot.packetIds[frame - 1] ?? 0,
  });
  assert.equal(handshakes.length, 1);
  return { file, handshake: handshakes[0]! };
}

/** Required mutual TLS: the server asks for a certificate issued by the test CA and refuses a client without. */
function mutualTls(): tls.TlsOptions {
  return { ...certificates.server, requestCert: true, rejectUnauthorized: true, ca: certificates.ca };
}

function types(messages: readonly TlsMessage[], without: TlsMessageType[] = []): TlsMessageType[] {
  return messages.map((message) => message.type).filter((type) => !without.includes(type));
}

function only(messages: readonly TlsMessage[], type: TlsMessageType, direction?: TlsMessage['direction']): TlsMessage {
  const found = messages.filter((m) => m.type === type && (direction === undefined || m.direction === direction));
  assert.equal(found.length, 1, `one ${type}${direction ? ` ${direction}` : ''}`);
  return found[0]!;
}

function clientRandoms(keyLog: SessionKeyLog): Set<string> {
  return new Set(
    keyLog
      .text()
      .trim()
      .split('\n')
      .map((line) => line.split(' ')[1]!),
  );
}

/** What every handshake shares: SNI, suite, version, the client random in the key log, the server's leaf. */
function assertCommon(outcome: Outcome, handshake: ReadHandshake): void {
  const { messages } = handshake;
  const hello = only(messages, 'client_hello');
  assert.equal(hello.serverName, 'localhost');
  assert.ok(clientRandoms(outcome.keyLog).has(hello.random!), 'the ClientHello random is the key log’s');
  const summary = summarize(messages);
  assert.equal(summary.cipherSuite?.name, outcome.cipher);
  assert.equal(summary.version, outcome.protocol?.replace('TLSv', 'TLS '));
  const certificate = only(messages, 'certificate', 'from-server');
  assert.equal(certificate.certificates?.[0], outcome.serverCertificate?.toString('hex'));
  assert.equal(handshake.undecrypted, false);
  const ids = new Set(outcome.packets.map((packet) => packet.id));
  assert.ok(
    messages.every((message) => ids.has(message.packet)),
    'each message names a packet of the session',
  );
  assert.equal(handshake.client.split(':')[0], '127.0.0.1');
}

describe('readHandshakes on a real capture', { timeout: 10 * TEST_TIMEOUT_MS }, () => {
  it('reads TLS 1.3: the whole flight, encrypted messages decrypted with the keys in the file', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const capture = capturing(t);
    if (capture === undefined) return;
    const outcome = await connectOnce(
      t,
      capture,
      { ...certificates.server, ALPNProtocols: ['echo'] },
      { ALPNProtocols: ['echo', 'h2'] },
    );
    assert.equal(outcome.protocol, 'TLSv1.3');
    const { file, handshake } = await readBack(outcome);
    const { messages } = handshake;
    const flight = types(messages, ['change_cipher_spec', 'alert']);
    assert.deepEqual(flight.slice(0, 7), TLS13_FLIGHT);
    assert.ok(flight.length > 7 && flight.slice(7).every((type) => type === 'new_session_ticket'), flight.join());
    const serverHello = messages.findIndex((message) => message.type === 'server_hello');
    for (const [index, message] of messages.entries()) {
      const expected = index > serverHello && message.type !== 'change_cipher_spec';
      assert.equal(message.encrypted, expected, `${message.type} encrypted: ${expected}`);
    }
    assert.deepEqual(
      messages.filter((m) => m.type === 'finished').map((m) => m.direction),
      ['from-server', 'to-server'],
    );
    assertCommon(outcome, handshake);
    const hello = only(messages, 'client_hello');
    assert.ok(hello.supportedVersions?.includes('TLS 1.3'));
    assert.ok((hello.keyShareGroups?.length ?? 0) > 0);
    assert.ok(hello.extensions?.some((extension) => extension.name === 'server_name'));
    assert.equal(only(messages, 'server_hello').selectedVersion, 'TLS 1.3');
    assert.equal(only(messages, 'server_hello').legacyVersion, 'TLS 1.2');
    assert.ok((messages.find((m) => m.type === 'new_session_ticket')?.ticketLifetime ?? 0) > 0);
    assert.deepEqual(hello.alpn, ['echo', 'h2']);
    assert.deepEqual(only(messages, 'encrypted_extensions').alpn, ['echo']);

    // The file alone, with no key log option, opens decrypted (the decryption secrets block).
    const { stdout } = await execFileAsync(tshark, ['-n', '-r', file, '-Y', 'tls.handshake'], { timeout: 20_000 });
    assert.match(stdout, /Encrypted Extensions/);
    const fields = await execFileAsync(
      tshark,
      ['-n', '-r', file, '-Y', 'tls.handshake.type == 8', '-T', 'fields', '-e', 'frame.number'],
      { timeout: 20_000 },
    );
    assert.notEqual(fields.stdout.trim(), '');
    // And without the block, the same frames say nothing of it.
    const bare = join(scratch, `bare-${outcome.port}.pcapng`);
    await writeFile(bare, outcome.recording.toPcapng({ interfaceName: 'lo' }));
    const plain = await execFileAsync(tshark, ['-n', '-r', bare, '-Y', 'tls.handshake'], { timeout: 20_000 });
    assert.doesNotMatch(plain.stdout, /Encrypted Extensions/);
    const undecrypted = await readHandshakes(bare, [{ id: 'echo', port: outcome.port }], {
      tsharkPath: tshark,
      tempDir: scratch,
    });
    assert.equal(undecrypted[0]?.undecrypted, true);
    assert.ok(!undecrypted[0]?.messages.some((message) => message.type === 'certificate'));
  });

  it('reads TLS 1.2 with ECDHE: ten steps, the Finished messages encrypted', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const capture = capturing(t);
    if (capture === undefined) return;
    const outcome = await connectOnce(t, capture, { ...certificates.server, maxVersion: 'TLSv1.2' }, {});
    assert.equal(outcome.protocol, 'TLSv1.2');
    const { handshake } = await readBack(outcome);
    const { messages } = handshake;
    assert.deepEqual(types(messages, ['alert']), [
      'client_hello',
      'server_hello',
      'certificate',
      'server_key_exchange',
      'server_hello_done',
      'client_key_exchange',
      'change_cipher_spec',
      'finished',
      'new_session_ticket',
      'change_cipher_spec',
      'finished',
    ]);
    assert.deepEqual(
      messages.filter((message) => message.encrypted).map((message) => message.type),
      ['finished', 'finished', ...messages.filter((m) => m.type === 'alert').map(() => 'alert' as const)],
    );
    assertCommon(outcome, handshake);
    assert.match(outcome.cipher ?? '', /^TLS_ECDHE_/);
    const keyExchange = only(messages, 'server_key_exchange');
    assert.ok(keyExchange.namedGroup !== undefined && keyExchange.signatureAlgorithm !== undefined);
    assert.equal(only(messages, 'client_key_exchange').keyExchange, 'ecdhe');
  });

  it('reads TLS 1.2 with AES128-SHA: RSA key exchange, no ServerKeyExchange', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const capture = capturing(t);
    if (capture === undefined) return;
    const outcome = await connectOnce(
      t,
      capture,
      { ...certificates.rsaServer, maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' },
      { ciphers: 'AES128-SHA', maxVersion: 'TLSv1.2' },
    );
    assert.equal(outcome.cipher, 'TLS_RSA_WITH_AES_128_CBC_SHA');
    const { handshake } = await readBack(outcome);
    const { messages } = handshake;
    assert.deepEqual(types(messages, ['alert', 'new_session_ticket']), [
      'client_hello',
      'server_hello',
      'certificate',
      'server_hello_done',
      'client_key_exchange',
      'change_cipher_spec',
      'finished',
      'change_cipher_spec',
      'finished',
    ]);
    assertCommon(outcome, handshake);
    assert.equal(only(messages, 'client_key_exchange').keyExchange, 'rsa');
    assert.equal(only(messages, 'server_hello').cipherSuite?.code, 0x002f);
  });

  it('reads mutual TLS: the request, the client’s certificate, and both Finished', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const capture = capturing(t);
    if (capture === undefined) return;
    const outcome = await connectOnce(t, capture, mutualTls(), certificates.client);
    assert.equal(outcome.clientError, undefined);
    const { handshake } = await readBack(outcome);
    const { messages } = handshake;
    assert.deepEqual(types(messages, ['change_cipher_spec', 'alert', 'new_session_ticket']), [
      'client_hello',
      'server_hello',
      'encrypted_extensions',
      'certificate_request',
      'certificate',
      'certificate_verify',
      'finished',
      'certificate',
      'certificate_verify',
      'finished',
    ]);
    assertCommon(outcome, handshake);
    const request = only(messages, 'certificate_request');
    assert.ok(request.encrypted);
    // The server names the CA it trusts, the class root, as RFC 4514 writes a name: most specific first.
    const root = new X509Certificate(certificates.ca).subject.split('\n').reverse().join(', ');
    assert.deepEqual(request.certificateAuthorities, [root]);
    const clientCertificate = only(messages, 'certificate', 'to-server');
    const expected = new X509Certificate(certificates.client.cert).raw.toString('hex');
    // The client sends its leaf first, then the intermediate.
    assert.equal(clientCertificate.certificates?.[0], expected);
    const summary = summarize(messages);
    assert.equal(summary.complete, true);
    assert.equal(summary.clientCertificateRequested, true);
    assert.equal(summary.alert, undefined);
  });

  it('reads mutual TLS without a client certificate: the empty Certificate and certificate_required', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const capture = capturing(t);
    if (capture === undefined) return;
    const outcome = await connectOnce(t, capture, mutualTls(), {});
    assert.equal(outcome.clientError, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    const { handshake } = await readBack(outcome);
    const { messages } = handshake;
    assert.deepEqual(only(messages, 'certificate', 'to-server').certificates, []);
    const alert = only(messages, 'alert', 'from-server');
    assert.deepEqual(alert.alert, { level: 'fatal', description: { code: 116, name: 'certificate_required' } });
    assert.equal(alert.encrypted, true);
    const summary = summarize(messages);
    assert.deepEqual(summary.alert, {
      level: 'fatal',
      description: { code: 116, name: 'certificate_required' },
      from: 'from-server',
    });
    assert.equal(summary.clientCertificateRequested, true);
  });
});

describe('HandshakeTracker on a real capture', { timeout: 4 * TEST_TIMEOUT_MS }, () => {
  it('fires each connection’s complete handshake as its packets arrive, and stops reading it', {
    timeout: 2 * TEST_TIMEOUT_MS,
  }, async (t) => {
    const capture = capturing(t);
    if (capture === undefined) return;
    const latencies: number[] = [];
    const readCounts: number[] = [];
    for (let round = 0; round < 5; round++) {
      const arrivedAt = new Map<number, number>();
      const fired: { at: number; handshake: TlsHandshake }[] = [];
      let tracker: HandshakeTracker | undefined;
      // The first connection only finds the server a port; the tracker follows a second one from its first packet.
      const outcome = await connectOnce(t, capture, certificates.server, {}, (packet) => {
        arrivedAt.set(packet.id, Date.now());
        tracker?.packetArrived(packet);
      });
      const { recording, keyLog } = outcome;
      tracker = new HandshakeTracker({
        servers: [{ id: 'echo', port: outcome.port }],
        source: (select) => recording.snapshot({ interfaceName: 'lo', tlsKeyLog: keyLog.text(), select }),
        tsharkPath: tshark,
        tempDirParent: scratch,
        limiter: new ReadLimiter(2),
      });
      t.after(() => tracker?.dispose());
      tracker.onHandshake((handshake) => fired.push({ at: Date.now(), handshake }));
      const before = outcome.packets.length;
      await secondConnection(outcome.port);
      await waitFor('the tracker to settle the connection', () => {
        const last = fired.at(-1)?.handshake;
        return last?.complete === true && tracker?.following === 0;
      });
      const handshake = fired.at(-1)!.handshake;
      assert.equal(handshake.server, 'echo');
      assert.equal(handshake.version, 'TLS 1.3');
      assert.equal(handshake.serverName, 'localhost');
      // The second connection's number, from its SYN (a straggler of the first may come after `before`).
      const syn = outcome.packets.slice(before).find((packet) => packet.tcp?.flagNames === 'SYN');
      assert.equal(handshake.connection, syn?.tcp?.connection);
      assert.ok(handshake.messages.some((message) => message.type === 'new_session_ticket'));
      // Its last handshake message's packet, to the moment the handshake holding it was fired.
      const lastPacket = handshake.messages.at(-1)!.packet;
      const firstWithIt = fired.find((item) => item.handshake.messages.some((m) => m.packet === lastPacket));
      latencies.push(firstWithIt!.at - arrivedAt.get(lastPacket)!);
      const reads = tracker.reads;
      readCounts.push(reads);
      await waitFor('the connection to end', () => ended(outcome.packets.slice(before)));
      await sleep(400);
      assert.equal(tracker.reads, reads, 'no read once the handshake is over');
      await tracker.dispose();
    }
    latencies.sort((a, b) => a - b);
    t.diagnostic(`last handshake packet → onHandshake: median ${latencies[2]} ms (${latencies.join(', ')} ms)`);
    t.diagnostic(`tshark runs per connection: ${readCounts.join(', ')}`);
  });
});

/** A second client connection to the same server, to its end. */
function secondConnection(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: certificates.ca }, () =>
      socket.write('again'),
    );
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
    socket.on('data', () => socket.end());
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
}
