/**
 * The shared capture against real tcpdump and tshark on real loopback sockets. Each test starts a pipeline for
 * the test range 37100–37199 (canary 37199), listens on ports inside it, and stops everything it started.
 * Nothing here asserts on timing: waits are bounded, and only what arrives is checked. Needs root (or capture
 * capabilities) and tshark + tcpdump; skipped with a message where the capture is unavailable.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { listenAsImpostor, sendUdpAsImpostor } from '../testing/impostor';
import { inRange, listenOn } from '../testing/ports-in-range';
import {
  type CaptureEvent,
  type CaptureListener,
  type CaptureOptions,
  CapturePipeline,
  type CaptureReport,
  type ServerEndpoint,
} from './capture-pipeline';
import { CaptureRecording } from './capture-recording';
import { captureStatusIn } from './capture-report';
import { findExecutable } from './executables';
import type { Packet } from './packet';

const execFileAsync = promisify(execFile);

const RANGE = { from: 37100, to: 37199 } as const;
const CANARY_PORT = 37199;
const TEST_TIMEOUT_MS = 60_000;

let scratch = '';
let captureWorks = true;
let unavailableReason = '';

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'socketlab-capture-test-'));
  const probe = new CapturePipeline({ portRange: RANGE, canaryPort: CANARY_PORT, tempDirParent: scratch });
  const status = await probe.start();
  await probe.stop();
  captureWorks = status.state === 'running';
  unavailableReason = status.reason.en;
});

after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function skipUnlessCapturing(t: TestContext): boolean {
  if (captureWorks) return false;
  t.skip(`capture unavailable here: ${unavailableReason}`);
  return true;
}

async function startPipeline(t: TestContext, options: CaptureOptions = {}): Promise<CapturePipeline> {
  const pipeline = new CapturePipeline({
    portRange: RANGE,
    canaryPort: CANARY_PORT,
    tempDirParent: scratch,
    ...options,
  });
  t.after(() => pipeline.stop());
  const status = await pipeline.start();
  assert.equal(status.state, 'running', status.reason.en);
  return pipeline;
}

/** Subscribes to the servers bound on `address` at each of `ports`, as a session subscribes to its servers. */
function subscribeFor(
  t: TestContext,
  pipeline: CapturePipeline,
  ports: number | number[],
  listener: CaptureListener,
  address = '127.0.0.1',
  transport: 'tcp' | 'udp' = 'tcp',
): void {
  const endpoints = (typeof ports === 'number' ? [ports] : ports).map((port) => ({ transport, address, port }));
  const subscription = pipeline.subscribe(endpoints, listener);
  t.after(() => subscription.dispose());
}

/** Listens on a free port inside the test range (not the canary). */
async function listenInRange(t: TestContext, server: Server, host = '127.0.0.1'): Promise<number> {
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return inRange({ first: RANGE.from, last: CANARY_PORT - 1 }, (port) => listenOn(server, port, host));
}

async function echoServer(t: TestContext, host = '127.0.0.1'): Promise<number> {
  const server = createServer((socket) => socket.pipe(socket));
  return listenInRange(t, server, host);
}

/** One client connection: connect, send, wait for the echo, close, wait for the close. */
function tcpExchange(port: number, message: string, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => socket.write(message));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      received += text;
      if (received.length >= message.length) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.setTimeout(10_000, () => socket.destroy(new Error('exchange timed out')));
  });
}

function tcpAt(port: number): ServerEndpoint {
  return { transport: 'tcp', address: '127.0.0.1', port };
}

/** An echo server on `host` at a port that is free on `[::1]` too, where an impostor then listens. */
async function echoServerWithImpostor(t: TestContext, host: string): Promise<number> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = await echoServer(t, host);
    const impostor = await listenAsImpostor('::1', port);
    if (impostor === undefined) continue;
    t.after(() => impostor.close());
    return port;
  }
  throw new Error('no port in the test range was free on [::1] too');
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function collector(): { events: CaptureEvent[]; packets: () => Packet[]; listener: (event: CaptureEvent) => void } {
  const events: CaptureEvent[] = [];
  return {
    events,
    packets: () => events.flatMap((event) => (event.type === 'packet' ? [event.packet] : [])),
    listener: (event) => events.push(event),
  };
}

