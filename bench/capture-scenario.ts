/**
 * The capture section of `npm run bench`: packet on the wire → `packet` message at the page. It starts its own
 * lab server with `CAPTURE=auto`, waits until `/healthz` says the capture runs (or skips the section, with the
 * reason, when it is unavailable), opens N `tcp-echo` sessions and one TCP connection per session to that
 * session's echo server, and sends small unique payloads round-robin at a steady rate: first a short calibration
 * run, then the measured window at the rate that gives `targetPacketsPerSecond` (paced-sender.ts). What the
 * pages receive is tallied by packet-tally.ts (latency, isolation) and payload-ledger.ts (loss); what the window
 * cost, by window-cost.ts. Only processes this file started (the lab server, by the pid spawn returned) are
 * signalled; the capture's own children are stopped by the lab server, and only checked for here.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { captureChildrenLeft } from './capture-processes';
import { CaptureSession } from './capture-session';
import type { Child } from './children';
import { getHealth, waitSessions, withCapturingLabServer } from './lab-server-child';
import { openAll } from './open-all';
import { AdaptiveRate, type Calibration, calibrate, sendPaced } from './paced-sender';
import { PacketPage, type PagesMessages, type PageWelcome, pagesMessages } from './packet-page';
import { PacketTally } from './packet-tally';
import { missingPayloads } from './payload-ledger';
import { type Summary, summarize } from './stats';
import { waitUntil } from './wait-until';
import { type WallClock, wallClock } from './wall-clock';
import { type WindowCost, WindowCostMeter } from './window-cost';

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

/** What the pages' packets measured: rates, latencies, loss and isolation. */
export interface PacketsMeasured {
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
}

export interface CaptureResult extends PacketsMeasured, PagesMessages, WindowCost {
  readonly env: string;
  readonly sessions: number;
  readonly distinctEchoPorts: number;
  /** From spawning the lab server to `/healthz` saying `running`. */
  readonly readyMs: number;
  readonly tcpErrors: number;
  readonly clockOffsetMs: number;
  readonly captureAfter: string;
  readonly sessionsClosedMs: number | undefined;
  readonly captureChildrenAfterStop: string;
  readonly stopped: string;
}

export type CaptureOutcome =
  | { readonly kind: 'done'; readonly result: CaptureResult }
  | { readonly kind: 'skipped'; readonly env: string; readonly reason: string; readonly stopped: string };

/** Settle time after the TCP connections open, so their handshakes are not in the calibration. */
const SETTLE_MS = 500;

type Measured = Omit<CaptureResult, 'stopped' | 'captureChildrenAfterStop'>;

interface WindowRun {
  readonly messages: number;
  readonly packets: number;
  /** From the first payload to the last, and from the last until every payload was seen. */
  readonly sendMs: number;
  readonly drainMs: number;
  readonly rate: PacketsMeasured['rate'];
}

export async function runCaptureScenario(settings: CaptureSettings): Promise<CaptureOutcome> {
  let labPid = 0;
  const outcome = await withCapturingLabServer('capture lab server', settings, async (server) => {
    labPid = server.child.pid;
    settings.say(`capture running after ${Math.round(server.readyMs)} ms (lab server pid ${labPid})`);
    return measure(settings, server.child, server.port, server.url, server.env, server.readyMs);
  });
  if (outcome.kind === 'skipped') return outcome;
  const result = outcome.value;
  const captureChildren = result.processes.filter((cost) => cost.pid !== labPid).map((cost) => cost.pid);
  const leftovers = await captureChildrenLeft(captureChildren);
  return { kind: 'done', result: { ...result, stopped: outcome.stopped, captureChildrenAfterStop: leftovers } };
}

/** The capture is running: open the sessions, calibrate, run the window, and read what it measured. */
async function measure(
  settings: CaptureSettings,
  labServer: Child,
  labPort: number,
  labUrl: string,
  env: string,
  readyMs: number,
): Promise<Measured> {
  const cost = new WindowCostMeter(labServer.pid);
  const clock = wallClock();
  const tally = new PacketTally(settings.seconds);
  const sessions: CaptureSession[] = [];
  const pages = await openAll(settings.sessions, 'pages', (index) =>
    PacketPage.open(
      labPort,
      index,
      clock.now,
      (page, packet, at) => tally.record(sessions[page.index], packet, at),
      settings.timeoutMs,
    ),
  );
  try {
    const welcomes = await startSessions(settings, pages, sessions);
    const calibration = await calibrateRate(settings, sessions, tally);
    const window = await runWindow(settings, sessions, calibration.rate, tally, cost, clock);
    const health = await getHealth(labUrl);
    const result: Omit<Measured, 'sessionsClosedMs'> = {
      env,
      sessions: pages.length,
      distinctEchoPorts: new Set(sessions.map((session) => session.echoPort)).size,
      readyMs,
      ...packetsMeasured(sessions, welcomes, calibration, window, tally),
      ...pagesMessages(pages),
      tcpErrors: sessions.reduce((total, session) => total + session.tcpErrors, 0),
      ...cost.result(window.sendMs),
      clockOffsetMs: clock.offsetMs,
      captureAfter:
        health.capture === undefined ? 'not reported' : `${health.capture.state} (${health.capture.reason})`,
    };
    closeAll(sessions, pages);
    return { ...result, sessionsClosedMs: await sessionsClosedMs(settings, labUrl) };
  } finally {
    closeAll(sessions, pages);
  }
}

