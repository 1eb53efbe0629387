/**
 * What one captured connection to the slow reader says about flow control, read from the segments' own fields
 * rather than from Wireshark's expert labels, so the lab judges what was on the wire: the window scale both SYNs
 * agreed on (RFC 7323 §2.2–§2.3), the server's first window after the handshake in bytes, the zero windows it
 * advertised, the probes the client sent while the window was zero (RFC 9293 §3.8.6.1), the update that opened
 * it again, and how many bytes the client sent. A probe has one of two shapes: Linux's, an ACK with no data whose
 * Seq is one below the server's Ack (`tcp_xmit_probe_skb`, which Wireshark calls Keep-Alive), or the one byte at
 * the window's edge that RFC 9293 describes and lwIP sends (Wireshark's Zero Window Probe).
 */

import { handshakeAttempt } from '../common/handshake';
import {
  type Conversation,
  FIN,
  hasFlag,
  RST,
  SYN,
  segmentEnd,
  sideOf,
  type TcpPacket,
} from '../common/tcp-conversation';

/** RFC 7323 §2.3: a shift above 14 is treated as 14. */
const MAX_SHIFT = 14;

export interface WindowStory {
  /** The shift both SYNs agreed on; undefined when one SYN lacked the option or was not captured. */
  readonly serverShift: number | undefined;
  readonly synAck?: TcpPacket;
  /** The server's first segment after its SYN-ACK, and its window in bytes (the field times 2^shift). */
  readonly firstAfterSynAck?: TcpPacket;
  readonly firstWindowBytes?: number;
  /** The server's segments that advertised a window of zero (RST excluded: it carries Win=0 meaning nothing). */
  readonly zeroWindows: readonly TcpPacket[];
  /** The client's probes while the server's window was zero. */
  readonly probes: readonly TcpPacket[];
  /** The server's first segment with an open window after its first zero window: the window update. */
  readonly update?: TcpPacket;
  /** Data bytes the client sent, from its first byte to the highest one seen. */
  readonly clientBytes: number;
  readonly clientFin?: TcpPacket;
}

function windowBytes(packet: TcpPacket, shift: number | undefined): number {
  // RFC 7323 §2.2: the window field of a SYN is never scaled.
  if (hasFlag(packet, SYN) || shift === undefined) return packet.tcp.windowValue;
  return packet.tcp.windowValue * 2 ** Math.min(shift, MAX_SHIFT);
}

function isProbe(packet: TcpPacket, serverAckRaw: number): boolean {
  if (hasFlag(packet, FIN) || hasFlag(packet, RST) || hasFlag(packet, SYN)) return false;
  if (packet.tcp.len === 0) return packet.tcp.seqRaw === (serverAckRaw - 1) >>> 0;
  return packet.tcp.len === 1 && packet.tcp.seqRaw === serverAckRaw;
}

export function windowStory(conversation: Conversation): WindowStory {
  const { syn, synAck } = handshakeAttempt(conversation);
  const offered = syn?.tcp.options.windowScale;
  const answered = synAck?.tcp.options.windowScale;
  const serverShift = offered !== undefined && answered !== undefined ? answered : undefined;
  const start = syn === undefined ? undefined : segmentEnd(syn);

  let firstAfterSynAck: TcpPacket | undefined;
  const zeroWindows: TcpPacket[] = [];
  const probes: TcpPacket[] = [];
  let update: TcpPacket | undefined;
  let closedAt: number | undefined;
  let clientBytes = 0;
  let clientFin: TcpPacket | undefined;
  let afterSynAck = false;
  for (const packet of conversation.packets) {
    if (sideOf(packet, conversation) === 'server') {
      if (packet === synAck) {
        afterSynAck = true;
        continue;
      }
      if (hasFlag(packet, RST) || hasFlag(packet, SYN)) continue;
      if (afterSynAck && firstAfterSynAck === undefined) firstAfterSynAck = packet;
      if (packet.tcp.windowValue === 0) {
        zeroWindows.push(packet);
        closedAt = packet.tcp.ackRaw;
      } else if (closedAt !== undefined) {
        closedAt = undefined;
        if (update === undefined) update = packet;
      }
      continue;
    }
    if (closedAt !== undefined && isProbe(packet, closedAt)) probes.push(packet);
    if (hasFlag(packet, FIN) && clientFin === undefined) clientFin = packet;
    if (start !== undefined && packet.tcp.len > 0) {
      const end = (packet.tcp.seqRaw + packet.tcp.len - start) >>> 0;
      // A segment from before the start (a stray old one) would wrap to nearly 2^32: not this stream's.
      if (end < 0x8000_0000 && end > clientBytes) clientBytes = end;
    }
  }
  return {
    serverShift,
    ...(synAck !== undefined && { synAck }),
    ...(firstAfterSynAck !== undefined && {
      firstAfterSynAck,
      firstWindowBytes: windowBytes(firstAfterSynAck, serverShift),
    }),
    zeroWindows,
    probes,
    ...(update !== undefined && { update }),
    clientBytes,
    ...(clientFin !== undefined && { clientFin }),
  };
}

/** The relative acknowledgement number of a server segment: counted from the client's ISN, whose SYN used 0. */
export function relativeAck(packet: TcpPacket, conversation: Conversation): number | undefined {
  const { syn } = handshakeAttempt(conversation);
  return syn === undefined ? undefined : (packet.tcp.ackRaw - syn.tcp.seqRaw) >>> 0;
}
