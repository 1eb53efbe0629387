/**
 * The TLS section of bench/RESULTS.md: handshakes per second through the lab's TLS echo against a bare Node TLS
 * echo measured in the same run, how long a handshake takes to reach the page's handshake view with the capture
 * on, and what the class PKI costs at start-up. Each part says what its numbers mean; nothing passes or fails.
 */

import { ms, percent, ratio, seconds, time } from './format';
import type { TlsRateResult } from './tls-handshake-rate';
import type { PkiStartup, PkiTimes } from './tls-pki-startup';
import type { TlsOutcome, TlsPart, TlsRateOutcome, TlsViewOutcome } from './tls-section';

export function renderTls(outcome: TlsOutcome | undefined, error: string | undefined): string[] {
  const lines = ['## TLS', ''];
  if (error !== undefined) return [...lines, `**This section failed:** ${error}`, ''];
  if (outcome === undefined) return [...lines, 'Not run (an earlier section failed).', ''];
  return [
    ...lines,
    `Three parts, ${outcome.seconds.toFixed(1)} s in all. The lab servers run with ${outcome.env} (and ` +
      '`CAPTURE` as each part says); both they and the bare echo present an ECDSA P-256 leaf and the intermediate ' +
      'of one class PKI, made for this run. Every client verifies the chain against the class root for the name ' +
      '`localhost`, as a student’s program does, and never offers a session to resume: each connection is a ' +
      'full handshake.',
    '',
    ...renderRate(outcome.rate),
    ...renderView(outcome.view),
    ...renderPki(outcome.pki),
  ];
}

function renderRate(part: TlsPart<TlsRateOutcome>): string[] {
  const lines = [
    '### Full TLS 1.3 handshakes per second',
    '',
    'N clients in the benchmark process each make one connection after another for a fixed time: TCP connect, ' +
      'TLS 1.3 handshake, `Hello,world!` sent and its echo read, close. **lab** is the `echo` server (`tls-echo`) ' +
      'of a real `tls13-handshake` session with its page open (`CAPTURE=off`): on top of the TLS it keeps the ' +
      "connection's slot, observes it for the timeline (events sent to the page), keeps its first bytes to tell a " +
      'non-TLS client apart, and logs its keys for the session. **bare** is `tls.createServer` echoing, in a ' +
      'process of its own, nothing else. Rounds alternate which goes first; handshakes/s pools all rounds. ' +
      '"Server CPU per handshake" is the server process\'s user + system time (`/proc/<pid>/stat`) over the ' +
      'connections it served: when the load generator is busy (each client verifies three ECDSA ' +
      'signatures per handshake, the server makes one), handshakes/s measures the benchmark process as much as the server, and the CPU ' +
      'ratio is the fairer comparison.',
    '',
  ];
  if (part.kind !== 'done') return [...lines, ...notDone(part), ''];
  const { results, stopped } = part.value;
  lines.push(
    '| N | lab handshakes/s | bare handshakes/s | lab / bare | handshake median: lab | bare | server CPU per handshake: lab | bare | lab / bare |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...results.map(rateRow),
    '',
    ...results.map(rateDetail),
    ...stopped.map((line) => `- ${line}.`),
    '',
  );
  return lines;
}

function rateRow(r: TlsRateResult): string {
  return (
    `| ${r.clients} | ${Math.round(r.lab.perSecond)} | ${Math.round(r.bare.perSecond)} | ` +
    `${ratio(r.lab.perSecond, r.bare.perSecond)} | ${time(r.lab.handshakeMs.median)} | ${time(r.bare.handshakeMs.median)} | ` +
    `${r.lab.serverCpuUsPerHandshake.toFixed(0)} µs | ${r.bare.serverCpuUsPerHandshake.toFixed(0)} µs | ` +
    `${ratio(r.lab.serverCpuUsPerHandshake, r.bare.serverCpuUsPerHandshake)} |`
  );
}

