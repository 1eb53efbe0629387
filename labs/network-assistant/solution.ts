/**
 * Reference solution of lab `network-assistant`, the way a careful student writes the board's side in Node. The
 * assistant only answers what a person types at it, so the solution does what the board does on its own: it
 * connects and sends `Hello,world!` from one client and a line from a second while the first stays connected;
 * then, the short-connection homework, three messages each on a connection of its own, each closed with FIN
 * once sent; and one datagram to the UDP assistant. Nothing waits for the assistant: what it reads, and when,
 * is up to the person at the lab terminal.
 * It is the lab's `solution`, which the course's generic lab test runs against a real session.
 *
 *   node --import tsx labs/network-assistant/solution.ts 127.0.0.1 TCP_PORT UDP_PORT
 */

import dgram from 'node:dgram';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type LabSolution, serverNamed } from '../../src/lab-kit';

export const GREETING = 'Hello,world!';
const SECOND_CLIENT = 'a second client\n';
/** How long both clients stay connected: the checks are graded some tens of milliseconds after the events. */
const BOTH_OPEN_MS = 500;
const TIMEOUT_MS = 5000;

/** Connects and sends `message`; resolves with the socket once it is written, still open. */
function connectAndSend(host: string, port: number, message: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no progress with ${host}:${port} in 5 s`)));
    socket.once('error', reject);
    socket.once('connect', () => socket.write(message, () => resolve(socket)));
  });
}

/**
 * close() as a C program makes it: the FIN goes out after the data, and the socket is released. Nothing the
 * assistant sent is left unread (Node reads as data arrives), so the kernel sends FIN, not RST. The assistant's
 * own FIN is not awaited: it comes only once a program there reads the end of file, and maybe nobody listens.
 */
function closeCleanly(socket: net.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.setTimeout(0);
    socket.on('data', () => {});
    socket.once('error', reject);
    socket.end(() => {
      socket.destroy();
      resolve();
    });
  });
}

/** The homework: per message connect → send → close, each message on a short connection of its own. */
export async function sendShort(host: string, port: number, messages: readonly string[]): Promise<void> {
  for (const message of messages) await closeCleanly(await connectAndSend(host, port, message));
}

/** Two clients at once: the first stays connected while the second connects and sends. */
export async function twoClients(host: string, port: number): Promise<void> {
  const first = await connectAndSend(host, port, GREETING);
  const second = await connectAndSend(host, port, SECOND_CLIENT);
  await sleep(BOTH_OPEN_MS);
  await Promise.all([closeCleanly(first), closeCleanly(second)]);
}

/** One datagram to the UDP assistant, which answers only what is typed at it: nothing is awaited. */
export async function sendDatagram(host: string, port: number, message: string): Promise<void> {
  const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) =>
      socket.send(message, port, host, (error) => (error ? reject(error) : resolve())),
    );
  } finally {
    socket.close();
  }
}

async function runAll(host: string, tcpPort: number, udpPort: number): Promise<void> {
  await twoClients(host, tcpPort);
  await sendShort(host, tcpPort, ['message 1\n', 'message 2\n', 'message 3\n']);
  await sendDatagram(host, udpPort, GREETING);
}

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough, the shell playing both sides: the board connects and greets before
   * anybody listens; `listen` makes the same shell the PC's assistant, which accepts that connection as client
   * #1 and reads the greeting that waited, and its `hi` is read on the board's fd 3; a second board connects
   * while the first stays; three short connections, each closed by the board; then a datagram to the UDP
   * assistant once it listens too.
   */
  terminal: [
    'connect assistant',
    'send Hello,world!',
    'listen',
    'send --to 1 hi',
    'recv --fd 3',
    'connect assistant',
    'connect assistant',
    'send message 1',
    'close',
    'connect assistant',
    'send message 2',
    'close',
    'connect assistant',
    'send message 3',
    'close',
    'listen udp',
    'socket udp',
    'sendto udp Hello,world!',
  ],
  async run(servers) {
    const tcp = serverNamed(servers, 'assistant');
    const udp = serverNamed(servers, 'udp');
    await runAll(tcp.host, tcp.port, udp.port);
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', tcpPort, udpPort] = process.argv.slice(2);
  if (tcpPort === undefined || udpPort === undefined) {
    process.stderr.write('usage: solution.ts HOST TCP_PORT UDP_PORT\n');
    process.exit(2);
  }
  runAll(host, Number(tcpPort), Number(udpPort)).then(
    () => process.stdout.write('done\n'),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
