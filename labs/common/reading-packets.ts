/**
 * A capture read the way the lessons teach a student to read the Packets tab: by port, by the connection number
 * the capture gives each connection, and by the flags in the Info column. The reference solutions answer their
 * labs' capture questions with it, so an answer comes from the packets as a student sees them and not from the
 * labs' own analysis (`tcp-conversation.ts`, `handshake.ts`, `teardown.ts`), which the questions judge with: a
 * question that judges wrongly then fails the generic lab test instead of agreeing with itself.
 */

import type { Packet } from '../../src/protocol';
import type { TcpPacket } from './tcp-conversation';

/** Whether the packet's flags (Wireshark's `SYN,ACK`) include `flag`. */
export function flagged(packet: TcpPacket, flag: 'SYN' | 'ACK' | 'FIN' | 'RST'): boolean {
  return packet.tcp.flagNames.split(',').includes(flag);
}

/** The TCP packets to or from `port`, oldest first. */
export function tcpPacketsOf(packets: readonly Packet[], port: number): TcpPacket[] {
  return packets.filter(
    (packet): packet is TcpPacket => packet.tcp !== undefined && (packet.srcPort === port || packet.dstPort === port),
  );
}

/** The packets of the newest connection to or from `port` (the highest connection number), oldest first. */
export function newestConnection(packets: readonly Packet[], port: number): TcpPacket[] {
  const own = tcpPacketsOf(packets, port);
  const newest = own.reduce((highest, packet) => Math.max(highest, packet.tcp.connection), -1);
  return own.filter((packet) => packet.tcp.connection === newest);
}
