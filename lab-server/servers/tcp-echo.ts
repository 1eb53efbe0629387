/**
 * The TCP echo server of the seeds: it accepts connections, writes back every byte it reads, and closes its
 * side when the client closes theirs — logging each step as an observation. It is a real `net.Server` on a real
 * port, so a student's Python script or an ESP32 on the LAN reaches it exactly as the lab shell does.
 */

import { OBSERVED_BYTES } from '../../src/lab-kit';
import type { RunningServer, ServerStartOptions } from './observation';
import { startTcpServer, type TcpConnection } from './tcp-server';

export function startTcpEcho(options: ServerStartOptions): Promise<RunningServer> {
  // When the client's FIN arrives we still owe it the echo of anything in flight; the server base ends our side
  // then, and Node sends the FIN after the writes queued before it.
  return startTcpServer(options, { kind: 'tcp-echo', allowHalfOpen: true, serve: serveEcho });
}

/** Echoes every chunk back, observed both ways; the other echoing kinds build on it. */
export function serveEcho({ socket, observe, touch }: TcpConnection): void {
  socket.on('data', function socketOnData(chunk: Buffer) {
    touch();
    const data = chunk.subarray(0, OBSERVED_BYTES);
    observe({ kind: 'receive', bytes: chunk.length, data });
    // Echo with backpressure: stop reading while the client is not reading our echo, so a flood from one client
    // fills TCP windows (as a real server would) instead of this process's memory.
    const flushed = socket.write(chunk, () => observe({ kind: 'send', bytes: chunk.length, data }));
    if (!flushed) socket.pause();
  });
  socket.on('drain', () => socket.resume());
}
