/**
 * The echo server with TCP keepalive on: once a connection has been idle for KEEPALIVE_IDLE_MS, the server's
 * kernel sends a probe (an ACK carrying one sequence number below what it sent, so the peer must answer with an
 * ACK), and the capture shows the probe and its answer. Node sets only the idle time; the interval between
 * further probes is the machine's `net.ipv4.tcp_keepalive_intvl` (75 s unless changed), which the keepalive
 * lesson says, rather than changing the machine's setting for everyone on it.
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
