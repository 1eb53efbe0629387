/**
 * Measures the shared capture the way a classroom loads it: 200 TCP echo servers on 200 lab ports, each with its
 * own subscriber (one per "session"), 200 clients sending small messages for ~10 s at ~2 000 packets/s in
 * aggregate; then one burst of UDP datagrams from another process. Prints wire→subscriber latency (the kernel
 * timestamp of the frame to the moment the subscriber is called), messages lost, and the capture children's CPU
 * and RSS read from /proc. No thresholds: it reports, it does not judge.
 *
 *   node --import tsx lab-server/capture/capture.bench.ts [seconds=10] [messagesPerSecond=750] [burst=20000]
 */

import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CapturePipeline } from './capture-pipeline';

const SECONDS = Number(process.argv[2] ?? 10);
const MESSAGES_PER_SECOND = Number(process.argv[3] ?? 750);
const BURST = Number(process.argv[4] ?? 20_000);
const CONNECTIONS = 200;
const RANGE = { from: 38000, to: 38299 };
const CANARY_PORT = 38299;
const CLOCK_TICKS_PER_SECOND = 100;

const now = (): number => (performance.timeOrigin + performance.now()) / 1000;

interface ProcessSample {
  readonly ticks: number;
  readonly rssKiB: number;
}

function sample(pid: number | undefined): ProcessSample | undefined {
  if (pid === undefined) return undefined;
  try {
    // /proc/<pid>/stat: fields 14 and 15 are utime and stime, counted after the ")" that ends the command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { ticks, rssKiB };
  } catch {
    return undefined;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function listenOnFreePort(server: Server, from: number, to: number): Promise<number | undefined> {
  for (let port = from; port <= to; port++) {
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
  return undefined;
}

async function main(): Promise<void> {
  const pipeline = new CapturePipeline({ portRange: RANGE, canaryPort: CANARY_PORT });
  const startedAt = Date.now();
  const status = await pipeline.start();
  console.log(`capture: ${status.state} (${status.reason.en}) after ${Date.now() - startedAt} ms`);
  if (status.state !== 'running') {
    await pipeline.stop();
    return;
  }

  const servers: Server[] = [];
  const ports: number[] = [];
  let nextPort = RANGE.from;
  while (ports.length < CONNECTIONS && nextPort < CANARY_PORT - 1) {
    const server = createServer((socket) => socket.pipe(socket));
    const port = await listenOnFreePort(server, nextPort, CANARY_PORT - 2);
    if (port === undefined) break;
    servers.push(server);
    ports.push(port);
    nextPort = port + 1;
  }

  const latencies: number[] = [];
  // Payload text per port and direction, in capture order: TCP may split or merge messages, so ids are counted
  // from the reassembled stream, not per segment.
  const streams = new Map<string, string[]>();
  let delivered = 0;
  let measuring = false;
  const subscriptions = ports.map((port) =>
    pipeline.subscribe({ transport: 'tcp', address: '127.0.0.1', port }, (event) => {
      if (event.type !== 'packet' || !measuring) return;
      delivered += 1;
      latencies.push((now() - event.packet.time) * 1000);
      if (event.packet.payload.length === 0) return;
      const key = `${port}${event.packet.dstPort === port ? '>' : '<'}`;
      const parts = streams.get(key) ?? [];
      parts.push(Buffer.from(event.packet.payload.hex, 'hex').toString());
      streams.set(key, parts);
    }),
  );

  const clients: Socket[] = await Promise.all(
    ports.map(
      (port) =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => resolve(socket));
          socket.setNoDelay(true);
          socket.on('error', reject);
          socket.resume();
        }),
    ),
  );
  await sleep(500);

  const pids = pipeline.processIds;
  const before = [sample(pids.capturer), ...pids.dissectors.map(sample)];
  const nodeBefore = process.cpuUsage();
  measuring = true;
  const measureStart = now();
  let sent = 0;
  const interval = 10;
  const perTick = (MESSAGES_PER_SECOND * interval) / 1000;
  let budget = 0;
  let tick = 0;
  const ticks = Math.round((SECONDS * 1000) / interval);
  while (tick < ticks) {
    budget += perTick;
    while (budget >= 1) {
      const client = clients[sent % clients.length]!;
      client.write(`m${sent};`);
      sent += 1;
      budget -= 1;
    }
    tick += 1;
    await sleep(interval);
  }
  await sleep(1000);
  measuring = false;
  const elapsed = now() - measureStart;
  const after = [sample(pids.capturer), ...pids.dissectors.map(sample)];
  const nodeCpu = process.cpuUsage(nodeBefore);
  latencies.sort((a, b) => a - b);

  const cpu = (index: number): string => {
    const start = before[index];
    const end = after[index];
    if (start === undefined || end === undefined) return 'n/a';
    return `${(((end.ticks - start.ticks) / CLOCK_TICKS_PER_SECOND / elapsed) * 100).toFixed(1)}% of a core`;
  };
  console.log(`steady load: ${ports.length} connections on ${ports.length} ports, ${SECONDS} s`);
  console.log(`  messages sent ${sent}; packets delivered ${delivered} (${(delivered / elapsed).toFixed(0)}/s)`);
  console.log(
    `  wire→subscriber latency: p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms, max ${percentile(latencies, 1).toFixed(2)} ms`,
  );
  const ids = (direction: string): Set<string> => {
    const found = new Set<string>();
    for (const [key, parts] of streams) {
      if (!key.endsWith(direction)) continue;
      for (const id of parts.join('').split(';')) if (/^m\d+$/.test(id)) found.add(id);
    }
    return found;
  };
  console.log(`  messages missing from the capture: requests ${sent - ids('>').size}, echoes ${sent - ids('<').size}`);
  console.log(`  capturer (pid ${pids.capturer}): CPU ${cpu(0)}, RSS ${after[0]?.rssKiB ?? '?'} KiB`);
  pids.dissectors.forEach((pid, index) => {
    console.log(`  tshark (pid ${pid}): CPU ${cpu(index + 1)}, RSS ${after[index + 1]?.rssKiB ?? '?'} KiB`);
  });
  console.log(
    `  this Node process (pipeline + 200 servers + 200 clients): CPU ${(((nodeCpu.user + nodeCpu.system) / 1e6 / elapsed) * 100).toFixed(1)}% of a core, RSS ${Math.round(process.memoryUsage().rss / 1024)} KiB`,
  );

  for (const client of clients) client.destroy();

  if (BURST > 0) {
    const burstPort = ports[0]!;
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(burstPort, '127.0.0.1', () => resolve()));
    udp.on('message', () => {});
    const burstIds = new Set<string>();
    const burstLatencies: number[] = [];
    const burstSubscription = pipeline.subscribe(
      { transport: 'udp', address: '127.0.0.1', port: burstPort },
      (event) => {
        if (event.type !== 'packet' || event.packet.protocol !== 'udp') return;
        burstLatencies.push((now() - event.packet.time) * 1000);
        burstIds.add(Buffer.from(event.packet.payload.hex, 'hex').toString());
      },
    );
    // Sent from another process, as a student's program would: the lab server's event loop is not the sender's.
    const sender = spawn(
      process.execPath,
      [
        '-e',
        `const s=require('dgram').createSocket('udp4');let i=0;const n=${BURST};` +
          `(function go(){for(let k=0;k<500&&i<n;k++,i++)s.send('b'+i,${burstPort},'127.0.0.1');` +
          `if(i<n)setImmediate(go);else setTimeout(()=>s.close(),200);})();`,
      ],
      { stdio: 'ignore' },
    );
    const burstStart = Date.now();
    await new Promise((resolve) => sender.on('exit', resolve));
    const sendMs = Date.now() - burstStart;
    const deadline = Date.now() + 15_000;
    while (burstIds.size < BURST && Date.now() < deadline) await sleep(50);
    burstLatencies.sort((a, b) => a - b);
    console.log(`burst: ${BURST} UDP datagrams from another process in ~${sendMs} ms`);
    console.log(
      `  delivered ${burstIds.size}, lost ${BURST - burstIds.size}; latency p50 ${percentile(burstLatencies, 0.5).toFixed(1)} ms, p99 ${percentile(burstLatencies, 0.99).toFixed(1)} ms`,
    );
    const rss = [sample(pids.capturer), ...pids.dissectors.map(sample)].map((entry) => entry?.rssKiB ?? '?');
    console.log(`  RSS after: capturer ${rss[0]} KiB, tshark ${rss.slice(1).join(', ')} KiB`);
    burstSubscription.dispose();
    udp.close();
  }

  console.log('pipeline stats', pipeline.stats);
  for (const subscription of subscriptions) subscription.dispose();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await pipeline.stop();
}

await main();
