/**
 * Reference solution of lab `tcp-keepalive`, as a careful student writes it in Node: connect, exchange
 * `Hello,world!`, turn keepalive on with a one-second idle time, and sit idle long enough for the server's probe
 * and the socket's own to be answered; then silence the server from the lab panel and wait for the socket to
 * fail with ETIMEDOUT, which its kernel reports after its probes went unanswered, and end the silence. Node's
 * `setKeepAlive(true, ms)` sets only the idle time; libuv, under Node, fixes the interval at 1 s and the count at
 * 10 on Linux, so the silent part takes about 11 s. As the lab's `solution`, it also answers the capture
 * questions from the session's packets, reading the server's probe by the capture's TCP Keep-Alive mark as the
 * lesson does; the course's generic lab test runs it against a real session to prove the checks pass on it.
 *
 *   node --import tsx labs/tcp-keepalive/solution.ts 127.0.0.1 20417
 */

import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { type LabPanel, type LabSolution, serverNamed } from '../../src/lab-kit';
import { newestConnection } from '../common/reading-packets';
import { ECHO } from './checks';

export const GREETING = 'Hello,world!';
/** The socket's own keepalive idle time: shorter than the server's, so both sides' probes show. */
export const CLIENT_IDLE_MS = 1000;
/** Idle time before the silence: the server's probe (after its 2 s) and a few of the socket's own, answered. */
const ANSWERED_MS = 3500;
/** The silent part lasts idle + 10 probes 1 s apart; past this the solution gives up on its own keepalive. */
const GIVE_UP_MS = 25_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Connects, exchanges the greeting, and turns keepalive on; resolves with the socket idle and open. */
export function connectWithKeepalive(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let echoed = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('no echo within 5 s')));
    socket.once('connect', () => socket.write(GREETING));
    socket.on('data', function socketOnData(chunk: Buffer) {
      echoed += chunk.toString('latin1');
      if (echoed.length < GREETING.length) return;
      socket.off('data', socketOnData);
      socket.off('error', reject);
      socket.setTimeout(0);
      if (echoed !== GREETING) {
        socket.destroy();
        reject(new Error(`the echo server sent back ${JSON.stringify(echoed)}`));
        return;
      }
      socket.setKeepAlive(true, CLIENT_IDLE_MS);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Resolves with the socket's error code once its kernel gives up on the connection, or rejects after `ms`. */
export function givenUp(socket: net.Socket, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the socket still thought the silent server was there after ${ms} ms`));
    }, ms);
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code ?? error.message);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
  });
}

/** The whole exercise: answered probes, then silence until the socket fails. Resolves with its error code. */
export async function keepaliveUntilSilent(host: string, port: number, panel: LabPanel): Promise<string> {
  const socket = await connectWithKeepalive(host, port);
  // Listening for the end from the start: an error while idle must not go unhandled.
  const ended = givenUp(socket, ANSWERED_MS + GIVE_UP_MS);
  try {
    const early = await Promise.race([delay(ANSWERED_MS).then(() => undefined), ended]);
    if (early !== undefined) throw new Error(`the connection ended before the server went silent: ${early}`);
    await panel.setFault('silence', ECHO, 1);
    return await ended;
  } finally {
    socket.destroy();
    await panel.setFault('silence', ECHO, 0);
  }
}

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough: a little data, time idle for the server's probe (after its 2 s),
   * then keepalive on the shell's socket with a 1 s idle time, and time for its own probes to be answered; then the
   * peer silenced until the socket's 10 probes, 1 s apart, go unanswered and its kernel gives up (ETIMEDOUT,
   * and a RST in the capture); then the silence ended.
   */
  terminal: [
    'connect echo',
    'send Hello,world!',
    'recv',
    'sleep 3',
    'keepalive on 1',
    'sleep 3',
    'fault silence echo on',
    'sleep 15',
    'fault silence echo off',
    'close',
  ],
  async run(servers, panel) {
    const { host, port } = serverNamed(servers, ECHO);
    const code = await keepaliveUntilSilent(host, port, panel);
    if (code !== 'ETIMEDOUT') throw new Error(`the socket ended with ${code}, not ETIMEDOUT`);
  },
  answers(packets, servers) {
    const { port } = serverNamed(servers, ECHO);
    const connection = newestConnection(packets, port);
    // The server's first packet the capture marks TCP Keep-Alive, and the last one before it with data.
    const probe = connection.find((packet) => packet.srcPort === port && packet.expert.includes('keep-alive'));
    const data = probe && connection.filter((packet) => packet.id < probe.id && packet.tcp.len > 0).at(-1);
    if (probe === undefined || data === undefined) return undefined;
    return {
      'probe-delay': (probe.time - data.time).toFixed(3),
      'probe-seq': String(probe.tcp.seq),
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port] = process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT\n');
    process.exit(2);
  }
  connectWithKeepalive(host, Number(port))
    .then((socket) => {
      process.stdout.write('echoed; keepalive on. Set silence on echo to 1 in the lab panel, then wait.\n');
      return givenUp(socket, 24 * 3600_000);
    })
    .then(
      (code) => process.stdout.write(`the socket gave up: ${code}\n`),
      (error: Error) => {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      },
    );
}
