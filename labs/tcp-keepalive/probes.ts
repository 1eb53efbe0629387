/**
 * Finds the keepalive probes of a captured connection, and whether each was answered. A probe is what a TCP
 * sends on a connection that has been idle for its keepalive time (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6): an ACK
 * with no new data whose sequence number is one below the next the sender would use, a byte the peer already
 * acknowledged. Such a segment is outside the receiver's window, and a TCP answers an unacceptable segment with
 * an ACK of where it really is (RFC 9293 §3.10.7.4): that ACK is the proof that the peer's kernel is still
 * there. Linux sends no byte with its probe; some stacks send the old byte again, so a probe may carry one.
 *
 * Found by sequence numbers rather than by the capture's expert notes, which name only one of two probes that
 * cross on the wire. The other side's own probes repeat the same acknowledgement number as an answer would, so
 * an answer must not be a probe itself; nor a RST, which ends the connection rather than keeping it.
 */

import {
  ACK,
  type Conversation,
  FIN,
  hasFlag,
  RST,
  type Side,
  SYN,
  segmentEnd,
  seqAtLeast,
  sideOf,
  type TcpPacket,
} from '../common/tcp-conversation';

export interface KeepaliveProbe {
  readonly packet: TcpPacket;
  readonly side: Side;
  /** The other side's ACK that answered it; undefined while none has been captured. */
  readonly answer: TcpPacket | undefined;
}

/** Whether the packet moves its side's stream on: a SYN, a FIN or data. */
function extendsStream(packet: TcpPacket): boolean {
  return packet.tcp.len > 0 || hasFlag(packet, SYN) || hasFlag(packet, FIN);
}

function isBareAck(packet: TcpPacket): boolean {
  return hasFlag(packet, ACK) && !hasFlag(packet, SYN) && !hasFlag(packet, FIN) && !hasFlag(packet, RST);
}

/** Every keepalive probe of the connection, either side's, in capture order, each with its answer if any. */
export function keepaliveProbes(conversation: Conversation): KeepaliveProbe[] {
  const next: Partial<Record<Side, number>> = {};
  const found: { packet: TcpPacket; side: Side; index: number }[] = [];
  const probeIds = new Set<number>();
  conversation.packets.forEach((packet, index) => {
    const side = sideOf(packet, conversation);
    const sideNext = next[side];
    const isProbe =
      sideNext !== undefined && isBareAck(packet) && packet.tcp.len <= 1 && packet.tcp.seqRaw === (sideNext - 1) >>> 0;
    if (isProbe) {
      found.push({ packet, side, index });
      probeIds.add(packet.id);
      return;
    }
    if (extendsStream(packet)) {
      const end = segmentEnd(packet);
      if (sideNext === undefined || seqAtLeast(end, sideNext)) next[side] = end;
    }
  });
  return found.map(({ packet, side, index }, n) => {
    const wanted = (packet.tcp.seqRaw + 1) >>> 0;
    // An answer comes before the same side's next probe: one found later answers that probe, not this one.
    const until = found.slice(n + 1).find((later) => later.side === side)?.index ?? conversation.packets.length;
    const answer = conversation.packets
      .slice(index + 1, until)
      .find(
        (later) =>
          sideOf(later, conversation) !== side &&
          !probeIds.has(later.id) &&
          isBareAck(later) &&
          seqAtLeast(later.tcp.ackRaw, wanted),
      );
    return { packet, side, answer };
  });
}

/** The probes one side sent. */
export function probesFrom(conversation: Conversation, side: Side): KeepaliveProbe[] {
  return keepaliveProbes(conversation).filter((probe) => probe.side === side);
}
