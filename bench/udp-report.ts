/**
 * The UDP sections of bench/RESULTS.md: the echo round trip (the lab's `udp-echo` against a raw `dgram` echo,
 * measured in the same run), then what a session's capture delivered of bursts at 10k and 30k datagrams/s, with
 * each stage's CPU per frame beside it so the report says where a burst's time goes. Nothing passes or fails.
 */

import type { StageCosts } from './capture-stages';
import { ms, percent, ratio, seconds, time } from './format';
import type { BurstOutcome, BurstRound, CaptureAlone } from './udp-burst';
import type { UdpRoundTripResult } from './udp-round-trip';

export function renderUdpRoundTrip(results: readonly UdpRoundTripResult[]): string[] {
  const lines = [
    '## UDP echo round trip',
    '',
    'N clients each send D one-byte datagrams, one after the other, each waiting for its echo. **lab** is the ' +
      "`udp-echo` server of N real lab sessions on the keystroke section's lab server (one session per client, " +
      'each with its page open and reading): it numbers the flow, and the session sends the page two timeline ' +
      'events per datagram (received, sent) and lets the checks see them. **raw** is a `dgram` socket echoing ' +
      "every datagram, in the baselines' process. Rounds alternate which goes first and pool their samples. " +
      '"Server CPU per datagram" is the server process\'s CPU time over the datagrams echoed.',
    '',
    '| N | D | lab median | lab p99 | raw median | raw p99 | lab/raw median | lab/raw p99 | server CPU per datagram: lab | raw | lab/raw |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.clients} | ${r.datagrams} | ${time(r.lab.rtt.median)} | ${time(r.lab.rtt.p99)} | ${time(r.raw.rtt.median)} | ` +
        `${time(r.raw.rtt.p99)} | ${ratio(r.lab.rtt.median, r.raw.rtt.median)} | ${ratio(r.lab.rtt.p99, r.raw.rtt.p99)} | ` +
        `${r.lab.serverCpuUsPerKey.toFixed(0)} µs | ${r.raw.serverCpuUsPerKey.toFixed(0)} µs | ` +
        `${ratio(r.lab.serverCpuUsPerKey, r.raw.serverCpuUsPerKey)} |`,
    );
  }
  if (results.length === 0) lines.push('| – | – | not run | | | | | | | | |');
  lines.push('');
  for (const r of results) {
    lines.push(
      `- N = ${r.clients}, D = ${r.datagrams}, ${r.rounds} rounds (${r.lab.rtt.count} round trips per target): ` +
        `server busy ${percent(r.lab.serverBusy)} (lab) and ${percent(r.raw.serverBusy)} (raw), load generator ` +
        `${percent(r.lab.clientBusy)} and ${percent(r.raw.clientBusy)}; ${r.eventsPerDatagram.toFixed(2)} timeline ` +
        `events per datagram reached the lab pages; /healthz with the pages open: ${r.healthSessions.join(', ')} ` +
        `sessions; back to 0 after ${r.cleanups.map((c) => (c.reached ? seconds(c.ms) : `never (${c.last} left)`)).join(', ')}.`,
    );
  }
  lines.push('');
  return lines;
}

export function renderUdpBurst(
  outcome: BurstOutcome | undefined,
  error: string | undefined,
  stages: StageCosts | undefined,
  stagesError: string | undefined,
): string[] {
  const lines = ["## UDP bursts → a session's capture", ''];
  if (error !== undefined) lines.push(`**This section failed:** ${error}`, '');
  else if (outcome === undefined) lines.push('Not run (an earlier section failed).', '');
  else if (outcome.kind === 'skipped') {
    lines.push(`Skipped: the lab server (${outcome.env}) reported ${outcome.reason}`, '', `- ${outcome.stopped}.`, '');
  } else lines.push(...renderRounds(outcome), '');
  lines.push(...renderStages(stages, stagesError, outcome));
  return lines;
}

