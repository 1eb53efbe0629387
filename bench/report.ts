/**
 * Turns the benchmark's results into markdown: one overview table across load levels, then the details of
 * each. The same text is printed and written to bench/RESULTS.md, so the README can quote a real run.
 */

import { renderCapture } from './capture-report';
import type { CaptureOutcome } from './capture-scenario';
import type { StageCosts } from './capture-stages';
import { ms, percent, ratio, seconds, time } from './format';
import type { Phase, ScenarioResult } from './scenario';
import { renderTls } from './tls-report';
import type { TlsOutcome } from './tls-section';
import type { BurstOutcome } from './udp-burst';
import { renderUdpBurst, renderUdpRoundTrip } from './udp-report';
import type { UdpRoundTripResult } from './udp-round-trip';

export interface RunInfo {
  readonly date: string;
  readonly cores: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly labEnv: string;
  readonly idleRssKb: number | undefined;
  readonly graceMs: number;
  readonly warmUp: string;
  readonly finalHealth: string;
  readonly stopped: readonly string[];
  readonly totalSeconds: number;
  readonly error: string | undefined;
  /** The capture section: its outcome, or why it failed. */
  readonly capture: CaptureOutcome | undefined;
  readonly captureError: string | undefined;
  /** The UDP sections: the echo round trip (keystroke lab server), the bursts (their own) and the stage costs. */
  readonly udpRoundTrip: readonly UdpRoundTripResult[];
  readonly burst: BurstOutcome | undefined;
  readonly burstError: string | undefined;
  readonly stages: StageCosts | undefined;
  readonly stagesError: string | undefined;
  /** The TLS section (its lab servers and the bare TLS echo are its own), or why it failed. */
  readonly tls: TlsOutcome | undefined;
  readonly tlsError: string | undefined;
}

export function renderReport(info: RunInfo, results: readonly ScenarioResult[]): string {
  const lines: string[] = [
    '# socketlab benchmark results',
    '',
    `Written by \`npm run bench\` (bench/main.ts) on ${info.date}: ${info.cores} cores (${info.cpuModel}), ` +
      `Node ${info.node}, ${info.platform}. The whole run took ${info.totalSeconds.toFixed(1)} s.`,
    '',
    'One keystroke round trip: a client sends `{"type":"input","data":"a"}` and waits for the echo. ' +
      '**lab** is the real lab server (`build-server/main.js`, its own process: WebSocket, protocol decoding, ' +
      'session, lab shell and line editor, and back), decoded with `decodeServerMessage` as the page does; ' +
      '**ws** is a raw `ws` server echoing the frame (decoded with `JSON.parse`); **TCP** is a 1-byte echo ' +
      'over loopback with `net`, the floor under both. Both baselines run in one other process. N clients ' +
      'type at once, each K keys one after the other, clearing the line with Ctrl-U every 50 keys (untimed); ' +
      'all clients run in the benchmark process. Each level runs several rounds with the three targets in ' +
      'rotated order, and pools their samples.',
    '',
    '"Server CPU per key" is the server process\'s user + system time (from `/proc/<pid>/stat`, 10 ms ticks) ' +
      'over the keys typed; "busy" is CPU time over wall time while typing (100 % = one core). When the load ' +
      'generator is near 100 %, round trips measure the benchmark process as much as the server, and the ' +
      'CPU-per-key ratio is the fairer comparison.',
    '',
    `Lab server environment of the keystroke and UDP round-trip sections: ${info.labEnv}. The capture sections, ` +
      'packet on the wire → message at the page and the UDP bursts, run lab servers of their own with ' +
      '`CAPTURE=auto`. Every section shares the machine with whatever else runs on it: the capture sections say ' +
      'how busy the whole machine was.',
    '',
    '| N | K | lab median | lab p99 | ws median | ws p99 | TCP median | TCP p99 | lab/ws median | lab/ws p99 | ' +
      'lab/TCP median | lab/TCP p99 | sessions/s | RSS with N |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.sessions}${r.scrollback > 0 ? ' (scrollback full)' : ''} | ${r.keys} | ${time(r.lab.rtt.median)} | ${time(r.lab.rtt.p99)} | ` +
        `${time(r.ws.rtt.median)} | ${time(r.ws.rtt.p99)} | ${time(r.tcp.rtt.median)} | ${time(r.tcp.rtt.p99)} | ` +
        `${ratio(r.lab.rtt.median, r.ws.rtt.median)} | ${ratio(r.lab.rtt.p99, r.ws.rtt.p99)} | ` +
        `${ratio(r.lab.rtt.median, r.tcp.rtt.median)} | ${ratio(r.lab.rtt.p99, r.tcp.rtt.p99)} | ` +
        `${perSecond(r.sessions, r.openMs)} | ${mib(Math.max(...r.rssKb.map((round) => round.open)))} |`,
    );
  }
  if (results.length === 0) lines.push('| – | – | no results | | | | | | | | | | | |');
  lines.push('');
  if (info.error !== undefined) lines.push(`**The run failed:** ${info.error}`, '');

  for (const r of results) lines.push(...renderScenario(r, info.graceMs), '');
  lines.push(...renderUdpRoundTrip(info.udpRoundTrip));
  lines.push(...renderCapture(info.capture, info.captureError));
  lines.push(...renderUdpBurst(info.burst, info.burstError, info.stages, info.stagesError));
  lines.push(...renderTls(info.tls, info.tlsError));

  lines.push(
    '## Run',
    '',
    `- Warm-up (not reported): ${info.warmUp}.`,
    `- Lab server RSS at start: ${info.idleRssKb === undefined ? 'not read' : mib(info.idleRssKb)}.`,
    `- /healthz at the end: ${info.finalHealth}.`,
    ...info.stopped.map((line) => `- ${line}.`),
    '',
  );
  return lines.join('\n');
}

