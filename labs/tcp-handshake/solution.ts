/**
 * Reference solution of lab `tcp-handshake`, as a careful student writes it in Node: connect (the kernel does
 * the handshake), send exactly `Hello,world!`, read until all 12 bytes are back, then close with FIN. As the lab's
 * `solution`, it also answers the capture questions from the session's packets, reading the handshake's three
 * packets and the server's ACK of the greeting as the lesson does; the course's generic lab test runs it against
 * a real session with a real capture to prove the checks pass on it and the questions take its answers.
 *
 *   node --import tsx labs/tcp-handshake/solution.ts 127.0.0.1 20417
 */

import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { type LabSolution, serverNamed } from '../../src/lab-kit';
import { newestConnection } from '../common/reading-packets';
import { ECHO } from './checks';

export const GREETING = 'Hello,world!';

export interface Exchange {
  /** What came back from the echo server. */
  readonly echo: string;
  /** The ephemeral port the kernel chose for us: the client side of the connection in the capture. */
  readonly localPort: number;
}

export function handshakeAndGreet(host: string, port: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const chunks: Buffer[] = [];
    let received = 0;
    let localPort = 0;
    socket.setTimeout(5000, () => socket.destroy(new Error('no echo within 5 s')));
    // 'connect' fires once the kernel has sent the final ACK of the handshake: connect() returned 0.
    socket.once('connect', () => {
      localPort = socket.localPort ?? 0;
      socket.write(GREETING);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      // Everything read: an orderly close (FIN), never one with unread data (which would be RST).
      if (received >= Buffer.byteLength(GREETING)) socket.end();
    });
    socket.once('error', reject);
    socket.once('close', () => resolve({ echo: Buffer.concat(chunks).toString(), localPort }));
  });
}

export const solution: LabSolution = {
  /** The lesson's lab-terminal walkthrough: a handshake, the greeting and its echo, a close. */
  terminal: ['connect echo', 'send Hello,world!', 'recv', 'close'],
  async run(servers) {
    const { host, port } = serverNamed(servers, ECHO);
    const { echo } = await handshakeAndGreet(host, port);
    if (echo !== GREETING) throw new Error(`the echo server sent back ${JSON.stringify(echo)}`);
  },
  answers(packets, servers) {
    const { port } = serverNamed(servers, ECHO);
    const connection = newestConnection(packets, port);
    const fromClient = connection.filter((packet) => packet.dstPort === port);
    const fromServer = connection.filter((packet) => packet.srcPort === port);
    const syn = fromClient.find((packet) => packet.tcp.flagNames === 'SYN');
    const synAck = fromServer.find((packet) => packet.tcp.flagNames === 'SYN,ACK');
    const greeting = fromClient.find((packet) => packet.tcp.len > 0);
    // The server's first packet after the greeting that acknowledges all of it.
    const greetingAck =
      greeting &&
      fromServer.find((packet) => packet.id > greeting.id && packet.tcp.ack >= greeting.tcp.seq + greeting.tcp.len);
    if (syn === undefined || synAck === undefined || greetingAck === undefined) return undefined;
    return {
      'server-isn': String(synAck.tcp.seqRaw),
      'syn-ack-ack': String(synAck.tcp.ack),
      'hello-ack': String(greetingAck.tcp.ack),
      'client-mss': syn.tcp.options.mss === undefined ? 'none' : String(syn.tcp.options.mss),
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port] = process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT\n');
    process.exit(2);
  }
  handshakeAndGreet(host, Number(port)).then(
    ({ echo, localPort }) => process.stdout.write(`${echo} (client port ${localPort})\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