/** Says `hello` on every page, connects to each session's echo server, and lets the handshakes' packets pass. */
async function startSessions(
  settings: CaptureSettings,
  pages: readonly PacketPage[],
  into: CaptureSession[],
): Promise<PageWelcome[]> {
  const welcomes = await Promise.all(pages.map((page) => page.hello('tcp-echo', 'tcp-echo', settings.timeoutMs)));
  for (const [index, page] of pages.entries()) into.push(new CaptureSession(page, welcomes[index]!.echoPort));
  settings.say(`${pages.length} capture sessions open; connecting to their echo servers`);
  await Promise.all(into.map((session) => session.connect(settings.timeoutMs)));
  await sleep(SETTLE_MS);
  return welcomes;
}

/** How many packets does one exchange make here? Gives the message rate the window starts at. */
async function calibrateRate(
  settings: CaptureSettings,
  sessions: readonly CaptureSession[],
  tally: PacketTally,
): Promise<Calibration> {
  tally.phase = 'calibration';
  const calibration = await calibrate(
    sessions,
    {
      rate: settings.calibrationRate,
      seconds: settings.calibrationSeconds,
      targetPacketsPerSecond: settings.targetPacketsPerSecond,
    },
    () => tally.count('calibration'),
  );
  settings.say(
    `calibration: ${calibration.messages} messages gave ${tally.count('calibration')} packets ` +
      `(${calibration.packetsPerMessage.toFixed(2)} per message); sending ~${calibration.rate} messages/s for ` +
      `${settings.seconds} s`,
  );
  return calibration;
}

/** The measured window: its cost from the first payload to the last, then the drain until all were seen. */
async function runWindow(
  settings: CaptureSettings,
  sessions: readonly CaptureSession[],
  initialRate: number,
  tally: PacketTally,
  cost: WindowCostMeter,
  clock: WallClock,
): Promise<WindowRun> {
  const rate = new AdaptiveRate(initialRate, settings.targetPacketsPerSecond, () => tally.count('window'));
  cost.start();
  const started = performance.now();
  tally.startWindow(clock.now());
  const messages = await sendPaced(sessions, settings.seconds, rate.rate);
  const sendMs = performance.now() - started;
  cost.stop();
  const drainStarted = performance.now();
  await waitUntil(() => sessions.every((session) => session.ledger.complete), settings.drainTimeoutMs);
  const drainMs = performance.now() - drainStarted;
  tally.phase = 'after';
  return { messages, packets: tally.count('window'), sendMs, drainMs, rate: rate.range };
}

/** The packets' side of the result: rates, latencies, loss and isolation. */
function packetsMeasured(
  sessions: readonly CaptureSession[],
  welcomes: readonly PageWelcome[],
  calibration: Calibration,
  window: WindowRun,
  tally: PacketTally,
): PacketsMeasured {
  const ledgers = sessions.map((session) => session.ledger);
  const missing = missingPayloads(ledgers);
  const seconds = tally.seconds(window.sendMs);
  return {
    calibration: {
      messages: calibration.messages,
      packets: tally.count('calibration'),
      packetsPerMessage: calibration.packetsPerMessage,
    },
    rate: window.rate,
    window: {
      seconds: window.sendMs / 1000,
      messages: window.messages,
      packets: window.packets,
      packetsPerSecond: window.packets / ((window.sendMs + window.drainMs) / 1000),
      slowestSecond: seconds.slowest,
      fastestSecond: seconds.fastest,
      drainMs: window.drainMs,
    },
    latency: summarize(tally.latencies.window),
    latencyToServer: summarize(tally.toServer),
    latencyFromServer: summarize(tally.fromServer),
    latencySetup: summarize(tally.latencies.setup),
    latencyCalibration: summarize(tally.latencies.calibration),
    payloadsSent: ledgers.reduce((total, ledger) => total + ledger.sent, 0),
    missingRequests: missing.requests,
    missingEchoes: missing.echoes,
    missingExamples: missing.examples,
    foreignPackets: tally.foreignPackets,
    foreignPeers: tally.foreignPeers,
    foreignPayloads: tally.foreignPayloads,
    truncatedPayloads: tally.truncatedPayloads,
    totalPackets: tally.total,
    welcomePackets: welcomes.reduce((total, welcome) => total + welcome.packets, 0),
  };
}

/** After the pages closed: how long until /healthz said 0 sessions, or undefined if it never did. */
async function sessionsClosedMs(settings: CaptureSettings, labUrl: string): Promise<number | undefined> {
  // Bounded: the grace period plus 10 s for the sessions to release their servers.
  const graceMs = Number(settings.labEnvironment.SESSION_GRACE_MS ?? 0);
  const cleanup = await waitSessions(labUrl, 0, Math.ceil((graceMs + 10_000) / 50), 50);
  return cleanup.reached ? cleanup.ms : undefined;
}

function closeAll(sessions: readonly CaptureSession[], pages: readonly PacketPage[]): void {
  for (const session of sessions) session.close();
  for (const page of pages) page.close();
}
