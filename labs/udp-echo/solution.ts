/**
 * Reference solution of lab `udp-echo`, the way a careful student writes it in Node: one UDP socket sends
 * `Hello,world!` and then a shorter datagram, waiting for each echo with a timeout (a datagram may be lost, and
 * nothing else will say so), then a second socket sends `Hello,world!` from a port of its own. It is the lab's
 * `solution`, which the course's generic lab test runs against a real session to prove the checks pass it.
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

export const solution: LabSolution = {
  async run(servers) {
    const { host, port } = serverNamed(servers, 'echo');
    const first = await echoEach(host, port, [GREETING, SECOND]);
    const second = await echoEach(host, port, [GREETING]);
    const echoes = [...first, ...second];
    if (echoes.join('|') !== [GREETING, SECOND, GREETING].join('|')) {
      throw new Error(`the echo server sent back ${JSON.stringify(echoes)}`);
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
