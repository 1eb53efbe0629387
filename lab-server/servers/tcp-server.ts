/**
 * What every TCP lab server kind shares: a real `net.Server` on its port, a bounded set of connection slots
 * (the longest-idle connection makes room for a newcomer, see connection-slots.ts), an idle timeout, and the
 * observations of a connection's life — accept, the client's FIN, a reset, an error, the close. A kind is what
 * it does with the bytes: `serve` is called once per accepted connection, and observes what it reads and
 * writes itself (the echo echoes, the slow reader waits before reading, the resetting one answers with RST).
 * Every TCP kind can be restarted (the `restart` fault): taken away for a while and back on the same port.
 */

import net from 'node:net';
import { type Localized, localized, verbatim } from '../../src/common/localized';
import type { Observation } from '../../src/lab-kit';
import { formatHostPort } from '../../src/protocol';
import { ConnectionSlots } from './connection-slots';
import { Downtime } from './downtime';
import {
  observer,
  type RunningServer,
  type ServerStartOptions,
  serverInfo,
  type TrafficBudget,
  tcpEndpoint,
} from './observation';

/** A classroom of boards reconnecting in a loop must not exhaust the machine's sockets (see connection-slots.ts). */
const MAX_CONNECTIONS = 64;
/** Idle connections are closed after this long, so a forgotten board does not hold a socket forever. */
const IDLE_TIMEOUT_MS = 30 * 60_000;

const TEXT = localized({
  en: {
    evicted: (newcomer: string, slots: number, idleSeconds: number) =>
      `closed by the server to make room for a new connection from ${newcomer}: all ${slots} connections were open, and this one had been idle the longest (${idleSeconds} s)`,
    idle: 'idle timeout: closed by the server',
    throttled: (bytesPerSecond: number, waitMs: number) =>
      `slowed down: your programs sent more than ${Math.round(bytesPerSecond / 1024)} KiB/s to your lab servers (MAX_STUDENT_BYTES_PER_SECOND), so the server stopped reading for ${waitMs} ms; TCP's flow control makes the sender wait, and no byte is lost`,
  },
  'zh-Hans': {
    evicted: (newcomer, slots, idleSeconds) =>
      `服务器关闭了这个连接，为来自 ${newcomer} 的新连接腾出位置：${slots} 个连接已全部占满，而这个连接空闲得最久（${idleSeconds} 秒）`,
    idle: '空闲超时：服务器关闭了连接',
    throttled: (bytesPerSecond, waitMs) =>
      `限速：你的程序发给实验服务器的数据超过了每秒 ${Math.round(bytesPerSecond / 1024)} KiB（MAX_STUDENT_BYTES_PER_SECOND），服务器暂停读取 ${waitMs} 毫秒；TCP 的流量控制会让发送方等待，一个字节也不会丢`,
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
  /**
   * The kind pauses and resumes reading itself (the slow reader's zero window): the student's byte budget must
   * not resume what the lesson paused.
   */
  readonly ownsFlowControl?: boolean;
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
    if (options.traffic !== undefined && kind.ownsFlowControl !== true) {
      meterReads(socket, options.traffic, (note) => observe({ connection: number, kind: 'error', note }));
    }
    kind.serve(connection);
  });

  /** A listen under way: its failure is its caller's to report, not the running server's. */
  let listening = false;
  /** Where to listen: the port asked for, then (it may have been 0) the one the kernel gave, for a restart. */
  let port = options.port;
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (!listening) observe({ connection: 0, kind: 'error', note: verbatim(error.code ?? error.message) });
  });
  /** Listens on the server's own address and port, at start and after a restart, and observes it. */
  async function listen(): Promise<void> {
    listening = true;
    try {
      await new Promise<void>((resolve, reject) => {
        const serverOnListening = (): void => {
          server.off('error', serverOnError);
          resolve();
        };
        const serverOnError = (error: Error): void => {
          server.off('listening', serverOnListening);
          reject(error);
        };
        server.once('listening', serverOnListening);
        server.once('error', serverOnError);
        server.listen({ host: options.bindHost, port, exclusive: true });
      });
    } finally {
      listening = false;
    }
    observe({ connection: 0, kind: 'listen', peer: formatHostPort(options.bindHost, options.port) });
  }
  await listen();
  const endpoint = tcpEndpoint(server);
  port = endpoint.port;

  // A restart is the process dying and started again: the kernel closes every socket the process held (FIN, or
  // RST where unread data was waiting, RFC 9293 §3.10.4), and until the port is listened on again it answers a
  // SYN with RST (§3.10.7.1). Connection numbers go on counting, so the session never sees one twice.
  const downtime = new Downtime({
    observe,
    stop() {
      for (const socket of [...slots.sockets()]) socket.destroy();
      server.close();
    },
    start: listen,
  });

  return {
    info: serverInfo(options, kind.kind, 'tcp'),
    endpoints: [endpoint],
    onObservation: observations.event,
    restart: (downMs) => downtime.restart(downMs),
    async dispose() {
      await downtime.dispose();
      for (const socket of [...slots.sockets()]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      observations.clear();
    },
  };
}

/**
 * Holds a connection to the student's byte budget: past it, the server stops reading for as long as the debt
 * takes to refill, so the kernel's receive buffer fills, the window closes and the student's program waits —
 * no byte is dropped. The timeline says so once per connection. A TLS kind meters its TLS socket instead
 * (tls-server.ts): Node's TLS socket takes over the TCP socket's reads.
 */
export function meterReads(socket: net.Socket, traffic: TrafficBudget, note: (text: Localized) => void): void {
  let timer: NodeJS.Timeout | undefined;
  let told = false;
  socket.on('data', (chunk: Buffer) => {
    const waitMs = traffic.spend(chunk.length);
    if (waitMs === 0 || timer !== undefined) return;
    socket.pause();
    if (!told) {
      told = true;
      note(TEXT.throttled(traffic.bytesPerSecond, waitMs));
    }
    timer = setTimeout(() => {
      timer = undefined;
      if (!socket.destroyed) socket.resume();
    }, waitMs);
  });
  socket.once('close', () => clearTimeout(timer));
}
