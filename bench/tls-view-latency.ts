/**
 * Handshake → handshake view, the second part of the TLS section: how long after a client's handshake completed
 * its page has the whole handshake to draw. On a lab server with `CAPTURE=auto`, one session of a TLS lab with
 * its page open (tls-page.ts); then connections to one of its servers one after another, each waiting for its
 * view (or the deadline) before the next starts, so each is measured alone. For each, the time from the client's
 * `secureConnect` to the page receiving a `tls` message for that connection with `complete: true` — matched by
 * the client's port in `handshake.client`. That time is the capture (tcpdump → tshark → the session), the
 * tracker's wait for a flight's packets to settle, one tshark read of the session's recording with its keys,
 * the chain report, and the WebSocket.
 */

import type { TlsHandshake } from '../src/protocol';
import { type TlsTarget, tlsConnectOnce } from './tls-handshake-client';
import { serverPort, TlsPage } from './tls-page';
import { waitUntil } from './wait-until';

export interface TlsViewRun {
  readonly lab: string;
  readonly server: string;
  readonly version: TlsTarget['version'];
  /** Connections made, and how many were planned: the time budget may end the run first. */
  readonly connections: number;
  readonly planned: number;
  /** secureConnect → complete `tls` message, ms, of the connections whose view arrived in time. */
  readonly latency: { readonly count: number; readonly median: number; readonly p95: number; readonly max: number };
  /** Connections whose complete handshake never reached the page within `viewTimeoutMs`. */
  readonly missing: number;
  readonly viewTimeoutMs: number;
  /** Of those, how many the page had heard of, incomplete. */
  readonly missingButSeen: number;
  /** `tls` messages per connection: a handshake is sent again each time it was read further. */
  readonly messagesPerConnection: number;
  /** Messages of other types the page got, and errors. */
  readonly otherMessages: string;
  readonly errors: readonly string[];
}

export interface TlsViewSettings {
  /** The lab server's port. */
  readonly labPort: number;
  /** The class root, PEM. */
  readonly ca: string;
  readonly connections: number;
  /** No connection starts after this long, so a slow machine cannot stretch the run without end. */
  readonly seconds: number;
  /** How long one connection's view may take before it counts as missing. */
  readonly viewTimeoutMs: number;
  /** Deadline for the welcome and each connection. */
  readonly timeoutMs: number;
}

interface Arrival {
  readonly at: number;
  readonly connection: number;
}

/** Opens one session of `lab`, measures `settings.connections` connections to its server `server`, closes it. */
export async function measureTlsView(
  settings: TlsViewSettings,
  lab: string,
  server: string,
  version: TlsTarget['version'],
): Promise<TlsViewRun> {
  const complete = new Map<number, Arrival>();
  const seen = new Set<number>();
  /** Connection numbers already measured: a reused client port must not match an earlier connection. */
  const measured = new Set<number>();
  let messages = 0;
  const page = await TlsPage.open(
    settings.labPort,
    function pageOnHandshake(handshake: TlsHandshake, at: number) {
      messages++;
      const port = clientPort(handshake.client);
      if (port === undefined || measured.has(handshake.connection)) return;
      seen.add(port);
      if (handshake.complete && !complete.has(port)) complete.set(port, { at, connection: handshake.connection });
    },
    settings.timeoutMs,
  );
  const latencies: number[] = [];
  let missing = 0;
  let missingButSeen = 0;
  let made = 0;
  try {
    const echoPort = serverPort(await page.hello(lab, settings.timeoutMs), server, lab);
    const target: TlsTarget = { port: echoPort, ca: settings.ca, version, timeoutMs: settings.timeoutMs };
    const deadline = performance.now() + settings.seconds * 1000;
    // Bounded: at most `connections` passes, none started after the deadline, each within its timeouts.
    for (; made < settings.connections && performance.now() < deadline; made++) {
      const timing = await tlsConnectOnce(target);
      const port = timing.localPort;
      const arrived = await waitUntil(() => complete.has(port), settings.viewTimeoutMs);
      const arrival = complete.get(port);
      if (arrived && arrival !== undefined) {
        latencies.push(arrival.at - timing.secureAt);
        measured.add(arrival.connection);
      } else {
        missing++;
        if (seen.has(port)) missingButSeen++;
      }
      complete.delete(port);
      seen.delete(port);
    }
  } finally {
    page.close();
  }
  return {
    lab,
    server,
    version,
    connections: made,
    planned: settings.connections,
    latency: summarizeView(latencies),
    missing,
    viewTimeoutMs: settings.viewTimeoutMs,
    missingButSeen,
    messagesPerConnection: messages / Math.max(1, made),
    otherMessages: [...page.counts].map(([type, count]) => `${count} ${type}`).join(', ') || 'none',
    errors: page.errors,
  };
}

/** `127.0.0.1:51234` or `[::1]:51234` → 51234. */
function clientPort(address: string): number | undefined {
  const port = Number(address.slice(address.lastIndexOf(':') + 1));
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** Nearest-rank percentiles, as stats.ts: every value reported is one that happened. */
function summarizeView(samples: readonly number[]): TlsViewRun['latency'] {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? Number.NaN;
  return { count: sorted.length, median: rank(50), p95: rank(95), max: sorted.at(-1) ?? Number.NaN };
}
