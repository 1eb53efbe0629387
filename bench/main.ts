/**
 * `npm run bench`: how much the lab terminal adds to a keystroke and the lab's UDP echo to a datagram, then how
 * long a captured packet takes from the wire to its page, and how much of a UDP burst a session's capture
 * delivers. It starts the bundled lab server (`CAPTURE=off`) and the baseline echo servers as child processes,
 * runs each load level of LEVELS against all three (see scenario.ts) and each of UDP_LEVELS against the lab's
 * `udp-echo` and a raw `dgram` echo (udp-round-trip.ts), stops them, then runs the capture section and the UDP
 * bursts against lab servers of their own with `CAPTURE=auto` (capture-scenario.ts, udp-burst.ts; skipped, with
 * the reason, where capturing is unavailable), and measures the capture's stages per frame (capture-stages.ts).
 * Last comes the TLS section (tls-section.ts): handshakes per second through the lab's TLS echo against a bare
 * Node TLS echo, handshake → handshake view with the capture on, and the class PKI's start-up. Then the classroom
 * (classroom-section.ts): CLASSROOM_STUDENTS students (500 by default) join a lab server in classroom mode and
 * pass the first lab while the instructor's dashboard watches, with a SIGKILL and restart halfway.
 * It prints the results and writes them to bench/RESULTS.md; `node --import tsx bench/main.ts --tls` (after
 * `npm run build:server`) runs the TLS section alone and only prints it, `--classroom` the classroom section. Round trips are reported as ratios against
 * baselines measured in the same run; the capture section shows the issue's goal beside its numbers. Nothing is
 * compared with fixed thresholds (STYLE.md: a benchmark is a benchmark, not a timed test).
 */

import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CaptureOutcome, runCaptureScenario } from './capture-scenario';
import { measureCaptureStages, type StageCosts } from './capture-stages';
import { type Child, firstLine, freePort, spawnChild, stopChild } from './children';
import { renderClassroom, withClassroom } from './classroom-report';
import { type ClassroomOutcome, type ClassroomSettings, runClassroomSection } from './classroom-section';
import { describeEnvironment, getHealth, spawnLabServer, waitHealthy } from './lab-server-child';
import { readRssKb } from './proc';
import { renderReport } from './report';
import { type Level, runScenario, type ScenarioResult, type Target } from './scenario';
import { renderTls } from './tls-report';
import { runTlsSection, type TlsOutcome, type TlsSettings, tlsFailed } from './tls-section';
import { type BurstOutcome, runUdpBurst } from './udp-burst';
import { runUdpRoundTrip, type UdpLevel, type UdpRoundTripResult } from './udp-round-trip';

/**
 * N concurrent sessions and K keys each. K is small enough that one client's messages stay under the lab
 * server's per-connection rate limit (MAX_MESSAGES_PER_SECOND, with a first burst of as many) however fast
 * the echo is, and large enough for a p99 to mean something once N grows. Each round opens fresh sessions,
 * so no connection's rate limit carries over. The last level types into sessions whose scrollback is full
 * (64 K characters, lab-server/sessions/session.ts), as after a while of use.
 */
const LEVELS: readonly Level[] = [
  { sessions: 1, keys: 200, rounds: 5, scrollback: 0 },
  { sessions: 50, keys: 100, rounds: 5, scrollback: 0 },
  { sessions: 300, keys: 40, rounds: 5, scrollback: 0 },
  { sessions: 50, keys: 100, rounds: 3, scrollback: 70_000 },
];
/** N clients, D datagrams each, one after the other; one lab session per client. */
const UDP_LEVELS: readonly UdpLevel[] = [
  { clients: 1, datagrams: 1000, rounds: 3 },
  { clients: 50, datagrams: 100, rounds: 3 },
];
const WARM_UP: Level = { sessions: 10, keys: 50, rounds: 1, scrollback: 0 };
const GRACE_MS = 1000;
const MAX_SESSIONS = 1000;
/** Below Linux's ephemeral range (32768–60999), so no client socket of this run sits on a lab port. */
const LAB_PORTS = '21000-22999';
const TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5000;
/**
 * The capture section: a classroom's worth of sessions, each with one TCP connection to its echo server, at the
 * aggregate packet rate the capture issue names. ~20 s in all (start-up, 2 s calibration, 15 s window, drain).
 */
