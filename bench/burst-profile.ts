/**
 * Where the lab server's main thread spends a UDP burst: one burst (udp-burst.ts's round: a `udp-echo`
 * session, its page, a loopback sender in another process) against a lab server run under node's sampling
 * profiler (`--cpu-prof`, written when it exits on SIGTERM), then the profile's samples from the first datagram
 * until the page had them all or went quiet, each put in the room its stack passes through — the page's
 * WebSocket writes, the checks, the echo server and its timeline events, the session's share, the capture's
 * reading of tcpdump, the capture's tshark lines — by the module comments esbuild leaves in the bundle. Not
 * part of `npm run bench`: the profiler slows what it watches, so its shares matter, not its times.
 *
 *   node scripts/build-server.mjs && node --import tsx bench/burst-profile.ts [rate=30000]
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withCapturingLabServer } from './lab-server-child';
import { burstRound } from './udp-burst';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

type Frame = { readonly module: string; readonly fn: string };

/** Rooms in the order a stack is tested against them: the first that any frame of the stack belongs to wins. */
const ROOMS: readonly { readonly name: string; readonly test: (frame: Frame) => boolean }[] = [
  {
    name: "writing messages to the page's WebSocket (outbox, ws, the socket's writev)",
    test: ({ module }) => /transport\/message-stream|sessions\/outbox/.test(module) || module === 'ws',
  },
  { name: 'grading (checks and questions re-evaluated)', test: ({ module }) => /grading\/|^labs\//.test(module) },
  {
    name: 'the echo server and its timeline events',
    test: ({ module }) => /servers\/(udp-echo|observation)/.test(module) || module === 'node:dgram',
  },
  {
    name: "the session's share (numbering, the pcapng recording)",
    test: ({ module }) => /sessions\/(session|connection-numbering)\.ts|capture-recording|pcapng-writer/.test(module),
  },
  {
    name: "capture: reading tcpdump's pcap, routing frames to tshark",
    test: ({ module, fn }) =>
      fn === 'capturerOnFrame' || /capture\/(capturer|pcap-reader|frame-layers|frame-queue|pcap-encoder)/.test(module),
  },
  {
    name: "capture: tshark's lines → packets (fields, demux, build)",
    test: ({ module }) =>
      /capture\/(dissector\.ts|tshark-fields|packet-builder|capture-demux|capture-pipeline|tcp-connections|pending-frames)/.test(
        module,
      ),
  },
];

export interface RoomShare {
  readonly room: string;
  readonly ms: number;
}

/** The samples between `fromMs` and `toMs` of the profile's clock, by room; idle and GC have rooms of their own. */
export function roomsOf(profile: CpuProfile, bundle: string, fromMs: number, toMs: number): RoomShare[] {
  const moduleAt = bundleModules(bundle);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frameOf = (node: ProfileNode): Frame => {
    const { url, lineNumber, functionName } = node.callFrame;
    const module = url.endsWith(path.basename(bundle))
      ? moduleAt(lineNumber + 1)
      : url.includes('node_modules/ws/')
        ? 'ws'
        : url;
    return { module, fn: functionName };
  };
  const totals = new Map<string, number>();
  let at = profile.startTime;
  for (const [index, id] of profile.samples.entries()) {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    const ms = (at - profile.startTime) / 1000;
    if (ms < fromMs || ms > toMs) continue;
    const room = roomOf(id, byId, parent, frameOf);
    totals.set(room, (totals.get(room) ?? 0) + delta / 1000);
  }
  return [...totals].map(([room, ms]) => ({ room, ms })).sort((a, b) => b.ms - a.ms);
}

function roomOf(
  id: number,
  byId: ReadonlyMap<number, ProfileNode>,
  parent: ReadonlyMap<number, number>,
  frameOf: (node: ProfileNode) => Frame,
): string {
  const leaf = byId.get(id)!.callFrame.functionName;
  if (leaf === '(idle)') return 'idle';
  if (leaf === '(garbage collector)') return 'garbage collection';
  const stack: Frame[] = [];
  // Bounded: a profile's tree has no cycles, and each step goes one node up.
  for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
    stack.push(frameOf(byId.get(node)!));
  }
  return ROOMS.find((room) => stack.some(room.test))?.name ?? 'other (node internals, timers, the event loop)';
}

/** The source module of a line of the bundle, from the `// path` comments esbuild puts before each module. */
function bundleModules(bundle: string): (line: number) => string {
  const marks: [number, string][] = [];
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const match = /^\/\/ ((?:lab-server|labs|src|node_modules)\/\S+)$/.exec(text);
      if (match !== null) marks.push([index + 1, match[1]!]);
    });
  return (line) => {
    let found = 'bundle';
    for (const [start, module] of marks) {
      if (start > line) break;
      found = module;
    }
    return found;
  };
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const rate = Number(process.argv[2] ?? 30_000);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const bundle = path.join(root, 'build-server', 'main.js');
  const directory = mkdtempSync(path.join(tmpdir(), 'socketlab-profile-'));
  const settings = {
    root,
    bundle,
    labEnvironment: { HOST: '127.0.0.1', LAB_PORTS: '21000-22999', SESSION_GRACE_MS: '1000', LAB_MODE: 'local' },
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${directory}`, '--cpu-prof-interval=200'],
    rates: [rate],
    seconds: 1,
    otherRingsKiB: [],
    readyTimeoutMs: 20_000,
    quietMs: 3000,
    drainTimeoutMs: 30_000,
    timeoutMs: 15_000,
    stopTimeoutMs: 10_000,
    say: (text: string) => process.stderr.write(`bench: ${text}\n`),
  };
  try {
    let window = { fromMs: 0, toMs: 0 };
    const spawnedAt = Date.now();
    const outcome = await withCapturingLabServer('profiled lab server', settings, async (server) => {
      const startedAt = Date.now();
      const round = await burstRound(settings, server.child, server.port, rate);
      // The profile's clock starts with the process; the spawn is within a few ms of that.
      window = { fromMs: startedAt - spawnedAt, toMs: startedAt - spawnedAt + round.windowMs };
      return round;
    });
    if (outcome.kind === 'skipped') throw new Error(outcome.reason);
    const round = outcome.value;
    const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no profile was written (${outcome.stopped})`);
    const profile = JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as CpuProfile;
    const rooms = roomsOf(profile, bundle, window.fromMs, window.toMs);
    const total = rooms.reduce((sum, share) => sum + share.ms, 0);
    const busy = total - (rooms.find((share) => share.room === 'idle')?.ms ?? 0);
    process.stdout.write(
      `${rate}/s: ${round.sender.sent} sent in ${Math.round(round.sender.sendMs)} ms, ${round.requestsSeen} delivered ` +
        `to the page, ${round.sender.sent - round.requestsSeen} lost; the main thread was busy ` +
        `${Math.round((100 * busy) / total)} % of the ${(total / 1000).toFixed(1)} s from the first datagram until ` +
        `complete or quiet:\n`,
    );
    for (const share of rooms) {
      if (share.room === 'idle') continue;
      process.stdout.write(
        `${String(Math.round((100 * share.ms) / busy)).padStart(4)} % of busy  ${share.room} (${Math.round(share.ms)} ms)\n`,
      );
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
