/**
 * The UDP burst with the capture alone: no session, no page, no WebSocket. Run as a process of its own (as a
 * lab server is), it starts the shared capture pipeline on a few ports of its own, a `dgram` echo on one of them
 * and one subscriber that counts the burst's datagrams, has udp-burst-sender.ts send the burst, and prints one
 * JSON line (`CaptureAloneResult`): how many frames the pipeline read from tcpdump — a frame sent but never
 * read was dropped by the kernel, whose capture ring was full — how many it dropped itself in front of tshark,
 * and how many reached the subscriber. Set beside the same burst through a real session, it says which part of
 * the loss is the capture's own.
 *
 * With `bufferKiB` it asks tcpdump for a kernel ring of that size instead of the capture's default.
 *
 *   node --import tsx bench/capture-alone.ts <rate> <count> <firstPort> [bufferKiB]
 */

import dgram from 'node:dgram';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CapturePipeline } from '../lab-server/capture';
import { firstLine, spawnChild, stopChild } from './children';
import type { BurstSent } from './udp-burst-sender';

export interface CaptureAloneResult {
  readonly sender: BurstSent;
  /** Echoes the echo socket sent (its reads may miss datagrams its receive buffer could not hold). */
  readonly echoesSent: number;
  /** Frames of the burst (datagrams and echoes) the pipeline read from tcpdump, and dropped before tshark. */
  readonly framesRead: number;
  readonly framesDropped: number;
  /** Distinct datagrams of the burst, and echoes, the subscriber received. */
  readonly requestsDelivered: number;
  readonly echoesDelivered: number;
  /** From the first datagram sent until the subscriber had them all or nothing new came for `QUIET_MS`. */
  readonly drainMs: number;
}

const QUIET_MS = 3000;
const DRAIN_LIMIT_MS = 30_000;
const PREFIX = 'a-';

const [rateText, countText, portText, bufferText] = process.argv.slice(2);
const rate = Number(rateText);
const count = Number(countText);
const first = Number(portText);
const bufferKiB = bufferText === undefined ? undefined : Number(bufferText);
if (![rate, count, first, bufferKiB ?? 1].every((value) => Number.isInteger(value) && value > 0)) {
  process.stderr.write('usage: capture-alone.ts <rate> <count> <firstPort> [bufferKiB]\n');
  process.exit(2);
}
const canaryPort = first;
const echoPort = first + 1;

const pipeline = new CapturePipeline({
  portRange: { from: first + 1, to: first + 9 },
  canaryPort,
  ...(bufferKiB === undefined ? {} : { bufferKiB }),
});
const started = await pipeline.start();
if (started.state !== 'running') {
  process.stdout.write(`${JSON.stringify({ unavailable: started.reason.en })}\n`);
  await pipeline.stop();
  process.exit(0);
}

const echo = dgram.createSocket('udp4');
let echoesSent = 0;
echo.on('message', function echoOnMessage(datagram, remote) {
  echo.send(datagram, remote.port, remote.address);
  echoesSent++;
});
await new Promise<void>((resolve) => echo.bind(echoPort, '127.0.0.1', resolve));

const requests = new Set<string>();
const echoes = new Set<string>();
let lastPacketAt = performance.now();
const subscription = pipeline.subscribe({ transport: 'udp', address: '127.0.0.1', port: echoPort }, (event) => {
  if (event.type !== 'packet' || event.packet.protocol !== 'udp') return;
  const text = Buffer.from(event.packet.payload.hex, 'hex').toString('latin1');
  if (!text.startsWith(PREFIX)) return;
  lastPacketAt = performance.now();
  (event.packet.dstPort === echoPort ? requests : echoes).add(text);
});
const before = pipeline.stats;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sendStarted = performance.now();
const child = spawnChild(
  'UDP burst sender',
  [
    '--import',
    'tsx',
    path.join(root, 'bench', 'udp-burst-sender.ts'),
    String(echoPort),
    String(rate),
    String(count),
    PREFIX,
  ],
  { cwd: root, env: process.env, stdout: 'pipe' },
);
const sender = JSON.parse(await firstLine(child, 60_000)) as BurstSent;
await stopChild(child, 5000);
// Bounded: at most DRAIN_LIMIT_MS from the first datagram, polled every 50 ms.
while (performance.now() - sendStarted < DRAIN_LIMIT_MS) {
  if (requests.size >= sender.sent && echoes.size >= echoesSent) break;
  if (performance.now() - lastPacketAt > QUIET_MS) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const drainMs = performance.now() - sendStarted;
const after = pipeline.stats;
subscription.dispose();
echo.close();
await pipeline.stop();

const result: CaptureAloneResult = {
  sender,
  echoesSent,
  // Canaries stop once the capture has proved itself, so every frame read since `before` is the burst's.
  framesRead: after.framesCaptured - before.framesCaptured,
  framesDropped: after.framesLost - before.framesLost,
  requestsDelivered: requests.size,
  echoesDelivered: echoes.size,
  drainMs,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
