/**
 * Reference solution of lab `tcp-flow-control`, as a careful student writes it in Node: connect to the slow
 * reader, write 8 MiB at once (Node keeps in its own memory what the kernel's send buffer cannot take, so the
 * program never blocks, but the bytes still wait for the window), end the stream once everything is handed over,
 * and wait for the server's FIN, which it sends only after it has read every byte. As the lab's `solution`, it
 * also answers the capture questions from the session's packets the way the lesson teaches: the Win= of the
 * server's first segment after the SYN-ACK, the Ack of its first [TCP ZeroWindow], and the client's segments that
 * Wireshark marks [TCP Keep-Alive] or [TCP ZeroWindowProbe].
 *
 *   node --import tsx labs/tcp-flow-control/solution.ts 127.0.0.1 20417
 */

import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { type LabSolution, serverNamed } from '../../src/lab-kit';
import type { Packet } from '../../src/protocol';
import { flagged, newestConnection } from '../common/reading-packets';
import { READER } from './checks';

/** 8 MiB: more than the reader's receive buffer and a loopback send buffer (at most 4 MiB by default) together. */
export const TOTAL_BYTES = 8 << 20;

export interface Transfer {
  readonly sent: number;
  /** Milliseconds from connect until the server's FIN: the transfer, waits for the window included. */
  readonly elapsedMs: number;
}

export function sendAll(host: string, port: number, total = TOTAL_BYTES): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect({ host, port });
    socket.setTimeout(30_000, () => socket.destroy(new Error('no progress within 30 s')));
    socket.once('connect', () => {
      // end() sends FIN after the last byte, once the window has let every byte out.
      socket.end(Buffer.alloc(total, 'x'));
    });
    // The reader sends nothing back; its FIN (end of stream here) comes after it has read all the bytes.
    socket.on('data', () => {});
    socket.once('error', reject);
    socket.once('close', (hadError) => {
      if (!hadError) resolve({ sent: total, elapsedMs: performance.now() - started });
    });
  });
}

function isProbe(packet: Packet): boolean {
  return packet.expert.includes('keep-alive') || packet.expert.includes('zero-window-probe');
}

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough: `send --bytes 8M` writes 8 MiB, far more than the reader's receive
   * buffer and the shell's send buffer hold, so it blocks while the window is zero and returns once the reader
   * has started reading again; the close then sends FIN after the last byte.
   */
  terminal: ['connect reader', 'send --bytes 8M', 'close'],
  async run(servers) {
    const { host, port } = serverNamed(servers, READER);
    await sendAll(host, port);
  },
  answers(packets, servers) {
    const { port } = serverNamed(servers, READER);
    const connection = newestConnection(packets, port);
    const fromServer = connection.filter((packet) => packet.srcPort === port);
    const synAck = fromServer.find((packet) => flagged(packet, 'SYN') && flagged(packet, 'ACK'));
    const afterSynAck = synAck && fromServer.find((packet) => packet.id > synAck.id);
    const zero = fromServer.find((packet) => packet.expert.includes('zero-window'));
    const update = zero && fromServer.find((packet) => packet.id > zero.id && packet.expert.includes('window-update'));
    // Every probe comes before the server's FIN, so once that is captured, the count is final.
    const serverFin = fromServer.find((packet) => flagged(packet, 'FIN'));
    if (afterSynAck === undefined || zero === undefined || update === undefined || serverFin === undefined) {
      return undefined;
    }
    const probes = connection.filter((packet) => packet.dstPort === port && isProbe(packet));
    return {
      'scaled-window': String(afterSynAck.tcp.window),
      'zero-window-ack': String(zero.tcp.ack),
      'probe-count': String(probes.length),
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port] = process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT\n');
    process.exit(2);
  }
  sendAll(host, Number(port)).then(
    ({ sent, elapsedMs }) => process.stdout.write(`sent ${sent} bytes in ${(elapsedMs / 1000).toFixed(1)} s\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