const CAPTURE = {
  sessions: 200,
  targetPacketsPerSecond: 2000,
  calibrationRate: 500,
  calibrationSeconds: 2,
  seconds: 15,
  readyTimeoutMs: 20_000,
  drainTimeoutMs: 5000,
} as const;

/**
 * The UDP bursts: 1 s at each rate to one session's `udp-echo`, from a loopback client in another
 * process; the page waits for the rest until it has heard nothing new for `quietMs`.
 */
const BURST = {
  rates: [10_000, 30_000],
  seconds: 1,
  // The ring the capture had before its default became 128 MiB (~8 000 frames instead of ~32 000): what the
  // fastest burst loses without the larger ring.
  otherRingsKiB: [32 * 1024],
  readyTimeoutMs: 20_000,
  quietMs: 3000,
  drainTimeoutMs: 30_000,
} as const;
/** Frames the stage measurement runs through each stage: a second of the fastest burst, every datagram echoed. */
const STAGE_FRAMES = 60_000;
/**
 * The TLS section, ~40 s on a quiet machine; on a busy one the PKI runs take longer, while the handshakes and
 * the handshake view stay within their time budgets. Handshakes per second: one client (the handshake's
 * latency bounds it) and 16 (the server's CPU does, or the load generator's), 1 s per server per round. The
 * handshake view: connections one at a time within a time budget, each given 8 s to reach the page. The PKI:
 * cold and warm starts, and a session's client certificate. Its lab servers get a port range of their own, so
 * none meets a lab port of an earlier section still closing.
 */
const TLS: Omit<TlsSettings, 'root' | 'bundle' | 'labEnvironment' | 'timeoutMs' | 'stopTimeoutMs' | 'say'> = {
  labPorts: '23000-23999',
  levels: [
    { clients: 1, seconds: 1, rounds: 3 },
    { clients: 16, seconds: 1, rounds: 3 },
  ],
  view: {
    tls13: { connections: 30, seconds: 15 },
    tls12: { connections: 10, seconds: 6 },
    viewTimeoutMs: 8000,
    readyTimeoutMs: 20_000,
  },
  pki: { runs: 5, clients: 50 },
};

/**
 * The classroom: N students join 50 at a time and pass `tcp-echo` 50 at a time, 100 of them holding a page open
 * at once for the memory per session; ~10 s for 500 on 2 cores. Its lab server has a port block of its own, the
 * HTTP port included (the restart takes the same port again).
 */
const CLASSROOM = {
  students: wholeFromEnv('CLASSROOM_STUDENTS', 500),
  concurrency: 50,
  openPages: 100,
  httpPort: 23999,
  labPorts: '23000-23998',
} as const;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'build-server', 'main.js');
const resultsFile = path.join(root, 'bench', 'RESULTS.md');

const runStarted = performance.now();
const results: ScenarioResult[] = [];
const stopped: string[] = [];
let idleRssKb: number | undefined;
let warmUp = 'not run';
let finalHealth = 'not checked';
let failure: string | undefined;
let capture: CaptureOutcome | undefined;
let captureError: string | undefined;
const udpRoundTrip: UdpRoundTripResult[] = [];
let burst: BurstOutcome | undefined;
let burstError: string | undefined;
let stages: StageCosts | undefined;
let stagesError: string | undefined;
let tls: TlsOutcome | undefined;
let tlsError: string | undefined;
let classroom: ClassroomOutcome | undefined;
let classroomError: string | undefined;

if (!existsSync(bundle)) {
  process.stderr.write('bench: build-server/main.js is missing; run `node scripts/build-server.mjs` first\n');
  process.exit(2);
}

