/**
 * The capture section of `npm run bench`: packet on the wire → `packet` message at the page. It starts its own
 * lab server with `CAPTURE=auto`, waits until `/healthz` says the capture runs (or skips the section, with the
 * reason, when it is unavailable), opens N `tcp-echo` sessions and one TCP connection per session to that
 * session's echo server, and sends small unique payloads (`m<session>-<n>;`) round-robin at a steady rate.
 *
 * For every `packet` message a page receives: latency = wall time of arrival − `packet.time` (the kernel's
 * capture timestamp); loss = a payload sent that did not reach its session's page both as a segment to the server
 * and as the echo from it; isolation = packets a page got that are not of its own echo port (or of its own
 * client's port). The rate is calibrated first: a short run at `calibrationRate` measures captured packets per
 * exchange (delayed ACKs make it 2–4), then the measured window runs at the message rate that gives
 * `targetPacketsPerSecond`. CPU time and RSS of tcpdump, tshark and the lab server are read from /proc over the
 * window. Only processes this file started (the lab server, by the pid spawn returned) are signalled; the
 * capture's own children are stopped by the lab server, and only checked for here.
 */

import net from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Packet } from '../src/protocol';
import {
  type Child,
  descendants,
  freePort,
  getHealth,
  isAlive,
  readCpuMs,
  readRssKb,
  readSystemCpu,
  spawnChild,
  stopChild,
  waitHealthy,
  waitSessions,
} from './children';
import { PacketPage } from './packet-page';
import { type Summary, summarize } from './stats';

export interface CaptureSettings {
  readonly root: string;
  readonly bundle: string;
  /** Lab server environment; PORT (a free one) and CAPTURE (`auto`) are set here. */
  readonly labEnvironment: Readonly<Record<string, string>>;
  readonly sessions: number;
  readonly targetPacketsPerSecond: number;
  /** Messages per second of the calibration run, and how long it lasts. */
  readonly calibrationRate: number;
  readonly calibrationSeconds: number;
  /** The measured window. */
  readonly seconds: number;
  /** How long the capture may take to report `running` before the section is skipped. */
  readonly readyTimeoutMs: number;
  /** After the last payload, how long to wait for the missing ones before counting them lost. */
  readonly drainTimeoutMs: number;
  /** Deadline for any one answer (handshake, welcome, connect). */
  readonly timeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly say: (text: string) => void;
}

export interface ProcessCost {
  readonly role: string;
  readonly pid: number;
  /** CPU time over the window's wall time; 1 = one core. Undefined when the process was gone at the end. */
  readonly cpu: number | undefined;
  /** VmRSS when the capture had just started, at the window's start and at its end. */
  readonly rssIdleKb: number | undefined;
  readonly rssStartKb: number | undefined;
  readonly rssEndKb: number | undefined;
}

export interface CaptureResult {
  readonly env: string;
  readonly sessions: number;
  readonly distinctEchoPorts: number;
  /** From spawning the lab server to `/healthz` saying `running`. */
  readonly readyMs: number;
  readonly calibration: { readonly messages: number; readonly packets: number; readonly packetsPerMessage: number };
  /** Messages per second: from the calibration, the range it was adjusted within, and the last value. */
  readonly rate: { readonly initial: number; readonly lowest: number; readonly highest: number; readonly last: number };
  readonly window: {
    readonly seconds: number;
    readonly messages: number;
    /** Packet messages received from the window's start until the drain ended. */
    readonly packets: number;
    readonly packetsPerSecond: number;
    /** Packets received in each whole second of sending: the slowest and the fastest. */
    readonly slowestSecond: number;
    readonly fastestSecond: number;
    /** From the last payload sent until every payload had been seen at its page (or the drain gave up). */
    readonly drainMs: number;
  };
  readonly latency: Summary;
  readonly latencyToServer: Summary;
  readonly latencyFromServer: Summary;
  /** Packets of the TCP handshakes (200 connections opened at once) and of the calibration run. */
  readonly latencySetup: Summary;
  readonly latencyCalibration: Summary;
  readonly payloadsSent: number;
  readonly missingRequests: number;
  readonly missingEchoes: number;
  readonly missingExamples: readonly string[];
  /** Packets a page received that are not of its own echo port. */
  readonly foreignPackets: number;
  /** Packets of its own echo port whose other end is not its own client's port. */
  readonly foreignPeers: number;
  /** Payload tokens of another session found in a page's packets. */
  readonly foreignPayloads: number;
  readonly truncatedPayloads: number;
  readonly totalPackets: number;
  readonly welcomePackets: number;
  readonly otherMessages: string;
  readonly notices: readonly string[];
  readonly errors: readonly string[];
  readonly tcpErrors: number;
  readonly processes: readonly ProcessCost[];
  /** Capture processes seen at the end that were not there at the start (a restart or a rotation). */
  readonly newProcesses: readonly string[];
  readonly benchCpu: number;
  /** All CPUs' busy time over the window (`/proc/stat`), in cores: the measured processes and everything else. */
  readonly machineBusy: number;
  readonly cores: number;
  readonly benchLoopDelay: { readonly p99Ms: number; readonly maxMs: number };
  readonly clockOffsetMs: number;
  readonly captureAfter: string;
  readonly sessionsClosedMs: number | undefined;
  readonly captureChildrenAfterStop: string;
  readonly stopped: string;
}

