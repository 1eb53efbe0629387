/**
 * One load level of the benchmark: N pages open a lab session each and type K keys at once, then the same N
 * and K against the raw WebSocket echo and the raw TCP echo. A level runs several rounds, each in a rotated
 * order of the three targets so that none always goes first; the rounds' samples are pooled. It also records
 * what opening the sessions cost, the lab server's memory with N sessions, how busy each process was while
 * typing, and whether every session is gone once the pages closed and the grace period ran out.
 */

import { TcpEchoClient, WsEchoClient } from './echo-clients';
import { LabClient } from './lab-client';
import { getHealth, waitSessions } from './lab-server-child';
import { openAll, settleAll } from './open-all';
import { readCpuMs, readRssKb } from './proc';
import { type Summary, summarize } from './stats';
import { type Typist, typeKeys } from './typist';

export interface Target {
  readonly labPort: number;
  readonly labPid: number;
  readonly labUrl: string;
  readonly wsPort: number;
  readonly tcpPort: number;
  readonly baselinePid: number;
  readonly graceMs: number;
  /** Deadline for any one answer (handshake, welcome, echo). */
  readonly timeoutMs: number;
}

export interface Phase {
  readonly rtt: Summary;
  /** Wall time of the typing, summed over rounds, ms. */
  readonly wallMs: number;
  /** CPU time the server process spent per keystroke, µs (from /proc, in clock ticks of 10 ms). */
  readonly serverCpuUsPerKey: number;
  /** Server CPU time over wall time while typing: 1 is one core fully busy. */
  readonly serverBusy: number;
  /** The benchmark process's own CPU time over wall time while typing: near 1, the load generator is the limit. */
  readonly clientBusy: number;
}

export interface Level {
  readonly sessions: number;
  readonly keys: number;
  readonly rounds: number;
  /**
   * Characters each lab session prints before the typing starts (untimed): 0 for a fresh session, or enough
   * to fill the scrollback a session keeps for a reloaded page, as in a session used for a while.
   */
  readonly scrollback: number;
}

export interface ScenarioResult extends Level {
  readonly lab: Phase;
  readonly ws: Phase;
  readonly tcp: Phase;
  /** N WebSocket handshakes at once, median over rounds, ms. */
  readonly labHandshakeMs: number;
  readonly wsHandshakeMs: number;
  /** From the first `hello` to the last `welcome`, all N at once, median over rounds, ms. */
  readonly openMs: number;
  readonly welcome: Summary;
  readonly prompt: Summary;
  /** Lab server CPU time per session opened, ms. */
  readonly openCpuMsPerSession: number;
  /** Sessions /healthz reported once all were open, in every round. */
  readonly healthSessions: readonly number[];
  /** Lab server RSS per round: before opening, with N sessions after typing, once they ended. */
  readonly rssKb: readonly { readonly before: number; readonly open: number; readonly after: number }[];
  /** Lab echoes that were a redraw instead of the bare key; 0 means every echo took the fast path. */
  readonly redraws: number;
  /** Lab messages read past while waiting for an echo (events, checks, stray output). */
  readonly skipped: number;
  /** Per round, after closing the pages: whether /healthz came back to 0 sessions, and after how long. */
  readonly cleanups: readonly { readonly reached: boolean; readonly ms: number; readonly last: number }[];
}

type TargetName = 'lab' | 'ws' | 'tcp';
const ORDER: readonly TargetName[] = ['lab', 'ws', 'tcp'];

export interface PhaseSamples {
  rtts: number[];
  wallMs: number;
  serverCpuMs: number;
  clientCpuMs: number;
}

interface LabRound {
  readonly handshakeMs: number;
  readonly openMs: number;
  readonly welcomeMs: readonly number[];
  readonly promptMs: readonly number[];
  readonly openCpuMs: number;
  readonly healthSessions: number;
  readonly rssKb: { readonly before: number; readonly open: number; readonly after: number };
  readonly redraws: number;
  readonly skipped: number;
  readonly cleanup: { readonly reached: boolean; readonly ms: number; readonly last: number };
}