const labPort = await freePort();
const labUrl = `http://127.0.0.1:${labPort}`;
const labEnvironment = {
  PORT: String(labPort),
  HOST: '127.0.0.1',
  LAB_PORTS,
  SESSION_GRACE_MS: String(GRACE_MS),
  MAX_SESSIONS: String(MAX_SESSIONS),
  // Every benchmark page comes from 127.0.0.1: one client, on purpose as many sessions as the server allows.
  MAX_SESSIONS_PER_CLIENT: String(MAX_SESSIONS),
  MAX_CONNECTIONS_PER_CLIENT: String(2 * MAX_SESSIONS),
  LAB_MODE: 'local',
  // Explicit: the lab server's environment default is `auto`, and the keystroke numbers are without capture.
  CAPTURE: 'off',
};
const tlsSettings: TlsSettings = {
  ...TLS,
  root,
  bundle,
  labEnvironment,
  timeoutMs: TIMEOUT_MS,
  stopTimeoutMs: STOP_TIMEOUT_MS,
  say,
};
if (process.argv.includes('--tls')) {
  // The TLS section alone, printed; RESULTS.md stays as the last full run wrote it.
  const alone = await runTlsSection(tlsSettings);
  process.stdout.write(`\n${renderTls(alone, undefined).join('\n')}\n`);
  // Synchronous on Linux for a pipe, a file or a terminal: the report is out before the exit.
  process.exit(tlsFailed(alone) ? 1 : 0);
}

const classroomSettings: ClassroomSettings = {
  ...CLASSROOM,
  root,
  bundle,
  timeoutMs: TIMEOUT_MS,
  stopTimeoutMs: STOP_TIMEOUT_MS,
  say,
};
if (process.argv.includes('--classroom')) {
  // The classroom section alone, printed; RESULTS.md stays as the last full run wrote it.
  let text: string[];
  let failed = false;
  try {
    text = renderClassroom(await runClassroomSection(classroomSettings), undefined);
  } catch (error) {
    text = renderClassroom(undefined, error instanceof Error ? error.message : String(error));
    failed = true;
  }
  process.stdout.write(`\n${text.join('\n')}\n`);
  process.exit(failed ? 1 : 0);
}

const children: Child[] = [];
try {
  const labServer = spawnLabServer('lab server', { root, bundle }, labEnvironment);
  children.push(labServer);
  const baseline = spawnChild('echo servers', ['--import', 'tsx', path.join(root, 'bench', 'echo-servers.ts')], {
    cwd: root,
    env: process.env,
    stdout: 'pipe',
  });
  children.push(baseline);

  const ports = JSON.parse(await firstLine(baseline, TIMEOUT_MS)) as { ws: number; tcp: number; udp: number };
  await waitHealthy(labUrl, labServer, 100, 100);
  idleRssKb = readRssKb(labServer.pid);
  const target: Target = {
    labPort,
    labPid: labServer.pid,
    labUrl,
    wsPort: ports.ws,
    tcpPort: ports.tcp,
    baselinePid: baseline.pid,
    graceMs: GRACE_MS,
    timeoutMs: TIMEOUT_MS,
  };
  say(
    `lab server pid ${labServer.pid} on ${labUrl}; echo servers pid ${baseline.pid} (ws ${ports.ws}, tcp ${ports.tcp}, ` +
      `udp ${ports.udp})`,
  );

  const warm = await runScenario(target, WARM_UP);
  warmUp = `N = ${warm.sessions}, K = ${warm.keys}, all three targets`;
  say(`warm-up done (N=${warm.sessions}, K=${warm.keys})`);

  for (const level of LEVELS) {
    const result = await runScenario(target, level);
    results.push(result);
    say(
      `N=${result.sessions} K=${result.keys}${result.scrollback > 0 ? ' (full scrollback)' : ''}: lab median ${us(result.lab.rtt.median)}, ws ${us(result.ws.rtt.median)}, ` +
        `tcp ${us(result.tcp.rtt.median)}; /healthz back to 0 sessions after ` +
        result.cleanups.map((c) => (c.reached ? `${Math.round(c.ms)} ms` : `never (${c.last} left)`)).join(', '),
    );
  }
  for (const level of UDP_LEVELS) {
    const result = await runUdpRoundTrip({ ...target, udpPort: ports.udp }, level);
    udpRoundTrip.push(result);
    say(
      `UDP N=${result.clients} D=${result.datagrams}: lab median ${us(result.lab.rtt.median)}, raw ` +
        `${us(result.raw.rtt.median)}; server CPU per datagram ${Math.round(result.lab.serverCpuUsPerKey)} µs vs ` +
        `${Math.round(result.raw.serverCpuUsPerKey)} µs`,
    );
  }
  const health = await getHealth(labUrl);
  finalHealth = `${health.sessions} sessions (status ${health.status})`;
} catch (error) {
  failure = error instanceof Error ? error.message : String(error);
  for (const child of children) {
    const tail = child.stderrTail().trim();
    if (tail !== '') failure += `\n\n${child.name} stderr:\n\n${tail}`;
  }
} finally {
  for (const child of children) stopped.push(await stopChild(child, STOP_TIMEOUT_MS));
}

