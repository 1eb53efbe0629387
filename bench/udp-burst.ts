/**
 * The UDP burst section of `npm run bench`: how many datagrams of a burst a session's capture delivers to its
 * page. It starts its own lab server with `CAPTURE=auto` (or skips the section, with the reason, when capture is
 * unavailable), and for each rate opens one `udp-echo` session and has a loopback client of its own
 * (udp-burst-sender.ts, another process) send `rate × seconds` unique datagrams to that session's echo server.
 * The page — the benchmark process, decoding every frame as a page does — tallies which of them it received as
 * `packet` messages, both as the datagram to the server and as its echo, and what it was told instead (gaps,
 * skipped packets). What the burst cost each process comes from window-cost.ts.
 */

import path from 'node:path';
import type { CaptureAloneResult } from './capture-alone';
import { captureChildrenLeft } from './capture-processes';
import { type Child, firstLine, spawnChild, stopChild } from './children';
import { withCapturingLabServer } from './lab-server-child';
import { PacketPage } from './packet-page';
import { type Summary, summarize } from './stats';
import type { BurstSent } from './udp-burst-sender';
import { wallClock } from './wall-clock';
import { type WindowCost, WindowCostMeter } from './window-cost';

export interface BurstSettings {
  readonly root: string;
  readonly bundle: string;
  /** Lab server environment; PORT (a free one) and CAPTURE (`auto`) are set here. */
  readonly labEnvironment: Readonly<Record<string, string>>;
  /** Datagrams per second of each burst, and how long each lasts. */
  readonly rates: readonly number[];
  readonly seconds: number;
  /** Kernel capture rings (tcpdump `-B`) the capture-alone run also tries at the fastest rate. */
  readonly otherRingsKiB: readonly number[];
  readonly readyTimeoutMs: number;
  /** After the last datagram, how long the page may go without a new packet before the rest count as lost. */
  readonly quietMs: number;
  /** …and how long it may take in all. */
  readonly drainTimeoutMs: number;
  readonly timeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly say: (text: string) => void;
}

export interface BurstRound {
  readonly rate: number;
  readonly sender: BurstSent;
  /** Distinct datagrams of the burst the page received, to the server and echoed back. */
  readonly requestsSeen: number;
  readonly echoesSeen: number;
  /** Packet messages of the burst in all (a datagram seen twice counts twice). */
  readonly packets: number;
  /** Wall time of a packet's arrival at the page minus its capture timestamp. */
  readonly latency: Summary;
  /** From the last datagram sent until the page had them all, or gave up waiting. */
  readonly drainMs: number;
  /** Packets the lab server said it skipped because the page read too slowly. */
  readonly skippedByOutbox: number;
  /** Gaps and notices the page was told about. */
  readonly notices: readonly string[];
  readonly errors: readonly string[];
  /** Timeline events the page received (the echo server's receive and send of each datagram). */
  readonly events: number;
  readonly cost: WindowCost;
  /** The send and drain together: what `cost` is over. */
  readonly windowMs: number;
}

export type BurstOutcome =
  | {
      readonly kind: 'done';
      readonly env: string;
      readonly rounds: readonly BurstRound[];
      readonly stopped: string;
      readonly captureChildrenAfterStop: string;
      /** The same bursts with the capture alone (capture-alone.ts), once the lab server has stopped. */
      readonly alone: readonly CaptureAlone[];
    }
  | { readonly kind: 'skipped'; readonly env: string; readonly reason: string; readonly stopped: string };

export type CaptureAlone = { readonly rate: number; readonly bufferKiB: number | undefined } & (
  | CaptureAloneResult
  | { readonly unavailable: string }
);

/** The capture-alone runs' ports: a canary and nine lab ports, below the ephemeral range and the lab servers'. */
const ALONE_FIRST_PORT = 23_000;

/** Datagrams' payloads: `<prefix><n>`; the prefix names the rate, so a round never counts another's. */
const prefixFor = (rate: number): string => `b${rate}-`;

export async function runUdpBurst(settings: BurstSettings): Promise<BurstOutcome> {
  const captureChildren = new Set<number>();
  const outcome = await withCapturingLabServer('UDP burst lab server', settings, async (server) => {
    const rounds: BurstRound[] = [];
    for (const rate of settings.rates) {
      const round = await burstRound(settings, server.child, server.port, rate);
      for (const cost of round.cost.processes) if (cost.pid !== server.child.pid) captureChildren.add(cost.pid);
      rounds.push(round);
      settings.say(
        `UDP burst ${rate}/s: ${round.sender.sent} sent, page saw ${round.requestsSeen} datagrams and ` +
          `${round.echoesSeen} echoes (the sender got ${round.sender.echoes}); skipped by the lab server ` +
          `${round.skippedByOutbox}; drain ${Math.round(round.drainMs)} ms`,
      );
    }
    return rounds;
  });
  if (outcome.kind === 'skipped') return outcome;
  const captureChildrenAfterStop = await captureChildrenLeft([...captureChildren]);
  const alone: CaptureAlone[] = [];
  const fastest = Math.max(...settings.rates);
  const runs = [
    ...settings.rates.map((rate) => ({ rate, bufferKiB: undefined })),
    ...settings.otherRingsKiB.map((bufferKiB) => ({ rate: fastest, bufferKiB })),
  ];
  for (const { rate, bufferKiB } of runs) {
    const result = await captureAlone(settings, rate, bufferKiB);
    alone.push(result);
    const ring = bufferKiB === undefined ? '' : ` with a ${bufferKiB / 1024} MiB ring`;
    if ('unavailable' in result) settings.say(`capture alone at ${rate}/s${ring}: ${result.unavailable}`);
    else {
      settings.say(
        `capture alone at ${rate}/s${ring}: ${result.sender.sent} sent, ${result.echoesSent} echoed; read from tcpdump ` +
          `${result.framesRead} of ${result.sender.sent + result.echoesSent} frames; delivered ` +
          `${result.requestsDelivered} datagrams and ${result.echoesDelivered} echoes`,
      );
    }
  }
  return {
    kind: 'done',
    env: outcome.env,
    rounds: outcome.value,
    stopped: outcome.stopped,
    captureChildrenAfterStop,
    alone,
  };
}

