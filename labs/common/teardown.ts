/**
 * Finds how a captured connection closed (RFC 9293 §3.6): the first FIN, the peer's FIN, and the ACK of each.
 * Four packets when each side acknowledges the other's FIN on its own; three when the second FIN carries the ACK
 * of the first (the usual case on Linux when the server closes as soon as it reads end-of-file); more when data
 * still flows after the first FIN (a half-close). A simultaneous close is when each FIN was sent before the other
 * arrived: neither acknowledges the other, and both sides go through TIME_WAIT (RFC 9293 §3.6, case 3).
 */

import { type Localized, localized, verbatim } from '../../src/common/localized';
import type { Packet } from '../../src/protocol';
import {
  acknowledgesUpTo,
  type Conversation,
  conversationsWith,
  FIN,
  flagList,
  hasFlag,
  newest,
  otherSide,
  RST,
  type Side,
  segmentEnd,
  sideName,
  sideOf,
  type TcpPacket,
} from './tcp-conversation';

const TEXT = localized({
  en: {
    step: (flags: string, side: string) => `${flags} ${side}`,
    followedBy: (before: string, after: string) => `${before} → ${after}`,
  },
  'zh-Hans': {
    step: (flags, side) => `${flags} ${side}`,
    followedBy: (before, after) => `${before} → ${after}`,
  },
});

export interface Teardown {
  readonly firstFin: TcpPacket;
  /** Who sent the first FIN: the active closer, which ends in TIME_WAIT. */
  readonly firstSide: Side;
  readonly secondFin?: TcpPacket;
  readonly firstFinAck?: TcpPacket;
  readonly secondFinAck?: TcpPacket;
  /** An RST after the first FIN: the connection was reset instead of closing in order. */
  readonly reset?: TcpPacket;
  /** Both FINs were sent and acknowledged, with no RST before that. */
  readonly complete: boolean;
  /** Each FIN was sent before the other side's FIN arrived. */
  readonly simultaneous: boolean;
  /** This connection's packets from the first FIN to the ACK of the second one, both included (when complete). */
  readonly packets: readonly TcpPacket[];
  /** Data segments sent after the first FIN, by the side that had not closed yet. */
  readonly dataAfterFirstFin: readonly TcpPacket[];
}

export interface TeardownMatch {
  readonly conversation: Conversation;
  readonly teardown: Teardown;
}

export function teardownOf(conversation: Conversation): Teardown | undefined {
  const packets = conversation.packets;
  const firstIndex = packets.findIndex((packet) => hasFlag(packet, FIN));
  const firstFin = packets[firstIndex];
  if (firstFin === undefined) return undefined;
  const firstSide = sideOf(firstFin, conversation);
  const peer = otherSide(firstSide);
  const later = packets.slice(firstIndex + 1);
  const from = (side: Side) => (packet: TcpPacket) => sideOf(packet, conversation) === side;

  const firstFinAck = later.find((packet) => from(peer)(packet) && acknowledgesUpTo(packet, segmentEnd(firstFin)));
  const secondFin = later.find((packet) => from(peer)(packet) && hasFlag(packet, FIN));
  const secondFinAck =
    secondFin === undefined
      ? undefined
      : packets
          .slice(packets.indexOf(secondFin) + 1)
          .find((packet) => from(firstSide)(packet) && acknowledgesUpTo(packet, segmentEnd(secondFin)));
  const reset = later.find((packet) => hasFlag(packet, RST));
  const lastIndex =
    firstFinAck === undefined || secondFinAck === undefined
      ? -1
      : Math.max(packets.indexOf(firstFinAck), packets.indexOf(secondFinAck));
  const complete = lastIndex !== -1 && (reset === undefined || packets.indexOf(reset) > lastIndex);
  const simultaneous = secondFin !== undefined && !acknowledgesUpTo(secondFin, segmentEnd(firstFin));
  const window = complete ? packets.slice(firstIndex, lastIndex + 1) : later;
  return {
    firstFin,
    firstSide,
    ...(secondFin !== undefined && { secondFin }),
    ...(firstFinAck !== undefined && { firstFinAck }),
    ...(secondFinAck !== undefined && { secondFinAck }),
    ...(reset !== undefined && { reset }),
    complete,
    simultaneous,
    packets: complete ? window : [],
    dataAfterFirstFin: window.filter((packet) => from(peer)(packet) && packet.tcp.len > 0),
  };
}

/** Every connection with `port` that has at least one FIN, in order of its first FIN. */
export function teardownsWith(packets: readonly Packet[], port: number): TeardownMatch[] {
  const matches: TeardownMatch[] = [];
  for (const conversation of conversationsWith(packets, port)) {
    const teardown = teardownOf(conversation);
    if (teardown !== undefined) matches.push({ conversation, teardown });
  }
  return matches.sort((a, b) => a.teardown.firstFin.id - b.teardown.firstFin.id);
}

/** The connection whose orderly close finished last: the one the teardown questions ask about. */
export function latestCompleteTeardown(packets: readonly Packet[], port: number): TeardownMatch | undefined {
  const complete = teardownsWith(packets, port).filter((match) => match.teardown.complete);
  return newest(complete, (match) => match.teardown.packets.at(-1)?.id ?? 0);
}

/** A one-line description of a teardown, e.g. `[FIN, ACK] client → [FIN, ACK] server → [ACK] client`. */
export function describeTeardown(match: TeardownMatch): Localized {
  const steps = match.teardown.packets.map((packet) =>
    TEXT.step(flagList(packet), sideName(sideOf(packet, match.conversation))),
  );
  return steps.length === 0 ? verbatim('') : steps.reduce((before, after) => TEXT.followedBy(before, after));
}
