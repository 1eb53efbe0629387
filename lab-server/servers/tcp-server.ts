/**
 * What every TCP lab server kind shares: a real `net.Server` on its port, a bounded set of connection slots
 * (the longest-idle connection makes room for a newcomer, see connection-slots.ts), an idle timeout, and the
 * observations of a connection's life — accept, the client's FIN, a reset, an error, the close. A kind is what
 * it does with the bytes: `serve` is called once per accepted connection, and observes what it reads and
 * writes itself (the echo echoes, the slow reader waits before reading, the resetting one answers with RST).
 */

import net from 'node:net';
import { localized, verbatim } from '../../src/common/localized';
import type { Observation } from '../../src/lab-kit';
import { formatHostPort } from '../../src/protocol';
import { ConnectionSlots } from './connection-slots';
import { observer, type RunningServer, type ServerStartOptions, serverInfo, tcpEndpoint } from './observation';

/** A classroom of boards reconnecting in a loop must not exhaust the machine's sockets (see connection-slots.ts). */
const MAX_CONNECTIONS = 64;
/** Idle connections are closed after this long, so a forgotten board does not hold a socket forever. */
const IDLE_TIMEOUT_MS = 30 * 60_000;

const TEXT = localized({
  en: {
    evicted: (newcomer: string, slots: number, idleSeconds: number) =>
      `closed by the server to make room for a new connection from ${newcomer}: all ${slots} connections were open, and this one had been idle the longest (${idleSeconds} s)`,
    idle: 'idle timeout: closed by the server',
  },
  'zh-Hans': {
    evicted: (newcomer, slots, idleSeconds) =>
      `服务器关闭了这个连接，为来自 ${newcomer} 的新连接腾出位置：${slots} 个连接已全部占满，而这个连接空闲得最久（${idleSeconds} 秒）`,
    idle: '空闲超时：服务器关闭了连接',
  },
});

/** One accepted connection, as a kind sees it. */
export interface TcpConnection {
  readonly socket: net.Socket;
  /** The connection's number within its server, from 1. */
  readonly number: number;
  observe(observation: Omit<Observation, 'server' | 'connection'>): void;
  /** Counts as activity for the idle-slot choice (see connection-slots.ts). */
  touch(): void;
}

export interface TcpKind {
  readonly kind: string;
  /**
   * Half-open: when the client's FIN arrives the kind still owes it whatever is in flight and ends its side
   * itself, like a C server whose read() returned 0. The echo does; a kind that never ends its side must not.
   */
  readonly allowHalfOpen: boolean;
  /** Called for each accepted connection, after its `accept` observation; the kind reads and writes. */
  serve(connection: TcpConnection): void;
  /** Called when the client's FIN arrived, before the `peer-fin` observation; by default the kind ends its side. */
  peerEnded?(connection: TcpConnection): void;
}

export async function startTcpServer(options: ServerStartOptions, kind: TcpKind): Promise<RunningServer> {
  const { observations, observe } = observer(options.id);
  const slots = new ConnectionSlots(MAX_CONNECTIONS);
  let connections = 0;
  const server = net.createServer({ allowHalfOpen: kind.allowHalfOpen, noDelay: true });

  server.on('connection', function serverOnConnection(socket) {
    const number = ++connections;
    const peer = formatHostPort(socket.remoteAddress ?? '?', socket.remotePort ?? '?');
    const evicted = slots.admit(socket, number);
    if (evicted !== undefined) {
      // The newcomer is named by its address: the page numbers connections per session, not per server.
      const idleSeconds = Math.round(evicted.idleMs / 1000);
      observe({
        connection: evicted.connection,
        kind: 'error',
        note: TEXT.evicted(peer, MAX_CONNECTIONS, idleSeconds),
      });
    }
    socket.setTimeout(IDLE_TIMEOUT_MS);
    observe({ connection: number, kind: 'accept', peer });
    const connection: TcpConnection = {
      socket,
      number,
      observe: (observation) => observe({ connection: number, ...observation }),
      touch: () => slots.touch(socket),
    };

    socket.on('end', function socketOnEnd() {
      observe({ connection: number, kind: 'peer-fin' });
      if (kind.peerEnded === undefined) socket.end();
      else kind.peerEnded(connection);
    });
    socket.on('timeout', () => {
      observe({ connection: number, kind: 'error', note: TEXT.idle });
      socket.destroy();
    });
    socket.on('error', function socketOnError(error: NodeJS.ErrnoException) {
      // ECONNRESET on read and EPIPE on write both mean the client's kernel answered with RST.
      const code = verbatim(error.code ?? error.message);
      const reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      observe({ connection: number, kind: reset ? 'reset' : 'error', note: code });
    });
    socket.on('close', function socketOnClose() {
      slots.release(socket);
      observe({ connection: number, kind: 'close' });
    });
    kind.serve(connection);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.bindHost, port: options.port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    observe({ connection: 0, kind: 'error', note: verbatim(error.code ?? error.message) });
  });
  observe({ connection: 0, kind: 'listen', peer: formatHostPort(options.bindHost, options.port) });

  return {
    info: serverInfo(options, kind.kind, 'tcp'),
    endpoints: [tcpEndpoint(server)],
    onObservation: observations.event,
    async dispose() {
      for (const socket of [...slots.sockets()]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      observations.clear();
    },
  };
}