export type CaptureOutcome =
  | { readonly kind: 'done'; readonly result: CaptureResult }
  | { readonly kind: 'skipped'; readonly env: string; readonly reason: string; readonly stopped: string };

const CAPTURE_PROGRAMS = new Set(['tcpdump', 'tshark', 'dumpcap']);
export const TICK_MS = 10;
/** Settle time after the TCP connections open, so their handshakes are not in the calibration. */
const SETTLE_MS = 500;
const TOKEN_SEPARATOR = ';';
const RATE_ADJUST_MS = 1000;
/** monitorEventLoopDelay's sampling interval, which every sample it records includes. */
const LOOP_RESOLUTION_MS = 2;

type Phase = 'setup' | 'calibration' | 'window' | 'after';

interface Direction {
  /** Text after the last separator: a token split across segments. */
  partial: string;
  readonly seen: Set<string>;
}

interface SessionState {
  readonly page: PacketPage;
  readonly echoPort: number;
  socket: net.Socket | undefined;
  clientPort: number | undefined;
  sent: number;
  readonly toServer: Direction;
  readonly fromServer: Direction;
}

export async function runCaptureScenario(settings: CaptureSettings): Promise<CaptureOutcome> {
  const labPort = await freePort();
  const labUrl = `http://127.0.0.1:${labPort}`;
  const environment = { ...settings.labEnvironment, CAPTURE: 'auto' };
  const env = Object.entries(environment)
    .filter(([name]) => name !== 'PORT')
    .map(([name, value]) => `\`${name}=${value}\``)
    .join(', ');
  const spawned = performance.now();
  const labServer = spawnChild('capture lab server', [settings.bundle], {
    cwd: settings.root,
    env: { ...process.env, ...environment, PORT: String(labPort) },
    stdout: 'ignore',
  });
  let stopped = 'not stopped';
  try {
    await waitHealthy(labUrl, labServer, 100, 100);
    const ready = await waitCapture(labUrl, labServer, settings.readyTimeoutMs);
    if (ready.state !== 'running') {
      stopped = await stopChild(labServer, settings.stopTimeoutMs);
      return { kind: 'skipped', env, reason: `capture ${ready.state}: ${ready.reason}`, stopped };
    }
    const readyMs = performance.now() - spawned;
    settings.say(`capture running after ${Math.round(readyMs)} ms (lab server pid ${labServer.pid})`);
    const result = await measure(settings, labServer, labPort, labUrl, env, readyMs);
    stopped = await stopChild(labServer, settings.stopTimeoutMs);
    const leftovers = await captureChildrenLeft(result.processes);
    return { kind: 'done', result: { ...result, stopped, captureChildrenAfterStop: leftovers } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const tail = labServer.stderrTail().trim();
    throw new Error(tail === '' ? message : `${message}\n\n${labServer.name} stderr:\n\n${tail}`);
  } finally {
    if (stopped === 'not stopped') await stopChild(labServer, settings.stopTimeoutMs);
  }
}

/** Polls `/healthz` until the capture is `running` or `unavailable`, or `timeoutMs` passed. */
async function waitCapture(
  labUrl: string,
  labServer: Child,
  timeoutMs: number,
): Promise<{ state: string; reason: string }> {
  const intervalMs = 100;
  let last = { state: 'unknown', reason: '/healthz did not report a capture' };
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / intervalMs); attempt++) {
    if (labServer.process.exitCode !== null) throw new Error(`${labServer.name} exited: ${labServer.stderrTail()}`);
    const health = await getHealth(labUrl);
    if (health.capture !== undefined) last = health.capture;
    if (last.state === 'running' || last.state === 'unavailable') return last;
    await sleep(intervalMs);
  }
  return { state: last.state, reason: `still ${last.state} after ${timeoutMs} ms (${last.reason})` };
}

