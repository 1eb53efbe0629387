/**
 * Reference solution of lab `tcp-reconnect`, the way the lesson has a student do it: their reconnecting client
 * runs (here the Node one of `reconnecting-client.ts`, in-process, with short timings), and they press the
 * panel's controls. Restart the server for 5 s: the client loses its connection, is refused three times with
 * growing waits, and comes back. Then silence the peer: the watchdog gives up on the connection, the client
 * tries a new one into the silence, and once the silence ends it is online again. About 15 s in all. It is the
 * lab's `solution`, which the course's generic lab test runs against a real session.
 *
 *   node --import tsx labs/tcp-reconnect/solution.ts 127.0.0.1 20417
 */

import { fileURLToPath } from 'node:url';
import { type LabSolution, serverNamed } from '../../src/lab-kit';
import type { Packet } from '../../src/protocol';
import { flagged, tcpPacketsOf } from '../common/reading-packets';
import { ReconnectingClient } from './reconnecting-client';

/** Long enough for three refused attempts (after 0.5, 1 and 2 s of waiting), short enough for a test. */
export const RESTART_SECONDS = 5;

/** The lesson's loop with a test's timings: the same shape, seconds made into fractions of one. */
export function solutionClient(host: string, port: number): ReconnectingClient {
  return new ReconnectingClient({
    host,
    port,
    heartbeatMs: 500,
    watchdogMs: 2000,
    connectTimeoutMs: 1500,
    baseMs: 500,
    capMs: 4000,
    jitter: 0.2,
  });
}

/**
 * The question's answer as a student reads the Packets tab: the `RST, ACK`s from the server's port that answer
 * a SYN, counted from one SYN-ACK to the next; undefined until an outage is over (a SYN-ACK after its RSTs).
 */
export function refusedInLastOutage(packets: readonly Packet[], port: number): string | undefined {
  let last: number | undefined;
  let refused = 0;
  const lastFrom = new Map<number, 'syn' | 'other'>();
  for (const packet of tcpPacketsOf(packets, port)) {
    if (packet.dstPort === port) {
      lastFrom.set(packet.srcPort, flagged(packet, 'SYN') && !flagged(packet, 'ACK') ? 'syn' : 'other');
    } else if (flagged(packet, 'RST') && lastFrom.get(packet.dstPort) === 'syn') {
      refused += 1;
    } else if (flagged(packet, 'SYN') && flagged(packet, 'ACK')) {
      if (refused > 0) last = refused;
      refused = 0;
    }
  }
  return last === undefined ? undefined : String(last);
}

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough, the state machine played by hand: online (a `ping` echoed); the
   * server restarted for 10 s, which the shell reads as `recv` = 0; attempts refused with ECONNREFUSED, the wait
   * doubled after each (0.5, 1, 2, 4 s), online again after 8 s more; then the peer silenced, a heartbeat left
   * unanswered and `recv --wait 3` as the watchdog that gives up on it, a new attempt sent into the silence with a
   * connect timeout of its own, and, the silence over, online again.
   */
  terminal: [
    'connect echo',
    'send ping',
    'recv',
    'fault restart echo 10',
    'recv',
    'close',
    'connect echo',
    'sleep 0.5',
    'connect echo',
    'sleep 1',
    'connect echo',
    'sleep 2',
    'connect echo',
    'sleep 4',
    'connect echo',
    'sleep 8',
    'connect echo',
    'send ping',
    'recv',
    'fault silence echo on',
    'send ping',
    'recv --wait 3',
    'close',
    'connect --timeout 2 echo',
    'fault silence echo off',
    'connect echo',
    'send ping',
    'recv',
    'close',
  ],
  async run(servers, panel) {
    const { host, port } = serverNamed(servers, 'echo');
    const client = solutionClient(host, port);
    client.start();
    try {
      await client.waitFor((step) => step.kind === 'echo', 10_000);

      // The restart: the connection ends, the port refuses for a while, then the client is back.
      let mark = client.log.length;
      await panel.setFault('restart', 'echo', RESTART_SECONDS);
      mark = await client.waitFor((step) => step.kind === 'lost', 10_000, mark);
      await client.waitFor((step) => step.kind === 'echo', 30_000, mark);

      // The silence: the watchdog fires, the client tries again into the silence, then the peer is back.
      mark = client.log.length;
      await panel.setFault('silence', 'echo', 1);
      mark = await client.waitFor((step) => step.kind === 'lost' && step.reason === 'watchdog', 15_000, mark);
      mark = await client.waitFor((step) => step.kind === 'connecting', 10_000, mark);
      // Let the SYN go out into the silence before it ends, so the capture shows the attempt.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await panel.setFault('silence', 'echo', 0);
      await client.waitFor((step) => step.kind === 'echo', 20_000, mark);
    } finally {
      await client.stop();
    }
  },
  answers(packets, servers) {
    const answer = refusedInLastOutage(packets, serverNamed(servers, 'echo').port);
    return answer === undefined ? undefined : { 'refused-attempts': answer };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port] = process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT\n');
    process.exit(2);
  }
  // Without a panel: the client runs until Ctrl-C, logging each step, while the faults are set by hand.
  const client = solutionClient(host, Number(port));
  let shown = 0;
  const show = setInterval(() => {
    for (const { at, step } of client.log.slice(shown))
      process.stdout.write(`${at.toFixed(0)} ms ${JSON.stringify(step)}\n`);
    shown = client.log.length;
  }, 200);
  client.start();
  process.once('SIGINT', () => {
    clearInterval(show);
    void client.stop();
  });
}
