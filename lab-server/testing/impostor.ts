/**
 * A local user posing as a lab server, for the tests that prove the capture hands a session only the packets
 * of its own servers: a plain TCP echo listener on the same port number at another address (`[::1]:P` beside a
 * lab server on `127.0.0.1:P`), and UDP datagrams sent from the lab server's address and port, which the lab
 * server's TCP socket does not hold. Neither ever touches the lab server, so none of it is the session's.
 */

import { createSocket } from 'node:dgram';
import net from 'node:net';

export interface Impostor {
  close(): Promise<void>;
}

/** Listens on `host:port` and echoes; `undefined` when that address and port are taken (the caller picks another). */
export async function listenAsImpostor(host: string, port: number): Promise<Impostor | undefined> {
  const server = net.createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.pipe(socket);
  });
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => resolve(true));
  });
  if (!bound) return undefined;
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Sends one UDP datagram from `host:port` to a socket of its own on `host`, and waits until it has arrived. */
export async function sendUdpAsImpostor(host: string, port: number, payload: string): Promise<void> {
  const type = net.isIPv6(host) ? 'udp6' : 'udp4';
  const sender = createSocket(type);
  const receiver = createSocket(type);
  try {
    await new Promise<void>((resolve, reject) => {
      sender.once('error', reject);
      sender.bind(port, host, () => resolve());
    });
    await new Promise<void>((resolve) => receiver.bind(0, host, () => resolve()));
    const arrived = new Promise<void>((resolve) => receiver.once('message', () => resolve()));
    sender.send(payload, receiver.address().port, host);
    await arrived;
  } finally {
    await Promise.all(
      [sender, receiver].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))),
    );
  }
}
