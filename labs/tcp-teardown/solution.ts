/**
 * Reference solution of lab `tcp-teardown`, in Node: three connections that show the three ways a TCP connection
 * ends.
 *
 * 1. A half-close: send `Hello,world!` and shut down the sending side in the same breath (`end(data)` is
 *    write + shutdown(SHUT_WR)), so the echo comes back *after* our FIN; keep reading until end-of-file.
 * 2. An orderly close: send, read the whole echo, then close, so the kernel sends FIN, not RST.
 * 3. A refused connection: connect to the session's closed port; the kernel there answers the SYN with RST, ACK,
 *    and connect() fails with ECONNREFUSED (RFC 9293 §3.10.7.1).
 *
 * The orderly close comes after the half-close, so it is the "last teardown" the questions ask about. As the
 * lab's `solution`, it also answers those questions from the session's packets, reading the last connection's
 * FINs and ACKs and the closed port's reply as the lesson does; the course's generic lab test runs it against a
 * real session with a real capture to prove the checks pass on it and the questions take its answers.
 *
 *   node --import tsx labs/tcp-teardown/solution.ts 127.0.0.1 ECHO_PORT CLOSED_PORT
 */

import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { type LabSolution, serverNamed } from '../../src/lab-kit';
import { flagged, newestConnection, tcpPacketsOf } from '../common/reading-packets';
import { CLOSED, ECHO } from './checks';

export const GREETING = 'Hello,world!';
const TIMEOUT_MS = 5000;

/** Send, shut down at once, read until the server's FIN. Resolves with everything read. */
export function halfClose(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // allowHalfOpen: our FIN must not make Node close the reading side too.
    const socket = net.connect({ host, port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no end-of-file within ${TIMEOUT_MS} ms`)));
    socket.once('connect', () => socket.end(GREETING));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // 'end' is recv() returning 0: the server's FIN. Both directions are now closed.
    socket.once('end', () => socket.destroy());
    socket.once('error', reject);
    socket.once('close', () => resolve(Buffer.concat(chunks).toString()));
  });
}

/** Send, read the whole echo, then close: an orderly close with FIN. Resolves with the echo. */
export function closeAfterEcho(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const chunks: Buffer[] = [];
    let received = 0;
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no echo within ${TIMEOUT_MS} ms`)));
    socket.once('connect', () => socket.write(GREETING));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= Buffer.byteLength(GREETING)) socket.end();
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(Buffer.concat(chunks).toString()));
  });
}

/** Connect where nothing listens. Resolves with the error code, which should be ECONNREFUSED. */
export function connectRefused(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer from ${host}:${port}`)));
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`${host}:${port} accepted the connection: something is listening there`));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

export interface TeardownRun {
  readonly halfClosed: string;
  readonly echoed: string;
  readonly refused: string;
}

export async function runTeardown(host: string, echoPort: number, closedPort: number): Promise<TeardownRun> {
  const halfClosed = await halfClose(host, echoPort);
  const echoed = await closeAfterEcho(host, echoPort);
  const refused = await connectRefused(host, closedPort);
  return { halfClosed, echoed, refused };
}

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough: an orderly close, a refused connect, then a half-close whose echo
   * comes after the FIN, since `send --shutdown` sends the FIN with the data; the second `recv` reads 0.
   */
  terminal: [
    'connect echo',
    'send Hello,world!',
    'recv',
    'close',
    'connect closed',
    'connect echo',
    'send --shutdown Hello,world!',
    'recv',
    'recv',
    'close',
  ],
  async run(servers) {
    const echo = serverNamed(servers, ECHO);
    const closed = serverNamed(servers, CLOSED);
    const run = await runTeardown(echo.host, echo.port, closed.port);
    if (run.halfClosed !== GREETING || run.echoed !== GREETING) {
      throw new Error(
        `the echo server sent back ${JSON.stringify(run.halfClosed)}, then ${JSON.stringify(run.echoed)}`,
      );
    }
    if (run.refused !== 'ECONNREFUSED') throw new Error(`connect to the closed port failed with ${run.refused}`);
  },
  answers(packets, servers) {
    const echo = serverNamed(servers, ECHO).port;
    const closed = serverNamed(servers, CLOSED).port;
    const refusal = tcpPacketsOf(packets, closed).find((packet) => packet.srcPort === closed && flagged(packet, 'RST'));
    const connection = newestConnection(packets, echo);
    const [firstFin, secondFin] = connection.filter((packet) => flagged(packet, 'FIN'));
    // The teardown ends with the ACK of the second FIN, sent by the side that sent the first.
    const lastAck =
      secondFin &&
      connection.find(
        (packet) =>
          packet.id > secondFin.id && packet.srcPort === secondFin.dstPort && packet.tcp.ack >= secondFin.tcp.nextSeq,
      );
    if (refusal === undefined || firstFin === undefined || lastAck === undefined) return undefined;
    const closer = firstFin.dstPort === echo ? 'client' : 'server';
    return {
      'first-fin': closer,
      'rst-flags': refusal.tcp.flagNames,
      'teardown-packets': String(connection.indexOf(lastAck) - connection.indexOf(firstFin) + 1),
      // The side that closed first, actively, is the one that waits.
      'time-wait': closer,
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', echoPort, closedPort] = process.argv.slice(2);
  if (echoPort === undefined || closedPort === undefined) {
    process.stderr.write('usage: solution.ts HOST ECHO_PORT CLOSED_PORT\n');
    process.exit(2);
  }
  runTeardown(host, Number(echoPort), Number(closedPort)).then(
    (run) => process.stdout.write(`${JSON.stringify(run)}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
