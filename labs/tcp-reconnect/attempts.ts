/**
 * A reconnecting client's connection attempts, read from the packets to one server port: every SYN it sent (a
 * SYN the kernel retransmitted counts once, by its port and initial sequence number), with what came back: a
 * SYN-ACK (accepted), an RST (refused: nothing listened on the port, RFC 9293 §3.10.7.1), or nothing (dropped on
 * the way, as when the peer is silent). Refused attempts in a row are an outage: the times between them are the
 * waits the client chose, which is what a backoff is. The checks of lab `tcp-reconnect` are small functions of
 * these, since no record of the server sees an attempt it refused.
 */

import type { Packet } from '../../src/protocol';
import { ACK, hasFlag, RST, SYN, type TcpPacket } from '../common/tcp-conversation';

export type AttemptOutcome = 'accepted' | 'refused' | 'unanswered';

export interface Attempt {
  readonly clientPort: number;
  /** Capture time of the first SYN, in seconds. */
  readonly time: number;
  readonly outcome: AttemptOutcome;
}

/** Refused attempts in a row, and the attempt after them when there is one (accepted, or sent into silence). */
export interface Outage {
  readonly attempts: readonly Attempt[];
  /** How many of `attempts` were refused: all of them, or all but the last. */
  readonly refused: number;
}

function isTcp(packet: Packet): packet is TcpPacket {
  return packet.tcp !== undefined;
}

/** Every connection attempt to `port`, oldest first. */
export function attemptsTo(packets: readonly Packet[], port: number): Attempt[] {
  const attempts: { clientPort: number; time: number; outcome: AttemptOutcome }[] = [];
  const seen = new Set<string>();
  /** Client port → the attempt from it still waiting for an answer. */
  const waiting = new Map<number, (typeof attempts)[number]>();
  for (const packet of packets) {
    if (!isTcp(packet)) continue;
    if (packet.dstPort === port && hasFlag(packet, SYN) && !hasFlag(packet, ACK)) {
      const key = `${packet.srcPort}:${packet.tcp.seqRaw}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const attempt = { clientPort: packet.srcPort, time: packet.time, outcome: 'unanswered' as AttemptOutcome };
      attempts.push(attempt);
      waiting.set(packet.srcPort, attempt);
    } else if (packet.srcPort === port) {
      const attempt = waiting.get(packet.dstPort);
      if (attempt === undefined) continue;
      if (hasFlag(packet, SYN) && hasFlag(packet, ACK)) attempt.outcome = 'accepted';
      else if (hasFlag(packet, RST)) attempt.outcome = 'refused';
      else continue;
      waiting.delete(packet.dstPort);
    }
  }
  return attempts;
}

/** The outages among `attempts`, oldest first; the last may still be going on. */
export function outagesOf(attempts: readonly Attempt[]): Outage[] {
  const outages: Outage[] = [];
  let current: Attempt[] = [];
  for (const attempt of attempts) {
    if (attempt.outcome === 'refused') {
      current.push(attempt);
      continue;
    }
    if (current.length > 0) outages.push({ attempts: [...current, attempt], refused: current.length });
    current = [];
  }
  if (current.length > 0) outages.push({ attempts: current, refused: current.length });
  return outages;
}

/** The times between one attempt of an outage and the next, in seconds. */
export function gapsOf(outage: Outage): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < outage.attempts.length; i++) {
    gaps.push(outage.attempts[i]!.time - outage.attempts[i - 1]!.time);
  }
  return gaps;
}

/** Whether the client sent data to `port` from `clientPort` after `time`: the connection was put to use. */
export function sentDataAfter(packets: readonly Packet[], port: number, clientPort: number, time: number): boolean {
  return packets.some(
    (packet) =>
      packet.tcp !== undefined &&
      packet.dstPort === port &&
      packet.srcPort === clientPort &&
      packet.time >= time &&
      packet.tcp.len > 0,
  );
}
