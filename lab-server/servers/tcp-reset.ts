/**
 * An echo server that aborts: it echoes the first RESET_AFTER_BYTES bytes of a connection, then closes it with
 * RST instead of FIN (SO_LINGER with a zero timeout, which Node's `resetAndDestroy` sets). It is the peer a
 * student's program must survive: in C and Python the next `recv()` fails with ECONNRESET and a `send()` after
 * it with EPIPE (Node's socket reports the reset as the end of the stream), and the capture shows the RST with
 * no FIN exchange before it (RFC 9293 §3.6.1, "abort").
 */

import { localized } from '../../src/common/localized';
import type { RunningServer, ServerStartOptions } from './observation';
import { serveEcho } from './tcp-echo';
import { startTcpServer } from './tcp-server';

/** Enough for `Hello,world!` and its echo, so the reset comes in the middle of a conversation, not at its start. */
export const RESET_AFTER_BYTES = 32;

const TEXT = localized({
  en: { aborted: (bytes: number) => `the server aborted the connection with RST after ${bytes} bytes` },
  'zh-Hans': { aborted: (bytes) => `服务器在收到 ${bytes} 字节后用 RST 中止了连接` },
});

export function startTcpReset(options: ServerStartOptions): Promise<RunningServer> {
  return startTcpServer(options, {
    kind: 'tcp-reset',
    allowHalfOpen: true,
    serve(connection) {
      serveEcho(connection);
      let received = 0;
      let aborting = false;
      connection.socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (aborting || received < RESET_AFTER_BYTES) return;
        aborting = true;
        // After the echo of this chunk is written: the student sees the echo, then the reset.
        connection.socket.write('', () => {
          connection.observe({ kind: 'reset', note: TEXT.aborted(received) });
          connection.socket.resetAndDestroy();
        });
      });
    },
  });
}