async function measure(
  settings: CaptureSettings,
  labServer: Child,
  labPort: number,
  labUrl: string,
  env: string,
  readyMs: number,
): Promise<Omit<CaptureResult, 'stopped' | 'captureChildrenAfterStop'>> {
  const idle = new Map<number, number | undefined>();
  for (const child of [{ pid: labServer.pid }, ...captureProcesses(labServer.pid)]) {
    idle.set(child.pid, rssOrUndefined(child.pid));
  }

  const clockOffsetMs = clockOffset();
  const clock = (): number => performance.timeOrigin + performance.now() + clockOffsetMs;
  let phase: Phase = 'setup';
  let windowStart = 0;
  const latencies: Record<Phase, number[]> = { setup: [], calibration: [], window: [], after: [] };
  const toServerLatencies: number[] = [];
  const fromServerLatencies: number[] = [];
  const perSecond: number[] = [];
  const counters = {
    total: 0,
    foreignPackets: 0,
    foreignPeers: 0,
    foreignPayloads: 0,
    truncated: 0,
    tcpErrors: 0,
  };
  const states: SessionState[] = [];

  const onPacket = (page: PacketPage, packet: Packet, receivedAt: number): void => {
    counters.total++;
    const latency = receivedAt - packet.time * 1000;
    latencies[phase].push(latency);
    if (phase === 'window') {
      const second = Math.floor((receivedAt - windowStart) / 1000);
      if (second >= 0 && second < settings.seconds) perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
    const state = states[page.index];
    if (state === undefined) return;
    const own = state.echoPort;
    if (packet.srcPort !== own && packet.dstPort !== own) {
      counters.foreignPackets++;
      return;
    }
    const peer = packet.srcPort === own ? packet.dstPort : packet.srcPort;
    if (state.clientPort !== undefined && peer !== state.clientPort) counters.foreignPeers++;
    if (phase === 'window') (packet.dstPort === own ? toServerLatencies : fromServerLatencies).push(latency);
    if (packet.payload.length === 0) return;
    if (packet.payload.truncated) counters.truncated++;
    const text = Buffer.from(packet.payload.hex, 'hex').toString('latin1');
    const foreign = addTokens(packet.dstPort === own ? state.toServer : state.fromServer, text, `m${page.index}-`);
    counters.foreignPayloads += foreign;
  };

  const pages = await openAll(settings.sessions, (index) =>
    PacketPage.open(labPort, index, clock, onPacket, settings.timeoutMs),
  );
  try {
    const welcomes = await Promise.all(pages.map((page) => page.hello('tcp-echo', settings.timeoutMs)));
    for (const [index, page] of pages.entries()) {
      states.push({
        page,
        echoPort: welcomes[index]!.echoPort,
        socket: undefined,
        clientPort: undefined,
        sent: 0,
        toServer: { partial: '', seen: new Set() },
        fromServer: { partial: '', seen: new Set() },
      });
    }
    settings.say(`${pages.length} capture sessions open; connecting to their echo servers`);
    await Promise.all(states.map((state) => connect(state, settings.timeoutMs, counters)));
    await sleep(SETTLE_MS);

    // Calibration: how many packets does one exchange make here?
    phase = 'calibration';
    const calibrationPackets = counters.total;
    const calibrationSent = await send(states, settings.calibrationSeconds, () => settings.calibrationRate);
    // The last exchanges' ACKs are still on their way: the delayed ACK is 40 ms on Linux.
    await sleep(100);
    const packetsPerMessage = (counters.total - calibrationPackets) / Math.max(1, calibrationSent);
    const initialRate = rateFor(settings.targetPacketsPerSecond, packetsPerMessage);
    settings.say(
      `calibration: ${calibrationSent} messages gave ${counters.total - calibrationPackets} packets ` +
        `(${packetsPerMessage.toFixed(2)} per message); sending ~${initialRate} messages/s for ${settings.seconds} s`,
    );

    // The measured window.
    const capture = [labServer.pid, ...captureProcesses(labServer.pid).map((child) => child.pid)];
    const before = new Map(capture.map((pid) => [pid, { cpuMs: cpuOrUndefined(pid), rssKb: rssOrUndefined(pid) }]));
    const benchBefore = process.cpuUsage();
    const systemBefore = readSystemCpu();
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loopDelay.enable();
    const packetsBefore = counters.total;
    const started = performance.now();
    windowStart = clock();
    phase = 'window';
    // Packets per exchange fall once the connections leave TCP's quick-ACK start (the calibration sees more of it):
    // once a second the rate is set again from the window's own packets per message so far.
    let messagesPerSecond = initialRate;
    let adjustAt = RATE_ADJUST_MS;
    const rates: number[] = [];
    const windowSent = await send(states, settings.seconds, (elapsedMs, sentSoFar) => {
      if (elapsedMs >= adjustAt && sentSoFar > 0) {
        adjustAt += RATE_ADJUST_MS;
        messagesPerSecond = rateFor(settings.targetPacketsPerSecond, (counters.total - packetsBefore) / sentSoFar);
        rates.push(messagesPerSecond);
      }
      return messagesPerSecond;
    });
    const sendMs = performance.now() - started;
    loopDelay.disable();
    const benchCpu = process.cpuUsage(benchBefore);
    const systemAfter = readSystemCpu();
    const after = new Map(capture.map((pid) => [pid, { cpuMs: cpuOrUndefined(pid), rssKb: rssOrUndefined(pid) }]));
    const atEnd = captureProcesses(labServer.pid);
    const drainStarted = performance.now();
    await waitUntil(() => states.every((state) => complete(state)), settings.drainTimeoutMs);
    const drainMs = performance.now() - drainStarted;
    const windowPackets = counters.total - packetsBefore;
    phase = 'after';
    const health = await getHealth(labUrl);

    const names = new Map([[labServer.pid, 'lab server'], ...atEnd.map((p) => [p.pid, p.name] as const)]);
    for (const child of captureProcesses(labServer.pid)) names.set(child.pid, child.name);
    const processes: ProcessCost[] = capture.map((pid) => {
      const start = before.get(pid);
      const end = after.get(pid);
      const cpuMs = start?.cpuMs !== undefined && end?.cpuMs !== undefined ? end.cpuMs - start.cpuMs : undefined;
      return {
        role: names.get(pid) ?? 'capture child (exited)',
        pid,
        cpu: cpuMs === undefined ? undefined : cpuMs / sendMs,
        rssIdleKb: idle.get(pid),
        rssStartKb: start?.rssKb,
        rssEndKb: end?.rssKb,
      };
    });
    const newProcesses = atEnd.filter((p) => !capture.includes(p.pid)).map((p) => `${p.name} (pid ${p.pid})`);

    const missing = missingPayloads(states);
    const otherMessages = new Map<string, number>();
    for (const page of pages) {
      for (const [type, count] of page.counts) otherMessages.set(type, (otherMessages.get(type) ?? 0) + count);
    }
    const secondsCounted = perSecond.slice(0, Math.floor(sendMs / 1000));
    const result: Omit<CaptureResult, 'stopped' | 'captureChildrenAfterStop' | 'sessionsClosedMs'> = {
      env,
      sessions: pages.length,
      distinctEchoPorts: new Set(states.map((state) => state.echoPort)).size,
      readyMs,
      calibration: {
        messages: calibrationSent,
        packets: latencies.calibration.length,
        packetsPerMessage,
      },
      rate: {
        initial: initialRate,
        lowest: Math.min(initialRate, ...rates),
        highest: Math.max(initialRate, ...rates),
        last: messagesPerSecond,
      },
      window: {
        seconds: sendMs / 1000,
        messages: windowSent,
        packets: windowPackets,
        packetsPerSecond: windowPackets / ((sendMs + drainMs) / 1000),
        slowestSecond: secondsCounted.length > 0 ? Math.min(...secondsCounted.map((n) => n ?? 0)) : Number.NaN,
        fastestSecond: secondsCounted.length > 0 ? Math.max(...secondsCounted.map((n) => n ?? 0)) : Number.NaN,
        drainMs,
      },
      latency: summarize(latencies.window),
      latencyToServer: summarize(toServerLatencies),
      latencyFromServer: summarize(fromServerLatencies),
      latencySetup: summarize(latencies.setup),
      latencyCalibration: summarize(latencies.calibration),
      payloadsSent: states.reduce((total, state) => total + state.sent, 0),
      missingRequests: missing.requests,
      missingEchoes: missing.echoes,
      missingExamples: missing.examples,
      foreignPackets: counters.foreignPackets,
      foreignPeers: counters.foreignPeers,
      foreignPayloads: counters.foreignPayloads,
      truncatedPayloads: counters.truncated,
      totalPackets: counters.total,
      welcomePackets: welcomes.reduce((total, welcome) => total + welcome.packets, 0),
      otherMessages: [...otherMessages].map(([type, count]) => `${count} ${type}`).join(', ') || 'none',
      notices: unique(pages.flatMap((page) => page.notices)),
      errors: unique(pages.flatMap((page) => page.errors)),
      tcpErrors: counters.tcpErrors,
      processes,
      newProcesses,
      benchCpu: (benchCpu.user + benchCpu.system) / 1000 / sendMs,
      machineBusy:
        ((systemAfter.busy - systemBefore.busy) / Math.max(1, systemAfter.total - systemBefore.total)) *
        os.availableParallelism(),
      cores: os.availableParallelism(),
      benchLoopDelay: {
        p99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
        maxMs: Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS),
      },
      clockOffsetMs,
      captureAfter:
        health.capture === undefined ? 'not reported' : `${health.capture.state} (${health.capture.reason})`,
    };
    closeAll(states);
    for (const page of pages) page.close();
    // Bounded: the grace period plus 10 s for the sessions to release their servers.
    const graceMs = Number(settings.labEnvironment.SESSION_GRACE_MS ?? 0);
    const cleanup = await waitSessions(labUrl, 0, Math.ceil((graceMs + 10_000) / 50), 50);
    return { ...result, sessionsClosedMs: cleanup.reached ? cleanup.ms : undefined };
  } finally {
    closeAll(states);
    for (const page of pages) page.close();
  }
}