if (failure === undefined) {
  try {
    capture = await runCaptureScenario({
      ...CAPTURE,
      root,
      bundle,
      labEnvironment,
      timeoutMs: TIMEOUT_MS,
      stopTimeoutMs: STOP_TIMEOUT_MS,
      say,
    });
    if (capture.kind === 'skipped') say(`capture section skipped: ${capture.reason}`);
    else {
      const r = capture.result;
      say(
        `capture: ${Math.round(r.window.packetsPerSecond)} packets/s; latency p50 ${r.latency.median.toFixed(2)} ms, ` +
          `p99 ${r.latency.p99.toFixed(2)} ms, max ${r.latency.max.toFixed(2)} ms; lost ${r.missingRequests} + ` +
          `${r.missingEchoes} of ${r.payloadsSent}; foreign ${r.foreignPackets + r.foreignPeers}`,
      );
    }
  } catch (error) {
    captureError = error instanceof Error ? error.message : String(error);
  }
  try {
    burst = await runUdpBurst({
      ...BURST,
      root,
      bundle,
      labEnvironment,
      timeoutMs: TIMEOUT_MS,
      stopTimeoutMs: STOP_TIMEOUT_MS,
      say,
    });
    if (burst.kind === 'skipped') say(`UDP burst section skipped: ${burst.reason}`);
  } catch (error) {
    burstError = error instanceof Error ? error.message : String(error);
  }
  try {
    stages = measureCaptureStages(STAGE_FRAMES);
    say(
      `capture stages per frame: ${stages.mainThread.map((cost) => `${cost.usPerFrame.toFixed(1)} µs`).join(', ')}; ` +
        `tshark ${'failed' in stages.tshark ? stages.tshark.failed : `${stages.tshark.usPerFrame.toFixed(1)} µs`}`,
    );
  } catch (error) {
    stagesError = error instanceof Error ? error.message : String(error);
  }
  try {
    tls = await runTlsSection(tlsSettings);
  } catch (error) {
    tlsError = error instanceof Error ? error.message : String(error);
  }
  try {
    classroom = await runClassroomSection(classroomSettings);
  } catch (error) {
    classroomError = error instanceof Error ? error.message : String(error);
  }
}

const report = withClassroom(
  renderReport(
    {
      date: new Date().toISOString().slice(0, 16).replace('T', ' '),
      cores: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      node: process.version,
      platform: `${os.type()} ${os.arch()}`,
      labEnv: describeEnvironment(labEnvironment),
      idleRssKb,
      graceMs: GRACE_MS,
      warmUp,
      finalHealth,
      stopped,
      totalSeconds: (performance.now() - runStarted) / 1000,
      error: failure,
      capture,
      captureError,
      udpRoundTrip,
      burst,
      burstError,
      stages,
      stagesError,
      tls,
      tlsError,
    },
    results,
  ),
  renderClassroom(classroom, classroomError),
);
process.stdout.write(`\n${report}`);
writeFileSync(resultsFile, report);
say(`wrote ${path.relative(root, resultsFile)}`);
const failed =
  [failure, captureError, burstError, stagesError, tlsError, classroomError].some((error) => error !== undefined) ||
  (tls !== undefined && tlsFailed(tls));
process.exitCode = failed ? 1 : 0;

function say(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/** A whole number of at least 1 from the environment, or `fallback` when unset. */
function wholeFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 2) {
    process.stderr.write(`bench: ${name} must be a whole number of at least 2, got ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return value;
}

function us(valueMs: number): string {
  return `${Math.round(valueMs * 1000)} µs`;
}
