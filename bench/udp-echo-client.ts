/**
 * A client of a UDP echo server — the lab's `udp-echo` or the raw `dgram` baseline in `echo-servers.ts` — as the
 * benchmark's typists use it: one datagram out, the same datagram back, one after the other. Its socket is
 * `connect()`ed to the server, so a datagram from anyone else never reaches it and an unreachable port shows as
 * an error rather than a silence. Loopback does not lose datagrams at this pace, so a missing echo is a failure,
 * after the deadline.
 */

import dgram from 'node:dgram';
import { EchoWaiter } from './echo-waiter';
import { KEY, type Typist } from './typist';

export class UdpEchoClient implements Typist {
  readonly #socket: dgram.Socket;
  readonly #echo: EchoWaiter;

  private constructor(socket: dgram.Socket, timeoutMs: number) {
    this.#socket = socket;
    this.#echo = new EchoWaiter(timeoutMs);
    socket.on('message', () => this.#echo.settle(undefined));
    socket.on('error', (error) => this.#echo.settle(error));
  }

  static open(port: number, timeoutMs: number): Promise<UdpEchoClient> {
    const socket = dgram.createSocket('udp4');
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve(new UdpEchoClient(socket, timeoutMs));
      });
    });
  }

  /** One datagram of one byte out, its echo back: the next one is sent only after that. */
  keystroke(): Promise<void> {
    return this.#echo.send(() => this.#socket.send(KEY));
  }

  /** Datagrams have no line to clear. */
  async clearLine(): Promise<void> {}

  close(): void {
    this.#socket.close();
  }
}