/** The message rate that gives `packetsPerSecond`, within 100 and `packetsPerSecond` (one packet a message). */
function rateFor(packetsPerSecond: number, packetsPerMessage: number): number {
  if (!(packetsPerMessage > 0)) return Math.round(packetsPerSecond / 4);
  return Math.round(Math.min(packetsPerSecond, Math.max(100, packetsPerSecond / packetsPerMessage)));
}

function captureProcesses(labPid: number): { pid: number; name: string }[] {
  return descendants(labPid).filter((child) => CAPTURE_PROGRAMS.has(child.name));
}

/**
 * After the lab server exited: are the capture's children gone too? They run in their own process groups, so a
 * lab server that did not stop them would leave them behind. Polls for up to 3 s; reports, never signals.
 */
async function captureChildrenLeft(processes: readonly ProcessCost[]): Promise<string> {
  const pids = processes.filter((cost) => cost.role !== 'lab server').map((cost) => cost.pid);
  await waitUntil(() => pids.every((pid) => !isAlive(pid)), 3000);
  const alive = pids.filter(isAlive);
  return alive.length === 0
    ? `all ${pids.length} gone`
    : `STILL RUNNING after the lab server exited: pids ${alive.join(', ')}`;
}

async function connect(state: SessionState, timeoutMs: number, counters: { tcpErrors: number }): Promise<void> {
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: state.echoPort, noDelay: true, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('timeout', () =>
      socket.destroy(new Error(`no connection to port ${state.echoPort} in ${timeoutMs} ms`)),
    );
    socket.once('error', reject);
  });
  state.socket = socket;
  state.clientPort = socket.localPort;
  // The echo is read from the capture, not from the socket: only drain it.
  socket.resume();
  socket.on('error', () => {
    counters.tcpErrors++;
  });
}

