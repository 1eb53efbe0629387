/**
 * Reference solution of lab `udp-echo`, the way a careful student writes it in Node: one UDP socket sends
 * `Hello,world!` and then a shorter datagram, waiting for each echo with a timeout (a datagram may be lost, and
 * nothing else will say so), then a second socket sends `Hello,world!` from a port of its own. Then it sets a
 * loss rate on the lab panel, as the lesson has the student do, sends numbered datagrams until one has to be
 * sent again, and sets the rate back to 0. It is the lab's `solution`, which the course's generic lab test
 * runs against a real session to prove the checks pass it.
 *
 *   node --import tsx labs/udp-echo/solution.ts 127.0.0.1 20417
 */

import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { type LabSolution, serverNamed } from '../../src/lab-kit';

export const GREETING = 'Hello,world!';
/** A second datagram of another size, so the capture shows two lengths where a stream would show one run. */
export const SECOND = 'Hi';

/** Sends each message as one datagram from one socket and returns the echoes, one per datagram. */
export async function echoEach(host: string, port: number, messages: readonly string[]): Promise<string[]> {
  const socket = dgram.createSocket('udp4');
  try {
    const echoes: string[] = [];
    for (const message of messages) {
      const echo = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no echo of ${message} within 5 s`)), 5000);
        socket.once('message', (datagram) => {
          clearTimeout(timer);
          resolve(datagram.toString());
        });
      });
      socket.send(message, port, host);
      echoes.push(await echo);
    }
    return echoes;
  } finally {
    socket.close();
  }
}

/** The loss rate the lesson has the student set: high enough that a retry comes within a few datagrams. */
export const LOSS_PERCENT = 30;
const RETRY_MS = 300;
/** Bounds the lossy part: at 30 % each way a datagram goes unanswered half the time, so 40 never all get through. */
const MAX_NUMBERED = 40;

/**
 * Sends `Hello #1`, `Hello #2` … from one socket, each sent again after RETRY_MS without its echo, until one
 * had to be sent twice; returns how many datagrams that took. Echoes may come late: each is matched to its
 * number, and a late echo of an earlier one is ignored, as a real protocol matches answers to requests.
 */
export async function sendUntilResent(host: string, port: number): Promise<number> {
  const socket = dgram.createSocket('udp4');
  try {
    for (let number = 1; number <= MAX_NUMBERED; number++) {
      const message = `Hello #${number}`;
      const echoed = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          socket.off('message', onMessage);
          resolve(false);
        }, RETRY_MS);
        function onMessage(datagram: Buffer): void {
          if (datagram.toString() !== message) return;
          clearTimeout(timer);
          socket.off('message', onMessage);
          resolve(true);
        }
        socket.on('message', onMessage);
      });
      socket.send(message, port, host);
      if (!(await echoed)) {
        // No echo in time: send it again, the lesson's one retry. Closing the socket before the send is done
        // would cancel it, so wait for the kernel to take the datagram.
        await new Promise<void>((resolve, reject) =>
          socket.send(message, port, host, (error) => (error ? reject(error) : resolve())),
        );
        return number;
      }
    }
    throw new Error(`${MAX_NUMBERED} datagrams came back without one loss: is the loss rate set?`);
  } finally {
    socket.close();
  }
}

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough: two datagrams of different sizes from one socket, one from a second
   * socket; then, with loss on, the student is the client that sends again: `recvfrom --wait 1` gives up on an
   * echo that may have been lost, and the same datagram goes out a second time (typed whatever came back, so the
   * walkthrough is the same on every run; the lesson says to send again only when no echo came).
   */
  terminal: [
    'socket udp',
    'sendto echo Hello,world!',
    'recvfrom',
    'sendto echo Hi',
    'recvfrom',
    'socket udp',
    'sendto --fd 4 echo Hello,world!',
    'recvfrom --fd 4',
    'close --all',
    'loss 30',
    'socket udp',
    'sendto echo "Hello #1"',
    'recvfrom --wait 1',
    'sendto echo "Hello #1"',
    'recvfrom --wait 1',
    'loss 0',
    'close',
  ],
  async run(servers, panel) {
    const { host, port } = serverNamed(servers, 'echo');
    const first = await echoEach(host, port, [GREETING, SECOND]);
    const second = await echoEach(host, port, [GREETING]);
    const echoes = [...first, ...second];
    if (echoes.join('|') !== [GREETING, SECOND, GREETING].join('|')) {
      throw new Error(`the echo server sent back ${JSON.stringify(echoes)}`);
    }
    await panel.setFault('loss', 'echo', LOSS_PERCENT);
    try {
      await sendUntilResent(host, port);
    } finally {
      await panel.setFault('loss', 'echo', 0);
    }
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port] = process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT\n');
    process.exit(2);
  }
  echoEach(host, Number(port), [GREETING, SECOND]).then(
    (echoes) => process.stdout.write(`${echoes.join('\n')}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