function renderRounds(outcome: Extract<BurstOutcome, { kind: 'done' }>): string[] {
  return [
    `A lab server of its own (${outcome.env}). For each rate it opens one \`udp-echo\` session, and a loopback ` +
      "client in another process sends `rate × 1 s` unique datagrams (`b<rate>-<n>`) to the session's echo " +
      'server, paced by the clock, and reads the echoes. The page (the benchmark process, decoding every frame) ' +
      'counts which datagrams reached it as `packet` messages, both to the server and echoed back, until it has ' +
      'them all or heard nothing new for 3 s. **Lost** is datagrams sent but never delivered to the page. ' +
      "Echoes depend on the lab server's echo reading its socket in time: the kernel drops what its receive " +
      'buffer cannot hold, and the capture sees only the echoes that were sent.',
    '',
    '| rate | sent | sending took | delivered to the page | lost | lost % | echoes: the sender got / the page got | latency p50 | p99 | max | until complete or quiet |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...outcome.rounds.map(roundRow),
    '',
    ...outcome.rounds.map(roundDetail),
    `- ${outcome.stopped}; capture children afterwards: ${outcome.captureChildrenAfterStop}.`,
    '',
    '**The same bursts, capture alone** (bench/capture-alone.ts, a process of its own: the shared capture ' +
      'pipeline, a `dgram` echo in the same process and one subscriber, no session, no page, no WebSocket). ' +
      'Every frame the pipeline reads from tcpdump is counted, so a frame on the wire it never read was dropped by ' +
      "the kernel, whose capture ring was full; the pipeline's own drops, in front of tshark, are counted apart.",
    '',
    '| rate | kernel ring | sent | echoed | frames on the wire | read from tcpdump | **dropped by the kernel** | dropped in front of tshark | datagrams delivered | lost | echoes delivered | until complete or quiet |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...outcome.alone.map(aloneRow),
  ];
}

function aloneRow(r: CaptureAlone): string {
  const ring = r.bufferKiB === undefined ? 'the default' : `**${r.bufferKiB / 1024} MiB**`;
  if ('unavailable' in r) return `| ${r.rate}/s | ${ring} | capture unavailable: ${r.unavailable} | | | | | | | | | |`;
  const wire = r.sender.sent + r.echoesSent;
  const kernel = wire - r.framesRead;
  return (
    `| ${r.rate}/s | ${ring} | ${r.sender.sent} | ${r.echoesSent} | ${wire} | ${r.framesRead} | **${kernel}** ` +
    `(${((100 * kernel) / Math.max(1, wire)).toFixed(1)} %) | ${r.framesDropped} | ${r.requestsDelivered} | ` +
    `${r.sender.sent - r.requestsDelivered} | ${r.echoesDelivered} | ${ms(r.drainMs)} |`
  );
}

function roundRow(r: BurstRound): string {
  const lost = r.sender.sent - r.requestsSeen;
  return (
    `| ${r.rate}/s | ${r.sender.sent} | ${ms(r.sender.sendMs)} | ${r.requestsSeen} | **${lost}** | ` +
    `${((100 * lost) / Math.max(1, r.sender.sent)).toFixed(1)} % | ${r.sender.echoes} / ${r.echoesSeen} | ` +
    `${ms(r.latency.median)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${ms(r.drainMs)} |`
  );
}

function roundDetail(r: BurstRound): string {
  const processes = r.cost.processes
    .map((cost) => `${cost.role} ${cost.cpu === undefined ? 'exited' : percent(cost.cpu)}`)
    .join(', ');
  const told = [...r.notices, ...r.errors];
  return (
    `- ${r.rate}/s: over the ${seconds(r.windowMs)} from the first datagram until complete or quiet, CPU ` +
    `(1 core = 100 %) ${processes}, the benchmark process ${percent(r.cost.benchCpu)}; the whole machine ` +
    `${percent(r.cost.machineBusy)} of ${r.cost.cores * 100} %. The page also got ${r.events} timeline events; it was ` +
    `told of ${told.length === 0 ? 'no gap and no skipped packet' : told.join('; ')} (packets the lab server ` +
    `skipped because the page read too slowly: ${r.skippedByOutbox}); send errors at the sender: ${r.sender.sendErrors}.`
  );
}

