/**
 * Finds the three-way handshake of a captured connection (RFC 9293 §3.5): the client's SYN, the server's SYN-ACK
 * acknowledging it, and the client's ACK of the SYN-ACK. Matches what tshark delivers from a real loopback
 * capture: the SYN is the client's segment with SYN set and ACK clear (flag names exactly `SYN`, or `SYN,ECE,CWR`
 * from a client that asks for ECN); a retransmitted SYN or SYN-ACK does not start a second handshake. A SYN
 * answered with RST (nothing listening, RFC 9293 §3.10.7.1) is reported as `refused`.
 */

import type { Packet } from '../../src/protocol';
import {
  ACK,
  acknowledgesUpTo,
  type Conversation,
  conversationsWith,
  hasFlag,
  newest,
  RST,
  SYN,
  segmentEnd,
  sideOf,
  type TcpPacket,
} from './tcp-conversation';

export interface HandshakeAttempt {
  readonly syn?: TcpPacket;
  readonly synAck?: TcpPacket;
  readonly ack?: TcpPacket;
  /** The server's RST answering the SYN (a closed port). */
  readonly refused?: TcpPacket;
}

export interface Handshake {
  readonly syn: TcpPacket;
  readonly synAck: TcpPacket;
  readonly ack: TcpPacket;
}

export interface HandshakeMatch {
  readonly conversation: Conversation;
  readonly handshake: Handshake;
}

/** How far the connection's opening got: each part is the first packet that fits, in capture order. */
export function handshakeAttempt(conversation: Conversation): HandshakeAttempt {
  const packets = conversation.packets;
  const synIndex = packets.findIndex(
    (packet) => sideOf(packet, conversation) === 'client' && hasFlag(packet, SYN) && !hasFlag(packet, ACK),
  );
  const syn = packets[synIndex];
  if (syn === undefined) return {};
  let synAck: TcpPacket | undefined;
  for (let i = synIndex + 1; i < packets.length; i++) {
    const packet = packets[i]!;
    const fromServer = sideOf(packet, conversation) === 'server';
    if (synAck === undefined) {
      if (!fromServer) continue;
      if (hasFlag(packet, RST)) return { syn, refused: packet };
      if (hasFlag(packet, SYN) && acknowledgesUpTo(packet, segmentEnd(syn))) synAck = packet;
    } else if (
      !fromServer &&
      !hasFlag(packet, SYN) &&
      !hasFlag(packet, RST) &&
      acknowledgesUpTo(packet, segmentEnd(synAck))
    ) {
      return { syn, synAck, ack: packet };
    }
  }
  return synAck === undefined ? { syn } : { syn, synAck };
}

function completeHandshake(conversation: Conversation): Handshake | undefined {
  const { syn, synAck, ack } = handshakeAttempt(conversation);
  return syn !== undefined && synAck !== undefined && ack !== undefined ? { syn, synAck, ack } : undefined;
}

/** Every complete handshake with `port`, oldest first. */
export function handshakesWith(packets: readonly Packet[], port: number): HandshakeMatch[] {
  const matches: HandshakeMatch[] = [];
  for (const conversation of conversationsWith(packets, port)) {
    const handshake = completeHandshake(conversation);
    if (handshake !== undefined) matches.push({ conversation, handshake });
  }
  return matches.sort((a, b) => a.handshake.ack.id - b.handshake.ack.id);
}

/** The handshake completed last: the connection the questions ask about. */
export function latestHandshake(packets: readonly Packet[], port: number): HandshakeMatch | undefined {
  return newest(handshakesWith(packets, port), (match) => match.handshake.ack.id);
}
