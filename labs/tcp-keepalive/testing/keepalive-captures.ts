/**
 * Hand-built captures of the keepalive lab's connections, shaped after real loopback captures of the lab's echo
 * server (its kernel probes after 2 s idle) and a client with keepalive on: a handshake and a 12-byte echo, then
 * probes — each an ACK one below the sender's next sequence number — answered by the other side's ACK, then,
 * once the server is silenced, the client's probes with no answer and its RST, while the server's own probes go
 * unanswered beside them. The checks' and the questions' tests both build on them.
 */

import { ACK, CaptureBuilder, type ConnectionBuilder, ECHO_PORT, RST, type Side } from '../../testing/packets';

export const GREETING = 'Hello,world!';

/** One keepalive probe: an ACK carrying the sequence number one below the sender's next, and no data. */
export function probe(connection: ConnectionBuilder, from: Side, sentBytes: number): void {
  const seqRaw = (connection.isn[from] + 1 + sentBytes - 1) >>> 0;
  connection.segment({ from, flags: ACK, seqRaw });
}

export interface KeepaliveStory {
  /** Seconds after the echo until the server's probe (its TCP_KEEPIDLE, as the kernel keeps it). */
  readonly serverIdle?: number;
  /** Whether the client has keepalive on: its probes come 1 s after the echo, and every second after that. */
  readonly clientKeepalive?: boolean;
  /** Unanswered client probes after the server goes silent; none unless told. */
  readonly silentProbes?: number;
  /** Whether the client's kernel then gave up with RST. */
  readonly gaveUp?: boolean;
  readonly clientPort?: number;
  /** Bytes of data before the connection goes idle; `Hello,world!` unless told. */
  readonly greeting?: string;
}

/** One connection to the echo server, told as the lab's reference solution plays it. */
export function keepaliveStory(capture: CaptureBuilder, story: KeepaliveStory = {}): ConnectionBuilder {
  const greeting = story.greeting ?? GREETING;
  const bytes = new TextEncoder().encode(greeting).length;
  const connection = capture.connection({ clientPort: story.clientPort ?? 40988, serverPort: ECHO_PORT }).handshake();
  if (bytes > 0) connection.echo(greeting);
  const serverIdle = story.serverIdle ?? 1.997;
  if (story.clientKeepalive === true) {
    capture.wait(1000);
    probe(connection, 'client', bytes);
    connection.ack('server');
    capture.wait((serverIdle - 1) * 1000);
  } else {
    capture.wait(serverIdle * 1000);
  }
  probe(connection, 'server', bytes);
  connection.ack('client');
  const silent = story.silentProbes ?? 0;
  for (let n = 0; n < silent; n++) {
    capture.wait(1000);
    probe(connection, 'client', bytes);
    // The silenced server's own probe is captured as it leaves, and dropped before it arrives.
    probe(connection, 'server', bytes);
  }
  if (story.gaveUp === true) {
    capture.wait(1000);
    connection.segment({ from: 'client', flags: RST | ACK });
  }
  return connection;
}

/** A capture of one story. */
export function captureOf(story: KeepaliveStory = {}): CaptureBuilder {
  const capture = new CaptureBuilder();
  keepaliveStory(capture, story);
  return capture;
}

/** What the reference solution does: keepalive on, the server's probe answered, then silence until the RST. */
export const SOLVED: KeepaliveStory = { clientKeepalive: true, silentProbes: 10, gaveUp: true };