/**
 * Sends messages round-robin over the sessions for `seconds`, at `rate(elapsedMs, sentSoFar)` messages per
 * second, paced by a timer: each tick sends what is due by the clock, so late timers do not lower the rate.
 * Returns the messages sent.
 */
async function send(
  states: readonly SessionState[],
  seconds: number,
  rate: (elapsedMs: number, sent: number) => number,
): Promise<number> {
  const started = performance.now();
  const durationMs = seconds * 1000;
  let sent = 0;
  let due = 0;
  let last = started;
  // Bounded: the loop ends at `durationMs`, and at the latest after twice the ticks it should take.
  for (let tick = 0; tick < (2 * durationMs) / TICK_MS; tick++) {
    const now = performance.now();
    if (now - started >= durationMs) break;
    due += ((now - last) / 1000) * rate(now - started, sent);
    last = now;
    while (sent < Math.floor(due)) {
      const state = states[sent % states.length]!;
      state.socket?.write(`m${state.page.index}-${state.sent}${TOKEN_SEPARATOR}`);
      state.sent++;
      sent++;
    }
    await sleep(TICK_MS);
  }
  return sent;
}

/** Adds the complete tokens of `text` to `direction`; returns how many belonged to another session. */
function addTokens(direction: Direction, text: string, prefix: string): number {
  const parts = (direction.partial + text).split(TOKEN_SEPARATOR);
  direction.partial = parts.pop() ?? '';
  let foreign = 0;
  for (const token of parts) {
    if (token.startsWith(prefix)) direction.seen.add(token);
    else foreign++;
  }
  return foreign;
}