/** Each stage's CPU per frame, and what the bursts' rates ask of a core at that cost (a datagram and its echo). */
function renderStages(
  stages: StageCosts | undefined,
  error: string | undefined,
  outcome: BurstOutcome | undefined,
): string[] {
  const lines = [
    "### Where a captured datagram's time goes",
    '',
    `bench/capture-stages.ts runs the capture's own code over ${stages?.frames ?? 'N'} frames of a burst (a ` +
      'datagram and its echo, alternately), one stage at a time in one process, timed in CPU time — no other ' +
      'process in the way — and tshark, as the capture runs it, on the same frames from a file. "A core\'s ' +
      'share" is what each burst rate, with every datagram echoed (two frames), asks of one core at that cost: ' +
      "past 100 %, that stage cannot keep up while the burst lasts and frames wait in front of it. The main thread's " +
      'stages share one core with everything else the lab server does per packet: writing each `packet` and ' +
      "`event` message to the page's WebSocket, the echo server, the checks, garbage collection — which this table " +
      "does not isolate; `node --import tsx bench/burst-profile.ts 30000` puts a burst's main-thread samples " +
      'in those rooms.',
    '',
  ];
  if (error !== undefined) return [...lines, `**The stage measurement failed:** ${error}`, ''];
  if (stages === undefined) return [...lines, 'Not run.', ''];
  const rates = outcome?.kind === 'done' ? outcome.rounds.map((round) => round.rate) : [10_000, 30_000];
  lines.push(
    `| stage | CPU per frame | ${rates.map((rate) => `a core's share at ${rate}/s`).join(' | ')} |`,
    `|---|--:|${rates.map(() => '--:|').join('')}`,
  );
  const share = (usPerFrame: number, rate: number): string => percent((usPerFrame * 2 * rate) / 1e6);
  for (const cost of stages.mainThread) {
    lines.push(
      `| ${cost.stage} | ${cost.usPerFrame.toFixed(1)} µs | ${rates.map((rate) => share(cost.usPerFrame, rate)).join(' | ')} |`,
    );
  }
  const mainThread = stages.mainThread.reduce((total, cost) => total + cost.usPerFrame, 0);
  lines.push(
    `| **the main thread's capture stages together** | **${mainThread.toFixed(1)} µs** | ${rates.map((rate) => `**${share(mainThread, rate)}**`).join(' | ')} |`,
  );
  const tshark = stages.tshark;
  if ('failed' in tshark)
    lines.push(`| ${tshark.stage} | failed: ${tshark.failed} | ${rates.map(() => '').join(' | ')} |`);
  else {
    lines.push(
      `| ${tshark.stage} | ${tshark.usPerFrame.toFixed(1)} µs | ${rates.map((rate) => share(tshark.usPerFrame, rate)).join(' | ')} |`,
    );
  }
  lines.push(
    '',
    "- Frames that arrive faster than the lab server reads them wait in the kernel's capture ring (tcpdump `-B`, " +
      'lab-server/capture/capture-settings.ts: 128 MiB by default, ~32 000 frames at one 4 KiB slot each in immediate mode); ' +
      'what the ring cannot hold, the kernel drops, and tcpdump counts it as "dropped by kernel". Frames read ' +
      "but not yet dissected wait in the capture's queue (up to 100 000, then dropped with a gap the page is told " +
      'about); messages the page has not read wait in its outbox (past 256 KiB, skipped and counted, and the page ' +
      'is told). A datagram lost with no gap and no skip reported was dropped by the kernel.',
    '',
  );
  return lines;
}