/** One burst at `rate` through the capture alone, in a process of its own (capture-alone.ts). */
async function captureAlone(
  settings: BurstSettings,
  rate: number,
  bufferKiB: number | undefined,
): Promise<CaptureAlone> {
  const count = Math.round(rate * settings.seconds);
  const script = path.join(settings.root, 'bench', 'capture-alone.ts');
  const ring = bufferKiB === undefined ? [] : [String(bufferKiB)];
  const child = spawnChild(
    'capture alone',
    ['--import', 'tsx', script, String(rate), String(count), String(ALONE_FIRST_PORT), ...ring],
    { cwd: settings.root, env: process.env, stdout: 'pipe' },
  );
  try {
    // Start-up and the capture's proof, the burst, and its drain.
    const line = await firstLine(child, settings.readyTimeoutMs + settings.drainTimeoutMs + settings.timeoutMs);
    const result = JSON.parse(line) as CaptureAloneResult | { unavailable: string };
    return { rate, bufferKiB, ...result };
  } catch (error) {
    const tail = child.stderrTail().trim();
    throw new Error(`${error instanceof Error ? error.message : String(error)}${tail === '' ? '' : `\n\n${tail}`}`);
  } finally {
    await stopChild(child, settings.stopTimeoutMs);
  }
}

/** One burst at `rate` to a fresh `udp-echo` session. */
export async function burstRound(
  settings: BurstSettings,
  labServer: Child,
  labPort: number,
  rate: number,
): Promise<BurstRound> {
  const prefix = prefixFor(rate);
  const clock = wallClock();
  const requests = new Set<string>();
  const echoes = new Set<string>();
  const latencies: number[] = [];
  let lastPacketAt = performance.now();
  let echoPort = 0;
  const page = await PacketPage.open(
    labPort,
    0,
    clock.now,
    (_page, packet, receivedAt) => {
      if (packet.protocol !== 'udp' || packet.payload.length === 0) return;
      const text = Buffer.from(packet.payload.hex, 'hex').toString('latin1');
      if (!text.startsWith(prefix)) return;
      lastPacketAt = performance.now();
      latencies.push(receivedAt - packet.time * 1000);
      (packet.dstPort === echoPort ? requests : echoes).add(text);
    },
    settings.timeoutMs,
  );
  try {
    echoPort = (await page.hello('udp-echo', 'udp-echo', settings.timeoutMs)).echoPort;
    const count = Math.round(rate * settings.seconds);
    const cost = new WindowCostMeter(labServer.pid);
    cost.start();
    const started = performance.now();
    const sender = await sendBurst(settings, echoPort, rate, count, prefix);
    const sentAt = performance.now();
    // Bounded: at most `drainTimeoutMs`, polled every 50 ms.
    while (performance.now() - sentAt < settings.drainTimeoutMs) {
      if (requests.size >= sender.sent && echoes.size >= sender.echoes) break;
      if (performance.now() - lastPacketAt > settings.quietMs) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const drainMs = performance.now() - sentAt;
    cost.stop();
    return {
      rate,
      sender,
      requestsSeen: requests.size,
      echoesSeen: echoes.size,
      packets: latencies.length,
      latency: summarize(latencies),
      drainMs,
      skippedByOutbox: page.errors.reduce((total, error) => total + skippedPackets(error), 0),
      notices: page.notices,
      errors: page.errors,
      events: page.counts.get('event') ?? 0,
      cost: cost.result(performance.now() - started),
      windowMs: performance.now() - started,
    };
  } finally {
    page.close();
  }
}

/** Runs the sender process for one burst and reads its report. */
async function sendBurst(
  settings: BurstSettings,
  port: number,
  rate: number,
  count: number,
  prefix: string,
): Promise<BurstSent> {
  const script = path.join(settings.root, 'bench', 'udp-burst-sender.ts');
  const sender = spawnChild(
    'UDP burst sender',
    ['--import', 'tsx', script, String(port), String(rate), String(count), prefix],
    {
      cwd: settings.root,
      env: process.env,
      stdout: 'pipe',
    },
  );
  try {
    // Start-up (tsx), the burst itself and the sender's settle time.
    const line = await firstLine(sender, settings.timeoutMs + settings.seconds * 1000);
    return JSON.parse(line) as BurstSent;
  } finally {
    await stopChild(sender, settings.stopTimeoutMs);
  }
}

/** The count in a `LAB_ERR_PAGE_BEHIND` notice ("Skipped 1,234 packets …"), 0 for anything else. */
function skippedPackets(error: string): number {
  if (!error.startsWith('LAB_ERR_PAGE_BEHIND')) return 0;
  const match = /([\d,]+) packets?/.exec(error);
  return match === null ? 0 : Number(match[1]!.replaceAll(',', ''));
}
