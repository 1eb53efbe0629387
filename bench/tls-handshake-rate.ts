/**
 * Full TLS 1.3 handshakes per second, the first part of the TLS section: the `echo` server (`tls-echo`) of a real
 * `tls13-handshake` session, on a lab server of its own with `CAPTURE=off` and its page open, against a bare
 * `tls.createServer` echo in a process of its own (tls-echo-server.ts) with the same kind of certificate from the
 * same class PKI. For each level, N clients in the benchmark process connect one connection after another for a
 * fixed time (tls-handshake-client.ts: handshake, `Hello,world!`, echo, close; no resumption), then the same
 * against the other server; rounds alternate which goes first and pool their counts. The lab's server does what
 * the bare one does plus what a lesson needs: the TCP connection's slot and observations, the first bytes kept
 * to tell a non-TLS client apart, every key logged for the session, and the timeline events sent to the page.
 */

import type { Child } from './children';
import { readCpuMs } from './proc';
import { type Summary, summarize } from './stats';
import { type TlsTarget, tlsConnectOnce } from './tls-handshake-client';

export interface TlsRateLevel {
  readonly clients: number;
  /** How long the clients keep starting connections, per round and server. */
  readonly seconds: number;
  readonly rounds: number;
}

/** The two servers, each with the process whose CPU time is read. */
export interface TlsRateServers {
  readonly lab: { readonly port: number; readonly child: Child };
  readonly bare: { readonly port: number; readonly child: Child };
  /** The class root, PEM. */
  readonly ca: string;
  readonly timeoutMs: number;
}

export interface TlsRatePhase {
  /** Connections that went through handshake, echo and close, over all rounds. */
  readonly handshakes: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  /** Pooled: all handshakes over all rounds' wall time. */
  readonly perSecond: number;
  /** Handshakes per second in each round. */
  readonly perRound: readonly number[];
  /** From the TCP connect to `secureConnect`, at the client. */
  readonly handshakeMs: Summary;
  /** The server process's CPU time per connection, µs (from /proc, 10 ms ticks). */
  readonly serverCpuUsPerHandshake: number;
  /** CPU time over wall time; 1 = one core. */
  readonly serverBusy: number;
  readonly clientBusy: number;
}

export interface TlsRateResult extends TlsRateLevel {
  readonly lab: TlsRatePhase;
  readonly bare: TlsRatePhase;
}

/** Connections each server gets first, one client, not counted: the JIT and the first handshake's allocations. */
export const WARM_UP_HANDSHAKES = 20;
/** A client that failed this many connections in a phase stops: the server is not taking them. */
const MAX_ERRORS_PER_CLIENT = 20;

interface Samples {
  handshakes: number;
  errors: number;
  firstError: string | undefined;
  wallMs: number;
  serverCpuMs: number;
  clientCpuMs: number;
  readonly perRound: number[];
  readonly handshakeMs: number[];
}

/** A few connections to each server, not counted. */
export async function warmUp(servers: TlsRateServers): Promise<void> {
  for (const server of [servers.lab, servers.bare]) {
    for (let index = 0; index < WARM_UP_HANDSHAKES; index++) await tlsConnectOnce(target(servers, server.port));
  }
}

export async function runTlsRate(servers: TlsRateServers, level: TlsRateLevel): Promise<TlsRateResult> {
  const lab = emptySamples();
  const bare = emptySamples();
  for (let round = 0; round < level.rounds; round++) {
    const order = round % 2 === 0 ? (['lab', 'bare'] as const) : (['bare', 'lab'] as const);
    for (const which of order) {
      const server = servers[which];
      await phase(target(servers, server.port), server.child.pid, level, which === 'lab' ? lab : bare);
    }
  }
  return { ...level, lab: summarizePhase(lab), bare: summarizePhase(bare) };
}

function target(servers: TlsRateServers, port: number): TlsTarget {
  return { port, ca: servers.ca, version: 'TLSv1.3', timeoutMs: servers.timeoutMs };
}

/** N clients, each one connection after another until the time is up; what it cost goes into `into`. */
async function phase(to: TlsTarget, serverPid: number, level: TlsRateLevel, into: Samples): Promise<void> {
  const deadline = performance.now() + level.seconds * 1000;
  const serverBefore = readCpuMs(serverPid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  let handshakes = 0;
  await Promise.all(
    Array.from({ length: level.clients }, async () => {
      let errors = 0;
      // Bounded: a pass is one connection (itself within the target's timeout), and passes stop at the deadline.
      while (performance.now() < deadline && errors < MAX_ERRORS_PER_CLIENT) {
        try {
          const timing = await tlsConnectOnce(to);
          into.handshakeMs.push(timing.handshakeMs);
          handshakes++;
        } catch (error) {
          errors++;
          into.errors++;
          into.firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  into.handshakes += handshakes;
  into.wallMs += wallMs;
  into.serverCpuMs += readCpuMs(serverPid) - serverBefore;
  into.clientCpuMs += (client.user + client.system) / 1000;
  into.perRound.push((handshakes * 1000) / wallMs);
}

function emptySamples(): Samples {
  return {
    handshakes: 0,
    errors: 0,
    firstError: undefined,
    wallMs: 0,
    serverCpuMs: 0,
    clientCpuMs: 0,
    perRound: [],
    handshakeMs: [],
  };
}

function summarizePhase(samples: Samples): TlsRatePhase {
  return {
    handshakes: samples.handshakes,
    errors: samples.errors,
    firstError: samples.firstError,
    perSecond: (samples.handshakes * 1000) / samples.wallMs,
    perRound: samples.perRound,
    handshakeMs: summarize(samples.handshakeMs),
    serverCpuUsPerHandshake: (samples.serverCpuMs * 1000) / Math.max(1, samples.handshakes),
    serverBusy: samples.serverCpuMs / samples.wallMs,
    clientBusy: samples.clientCpuMs / samples.wallMs,
  };
}
