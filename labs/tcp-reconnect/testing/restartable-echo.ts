/**
 * A stand-in for the lab's echo server and its two faults, for the lesson's listings test: a TCP echo server on
 * 127.0.0.1 that can be restarted (its connections closed, nothing listening for a while, so the kernel answers
 * every SYN with RST, then listening again on the same port) and muted (it keeps every connection open and
 * accepts new ones, but sends nothing back: the peer has gone quiet without a FIN, which is what a watchdog is
 * for). The lab's own silence also drops the SYNs, which only the kernel's packet filter can do; muting leaves
 * the handshake alone and silences the application, which is what the client's watchdog listens to.
 */

import assert from 'node:assert/strict';
import net from 'node:net';

/** What the stand-in saw of one connection. */
export interface StandInConnection {
  /** Milliseconds since the stand-in started, when it accepted the connection. */
  readonly acceptedAt: number;
  readonly peerPort: number;
  /** Bytes received, and those of them echoed back. */
  received: number;
  echoed: number;
  /** Who ended the connection first, if anyone did. */
  endedBy?: 'client' | 'server';
}

export class RestartableEcho {
  readonly port: number;
  readonly connections: StandInConnection[] = [];
  readonly #started = performance.now();
  readonly #sockets = new Set<net.Socket>();
  readonly #bySocket = new WeakMap<net.Socket, StandInConnection>();
  #server: net.Server;
  #muted = false;

  private constructor(server: net.Server, port: number) {
    this.#server = server;
    this.port = port;
  }

  /** Listens on the first free port of `first`…`last` (a restart must come back on the same one). */
  static async start(first: number, last: number): Promise<RestartableEcho> {
    for (let port = first; port <= last; port++) {
      const echo = new RestartableEcho(net.createServer(), port);
      try {
        await echo.#listen();
        return echo;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
    throw new Error(`no free port from ${first} to ${last}`);
  }

  /** Milliseconds since the stand-in started. */
  now(): number {
    return performance.now() - this.#started;
  }

  /** The server goes away for `ms`: its connections closed as when its process dies, its port refusing. */
  async restart(ms: number): Promise<void> {
    await this.#stop();
    await new Promise((resolve) => setTimeout(resolve, ms));
    await this.#listen();
  }

  /** Muted, it reads and drops what arrives and sends nothing; unmuted, it echoes again. */
  mute(muted: boolean): void {
    this.#muted = muted;
  }

  async close(): Promise<void> {
    await this.#stop();
  }

  /** Waits, polling, until `condition` holds; fails after `ms`. */
  async until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
    const deadline = performance.now() + ms;
    while (!condition()) {
      assert.ok(performance.now() < deadline, `the client never got there: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  #listen(): Promise<void> {
    const server = net.createServer({ noDelay: true }, (socket) => this.#serve(socket));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: this.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  async #stop(): Promise<void> {
    for (const socket of this.#sockets) {
      const connection = this.#bySocket.get(socket);
      if (connection !== undefined) connection.endedBy ??= 'server';
      socket.destroy();
    }
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: net.Socket): void {
    const connection: StandInConnection = {
      acceptedAt: this.now(),
      peerPort: socket.remotePort ?? 0,
      received: 0,
      echoed: 0,
    };
    this.connections.push(connection);
    this.#bySocket.set(socket, connection);
    this.#sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      connection.received += chunk.length;
      if (this.#muted) return;
      connection.echoed += chunk.length;
      socket.write(chunk);
    });
    socket.on('end', () => {
      connection.endedBy ??= 'client';
      socket.end();
    });
    socket.on('error', () => {
      connection.endedBy ??= 'client';
    });
    socket.on('close', () => this.#sockets.delete(socket));
  }
}
