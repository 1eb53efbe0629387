/**
 * Hand-built captures of a transfer to the slow reader, shaped like a real Linux loopback capture of one: both
 * SYNs with WS=1024, the server's window field 93 after the handshake, Win=0 once its receive buffer holds
 * 195000 bytes, Linux's probes one byte below the server's Ack (the second unanswered, since Linux answers a
 * segment before its window at most every 500 ms), then a window update and the rest of the bytes in 65000-byte
 * segments; and the slow reader's connection record of it, for the tests of the lab's checks and questions. Each
 * step can be left out, to build an attempt that stopped there.
 */

import type { CheckContext, ConnectionRecord } from '../../../src/lab-kit';
import type { Packet, ServerInfo } from '../../../src/protocol';
import { ACK, CaptureBuilder, type ConnectionBuilder, echoRecord, FIN, HOST, PSH } from '../../testing/packets';
import { READER } from '../checks';

export const READER_PORT = 20420;
export const CLIENT_PORT = 40988;
export const SEGMENT = 65000;
/** The server's window field after the handshake, and its scale: 93 × 1024 bytes. */
export const OPEN_FIELD = 93;
export const SHIFT = 10;
/** What the server's buffer held when its window closed: three segments. */
export const HELD = 3 * SEGMENT;
export const PROBES = 4;

export const SERVERS: readonly ServerInfo[] = [
  { id: READER, kind: 'tcp-slow-reader', title: 'Slow reader', transport: 'tcp', host: HOST, port: READER_PORT },
];

export type Stage = 'handshake' | 'filling' | 'zero' | 'probing' | 'updated' | 'finished';
const STAGES: readonly Stage[] = ['handshake', 'filling', 'zero', 'probing', 'updated', 'finished'];

export interface Transfer {
  readonly packets: Packet[];
  readonly connection: ConnectionBuilder;
  /** Data bytes the client sent. */
  readonly sent: number;
}

/** A transfer as far as `stage`, with `after` segments sent once the window opened again. */
export function transfer(
  stage: Stage = 'finished',
  options: { readonly capture?: CaptureBuilder; readonly clientPort?: number; readonly after?: number } = {},
): Transfer {
  const capture = options.capture ?? new CaptureBuilder();
  const reached = (step: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(step);
  const connection = capture.connection({ clientPort: options.clientPort ?? CLIENT_PORT, serverPort: READER_PORT });
  connection.handshake();
  let sent = 0;
  const send = () => {
    connection.data('client', new Uint8Array(SEGMENT));
    sent += SEGMENT;
  };
  const serverAck = (windowValue: number) => connection.segment({ from: 'server', flags: ACK, windowValue });
  if (reached('filling')) {
    send();
    serverAck(OPEN_FIELD);
    send();
  }
  if (reached('zero')) {
    send();
    capture.wait(40);
    serverAck(0);
  }
  if (reached('probing')) {
    const probeSeq = (connection.isn.client + 1 + sent - 1) >>> 0;
    for (let probe = 0; probe < PROBES; probe++) {
      capture.wait(200 * 2 ** probe);
      connection.segment({ from: 'client', flags: ACK, seqRaw: probeSeq });
      // Linux skipped its answer to the second probe in the real capture this copies (tcp_invalid_ratelimit).
      if (probe !== 1) serverAck(0);
    }
  }
  if (reached('updated')) {
    capture.wait(1800);
    serverAck(OPEN_FIELD);
    for (let segment = 0; segment < (options.after ?? 16); segment++) {
      send();
      serverAck(OPEN_FIELD);
    }
  }
  if (reached('finished')) {
    connection.segment({ from: 'client', flags: FIN | PSH | ACK });
    serverAck(OPEN_FIELD);
    connection.fin('server');
    connection.ack('client');
  }
  return { packets: capture.packets, connection, sent };
}

/** The slow reader's record of a connection from `clientPort`, as its observations would fold it. */
export function readerRecord(overrides: Partial<ConnectionRecord> = {}, clientPort = CLIENT_PORT): ConnectionRecord {
  return echoRecord({ server: READER, peer: `${HOST}:${clientPort}`, ...overrides });
}

export function contextOf(
  packets: readonly Packet[],
  connections: readonly ConnectionRecord[] = [],
  captureRunning = true,
): CheckContext {
  return { packets, connections, servers: SERVERS, captureRunning, handshakes: [] };
}

/** A finished transfer with the record the server makes of it: what the reference solution leaves behind. */
export function solved(): CheckContext {
  const { packets, sent } = transfer('finished');
  return contextOf(packets, [readerRecord({ receivedBytes: sent, peerFin: true, closed: true, updated: 2 })]);
}
