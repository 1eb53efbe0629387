/**
 * The capture section of bench/RESULTS.md: packet on the wire → `packet` message at the page, with the goal the
 * capture issue set shown beside each number for context. The goal is information; nothing here passes or fails.
 */

import type { CaptureOutcome, CaptureResult } from './capture-scenario';
import { TICK_MS } from './paced-sender';
import type { Summary } from './stats';
import type { ProcessCost } from './window-cost';

export const CAPTURE_HEADING = '## Packet on the wire → message at the page (real capture)';

export function renderCapture(outcome: CaptureOutcome | undefined, error: string | undefined): string[] {
  const lines = [CAPTURE_HEADING, ''];
  if (error !== undefined) return [...lines, `**This section failed:** ${error}`, ''];
  if (outcome === undefined) return [...lines, 'Not run (the keystroke section failed first).', ''];
  if (outcome.kind === 'skipped') {
    return [
      ...lines,
      `Skipped: the lab server (${outcome.env}) reported ${outcome.reason}`,
      '',
      `- ${outcome.stopped}.`,
      '',
    ];
  }
  const r = outcome.result;
  return [...lines, ...renderResult(r), ''];
}

function renderResult(r: CaptureResult): string[] {
  const lost = r.missingRequests + r.missingEchoes;
  return [
    `A separate lab server (${r.env}; the keystroke section above runs with \`CAPTURE=off\`) captures with ` +
      'its shared `tcpdump → Node → tshark` pipeline. The benchmark opens ' +
      `${r.sessions} \`tcp-echo\` sessions (${r.distinctEchoPorts} distinct echo ports) and one TCP connection per ` +
      'session to its echo server, and sends small unique payloads (`m<session>-<n>;`, round-robin over the ' +
      `sessions, paced by a ${TICK_MS} ms timer) for ${r.window.seconds.toFixed(1)} s. **Latency** is the wall time a ` +
      '`packet` message arrived at its page (the benchmark process, before decoding) minus `packet.time`, the ' +
      "kernel's capture timestamp; it covers tcpdump, the lab server's pcap reader, the FIFO, tshark, the " +
      "session, the WebSocket and the benchmark's own event loop. **Lost** counts payloads that did not reach " +
      'their page both as data to the server and as the echo from it.',
    '',
    'The goal stated by the capture issue is shown for context only; the benchmark does not judge against it.',
    '',
    '| | measured | goal (issue) |',
    '|---|--:|--:|',
    `| packets received by the pages, per second | ${Math.round(r.window.packetsPerSecond)} | ~2000 |`,
    `| latency p50 | ${ms(r.latency.median)} | ≤ 20 ms |`,
    `| latency p99 | ${ms(r.latency.p99)} | ≤ 100 ms |`,
    `| latency max | ${ms(r.latency.max)} | |`,
    `| payloads lost (of ${r.payloadsSent}): to the server / echo | ${r.missingRequests} / ${r.missingEchoes} | 0 |`,
    `| packets a page got that were not its own | ${r.foreignPackets + r.foreignPeers} | 0 |`,
    '',
    '| process | pid | CPU over the window (1 core = 100 %) | RSS when capture started | at window start | at window end |',
    '|---|--:|--:|--:|--:|--:|',
    ...r.processes.map(processRow),
    `| benchmark process (${r.sessions} pages + ${r.sessions} TCP clients) | ${process.pid} | ${percent(r.benchCpu)} | | | |`,
    '',
    `- Window: ${r.window.messages} payloads in ${r.window.seconds.toFixed(2)} s ` +
      `(${Math.round(r.window.messages / r.window.seconds)}/s on average); ` +
      `${r.window.packets} packet messages received until every payload was seen (${seconds(r.window.drainMs)} ` +
      `after the last was sent${lost > 0 ? ', or the drain gave up' : ''}); per whole second of sending, ` +
      `${r.window.slowestSecond}–${r.window.fastestSecond} packets.`,
    `- Rate calibration before the window: ${r.calibration.messages} payloads gave ${r.calibration.packets} ` +
      `packets, ${r.calibration.packetsPerMessage.toFixed(2)} per exchange (delayed ACKs make it fewer than 4), so the ` +
      `window started at ${r.rate.initial} payloads/s; it was set again every second from the window's own ` +
      `packets per payload, within ${r.rate.lowest}–${r.rate.highest}/s (last ${r.rate.last}/s), for ~2000 packets/s.`,
    `- Latency by direction in the window: to the server ${summary(r.latencyToServer)}; from the server ` +
      `${summary(r.latencyFromServer)}.`,
    `- Latency outside the window: the ${r.sessions} connections' handshakes, opened at once, ${summary(r.latencySetup)}; ` +
      `calibration ${summary(r.latencyCalibration)}.`,
    `- Missing payloads: ${lost === 0 ? 'none' : r.missingExamples.join(', ')}. Payloads of another session in a ` +
      `page's packets: ${r.foreignPayloads}; packets not of the page's echo port: ${r.foreignPackets}; of its port ` +
      `but another client: ${r.foreignPeers}; truncated payloads: ${r.truncatedPayloads}.`,
    `- Packet messages in all: ${r.totalPackets} live, plus ${r.welcomePackets} in the welcomes. Other messages: ` +
      `${r.otherMessages}.`,
    `- Capture notices and gaps the pages got: ${r.notices.length === 0 ? 'none' : r.notices.join('; ')}. Errors: ` +
      `${r.errors.length === 0 ? 'none' : r.errors.join('; ')}. TCP client errors: ${r.tcpErrors}.`,
    `- Capture processes that appeared during the window (restart or tshark rotation): ` +
      `${r.newProcesses.length === 0 ? 'none' : r.newProcesses.join(', ')}.`,
    `- The whole machine was ${percent(r.machineBusy)} busy over the window (all ${r.cores} cores, 100 % = one ` +
      `core); the processes above account for ${percent(measuredCpu(r))}, so ${percent(Math.max(0, r.machineBusy - measuredCpu(r)))} ` +
      'was other work on the machine, which these latencies also pay for.',
    `- Benchmark process: ${percent(r.benchCpu)} of a core; its event loop ran late by p99 ` +
      `${ms(r.benchLoopDelay.p99Ms)}, max ${ms(r.benchLoopDelay.maxMs)} (\`monitorEventLoopDelay\`; part of every ` +
      'latency above). Wall clock read as ' +
      '`performance.timeOrigin + performance.now()`, corrected by ' +
      `${r.clockOffsetMs.toFixed(3)} ms measured against \`Date.now()\`.`,
    `- Capture ready ${seconds(r.readyMs)} after the lab server was spawned; /healthz after the window: ` +
      `${r.captureAfter}; /healthz back to 0 sessions ` +
      `${r.sessionsClosedMs === undefined ? 'never (within the grace period + 10 s)' : `after ${seconds(r.sessionsClosedMs)}`}.`,
    `- ${r.stopped}; capture children afterwards: ${r.captureChildrenAfterStop}.`,
  ];
}

function measuredCpu(r: CaptureResult): number {
  return r.benchCpu + r.processes.reduce((sum, cost) => sum + (cost.cpu ?? 0), 0);
}

function processRow(cost: ProcessCost): string {
  return (
    `| ${cost.role} | ${cost.pid} | ${cost.cpu === undefined ? 'exited' : percent(cost.cpu)} | ` +
    `${mib(cost.rssIdleKb)} | ${mib(cost.rssStartKb)} | ${mib(cost.rssEndKb)} |`
  );
}

function summary(s: Summary): string {
  return s.count === 0 ? 'no packets' : `p50 ${ms(s.median)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (${s.count} packets)`;
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
}

function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(2)} s`;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

function mib(kb: number | undefined): string {
  return kb === undefined ? '–' : `${(kb / 1024).toFixed(1)} MiB`;
}
