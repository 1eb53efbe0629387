/**
 * A listener for a test on the first free port of the test's own range. A fixed port may be taken for a
 * moment by another program's connection, whose kernel-chosen local port falls in the range too; the next
 * one then serves, while the test stays within the ports it was given.
 */

import net from 'node:net';

/** Runs `listen` on each port of `range` until one is not in use; rethrows any other failure. */
export async function inRange<T>(
  range: { readonly first: number; readonly last: number },
  listen: (port: number) => Promise<T>,
): Promise<T> {
  for (let port = range.first; port <= range.last; port++) {
    try {
      return await listen(port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  throw new Error(`no free port from ${range.first} to ${range.last}`);
}

/** A plain TCP server of the test's own (a student's server, a board's) on loopback, in `range`. */
export function tcpServerInRange(
  range: { readonly first: number; readonly last: number },
  onConnection: (socket: net.Socket) => void,
): Promise<{ readonly server: net.Server; readonly port: number }> {
  return inRange(
    range,
    (port) =>
      new Promise((resolve, reject) => {
        const server = net.createServer(onConnection);
        server.once('error', reject);
        server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve({ server, port }));
      }),
  );
}