/** Both FINs and the ACK of the last one: the connection is fully over on the wire. */
function closedConnections(packets: readonly Packet[]): number {
  const byConnection = new Map<number, Packet[]>();
  for (const packet of packets) {
    if (packet.tcp === undefined) continue;
    const list = byConnection.get(packet.tcp.connection) ?? [];
    list.push(packet);
    byConnection.set(packet.tcp.connection, list);
  }
  let closed = 0;
  for (const list of byConnection.values()) {
    const fins = list.filter((packet) => packet.tcp!.flagNames.includes('FIN'));
    const lastFin = fins[1];
    if (lastFin === undefined) continue;
    const acked = list.some(
      (packet) =>
        packet.srcPort === lastFin.dstPort && packet.tcp!.ack === lastFin.tcp!.nextSeq && packet.id > lastFin.id,
    );
    if (acked) closed += 1;
  }
  return closed;
}

describe('CapturePipeline on loopback', { timeout: 10 * TEST_TIMEOUT_MS }, () => {
  it('delivers a TCP echo exchange with relative numbers', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t);
    const port = await echoServer(t);
    const seen = collector();
    subscribeFor(t, pipeline, port, seen.listener);
    await tcpExchange(port, 'Hello,world!');
    await waitFor('the connection to close on the wire', () => closedConnections(seen.packets()) === 1);

    const packets = seen.packets();
    assert.ok(packets.every((packet) => packet.srcPort === port || packet.dstPort === port));
    assert.deepEqual(
      packets.slice(0, 3).map((packet) => [packet.tcp?.flagNames, packet.tcp?.seq, packet.tcp?.ack]),
      [
        ['SYN', 0, 0],
        ['SYN,ACK', 0, 1],
        ['ACK', 1, 1],
      ],
    );
    assert.match(packets[0]!.info, new RegExp(`^\\d+ → ${port} \\[SYN\\] Seq=0 Win=\\d+ Len=0 MSS=\\d+`));
    const request = packets.find((packet) => packet.dstPort === port && packet.tcp!.len > 0);
    assert.equal(Buffer.from(request?.payload.hex ?? '', 'hex').toString(), 'Hello,world!');
    assert.deepEqual([request?.tcp?.seq, request?.tcp?.len, request?.payload.truncated], [1, 12, false]);
    const serverAck = packets.find(
      (packet) => packet.srcPort === port && (packet.tcp!.flags & 0x010) !== 0 && packet.id > request!.id,
    );
    assert.equal(serverAck?.tcp?.ack, 13);
    const reply = packets.find((packet) => packet.srcPort === port && packet.tcp!.len > 0);
    assert.equal(Buffer.from(reply?.payload.hex ?? '', 'hex').toString(), 'Hello,world!');
    assert.equal(packets.filter((packet) => packet.tcp!.flagNames.includes('FIN')).length, 2);
    assert.ok(packets.every((packet) => packet.tcp!.connection === packets[0]!.tcp!.connection));
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(packets)));
  });

  it('keeps two sessions apart and drops unsubscribed ports and canaries', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t);
    const [portA, portB, portNobody] = [await echoServer(t), await echoServer(t), await echoServer(t)];
    const a = collector();
    const b = collector();
    subscribeFor(t, pipeline, portA, a.listener);
    subscribeFor(t, pipeline, [portB], b.listener);
    await Promise.all([
      tcpExchange(portA, 'for A'),
      tcpExchange(portB, 'for B'),
      tcpExchange(portNobody, 'for nobody'),
      tcpExchange(portA, 'for A again'),
    ]);
    await waitFor('both sessions to see their connections close', () => {
      return closedConnections(a.packets()) === 2 && closedConnections(b.packets()) === 1;
    });
    assert.ok(a.packets().every((packet) => packet.srcPort === portA || packet.dstPort === portA));
    assert.ok(b.packets().every((packet) => packet.srcPort === portB || packet.dstPort === portB));
    const everything = [...a.packets(), ...b.packets()];
    assert.ok(everything.every((packet) => packet.srcPort !== CANARY_PORT && packet.dstPort !== CANARY_PORT));
    assert.ok(everything.every((packet) => packet.srcPort !== portNobody && packet.dstPort !== portNobody));
    assert.ok(pipeline.stats.framesUnsubscribed > 0, 'the unsubscribed connection was dropped before tshark');
    assert.throws(() => pipeline.subscribe(tcpAt(CANARY_PORT), () => {}), RangeError);
    assert.throws(() => pipeline.subscribe(tcpAt(80), () => {}), RangeError);
  });

  it('gives a subscriber its server’s endpoint only, not an impostor on the same port number', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t);
    const port = await echoServerWithImpostor(t, '127.0.0.1');
    const seen = collector();
    subscribeFor(t, pipeline, port, seen.listener);
    const unsubscribed = pipeline.stats.framesUnsubscribed;
    await tcpExchange(port, 'to the impostor', '::1');
    await sendUdpAsImpostor('127.0.0.1', port, 'from the lab port, over UDP');
    await tcpExchange(port, 'to the lab server');
    // Delivery keeps capture order: once this connection's close is in, the impostor's packets were decided.
    await waitFor('the own connection to close', () => closedConnections(seen.packets()) === 1);
    const packets = seen.packets();
    assert.deepEqual(
      packets.filter((packet) => packet.ipVersion !== 4 || packet.protocol !== 'tcp').map((packet) => packet.info),
      [],
    );
    assert.equal(packets[0]?.tcp?.flagNames, 'SYN');
    assert.ok(pipeline.stats.framesUnsubscribed >= unsubscribed + 8, 'the impostor’s frames were dropped');
  });

  it('matches wildcards: 0.0.0.0 on every IPv4 address, :: on IPv4 and IPv6 too', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t);
    const any4 = await echoServerWithImpostor(t, '0.0.0.0');
    const any = await echoServer(t, '::');
    const a = collector();
    const b = collector();
    subscribeFor(t, pipeline, any4, a.listener, '0.0.0.0');
    subscribeFor(t, pipeline, any, b.listener, '::');
    await tcpExchange(any4, 'impostor', '::1');
    await tcpExchange(any4, 'v4', '127.0.0.1');
    // Another loopback address: the wildcard holds the port on it as well.
    await tcpExchange(any4, 'v4 again', '127.0.0.2');
    await tcpExchange(any, 'v4 to a dual-stack server', '127.0.0.1');
    await tcpExchange(any, 'v6', '::1');
    await waitFor('every connection to close', () => {
      return closedConnections(a.packets()) === 2 && closedConnections(b.packets()) === 2;
    });
    assert.deepEqual(new Set(a.packets().map((packet) => packet.dst)), new Set(['127.0.0.1', '127.0.0.2']));
    assert.deepEqual(new Set(b.packets().map((packet) => packet.ipVersion)), new Set([4, 6]));
  });

  it('delivers UDP over IPv6 with its payload', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t);
    const socket = createSocket('udp6');
    t.after(() => new Promise<void>((resolve) => socket.close(() => resolve())));
    let port = 0;
    for (let attempt = 0; attempt < 60 && port === 0; attempt++) {
      const candidate = RANGE.from + Math.floor(Math.random() * (CANARY_PORT - RANGE.from));
      port = await new Promise<number>((resolve) => {
        socket.once('error', () => resolve(0));
        socket.bind(candidate, '::1', () => resolve(candidate));
      });
    }
    assert.notEqual(port, 0);
    socket.on('message', (message, remote) => socket.send(message, remote.port, remote.address));
    const seen = collector();
    subscribeFor(t, pipeline, port, seen.listener, '::1', 'udp');
    const client = createSocket('udp6');
    t.after(() => new Promise<void>((resolve) => client.close(() => resolve())));
    client.send('ping over v6', port, '::1');
    await waitFor('the datagram and its echo', () => seen.packets().length >= 2);
    const [request, reply] = seen.packets();
    assert.deepEqual([request?.protocol, request?.ipVersion, request?.src, request?.dstPort], ['udp', 6, '::1', port]);
    assert.equal(Buffer.from(request!.payload.hex, 'hex').toString(), 'ping over v6');
    assert.equal(request?.info, `${request?.srcPort} → ${port} Len=12`);
    assert.equal(reply?.srcPort, port);
  });

  it('restarts a killed capturer, tells every subscriber about the gap, and goes on', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t);
    const states: CaptureReport[] = [];
    const watching = pipeline.onStateChange((status) => states.push(status));
    t.after(() => watching.dispose());
    const [portA, portB] = [await echoServer(t), await echoServer(t)];
    const a = collector();
    const b = collector();
    subscribeFor(t, pipeline, portA, a.listener);
    subscribeFor(t, pipeline, portB, b.listener);
    await tcpExchange(portA, 'before');
    await waitFor('the first exchange', () => closedConnections(a.packets()) === 1);

    const capturerPid = pipeline.processIds.capturer;
    assert.ok(capturerPid !== undefined);
    process.kill(capturerPid, 'SIGKILL');
    await waitFor('a gap for both subscribers', () =>
      [a, b].every((seen) => seen.events.some((event) => event.type === 'gap')),
    );
    assert.equal(pipeline.state, 'running');
    assert.notEqual(pipeline.processIds.capturer, capturerPid);
    const restarting = states.find((status) => status.state === 'restarting');
    assert.match(restarting?.reason.en ?? '', /^tcpdump was stopped by SIGKILL; restarting in \d+ ms$/);
    assert.match(restarting?.reason['zh-Hans'] ?? '', /^tcpdump 被 SIGKILL 信号终止，\d+ ms 后重启$/);
    const gap = a.events.find((event) => event.type === 'gap');
    assert.ok(gap?.type === 'gap' && gap.gap.to !== null && gap.gap.to >= gap.gap.from);

    await tcpExchange(portA, 'after');
    await waitFor('the exchange after the restart', () => closedConnections(a.packets()) === 2);
    const afterGap = a.events.slice(a.events.findIndex((event) => event.type === 'gap') + 1);
    assert.ok(afterGap.some((event) => event.type === 'packet' && event.packet.tcp?.flagNames === 'SYN'));
  });

  it('gives up after too many restarts in a minute, and says so', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t, { maxRestartsPerMinute: 1 });
    const seen = collector();
    subscribeFor(t, pipeline, await echoServer(t), seen.listener);
    const first = pipeline.processIds.capturer;
    assert.ok(first !== undefined);
    process.kill(first, 'SIGKILL');
    await waitFor('the first restart', () => seen.events.some((event) => event.type === 'gap'));
    const second = pipeline.processIds.capturer;
    assert.ok(second !== undefined && second !== first);
    process.kill(second, 'SIGKILL');
    await waitFor('the capture to give up', () => pipeline.state === 'unavailable');
    assert.match(pipeline.reason.en, /gave up after 1 restarts within a minute/);
    assert.equal(pipeline.reason['zh-Hans'], 'tcpdump 被 SIGKILL 信号终止（一分钟内已重启 1 次，不再重试）');
    await waitFor('an open-ended gap', () =>
      seen.events.some((event) => event.type === 'gap' && event.gap.to === null),
    );
    const { capturer, dissectors } = pipeline.processIds;
    assert.deepEqual([capturer, dissectors], [undefined, []]);
  });

  it('restarts a killed tshark and loses no packet', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t);
    const port = await echoServer(t);
    const seen = collector();
    subscribeFor(t, pipeline, port, seen.listener);
    const tsharkPid = pipeline.processIds.dissectors[0];
    assert.ok(tsharkPid !== undefined);
    process.kill(tsharkPid, 'SIGKILL');
    // Traffic while tshark is down waits in the capture and is dissected by the next tshark.
    await tcpExchange(port, 'while tshark restarts');
    await waitFor('the exchange to come through the new tshark', () => closedConnections(seen.packets()) === 1);
    assert.equal(pipeline.state, 'running');
    assert.equal(seen.packets()[0]?.tcp?.flagNames, 'SYN');
    assert.ok(!pipeline.processIds.dissectors.includes(tsharkPid));
  });

  it('rotates tshark without losing packets or relative numbering', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t, { rotateAfterPackets: 15 });
    const port = await echoServer(t);
    const seen = collector();
    subscribeFor(t, pipeline, port, seen.listener);
    // Exchanges, a little apart, until tshark has been rotated twice (a new tshark takes a few hundred ms to
    // start); bounded in count and time.
    let exchanges = 0;
    const deadline = Date.now() + 30_000;
    while (pipeline.stats.tsharkRuns < 3 && exchanges < 200 && Date.now() < deadline) {
      await tcpExchange(port, `message ${exchanges}`);
      exchanges += 1;
      await waitFor(`connection ${exchanges} to close`, () => closedConnections(seen.packets()) === exchanges);
      await sleep(50);
    }
    assert.ok(pipeline.stats.tsharkRuns >= 3, `tshark ran ${pipeline.stats.tsharkRuns} times`);
    assert.ok(!seen.events.some((event) => event.type === 'gap'));
    const requests = seen.packets().filter((packet) => packet.dstPort === port && packet.tcp!.len > 0);
    assert.equal(requests.length, exchanges);
    assert.ok(requests.every((packet) => packet.tcp?.seq === 1));
    assert.equal(seen.packets().filter((packet) => packet.tcp?.flagNames === 'SYN').length, exchanges);
  });

  it('writes a pcapng of a subscriber’s packets that tshark reads', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const pipeline = await startPipeline(t);
    const port = await echoServer(t);
    const recording = new CaptureRecording();
    const seen = collector();
    subscribeFor(t, pipeline, port, (event) => {
      seen.listener(event);
      if (event.type === 'packet') recording.add(event.frame);
    });
    await tcpExchange(port, 'Hello,world!');
    await waitFor('the connection to close', () => closedConnections(seen.packets()) === 1);
    const path = join(scratch, `session-${port}.pcapng`);
    await writeFile(path, recording.toPcapng({ interfaceName: 'lo' }));
    const { stdout } = await execFileAsync(
      'tshark',
      ['-n', '-r', path, '-T', 'fields', '-e', 'tcp.flags', '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'tcp.ack'],
      { timeout: 20_000 },
    );
    const rows = stdout.trim().split('\n');
    assert.equal(rows.length, recording.count);
    assert.deepEqual(
      rows.slice(0, 3).map((row) => row.split('\t')[0]),
      ['0x0002', '0x0012', '0x0010'],
    );
  });

  it('stops every child it started and removes its temp directory', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const parent = await mkdtemp(join(scratch, 'stop-'));
    const pipeline = new CapturePipeline({ portRange: RANGE, canaryPort: CANARY_PORT, tempDirParent: parent });
    assert.equal((await pipeline.start()).state, 'running');
    const pids = [pipeline.processIds.capturer, ...pipeline.processIds.dissectors];
    assert.equal((await readdir(parent)).length, 1);
    await pipeline.stop();
    assert.equal(pipeline.state, 'stopped');
    assert.deepEqual(await readdir(parent), []);
    for (const pid of pids) {
      assert.ok(pid !== undefined);
      assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
    }
  });
});

