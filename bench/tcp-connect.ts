/**
 * One TCP client connection on loopback, as the benchmark's clients open it: Nagle off (each small write is a
 * segment of its own, as a typed key or a payload should be) and a deadline for the connect only.
 */

import net from 'node:net';

export function connectTcp(port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('timeout', () => socket.destroy(new Error(`no connection to port ${port} within ${timeoutMs} ms`)));
    socket.once('error', reject);
  });
}
