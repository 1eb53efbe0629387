/**
 * Reference solution of lab `tcp-reliability`, as a careful student does it: connect to the echo server, set
 * loss to 20 % on the lab panel, send 200 numbered lines one by one, 2 ms apart and with Nagle's algorithm off,
 * so each line is a segment of its own and a loss leaves later segments arriving after a hole; read the echo
 * until every byte is back and check it is the same bytes in the same order; set loss back to 0 and close with
 * FIN. The connection is made before the loss is set, so the handshake is not what the loss hits. It answers the
 * capture questions as the lesson reads the Packets tab: the first client segment marked as sent again (Wireshark
 * says Retransmission, Fast Retransmission, Spurious Retransmission or Out-Of-Order), and the server's packets
 * marked Dup ACK before it.
 *
 *   node --import tsx labs/tcp-reliability/solution.ts 127.0.0.1 20417
 */

import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type LabPanel, type LabSolution, serverNamed } from '../../src/lab-kit';
import type { ExpertFlag } from '../../src/protocol';
import { newestConnection } from '../common/reading-packets';
import { ECHO } from './checks';

/** `line 0001\n` … `line 0200\n`: 2000 bytes, all of which the echo server's record keeps. */
export const LINES = Array.from({ length: 200 }, (_, i) => `line ${String(i + 1).padStart(4, '0')}\n`);
export const LOSS_PERCENT = 20;
/** Long enough for a segment to leave on its own before the next is written (loopback's RTT is microseconds). */
const GAP_MS = 2;
/** 20 % loss costs a few retransmission timeouts at most; this bounds a run that goes wrong. */
const DEADLINE_MS = 30_000;

/** Flags under which the Packets tab shows a segment sent again. */
const RESENT: ReadonlySet<ExpertFlag> = new Set([
  'retransmission',
  'fast-retransmission',
  'spurious-retransmission',
  'out-of-order',
]);

/** Sends the lines over one connection and resolves with the echo; `whileConnected` runs before the first line. */
export function sendLines(
  host: string,
  port: number,
  lines: readonly string[],
  whileConnected: () => Promise<void> = async () => undefined,
  afterEcho: () => Promise<void> = async () => undefined,
): Promise<string> {
  const expected = Buffer.from(lines.join(''));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    const chunks: Buffer[] = [];
    let received = 0;
    const timer = setTimeout(
      () => socket.destroy(new Error(`the echo was not back within ${DEADLINE_MS} ms`)),
      DEADLINE_MS,
    );
    socket.once('connect', () => {
      void (async () => {
        await whileConnected();
        for (const line of lines) {
          socket.write(line);
          await sleep(GAP_MS);
        }
      })().catch((error: unknown) => socket.destroy(error instanceof Error ? error : new Error(String(error))));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < expected.length) return;
      // Everything is back: the loss goes off before the close, so the FINs are not what it hits.
      socket.pause();
      afterEcho().then(
        () => {
          socket.resume();
          socket.end();
        },
        (error: unknown) => socket.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString());
    });
  });
}

/** Sets the loss as the panel's control does; a lab server that may not set faults says why, and the run goes on. */
async function setLoss(panel: LabPanel, percent: number): Promise<void> {
  try {
    await panel.setFault('loss', ECHO, percent);
  } catch {
    // The panel shows the reason; the echo still comes back, only without loss to see.
  }
}

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough: connected before the loss is set, so the handshake is not what it
   * hits; 50 short lines sent in the background, 100 ms apart, each a segment of its own; time for the
   * retransmissions; loss off; a half-close, so the echo server knows everything was sent, and a read of the
   * echo before the close.
   */
  terminal: [
    'connect echo',
    'loss 20',
    'send --every 100ms --count 50 -n line',
    'sleep 8',
    'loss 0',
    'shutdown',
    'recv --max 4096 --wait 10',
    'close',
  ],
  async run(servers, panel) {
    const { host, port } = serverNamed(servers, ECHO);
    const echo = await sendLines(
      host,
      port,
      LINES,
      () => setLoss(panel, LOSS_PERCENT),
      () => setLoss(panel, 0),
    );
    if (echo !== LINES.join('')) {
      throw new Error(`the echo differs from what was sent: ${echo.length} of ${LINES.join('').length} bytes`);
    }
  },
  answers(packets, servers) {
    const { port } = serverNamed(servers, ECHO);
    const connection = newestConnection(packets, port);
    const resent = connection.find(
      (packet) => packet.dstPort === port && packet.tcp.len > 0 && packet.expert.some((flag) => RESENT.has(flag)),
    );
    if (resent === undefined) return undefined;
    const duplicates = connection.filter(
      (packet) => packet.srcPort === port && packet.id < resent.id && packet.expert.includes('duplicate-ack'),
    );
    return {
      'first-retransmission-seq': String(resent.tcp.seq),
      'dup-acks-before': String(duplicates.length),
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port] = process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT\n');
    process.exit(2);
  }
  sendLines(host, Number(port), LINES).then(
    (echo) => process.stdout.write(`${echo === LINES.join('') ? 'all back, in order' : 'the echo differs'}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
