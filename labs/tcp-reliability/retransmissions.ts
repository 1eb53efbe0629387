/**
 * What loss left in a captured connection, read from sequence and acknowledgement numbers alone: the data
 * segments each side sent again, and the duplicate ACKs each side sent while bytes were missing. The capture's
 * own analysis flags (tshark's `tcp.analysis.*`) come from a dissector whose memory starts over when it is
 * rotated, so the lab derives both from raw numbers, modulo 2^32 (RFC 9293 §3.4), over the session's whole list.
 * The rules are tshark's, so the lab and the Packets tab agree on which packets they mean: a retransmission is
 * a data segment whose Seq is below the highest sequence number this side already sent (tshark labels it
 * Retransmission, Fast Retransmission, Spurious Retransmission or, when it follows the original very closely,
 * Out-Of-Order), except a 1-byte segment just below it, which tshark takes for a keep-alive; a duplicate ACK is
 * a segment without data, SYN, FIN or RST that repeats this side's previous Ack and window at its next Seq
 * (RFC 5681 §2, "DUPLICATE ACKNOWLEDGMENT").
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

export interface LossReading {
  /** Data segments that resent bytes already sent, in capture order. */
  readonly retransmissions: readonly TcpPacket[];
  /** ACKs that repeated the previous one while bytes were missing, in capture order. */
  readonly duplicateAcks: readonly TcpPacket[];
  /** Data segments sent, retransmissions included. */
  readonly dataSegments: number;
}

/** `a < b` in sequence space. */
function seqBefore(a: number, b: number): boolean {
  return !seqAtLeast(a, b);
}

/** The retransmissions and duplicate ACKs one side of a connection sent. */
export function lossReading(conversation: Conversation, side: Side): LossReading {
  const retransmissions: TcpPacket[] = [];
  const duplicateAcks: TcpPacket[] = [];
  let dataSegments = 0;
  let nextSeq: number | undefined;
  let lastAck: number | undefined;
  let lastWindow: number | undefined;
  for (const packet of conversation.packets) {
    if (sideOf(packet, conversation) !== side) continue;
    const { seqRaw, ackRaw, len, windowValue } = packet.tcp;
    const control = hasFlag(packet, SYN) || hasFlag(packet, FIN) || hasFlag(packet, RST);
    if (len > 0) {
      dataSegments += 1;
      const keepAlive = len === 1 && !control && nextSeq !== undefined && seqRaw === (nextSeq - 1) >>> 0;
      if (nextSeq !== undefined && seqBefore(seqRaw, nextSeq) && !keepAlive) retransmissions.push(packet);
    } else if (
      !control &&
      hasFlag(packet, ACK) &&
      windowValue !== 0 &&
      windowValue === lastWindow &&
      ackRaw === lastAck &&
      seqRaw === nextSeq
    ) {
      duplicateAcks.push(packet);
    }
    const end = segmentEnd(packet);
    if (nextSeq === undefined || seqBefore(nextSeq, end)) nextSeq = end;
    if (hasFlag(packet, ACK)) lastAck = ackRaw;
    lastWindow = windowValue;
  }
  return { retransmissions, duplicateAcks, dataSegments };
}

/** Both sides' readings of one connection. */
export interface ConnectionLoss {
  readonly conversation: Conversation;
  readonly client: LossReading;
  readonly server: LossReading;
}

export function connectionLoss(conversation: Conversation): ConnectionLoss {
  return { conversation, client: lossReading(conversation, 'client'), server: lossReading(conversation, 'server') };
}

/** Retransmitted data segments on the connection, both sides together. */
export function retransmittedSegments(loss: ConnectionLoss): number {
  return loss.client.retransmissions.length + loss.server.retransmissions.length;
}
