/**
 * The TCP echo server of the seeds: it accepts connections, writes back every byte it reads, and closes its
 * side when the client closes theirs — logging each step as an observation. It is a real `net.Server` on a real
 * port, so a student's Python script or an ESP32 on the LAN reaches it exactly as the lab shell does.
 */

import net from 'node:net';
import { localized, verbatim } from '../../src/common/localized';
import { formatHostPort } from '../../src/protocol';
import { ConnectionSlots } from './connection-slots';
import {
  OBSERVED_BYTES,
  observer,
  type RunningServer,
  type ServerStartOptions,
  serverInfo,
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
  },
  'zh-Hans': {
    evicted: (newcomer, slots, idleSeconds) =>
      `服务器关闭了这个连接，为来自 ${newcomer} 的新连接腾出位置：${slots} 个连接已全部占满，而这个连接空闲得最久（${idleSeconds} 秒）`,
    idle: '空闲超时：服务器关闭了连接',
  },
});

export async function startTcpEcho(options: ServerStartOptions): Promise<RunningServer> {
  const { observations, observe } = observer(options.id);
  const slots = new ConnectionSlots(MAX_CONNECTIONS);
  let connections = 0;
  const info = serverInfo(options, 'tcp-echo', 'tcp');

  // allowHalfOpen: when the client's FIN arrives we still owe it the echo of anything in flight; we end our
  // side ourselves once our writes are flushed, like a C server whose read() returned 0.
  const server = net.createServer({ allowHalfOpen: true, noDelay: true });

  server.on('connection', function serverOnConnection(socket) {
    const connection = ++connections;
    const evicted = slots.admit(socket, connection);
    if (evicted !== undefined) {
      observe({
        connection: evicted.connection,
        kind: 'error',
        // The newcomer is named by its address: the page numbers connections per session, not per server.
        note: TEXT.evicted(
          formatHostPort(socket.remoteAddress ?? '?', socket.remotePort ?? '?'),
          MAX_CONNECTIONS,
          Math.round(evicted.idleMs / 1000),
        ),
      });
    }
    socket.setTimeout(IDLE_TIMEOUT_MS);
    observe({
      connection,
      kind: 'accept',
      peer: formatHostPort(socket.remoteAddress ?? '?', socket.remotePort ?? '?'),
    });

    socket.on('data', function socketOnData(chunk: Buffer) {
      slots.touch(socket);
      observe({ connection, kind: 'receive', bytes: chunk.length, data: chunk.subarray(0, OBSERVED_BYTES) });
      // Echo with backpressure: stop reading while the client is not reading our echo, so a flood from one
      // client fills TCP windows (as a real server would) instead of this process's memory.
      const flushed = socket.write(chunk, () => {
        observe({ connection, kind: 'send', bytes: chunk.length, data: chunk.subarray(0, OBSERVED_BYTES) });
      });
      if (!flushed) socket.pause();
    });
    socket.on('drain', () => socket.resume());
    socket.on('end', function socketOnEnd() {
      observe({ connection, kind: 'peer-fin' });
      socket.end();
    });
    socket.on('timeout', () => {
      observe({ connection, kind: 'error', note: TEXT.idle });
      socket.destroy();
    });
    socket.on('error', function socketOnError(error: NodeJS.ErrnoException) {
      // ECONNRESET on read and EPIPE on write both mean the client's kernel answered with RST.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE')
        observe({ connection, kind: 'reset', note: verbatim(error.code) });
      else observe({ connection, kind: 'error', note: verbatim(error.code ?? error.message) });
    });
    socket.on('close', function socketOnClose() {
      slots.release(socket);
      observe({ connection, kind: 'close' });
    });
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
    info,
    endpoints: [tcpEndpoint(server)],
    onObservation: observations.event,
    async dispose() {
      for (const socket of [...slots.sockets()]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      observations.clear();
    },
  };
}
