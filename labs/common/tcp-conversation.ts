/**
 * A lab's view of its captured packets: the TCP connections to one of its server ports, each with its packets in
 * capture order and the side that sent each one. Connections are told apart by `tcp.connection`, the capture's
 * own number (stable across tshark restarts), not by the 4-tuple, because a client that reuses a port after
 * TIME_WAIT makes a new connection with the same four values. Sequence numbers are compared in raw form, modulo
 * 2^32 (RFC 9293 §3.4), so the analysis stays right even where relative numbers are not (a SYN not captured).
 * The words the labs name a connection and its sides with are here too, so every check says them alike.
 */

import { type Localized, localized } from '../../src/common/localized';
import type { Packet, ServerInfo, TcpView } from '../../src/protocol';

const TEXT = localized({
  en: {
    client: 'client',
    server: 'server',
    ports: (client: number, server: number) => `port ${client} ↔ ${server}`,
  },
  'zh-Hans': {
    client: '客户端',
    server: '服务器',
    ports: (client, server) => `端口 ${client} ↔ ${server}`,
  },
});

export type TcpPacket = Packet & { readonly tcp: TcpView };
export type Side = 'client' | 'server';

// RFC 9293 §3.1: the control bits.
export const FIN = 0x001;
export const SYN = 0x002;
export const RST = 0x004;
export const ACK = 0x010;

export interface Conversation {
  readonly connection: number;
  readonly serverPort: number;
  readonly clientPort: number;
  /** This connection's packets only, oldest first. */
  readonly packets: readonly TcpPacket[];
}

function isTcp(packet: Packet): packet is TcpPacket {
  return packet.protocol === 'tcp' && packet.tcp !== undefined;
}

export function hasFlag(packet: TcpPacket, bit: number): boolean {
  return (packet.tcp.flags & bit) !== 0;
}

/** The port of one of the session's servers, by the id the lab manifest gave it. */
export function serverPort(servers: readonly ServerInfo[], id: string): number | undefined {
  return servers.find((server) => server.id === id)?.port;
}

/**
 * The last answer per packet list and port. Every check of a session asks the same question of the same list
 * in one grading pass (and a session is graded up to 20 times a second while packets flow), so the list is
 * scanned once per change rather than once per check and connection. A session's list grows at the end and
 * drops from the front, so its length and its first and last ids tell whether it changed.
 */
const memo = new WeakMap<readonly Packet[], { version: string; byPort: Map<number, readonly Conversation[]> }>();

/** The TCP connections that have `port` on one side, in the order their first packet was captured. */
export function conversationsWith(packets: readonly Packet[], port: number): readonly Conversation[] {
  const version = `${packets.length}:${packets[0]?.id}:${packets.at(-1)?.id}`;
  let entry = memo.get(packets);
  if (entry?.version !== version) {
    entry = { version, byPort: new Map() };
    memo.set(packets, entry);
  }
  let conversations = entry.byPort.get(port);
  if (conversations === undefined) {
    conversations = scanConversations(packets, port);
    entry.byPort.set(port, conversations);
  }
  return conversations;
}

function scanConversations(packets: readonly Packet[], port: number): Conversation[] {
  const found = new Map<number, { clientPort: number; packets: TcpPacket[] }>();
  for (const packet of packets) {
    if (!isTcp(packet)) continue;
    let clientPort: number;
    if (packet.dstPort === port) clientPort = packet.srcPort;
    else if (packet.srcPort === port) clientPort = packet.dstPort;
    else continue;
    let entry = found.get(packet.tcp.connection);
    if (entry === undefined) {
      entry = { clientPort, packets: [] };
      found.set(packet.tcp.connection, entry);
    }
    entry.packets.push(packet);
  }
  return [...found].map(([connection, entry]) => ({
    connection,
    serverPort: port,
    clientPort: entry.clientPort,
    packets: entry.packets,
  }));
}

export function sideOf(packet: TcpPacket, conversation: Conversation): Side {
  return packet.dstPort === conversation.serverPort ? 'client' : 'server';
}

export function otherSide(side: Side): Side {
  return side === 'client' ? 'server' : 'client';
}

/** `client` or `server`, as a sentence names the side. */
export function sideName(side: Side): Localized {
  return TEXT[side];
}

/** `port 40988 ↔ 20417`: a connection named by its two ports, the client's first. */
export function portsOf(conversation: Conversation): Localized {
  return TEXT.ports(conversation.clientPort, conversation.serverPort);
}

/** `a ≥ b` in sequence space: the distance from b to a, modulo 2^32, is less than half the space (RFC 9293 §3.4). */
export function seqAtLeast(a: number, b: number): boolean {
  return (a - b) >>> 0 < 0x8000_0000;
}

/** The raw sequence number just past this segment: what the peer acknowledges. SYN and FIN each count one. */
export function segmentEnd(packet: TcpPacket): number {
  const { seqRaw, len } = packet.tcp;
  return (seqRaw + len + (hasFlag(packet, SYN) ? 1 : 0) + (hasFlag(packet, FIN) ? 1 : 0)) >>> 0;
}

/** True when the packet carries an ACK that covers everything before raw sequence number `end`. */
export function acknowledgesUpTo(packet: TcpPacket, end: number): boolean {
  return hasFlag(packet, ACK) && seqAtLeast(packet.tcp.ackRaw, end);
}

/** Wireshark's way to write a flag set: `[FIN, ACK]`. */
export function flagList(packet: TcpPacket): string {
  return `[${packet.tcp.flagNames.split(',').join(', ')}]`;
}

/** The element whose key is largest, or undefined for an empty list. */
export function newest<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || key(item) > key(best)) best = item;
  return best;
}