function rateDetail(r: TlsRateResult): string {
  const rounds = (values: readonly number[]): string => values.map((value) => Math.round(value)).join(', ');
  const errors = [r.lab, r.bare].map((phase) =>
    phase.errors === 0 ? 'none' : `${phase.errors} (first: ${phase.firstError ?? '?'})`,
  );
  return (
    `- N = ${r.clients}, ${r.rounds} rounds of ${r.seconds} s per server: ${r.lab.handshakes} connections to the ` +
    `lab (${rounds(r.lab.perRound)}/s by round), ${r.bare.handshakes} to the bare echo (${rounds(r.bare.perRound)}/s); ` +
    `handshake p99 ${time(r.lab.handshakeMs.p99)} and ${time(r.bare.handshakeMs.p99)}; server busy ` +
    `${percent(r.lab.serverBusy)} (lab) and ${percent(r.bare.serverBusy)} (bare), load generator ` +
    `${percent(r.lab.clientBusy)} and ${percent(r.bare.clientBusy)}; errors: lab ${errors[0]}, bare ${errors[1]}.`
  );
}

function renderView(part: TlsPart<TlsViewOutcome>): string[] {
  const lines = [
    '### Handshake → handshake view, capture on',
    '',
    'A lab server of its own with `CAPTURE=auto`, one session per lab with its page open, then connections one ' +
      'after another, each waiting for its view before the next, until all were made or the time budget ran ' +
      'out ("n of m"). **Latency** is from the client’s ' +
      '`secureConnect` to the page receiving the `tls` message of that connection (matched by the client’s port) ' +
      'with `complete: true`: the capture, the tracker reading the session’s recording with its keys through ' +
      'tshark, the chain report and the WebSocket. **Never arrived** counts connections whose complete ' +
      'handshake the page had not got within the deadline.',
    '',
  ];
  if (part.kind !== 'done') return [...lines, ...notDone(part), ''];
  const { runs, readyMs, stopped } = part.value;
  const deadline = runs[0] === undefined ? '' : ` within ${seconds(runs[0].viewTimeoutMs)}`;
  lines.push(
    `| lab | server | version | connections | latency p50 | p95 | max | never arrived${deadline} | \`tls\` messages per connection |`,
    '|---|---|---|--:|--:|--:|--:|--:|--:|',
    ...runs.map(
      (r) =>
        `| \`${r.lab}\` | \`${r.server}\` | ${r.version.replace('TLSv', 'TLS ')} | ${r.connections}${r.connections < r.planned ? ` of ${r.planned}` : ''} | ${ms(r.latency.median)} | ` +
        `${ms(r.latency.p95)} | ${ms(r.latency.max)} | ${r.missing}${r.missingButSeen > 0 ? ` (${r.missingButSeen} seen incomplete)` : ''} | ` +
        `${r.messagesPerConnection.toFixed(1)} |`,
    ),
    '',
    `- The capture ran ${ms(readyMs)} after the lab server was spawned; ${stopped}.`,
    ...runs.map(
      (r) =>
        `- \`${r.lab}\`: the page also got ${r.otherMessages}; ` +
        `${r.errors.length === 0 ? 'no errors' : `errors: ${r.errors.join('; ')}`}.`,
    ),
    '',
  );
  return lines;
}

function renderPki(part: TlsPart<PkiStartup>): string[] {
  const lines = [
    '### Class PKI start-up',
    '',
    '`loadOrCreateClassPki` in the benchmark process, as a lab server makes it before its first TLS session. ' +
      '**Cold**: an empty directory — a new root and intermediate, then every server and failure leaf (RSA ones ' +
      'included) and both CRLs. **Warm**: the same directory again, as at every later start — the root and ' +
      'intermediate loaded and checked, the leaves issued anew. **issueClient**: one session’s client ' +
      'certificate, what every new TLS session waits for before its servers start. CPU is the whole process’s ' +
      '(WebCrypto works on libuv’s thread pool).',
    '',
  ];
  if (part.kind !== 'done') return [...lines, ...notDone(part), ''];
  const pki = part.value;
  lines.push(
    '| step | runs | median | max | CPU median |',
    '|---|--:|--:|--:|--:|',
    pkiRow('cold (new root and intermediate)', pki.cold),
    pkiRow('warm (loaded, leaves issued)', pki.warm),
    pkiRow('`issueClient`', pki.issueClient),
    '',
    `- Server certificates made for ${pki.names.map((name) => `\`${name}\``).join(', ')}.`,
    '',
  );
  return lines;
}

function pkiRow(step: string, t: PkiTimes): string {
  return `| ${step} | ${t.runs} | ${ms(t.median)} | ${ms(t.max)} | ${ms(t.cpuMedian)} |`;
}

function notDone(part: Exclude<TlsPart<unknown>, { kind: 'done' }>): string[] {
  return part.kind === 'skipped' ? [`Skipped: ${part.reason}`] : [`**This part failed:** ${part.error}`];
}
