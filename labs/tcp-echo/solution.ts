/**
 * Reference solution of lab `tcp-echo`, the way a careful student writes it in Node: connect, send exactly
 * `Hello,world!`, read until all 12 bytes are back (TCP is a stream: they may come in pieces), then close.
 * It is the lab's `solution`, which the course's generic lab test runs against a real session to prove the checks
 * pass it.
 *
 *   node --import tsx labs/tcp-echo/solution.ts 127.0.0.1 20417
 */

import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { type LabSolution, serverNamed } from '../../src/lab-kit';

export const GREETING = 'Hello,world!';

export function echoOnce(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const chunks: Buffer[] = [];
    let received = 0;
    socket.setTimeout(5000, () => socket.destroy(new Error('no echo within 5 s')));
    socket.once('connect', () => socket.write(GREETING));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      // Everything read: now an orderly close (FIN), never with unread data (which would be a RST).
      if (received >= Buffer.byteLength(GREETING)) socket.end();
    });
    socket.once('error', reject);
    socket.once('close', () => resolve(Buffer.concat(chunks).toString()));
  });
}

export const solution: LabSolution = {
  /** The lesson's lab-terminal walkthrough: the same exchange, typed. */
  terminal: ['connect echo', 'send Hello,world!', 'recv', 'close'],
  async run(servers) {
    const { host, port } = serverNamed(servers, 'echo');
    const echo = await echoOnce(host, port);
    if (echo !== GREETING) throw new Error(`the echo server sent back ${JSON.stringify(echo)}`);
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port] = process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT\n');
    process.exit(2);
  }
  echoOnce(host, Number(port)).then(
    (echo) => process.stdout.write(`${echo}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
