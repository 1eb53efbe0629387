/**
 * A listener for a test on a free port of the test's own range. A fixed port may be taken for a moment by
 * another program's connection, whose kernel-chosen local port falls in the range too (test ranges lie in
 * Linux's ephemeral 32768–60999), or by an earlier run's TIME_WAIT; the next one then serves, while the test
 * stays within the ports it was given — which a capture filter or a lesson's settings may name.
 */

import net from 'node:net';

/** The first and last port of a test's own block, both included. */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

/**
 * The ports of `range`, each once, from a random one onward and round: runs one after another do not all start
 * on the port the last one left in TIME_WAIT.
 */
export function* portsOf(range: PortRange): Generator<number> {
  const size = range.last - range.first + 1;
  const start = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) yield range.first + ((start + i) % size);
}

/** Runs `listen` on ports of `range` until one is not in use; rethrows any other failure. */
export async function inRange<T>(range: PortRange, listen: (port: number) => Promise<T>): Promise<T> {
  for (const port of portsOf(range)) {
    try {
      return await listen(port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  throw new Error(`no free port from ${range.first} to ${range.last}`);
}

/** Listens `server` on `port` of `host`, exclusively; rejects with the listen error (EADDRINUSE for a taken one). */
export function listenOn(server: net.Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve(port);
    });
  });
}

/** A plain TCP server of the test's own (a student's server, a board's) on loopback, in `range`. */
export async function tcpServerInRange(
  range: PortRange,
  onConnection: (socket: net.Socket) => void,
): Promise<{ readonly server: net.Server; readonly port: number }> {
  return inRange(range, async (port) => {
    const server = net.createServer(onConnection);
    return { server, port: await listenOn(server, port) };
  });
}
