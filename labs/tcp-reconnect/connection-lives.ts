/**
 * How each captured connection to one server port lived and ended, as lab `tcp-reconnect` needs it: who closed
 * it first (the server, as when it restarts; or the client, as when its watchdog gives up), and whether the peer
 * went silent while it was open. A silent peer sends no FIN and no RST; what the capture shows instead is the
 * client's data going unacknowledged and its kernel retransmitting it (RFC 6298 §5). So a silence starts at the
 * first client segment that had to be retransmitted, and ends when the server acknowledges it at last.
 */

import type { Packet } from '../../src/protocol';
import {
  acknowledgesUpTo,
  conversationsWith,
  FIN,
  hasFlag,
  RST,
  SYN,
  segmentEnd,
  sideOf,
  type TcpPacket,
} from '../common/tcp-conversation';

/** A time the peer did not answer: from the client's first unanswered segment to its acknowledgement, if any. */
export interface Silence {
  /** Capture time of the segment that went unacknowledged, in seconds. */
  readonly start: number;
  /** When the server acknowledged it at last; undefined while it has not. */
  readonly end?: number;
  /** How many times the client's kernel sent the segment again. */
  readonly retransmissions: number;
  /** The server's last data before the silence: the last the client heard of it. */
  readonly lastHeard?: number;
}

export interface ConnectionLife {
  readonly connection: number;
  readonly clientPort: number;
  /** The handshake completed (the server's SYN-ACK was captured). */
  readonly established: boolean;
  /** The first FIN or RST from the server, in seconds; undefined if it sent neither. */
  readonly serverClosedAt?: number;
  /** The first FIN or RST from the client. */
  readonly clientClosedAt?: number;
  /** The client sent data on it. */
  readonly clientSentData: boolean;
  readonly silence?: Silence;
}

function firstClose(packets: readonly TcpPacket[]): number | undefined {
  return packets.find((packet) => hasFlag(packet, FIN) || hasFlag(packet, RST))?.time;
}

/** The first client data segment that was retransmitted, and when (if ever) the server acknowledged it. */
function silenceIn(client: readonly TcpPacket[], server: readonly TcpPacket[]): Silence | undefined {
  const data = client.filter((packet) => packet.tcp.len > 0);
  // A segment sent again starts at the same sequence number (it may carry more: queued data joins it).
  const sent = new Map<number, number>();
  for (const packet of data) sent.set(packet.tcp.seqRaw, (sent.get(packet.tcp.seqRaw) ?? 0) + 1);
  const segment = data.find((packet) => (sent.get(packet.tcp.seqRaw) ?? 0) > 1);
  if (segment === undefined) return undefined;
  const end = segmentEnd(segment);
  const answer = server.find((packet) => packet.time >= segment.time && acknowledgesUpTo(packet, end));
  const heard = server.filter((packet) => packet.tcp.len > 0 && packet.time <= segment.time).at(-1);
  return {
    start: segment.time,
    ...(answer === undefined ? {} : { end: answer.time }),
    retransmissions: (sent.get(segment.tcp.seqRaw) ?? 1) - 1,
    ...(heard === undefined ? {} : { lastHeard: heard.time }),
  };
}

/** Every connection to `port` in the capture, in the order its first packet was captured. */
export function connectionLives(packets: readonly Packet[], port: number): ConnectionLife[] {
  return conversationsWith(packets, port).map((conversation) => {
    const client = conversation.packets.filter((packet) => sideOf(packet, conversation) === 'client');
    const server = conversation.packets.filter((packet) => sideOf(packet, conversation) === 'server');
    const clientClosedAt = firstClose(client);
    const serverClosedAt = firstClose(server);
    const silence = silenceIn(client, server);
    return {
      connection: conversation.connection,
      clientPort: conversation.clientPort,
      established: server.some((packet) => hasFlag(packet, SYN)),
      ...(serverClosedAt === undefined ? {} : { serverClosedAt }),
      ...(clientClosedAt === undefined ? {} : { clientClosedAt }),
      clientSentData: client.some((packet) => packet.tcp.len > 0),
      ...(silence === undefined ? {} : { silence }),
    };
  });
}

/** A connection the server ended first (FIN or RST) while the client had not: what a restart does to it. */
export function endedByServer(life: ConnectionLife): boolean {
  return (
    life.established &&
    life.serverClosedAt !== undefined &&
    (life.clientClosedAt === undefined || life.serverClosedAt <= life.clientClosedAt)
  );
}
