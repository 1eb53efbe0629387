/**
 * The server kinds that misbehave on purpose, seen where students will see them: on real sockets and in a real
 * capture. The resetting echo answers, then aborts with RST (no FIN); the slow
 * reader makes its window reach zero, draws window probes, and updates its window when it reads again; the
 * keepalive echo probes an idle connection. Needs tcpdump and tshark with the right to capture (skipped without).
 */

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Packet } from '../../src/protocol';
import { CapturePipeline } from '../capture';
import type { RunningServer, ServerStartOptions } from './observation';
import { startTcpKeepaliveEcho } from './tcp-keepalive-echo';
import { RESET_AFTER_BYTES, startTcpReset } from './tcp-reset';
import { PAUSE_MS, startTcpSlowReader } from './tcp-slow-reader';

const RANGE = { from: 37000, to: 37099 };
const CANARY_PORT = 37099;

let scratch = '';
let pipeline: CapturePipeline;
let skip: string | false = false;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'socketlab-kinds-test-'));
  pipeline = new CapturePipeline({ portRange: RANGE, canaryPort: CANARY_PORT, tempDirParent: scratch });
  const status = await pipeline.start();
  if (status.state !== 'running') skip = `capture unavailable here: ${status.reason.en}`;
});

after(async () => {
  await pipeline.stop();
  await rm(scratch, { recursive: true, force: true });
});

/** Starts a kind on a free port of the capture's range, and collects the packets to and from it. */
async function startCaptured(
  start: (options: ServerStartOptions) => Promise<RunningServer>,
): Promise<{ server: RunningServer; port: number; packets: Packet[]; close(): Promise<void> }> {
  for (let port = RANGE.from; port < CANARY_PORT; port++) {
    let server: RunningServer;
    try {
      server = await start({ id: 'echo', title: 'kind', bindHost: '127.0.0.1', publicHost: '127.0.0.1', port });
    } catch {
      continue;
    }
    const packets: Packet[] = [];
    const subscription = pipeline.subscribe(server.endpoints, (event) => {
      if (event.type === 'packet') packets.push(event.packet);
    });
    return {
      server,
      port,
      packets,
      async close() {
        subscription.dispose();
        await server.dispose();
      },
    };
  }
  throw new Error('no free port in the test range');
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Waits, bounded, until `condition` holds. */
async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function fromServer(packets: readonly Packet[], port: number): Packet[] {
  return packets.filter((packet) => packet.srcPort === port);
}

describe('server kinds that misbehave on purpose', () => {
  it('tcp-reset: echoes, then aborts with RST and no FIN', async (t) => {
    if (skip) return t.skip(skip);
    const captured = await startCaptured(startTcpReset);
    t.after(() => captured.close());
    const client = await connect(captured.port);
    let echoed = '';
    client.on('data', (chunk: Buffer) => (echoed += chunk.toString()));
    // C's and Python's recv() fail with ECONNRESET here; Node's socket reports the reset as the end of the stream.
    client.on('error', () => {});
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const message = 'Hello,world!'.repeat(Math.ceil(RESET_AFTER_BYTES / 12));
    client.write(message);
    await closed;
    assert.equal(echoed, message, 'the echo came before the reset');
    const rst = () => fromServer(captured.packets, captured.port).some((p) => p.tcp?.flagNames.includes('RST'));
    await until(rst, 'the RST');
    const server = fromServer(captured.packets, captured.port);
    assert.ok(!server.some((p) => p.tcp?.flagNames.includes('FIN')), 'the server never sent FIN');
  });

  it('tcp-slow-reader: the window reaches zero, probes follow, and the window opens when it reads', async (t) => {
    if (skip) return t.skip(skip);
    const captured = await startCaptured(startTcpSlowReader);
    t.after(() => captured.close());
    const client = await connect(captured.port);
    t.after(() => client.destroy());
    // Far more than the receive buffer holds: the kernel keeps what it cannot send, Node the rest.
    client.write(Buffer.alloc(4 << 20));
    const server = () => fromServer(captured.packets, captured.port);
    await until(() => server().some((p) => p.expert.includes('zero-window')), 'a zero window', PAUSE_MS);
    // Linux probes a zero window with an ACK one byte below what it sent, no data (tcp_xmit_probe_skb), which
    // Wireshark names a Keep-Alive: it calls a probe "Zero Window Probe" only when it carries the next byte.
    await until(
      () => captured.packets.some((p) => p.srcPort !== captured.port && p.expert.includes('keep-alive')),
      'a window probe from the client',
      PAUSE_MS + 2000,
    );
    await until(() => server().some((p) => p.expert.includes('window-update')), 'the window update', PAUSE_MS * 2);
  });

  it('tcp-keepalive-echo: an idle connection gets a keepalive probe, and the client’s kernel answers it', async (t) => {
    if (skip) return t.skip(skip);
    const captured = await startCaptured(startTcpKeepaliveEcho);
    t.after(() => captured.close());
    const client = await connect(captured.port);
    t.after(() => client.destroy());
    await until(
      () => fromServer(captured.packets, captured.port).some((p) => p.expert.includes('keep-alive')),
      'a probe',
    );
    await until(
      () => captured.packets.some((p) => p.srcPort !== captured.port && p.expert.includes('keep-alive-ack')),
      'the answer to the probe',
    );
  });
});
