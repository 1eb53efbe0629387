/**
 * `npm run soak`: the lab server under the abuse that once froze it, watched from outside. It starts the
 * bundled lab server with real packet capture, as a classroom behind a trusted proxy: 300 students, each their
 * own client (`X-Forwarded-For` from 127.0.0.0/8), reading normally and typing now and then; and one hostile
 * client that opens a session, stops reading its WebSocket, floods its own echo port (a packet storm the
 * capture hands to the paused page) and its terminal, resumes whenever it is disconnected, and meanwhile opens
 * WebSockets that never say `hello`, hundreds a second. Every two seconds it prints the lab server's resident
 * memory and how fast `/healthz` answers. It fails (exit 1) when the memory keeps growing — the last quarter's
 * peak well above the second quarter's — or `/healthz` stops answering. All traffic stays on loopback, and
 * every loop is bounded by the run's deadline.
 *
 * SOAK_SECONDS (default 60) sets the length; SOAK_STUDENTS (default 300) the class size.
 */

import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { decodeServerMessage, PROTOCOL_VERSION, type ServerMessage } from '../src/protocol';
import { type Child, freePort, stopChild } from './children';
import { getHealth, spawnLabServer, waitCapture, waitHealthy } from './lab-server-child';
import { readRssKb, tryReadRssKb } from './proc';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'build-server', 'main.js');
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const STUDENTS = Number(process.env.SOAK_STUDENTS ?? 300);
const SAMPLE_MS = 2000;
/** Hello-less WebSockets the hostile client opens per second. */
const SILENT_PER_SECOND = 200;
/** The verdict: the last quarter's peak may exceed the second quarter's by this factor plus this slack. */
const GROWTH_FACTOR = 1.2;
const GROWTH_SLACK_KB = 48 * 1024;

interface Sample {
  readonly second: number;
  readonly rssKb: number;
  readonly healthMs: number | undefined;
  readonly sessions: number | undefined;
}

/** One page: a WebSocket that opens a session, as a page served by `base` would, for the client `forwardedFor`. */
class Page {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  welcome: Extract<ServerMessage, { type: 'welcome' }> | undefined;
  closeCodes: number[] = [];

  constructor(base: string, forwardedFor: string, hello: boolean, resume?: { session: string; token: string }) {
    this.ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, {
      origin: base,
      headers: { 'x-forwarded-for': forwardedFor },
      perMessageDeflate: false,
    });
    this.ws.on('error', () => {});
    this.ws.on('open', () => {
      if (hello)
        this.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo', ...(resume ? { resume } : {}) });
    });
    this.ws.on('message', (data) => {
      const message = decodeServerMessage(data.toString());
      if (message.type === 'welcome') this.welcome = message;
      // Keep only the last few: the soak driver must not be the process that grows.
      this.messages.push(message);
      if (this.messages.length > 50) this.messages.splice(0, 25);
    });
    this.ws.on('close', (code) => this.closeCodes.push(code));
  }

  send(message: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  close(): void {
    this.ws.terminate();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(probe: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!probe() && Date.now() < deadline) await sleep(20);
  return probe();
}

/** A TCP client that keeps writing to an echo port and reads what comes back, until `stop()`. */
function flood(port: number): { stop(): void; bytes(): number } {
  let sent = 0;
  let stopped = false;
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  socket.on('data', () => {});
  const chunk = Buffer.alloc(512, 'x');
  const timer = setInterval(() => {
    if (stopped || socket.destroyed) return;
    // Bounded per tick; backpressure from the echo server slows the flood rather than queueing here.
    for (let i = 0; i < 4 && socket.writableLength < 64 * 1024; i++) {
      socket.write(chunk);
      sent += chunk.length;
    }
  }, 2);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      socket.destroy();
    },
    bytes: () => sent,
  };
}

