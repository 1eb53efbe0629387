/**
 * A server that does not read: after accepting a connection it leaves the bytes in its kernel's receive buffer
 * for PAUSE_MS, then reads everything and throws it away. A client that sends more than the buffer holds (a few
 * hundred KB on loopback, the buffer's autotuned size) fills it, and the capture shows TCP's flow control at work:
 * the server's window shrinking to `Win=0` (a zero window), the client's window probes, and the window update
 * once the server reads again (RFC 9293 §3.8.6.1). Linux probes with an ACK one byte below what it sent and no
 * data, which Wireshark labels "Keep-Alive" (it says "Zero Window Probe" only for a probe carrying the next
 * byte); the lesson says so. Nothing is echoed: the lesson is about one direction.
 */

import { OBSERVED_BYTES } from '../../src/lab-kit';
import type { RunningServer, ServerStartOptions } from './observation';
import { startTcpServer } from './tcp-server';

/** Long enough for probes to appear (the first comes after about 200 ms, then backing off), short for a lesson. */
export const PAUSE_MS = 5000;

export function startTcpSlowReader(options: ServerStartOptions): Promise<RunningServer> {
  return startTcpServer(options, {
    kind: 'tcp-slow-reader',
    allowHalfOpen: true,
    ownsFlowControl: true,
    serve({ socket, observe, touch }) {
      socket.pause();
      const timer = setTimeout(() => socket.resume(), PAUSE_MS);
      socket.once('close', () => clearTimeout(timer));
      socket.on('data', (chunk: Buffer) => {
        touch();
        observe({ kind: 'receive', bytes: chunk.length, data: chunk.subarray(0, OBSERVED_BYTES) });
      });
    },
  });
}