describe('CapturePipeline when it cannot capture', { timeout: 4 * TEST_TIMEOUT_MS }, () => {
  it('is unavailable, with a reason, when tshark is missing', { timeout: TEST_TIMEOUT_MS }, async () => {
    const pipeline = new CapturePipeline({
      portRange: RANGE,
      canaryPort: CANARY_PORT,
      tsharkPath: '/nonexistent/tshark',
    });
    const states: string[] = [];
    pipeline.onStateChange((status) => states.push(status.state));
    const status = await pipeline.start();
    assert.equal(status.state, 'unavailable');
    assert.match(status.reason.en, /tshark was not found at \/nonexistent\/tshark.*apt-get install tshark/);
    assert.deepEqual(states, ['starting', 'unavailable']);
    const subscription = pipeline.subscribe(tcpAt(RANGE.from), () => {});
    subscription.dispose();
    await pipeline.stop();
    assert.equal(pipeline.state, 'stopped');
  });

  it('is unavailable, saying how to grant rights, when the capturer may not capture', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const directory = await mkdtemp(join(tmpdir(), 'socketlab-fake-tcpdump-'));
    t.after(() => rm(directory, { recursive: true, force: true }));
    const fake = join(directory, 'tcpdump');
    await writeFile(
      fake,
      '#!/bin/sh\necho "tcpdump: lo: You don\'t have permission to perform this capture on that device" >&2\nexit 1\n',
    );
    await chmod(fake, 0o755);
    const pipeline = new CapturePipeline({ portRange: RANGE, canaryPort: CANARY_PORT, capturerPath: fake });
    t.after(() => pipeline.stop());
    const status = await pipeline.start();
    assert.equal(status.state, 'unavailable');
    assert.match(status.reason.en, /permission/);
    assert.match(status.reason.en, /run the lab server as root/i);
    assert.match(status.reason.en, /setcap cap_net_raw,cap_net_admin\+eip/);
    assert.equal(
      status.reason['zh-Hans'],
      "tcpdump 没有抓包权限（tcpdump: lo: You don't have permission to perform this capture on that device）。" +
        `请以 root 身份运行实验服务器，或用这条命令允许抓包：sudo setcap cap_net_raw,cap_net_admin+eip ${fake}`,
    );
  });

  it('says, in both languages, how to grant rights when tcpdump runs as user nobody', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const [setpriv, tcpdump] = [await findExecutable('setpriv'), await findExecutable('tcpdump')];
    if (process.getuid?.() !== 0 || setpriv === undefined || tcpdump === undefined) {
      t.skip('needs root, setpriv and tcpdump to run tcpdump as nobody');
      return;
    }
    const directory = await mkdtemp(join(tmpdir(), 'socketlab-nobody-tcpdump-'));
    t.after(() => rm(directory, { recursive: true, force: true }));
    // Named tcpdump, so the capture takes it for one; the real tcpdump runs as nobody with no capabilities.
    const wrapper = join(directory, 'tcpdump');
    await writeFile(
      wrapper,
      `#!/bin/sh\nexec ${setpriv} --reuid=nobody --regid=65534 --clear-groups --inh-caps=-all ${tcpdump} "$@"\n`,
    );
    await chmod(wrapper, 0o755);
    const pipeline = new CapturePipeline({
      portRange: RANGE,
      canaryPort: CANARY_PORT,
      capturerPath: wrapper,
      tempDirParent: scratch,
    });
    t.after(() => pipeline.stop());
    const status = await pipeline.start();
    assert.equal(status.state, 'unavailable');
    const setcap = `sudo setcap cap_net_raw,cap_net_admin+eip ${wrapper}`;
    assert.deepEqual(status.reason, {
      en: `tcpdump may not capture packets (socket: Operation not permitted). Run the lab server as root, or allow capturing with: ${setcap}`,
      'zh-Hans': `tcpdump 没有抓包权限（socket: Operation not permitted）。请以 root 身份运行实验服务器，或用这条命令允许抓包：${setcap}`,
    });
    assert.deepEqual(captureStatusIn(status, 'zh-Hans'), { state: 'unavailable', reason: status.reason['zh-Hans'] });
  });

  it('survives a tshark that prints garbage, and says nothing came through', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    if (skipUnlessCapturing(t)) return;
    const directory = await mkdtemp(join(tmpdir(), 'socketlab-fake-tshark-'));
    t.after(() => rm(directory, { recursive: true, force: true }));
    const fake = join(directory, 'tshark');
    // Opens the FIFO like tshark, prints junk (binary, separators, a line far too long), then drains its input.
    await writeFile(
      fake,
      [
        '#!/bin/sh',
        'while [ "$#" -gt 0 ]; do if [ "$1" = "-r" ]; then input="$2"; fi; shift; done',
        'exec 3<"$input"',
        "printf 'Running as user root\\n\\037\\037\\037\\n1\\0372\\0373\\n\\377\\376garbage\\n'",
        "head -c 200000 /dev/zero | tr '\\0' x; echo",
        'cat <&3 >/dev/null',
        '',
      ].join('\n'),
    );
    await chmod(fake, 0o755);
    const pipeline = new CapturePipeline({
      portRange: RANGE,
      canaryPort: CANARY_PORT,
      tsharkPath: fake,
      readyTimeoutMs: 2000,
      tempDirParent: scratch,
    });
    t.after(() => pipeline.stop());
    const status = await pipeline.start();
    assert.equal(status.state, 'unavailable');
    assert.match(status.reason.en, /no packet came through the capture/);
    assert.ok(pipeline.stats.garbageLines >= 3, `garbage lines: ${pipeline.stats.garbageLines}`);
  });

  it('is unavailable when the capturer program does not exist', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const pipeline = new CapturePipeline({
      portRange: RANGE,
      canaryPort: CANARY_PORT,
      capturerPath: '/nonexistent/tcpdump',
    });
    t.after(() => pipeline.stop());
    const status = await pipeline.start();
    assert.equal(status.state, 'unavailable');
    assert.match(status.reason.en, /tcpdump was not found/);
  });
});