async function main(): Promise<number> {
  if (!existsSync(bundle)) {
    console.error('soak: build-server/main.js is missing; run `npm run build:server` first (npm run soak does).');
    return 2;
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const labServer: Child = spawnLabServer(
    'lab server',
    { root, bundle },
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LAB_PORTS: '46000-47999',
      CAPTURE: 'auto',
      MAX_SESSIONS: String(STUDENTS + 50),
      SESSION_GRACE_MS: '5000',
      TRUSTED_PROXIES: '127.0.0.1',
      LAB_MODE: 'classroom',
    },
  );
  const cleanups: Array<() => void> = [];
  try {
    await waitHealthy(base, labServer, 100, 100);
    const capture = await waitCapture(base, labServer, 15_000);
    console.log(`soak: lab server pid ${labServer.process.pid}, capture ${capture.state} (${capture.reason})`);
    const pid = labServer.process.pid!;

    // The class: one client each, reading everything.
    const students: Page[] = [];
    for (let i = 0; i < STUDENTS; i++) {
      students.push(new Page(base, `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`, true));
      if (i % 25 === 24) await sleep(50);
    }
    cleanups.push(() => {
      for (const page of students) page.close();
    });
    await until(() => students.every((page) => page.welcome !== undefined), 60_000);
    const started = students.filter((page) => page.welcome !== undefined).length;
    console.log(`soak: ${started} of ${STUDENTS} students have a session`);

    // The hostile client: a session whose page stops reading, its echo port flooded.
    const attacker = '127.66.0.1';
    let slow = new Page(base, attacker, true);
    await until(() => slow.welcome !== undefined, 10_000);
    if (slow.welcome === undefined) throw new Error('the slow page got no session');
    const { session, token } = slow.welcome;
    const echoPort = slow.welcome.servers[0]!.port;
    slow.ws.pause();
    const storm = flood(echoPort);
    cleanups.push(() => storm.stop());
    let resumes = 0;
    let silentOpened = 0;

    const samples: Sample[] = [];
    const startedAt = Date.now();
    const deadline = startedAt + SECONDS * 1000;
    let nextSample = startedAt;
    let tick = 0;
    // Bounded by the deadline: one pass per 100 ms.
    while (Date.now() < deadline) {
      tick++;
      if (labServer.process.exitCode !== null) throw new Error(`the lab server exited: ${labServer.stderrTail()}`);
      // The slow page types, and when it has been dropped it comes back and stops reading again.
      slow.send({ type: 'input', data: 'help\r' });
      if (slow.ws.readyState === WebSocket.CLOSED) {
        slow = new Page(base, attacker, true, { session, token });
        resumes++;
        const resumed = slow;
        resumed.ws.once('open', () => setTimeout(() => resumed.ws.pause(), 50));
      }
      // Hello-less WebSockets, a tenth of a second's worth each pass; dropped from our side after 15 s.
      for (let i = 0; i < SILENT_PER_SECOND / 10; i++) {
        const silent = new Page(base, attacker, false);
        silentOpened++;
        setTimeout(() => silent.close(), 15_000).unref();
      }
      // The class is busy too: every student pings every few seconds, some type.
      if (tick % 20 === 0) {
        for (const [i, page] of students.entries()) {
          page.send({ type: 'ping', id: tick });
          if (i % 10 === tick % 10) page.send({ type: 'input', data: 'status\r' });
        }
      }
      if (Date.now() >= nextSample) {
        nextSample += SAMPLE_MS;
        const before = performance.now();
        const health = await getHealth(base).catch(() => undefined);
        const healthMs = health === undefined ? undefined : performance.now() - before;
        const sample: Sample = {
          second: Math.round((Date.now() - startedAt) / 1000),
          rssKb: tryReadRssKb(pid) ?? 0,
          healthMs,
          sessions: health?.sessions,
        };
        samples.push(sample);
        console.log(
          `t=${String(sample.second).padStart(3)} s  rss ${(sample.rssKb / 1024).toFixed(0).padStart(5)} MiB  ` +
            `healthz ${healthMs === undefined ? 'NO ANSWER' : `${healthMs.toFixed(1)} ms`}  ` +
            `sessions ${sample.sessions ?? '?'}  flood ${(storm.bytes() / 1048576).toFixed(0)} MiB  ` +
            `slow page resumed ${resumes}×  silent sockets ${silentOpened}`,
        );
      }
      await sleep(100);
    }

    const verdict = judge(samples);
    const reading = students.filter((page) => page.ws.readyState === WebSocket.OPEN).length;
    console.log(
      `soak: ${reading} of ${started} students still connected; final rss ${(readRssKb(pid) / 1024).toFixed(0)} MiB`,
    );
    console.log(`soak: ${verdict.ok ? 'PASS' : 'FAIL'}: ${verdict.why}`);
    return verdict.ok && reading === started ? 0 : 1;
  } finally {
    for (const cleanup of cleanups) cleanup();
    console.log(`soak: ${await stopChild(labServer, 10_000)}`);
  }
}

/** Flat memory: the last quarter's peak within GROWTH_FACTOR (plus slack) of the second quarter's; healthz always answered. */
function judge(samples: readonly Sample[]): { ok: boolean; why: string } {
  if (samples.length < 8) return { ok: false, why: `only ${samples.length} samples; run longer (SOAK_SECONDS)` };
  const missed = samples.filter((sample) => sample.healthMs === undefined).length;
  const quarter = Math.floor(samples.length / 4);
  const peak = (from: number, to: number) => Math.max(...samples.slice(from, to).map((sample) => sample.rssKb));
  const second = peak(quarter, 2 * quarter);
  const last = peak(samples.length - quarter, samples.length);
  const limit = second * GROWTH_FACTOR + GROWTH_SLACK_KB;
  const memory = `rss peak ${(second / 1024).toFixed(0)} MiB in the second quarter, ${(last / 1024).toFixed(0)} MiB in the last (limit ${(limit / 1024).toFixed(0)} MiB)`;
  if (missed > 0) return { ok: false, why: `/healthz did not answer ${missed} times; ${memory}` };
  if (last > limit) return { ok: false, why: `memory keeps growing: ${memory}` };
  return { ok: true, why: `memory flat: ${memory}; /healthz answered all ${samples.length} samples` };
}

process.exitCode = await main();