export async function runScenario(target: Target, level: Level): Promise<ScenarioResult> {
  const { sessions, keys, rounds } = level;
  const samples: Record<TargetName, PhaseSamples> = {
    lab: emptySamples(),
    ws: emptySamples(),
    tcp: emptySamples(),
  };
  const labRounds: LabRound[] = [];
  const wsHandshakes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < ORDER.length; step++) {
      const name = ORDER[(round + step) % ORDER.length]!;
      if (name === 'lab') labRounds.push(await labRound(target, level, samples.lab));
      else if (name === 'ws') {
        const open = (): Promise<WsEchoClient> => WsEchoClient.open(target.wsPort, target.timeoutMs);
        wsHandshakes.push(await baselineRound(target, sessions, keys, open, samples.ws));
      } else {
        const open = (): Promise<TcpEchoClient> => TcpEchoClient.open(target.tcpPort, target.timeoutMs);
        await baselineRound(target, sessions, keys, open, samples.tcp);
      }
    }
  }
  return {
    ...level,
    lab: phase(samples.lab),
    ws: phase(samples.ws),
    tcp: phase(samples.tcp),
    labHandshakeMs: summarize(labRounds.map((r) => r.handshakeMs)).median,
    wsHandshakeMs: summarize(wsHandshakes).median,
    openMs: summarize(labRounds.map((r) => r.openMs)).median,
    welcome: summarize(labRounds.flatMap((r) => r.welcomeMs)),
    prompt: summarize(labRounds.flatMap((r) => r.promptMs)),
    openCpuMsPerSession: sum(labRounds.map((r) => r.openCpuMs)) / (sessions * rounds),
    healthSessions: labRounds.map((r) => r.healthSessions),
    rssKb: labRounds.map((r) => r.rssKb),
    redraws: sum(labRounds.map((r) => r.redraws)),
    skipped: sum(labRounds.map((r) => r.skipped)),
    cleanups: labRounds.map((r) => r.cleanup),
  };
}

async function labRound(target: Target, level: Level, into: PhaseSamples): Promise<LabRound> {
  const { sessions, keys, scrollback } = level;
  const rssBefore = readRssKb(target.labPid);
  let started = performance.now();
  const clients = await openAll(sessions, 'connections', () => LabClient.open(target.labPort, target.timeoutMs));
  const handshakeMs = performance.now() - started;
  let opened: Omit<LabRound, 'rssKb' | 'cleanup' | 'redraws' | 'skipped'>;
  let rssOpen: number;
  try {
    const cpuBefore = readCpuMs(target.labPid);
    started = performance.now();
    const openings = await settleAll(clients.map((client) => client.hello('tcp-echo')));
    const openMs = performance.now() - started;
    const openCpuMs = readCpuMs(target.labPid) - cpuBefore;
    opened = {
      handshakeMs,
      openMs,
      welcomeMs: openings.map((opening) => opening.welcomeMs),
      promptMs: openings.map((opening) => opening.promptMs),
      openCpuMs,
      healthSessions: (await getHealth(target.labUrl)).sessions,
    };
    if (scrollback > 0) await settleAll(clients.map((client) => client.fillScrollback(scrollback)));
    await typePhase(clients, keys, target.labPid, into);
    rssOpen = readRssKb(target.labPid);
  } finally {
    for (const client of clients) client.close();
  }
  // Bounded: the grace period, plus up to 10 s for the sessions to release their servers.
  const cleanup = await waitSessions(target.labUrl, 0, Math.ceil((target.graceMs + 10_000) / 50), 50);
  return {
    ...opened,
    rssKb: { before: rssBefore, open: rssOpen, after: readRssKb(target.labPid) },
    redraws: sum(clients.map((client) => client.redraws)),
    skipped: sum(clients.map((client) => client.skipped)),
    cleanup,
  };
}

/** One round against a baseline in the echo servers' process; returns the time the N connections took to open, ms. */
async function baselineRound(
  target: Target,
  sessions: number,
  keys: number,
  open: () => Promise<Typist>,
  into: PhaseSamples,
): Promise<number> {
  const started = performance.now();
  const clients = await openAll(sessions, 'connections', open);
  const handshakeMs = performance.now() - started;
  try {
    await typePhase(clients, keys, target.baselinePid, into);
  } finally {
    for (const client of clients) client.close();
  }
  return handshakeMs;
}

/** All clients type `keys` keys at the same time; adds the round trips and costs to `into`. */
export async function typePhase(
  clients: readonly Typist[],
  keys: number,
  serverPid: number,
  into: PhaseSamples,
): Promise<void> {
  const serverBefore = readCpuMs(serverPid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const rtts = await settleAll(clients.map((client) => typeKeys(client, keys)));
  into.wallMs += performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  into.clientCpuMs += (client.user + client.system) / 1000;
  into.serverCpuMs += readCpuMs(serverPid) - serverBefore;
  for (const list of rtts) into.rtts.push(...list);
}

export function phase(samples: PhaseSamples): Phase {
  return {
    rtt: summarize(samples.rtts),
    wallMs: samples.wallMs,
    serverCpuUsPerKey: (samples.serverCpuMs * 1000) / samples.rtts.length,
    serverBusy: samples.serverCpuMs / samples.wallMs,
    clientBusy: samples.clientCpuMs / samples.wallMs,
  };
}

export function emptySamples(): PhaseSamples {
  return { rtts: [], wallMs: 0, serverCpuMs: 0, clientCpuMs: 0 };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
