/**
 * The echo server with TCP keepalive on: once a connection has been idle for KEEPALIVE_IDLE_MS, the server's
 * kernel sends a probe (an ACK carrying one sequence number below what it sent, so the peer must answer with an
 * ACK), and the capture shows the probe and its answer. Node sets only the idle time; libuv sets the rest per
 * socket, TCP_KEEPINTVL 1 s and TCP_KEEPCNT 10 (measured with Node 20), so once the peer falls silent the
 * server probes every second and gives up with ETIMEDOUT about 12 s after the last answer. The machine's
 * `net.ipv4.tcp_keepalive_*` settings, which the keepalive lesson quotes, apply only to sockets that set none.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { serveEcho } from './tcp-echo';
import { startTcpServer } from './tcp-server';

export const KEEPALIVE_IDLE_MS = 2000;

export function startTcpKeepaliveEcho(options: ServerStartOptions): Promise<RunningServer> {
  return startTcpServer(options, {
    kind: 'tcp-keepalive-echo',
    allowHalfOpen: true,
    serve(connection) {
      connection.socket.setKeepAlive(true, KEEPALIVE_IDLE_MS);
      serveEcho(connection);
    },
  });
}