function renderScenario(r: ScenarioResult, graceMs: number): string[] {
  const cleanups = r.cleanups.map((c) => (c.reached ? seconds(c.ms) : `still ${c.last} after ${seconds(c.ms)}`));
  const first = r.rssKb[0]!;
  const rss = r.rssKb.map((round) => `${mib(round.before)} → ${mib(round.open)} → ${mib(round.after)}`);
  const scrollback =
    r.scrollback === 0
      ? []
      : [
          `Each lab session first printed ${r.scrollback} characters (pastes of 4096 \`b\` and Ctrl-U, untimed), ` +
            'so its scrollback is full when the typing starts; the baselines are unchanged.',
          '',
        ];
  return [
    `## ${levelName(r)}, ${r.rounds} rounds (${r.lab.rtt.count} round trips per target)`,
    '',
    ...scrollback,
    '| round trip | median | p99 | max | typing wall time | server CPU per key | server busy | load generator busy |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    phaseRow('lab terminal', r.lab),
    phaseRow('raw ws echo', r.ws),
    phaseRow('raw TCP echo', r.tcp),
    `| lab / ws | ${ratio(r.lab.rtt.median, r.ws.rtt.median)} | ${ratio(r.lab.rtt.p99, r.ws.rtt.p99)} | ` +
      `${ratio(r.lab.rtt.max, r.ws.rtt.max)} | | ${ratio(r.lab.serverCpuUsPerKey, r.ws.serverCpuUsPerKey)} | | |`,
    `| lab / TCP | ${ratio(r.lab.rtt.median, r.tcp.rtt.median)} | ${ratio(r.lab.rtt.p99, r.tcp.rtt.p99)} | ` +
      `${ratio(r.lab.rtt.max, r.tcp.rtt.max)} | | ${ratio(r.lab.serverCpuUsPerKey, r.tcp.serverCpuUsPerKey)} | | |`,
    '',
    `- Opening ${r.sessions} sessions at once, first \`hello\` to last \`welcome\`: ${ms(r.openMs)} (median of ` +
      `rounds) = **${perSecond(r.sessions, r.openMs)} sessions/s**. Per session, hello → welcome median ` +
      `${ms(r.welcome.median)}, p99 ${ms(r.welcome.p99)}; hello → first prompt median ${ms(r.prompt.median)}, ` +
      `p99 ${ms(r.prompt.p99)}. Lab server CPU per session opened: ${ms(r.openCpuMsPerSession)}.`,
    `- ${r.sessions} WebSocket handshakes at once (median of rounds): lab server ${ms(r.labHandshakeMs)} ` +
      `(${perSecond(r.sessions, r.labHandshakeMs)}/s), raw ws ${ms(r.wsHandshakeMs)} ` +
      `(${perSecond(r.sessions, r.wsHandshakeMs)}/s).`,
    `- /healthz with the pages open: ${r.healthSessions.join(', ')} sessions.`,
    `- Lab server RSS per round, before opening → with ${r.sessions} sessions after typing → once they ended: ` +
      `${rss.join('; ')}. First round: ${signedKib((first.open - first.before) / r.sessions)} per session.`,
    `- Lab echoes that were a redraw rather than the bare key: ${r.redraws}; other messages read past: ${r.skipped}.`,
    `- After closing the pages, /healthz was back to 0 sessions after ${cleanups.join(', ')} ` +
      `(grace period ${seconds(graceMs)}).`,
  ];
}

function levelName(r: ScenarioResult): string {
  return `N = ${r.sessions}, K = ${r.keys}${r.scrollback > 0 ? ', scrollback full' : ''}`;
}

function phaseRow(name: string, phase: Phase): string {
  const { rtt } = phase;
  return (
    `| ${name} | ${time(rtt.median)} | ${time(rtt.p99)} | ${time(rtt.max)} | ${ms(phase.wallMs)} | ` +
    `${phase.serverCpuUsPerKey.toFixed(0)} µs | ${percent(phase.serverBusy)} | ${percent(phase.clientBusy)} |`
  );
}

function perSecond(count: number, durationMs: number): string {
  return Math.round((count * 1000) / durationMs).toString();
}

function mib(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MiB`;
}

function signedKib(kb: number): string {
  return `${kb >= 0 ? '+' : ''}${kb.toFixed(0)} KiB`;
}
