/**
 * The bytes a client sent on a captured connection, put back in sequence order the way the receiving TCP does
 * it: from the first byte after the SYN, overlapping and retransmitted segments merged, stopping at the first
 * gap. The greeting `Hello,world!` may arrive in one segment or in several (`send Hello,` then `send world!`),
 * so the labs judge this stream, never a single segment.
 */

import { hexToBytes } from '../../src/protocol';
import type { Handshake } from './handshake';
import {
  acknowledgesUpTo,
  type Conversation,
  segmentEnd,
  seqAtLeast,
  sideOf,
  type TcpPacket,
} from './tcp-conversation';

export const GREETING = 'Hello,world!';
const GREETING_BYTES = new TextEncoder().encode(GREETING);

export interface ClientStream {
  /** The first bytes of the stream, at most the `max` asked for. */
  readonly bytes: Uint8Array;
  /** How many contiguous bytes were captured, which may be more than `bytes` holds. */
  readonly length: number;
  /** Raw sequence number of the first data byte: the client's ISN + 1, because the SYN used the ISN. */
  readonly startRaw: number;
  /** The data segments, in capture order. */
  readonly segments: readonly TcpPacket[];
}

function clientStream(conversation: Conversation, handshake: Handshake, max = 64): ClientStream {
  const startRaw = segmentEnd(handshake.syn);
  const segments = conversation.packets.filter(
    (packet) => sideOf(packet, conversation) === 'client' && packet.tcp.len > 0,
  );
  const ordered = segments
    .map((packet) => ({ packet, offset: (packet.tcp.seqRaw - startRaw) >>> 0 }))
    .filter(({ packet }) => seqAtLeast(packet.tcp.seqRaw, startRaw))
    .sort((a, b) => a.offset - b.offset);
  const collected: number[] = [];
  let length = 0;
  for (const { packet, offset } of ordered) {
    if (offset > length) break;
    const end = offset + packet.tcp.len;
    if (end <= length) continue;
    const known = hexToBytes(packet.payload.hex) ?? new Uint8Array(0);
    for (let at = length; at < end && collected.length < max; at++) {
      const byte = known[at - offset];
      if (byte === undefined) break;
      if (at === collected.length) collected.push(byte);
    }
    length = end;
  }
  return { bytes: Uint8Array.from(collected), length, startRaw, segments };
}

export type GreetingState =
  | { readonly kind: 'none' }
  /** Some bytes arrived and they are the start of the greeting: more may follow. */
  | { readonly kind: 'partial'; readonly stream: ClientStream }
  | { readonly kind: 'wrong'; readonly stream: ClientStream }
  | {
      readonly kind: 'sent';
      readonly stream: ClientStream;
      /** 12, or 13 / 14 with the newline that `nc` or `print` adds. */
      readonly length: number;
      /** Raw sequence number just past the greeting. */
      readonly endRaw: number;
      /** The first server segment whose ACK covers the whole greeting. */
      readonly ack?: TcpPacket;
    };

/** Whether the client's stream starts with the greeting, and which server segment acknowledged it. */
export function greetingState(conversation: Conversation, handshake: Handshake): GreetingState {
  const stream = clientStream(conversation, handshake);
  if (stream.length === 0) return { kind: 'none' };
  const head = stream.bytes.subarray(0, GREETING_BYTES.length);
  if (!head.every((byte, i) => byte === GREETING_BYTES[i])) return { kind: 'wrong', stream };
  if (stream.length < GREETING_BYTES.length) return { kind: 'partial', stream };
  let length = GREETING_BYTES.length;
  if (stream.bytes[length] === 0x0a) length += 1;
  else if (stream.bytes[length] === 0x0d && stream.bytes[length + 1] === 0x0a) length += 2;
  const endRaw = (stream.startRaw + length) >>> 0;
  const ack = conversation.packets.find(
    (packet) => sideOf(packet, conversation) === 'server' && acknowledgesUpTo(packet, endRaw),
  );
  return ack === undefined ? { kind: 'sent', stream, length, endRaw } : { kind: 'sent', stream, length, endRaw, ack };
}