function complete(state: SessionState): boolean {
  return state.toServer.seen.size >= state.sent && state.fromServer.seen.size >= state.sent;
}

function missingPayloads(states: readonly SessionState[]): { requests: number; echoes: number; examples: string[] } {
  let requests = 0;
  let echoes = 0;
  const examples: string[] = [];
  for (const state of states) {
    for (let n = 0; n < state.sent; n++) {
      const token = `m${state.page.index}-${n}`;
      const request = !state.toServer.seen.has(token);
      const echo = !state.fromServer.seen.has(token);
      if (request) requests++;
      if (echo) echoes++;
      if ((request || echo) && examples.length < 5) {
        examples.push(`${token} (${request && echo ? 'both' : request ? 'to the server' : 'the echo'})`);
      }
    }
  }
  return { requests, echoes, examples };
}

function closeAll(states: readonly SessionState[]): void {
  for (const state of states) {
    state.socket?.destroy();
    state.socket = undefined;
  }
}

/** Polls `done` every 50 ms for at most `timeoutMs`. */
async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / 50); attempt++) {
    if (done()) return true;
    await sleep(50);
  }
  return done();
}

/**
 * Milliseconds to add to `performance.timeOrigin + performance.now()` to get the wall clock the kernel stamps
 * packets with: read at five edges of `Date.now()`'s millisecond, where it is exact to a few µs. Bounded: each
 * wait for an edge gives up after 100 000 reads.
 */
function clockOffset(): number {
  const offsets: number[] = [];
  for (let edge = 0; edge < 5; edge++) {
    const start = Date.now();
    let now = start;
    for (let read = 0; read < 100_000 && now === start; read++) now = Date.now();
    offsets.push(now - (performance.timeOrigin + performance.now()));
  }
  offsets.sort((a, b) => a - b);
  return offsets[2]!;
}

function cpuOrUndefined(pid: number): number | undefined {
  try {
    return readCpuMs(pid);
  } catch {
    return undefined;
  }
}

function rssOrUndefined(pid: number): number | undefined {
  try {
    return readRssKb(pid);
  } catch {
    return undefined;
  }
}

function unique(lines: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return [...counts].map(([line, count]) => (count > 1 ? `${line} (×${count})` : line));
}

/** Opens `count` pages at once; if any fails, closes those that opened and throws. */
async function openAll(count: number, open: (index: number) => Promise<PacketPage>): Promise<PacketPage[]> {
  const settled = await Promise.allSettled(Array.from({ length: count }, (_, index) => open(index)));
  const opened = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (opened.length < count) {
    for (const page of opened) page.close();
    const rejected = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    throw new Error(`${count - opened.length} of ${count} pages failed to open: ${String(rejected?.reason)}`);
  }
  return opened;
}
