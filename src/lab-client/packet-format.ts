/**
 * How a captured packet reads on the page: its time as an offset from the session's time origin, its two
 * endpoints, its expert flags as short badges with a sentence for students, its TCP flags bit by bit (as
 * Wireshark's detail pane draws them) and its payload as bytes for the hex dump. Everything here returns plain
 * strings that React renders as text: student payloads are data, never markup.
 */

import { type ExpertFlag, formatHostPort, hexToBytes, type Packet, quoteBytes } from '../protocol';
import { formatSinceOrigin } from './time-origin';

/** Seconds since `origin`, with microseconds, as Wireshark's Time column: `0.000123`. */
export function formatPacketTime(time: number, origin: number | undefined): string {
  return formatSinceOrigin(time, origin, 6);
}

export function packetSource(packet: Pick<Packet, 'src' | 'srcPort'>): string {
  return formatHostPort(packet.src, packet.srcPort);
}

export function packetDestination(packet: Pick<Packet, 'dst' | 'dstPort'>): string {
  return formatHostPort(packet.dst, packet.dstPort);
}

/** The Protocol column: `TCP`, `UDP`. */
export function packetProtocol(packet: Pick<Packet, 'protocol'>): string {
  return packet.protocol.toUpperCase();
}

// ---------------------------------------------------------------- expert flags

/** How bad a flag is, which decides its colours: Wireshark's "Bad TCP", its "TCP RST", or a note. */
export type ExpertSeverity = 'bad' | 'rst' | 'note';

export interface ExpertBadge {
  readonly flag: string;
  /** A few words for the badge: `retransmission`, `dup ACK`. */
  readonly label: string;
  readonly severity: ExpertSeverity;
  /** One sentence for the tooltip and the detail pane, written for a student. */
  readonly explanation: string;
}

const EXPERT: Record<ExpertFlag, Omit<ExpertBadge, 'flag'>> = {
  retransmission: {
    label: 'retransmission',
    severity: 'bad',
    explanation:
      'The sender sent these bytes again: no acknowledgment for them arrived in time (RFC 6298 retransmission timeout).',
  },
  'fast-retransmission': {
    label: 'fast retransmission',
    severity: 'bad',
    explanation: 'Sent again after three duplicate ACKs, without waiting for the timeout (RFC 5681 §3.2).',
  },
  'spurious-retransmission': {
    label: 'spurious retransmission',
    severity: 'bad',
    explanation: 'Sent again although the receiver had already acknowledged these bytes.',
  },
  'out-of-order': {
    label: 'out of order',
    severity: 'bad',
    explanation: 'This segment arrived after one with a higher sequence number.',
  },
  'previous-segment-not-captured': {
    label: 'previous segment not captured',
    severity: 'bad',
    explanation: 'The sequence numbers jump: a segment before this one was not seen by the capture.',
  },
  'duplicate-ack': {
    label: 'dup ACK',
    severity: 'bad',
    explanation: 'The receiver acknowledged the same byte again: it is still waiting for a missing segment.',
  },
  'zero-window': {
    label: 'zero window',
    severity: 'bad',
    explanation: "The receiver's buffer is full (window 0): the sender must stop until it reads (RFC 9293 §3.8.6).",
  },
  'zero-window-probe': {
    label: 'zero-window probe',
    severity: 'note',
    explanation: 'The sender checks whether a zero window has opened again (RFC 9293 §3.8.6.1).',
  },
  'keep-alive': {
    label: 'keep-alive',
    severity: 'note',
    explanation: 'An idle connection checks that the peer is still there (RFC 9293 §3.8.4).',
  },
  'keep-alive-ack': {
    label: 'keep-alive ACK',
    severity: 'note',
    explanation: 'The peer answered a keep-alive: it is still there.',
  },
  'window-full': {
    label: 'window full',
    severity: 'note',
    explanation: "This segment filled the receiver's advertised window: the sender must wait for an ACK.",
  },
  'window-update': {
    label: 'window update',
    severity: 'note',
    explanation: 'The receiver read data and tells the sender it has room again.',
  },
  rst: {
    label: 'RST',
    severity: 'rst',
    explanation: 'A reset: the connection ends at once, without the normal FIN exchange (RFC 9293 §3.5.2).',
  },
};

/** Badges for a packet's expert flags; a flag this page does not know is shown under its own name. */
export function expertBadges(expert: readonly string[]): ExpertBadge[] {
  return expert.map((flag) => {
    const known = Object.hasOwn(EXPERT, flag) ? EXPERT[flag as ExpertFlag] : undefined;
    return known === undefined
      ? { flag, label: flag, severity: 'note', explanation: `Expert note: ${flag}.` }
      : { flag, ...known };
  });
}

/** The most severe of a packet's flags, for the row's tint; undefined when it has none. */
export function worstSeverity(expert: readonly string[]): ExpertSeverity | undefined {
  const severities = expertBadges(expert).map((badge) => badge.severity);
  if (severities.includes('rst')) return 'rst';
  if (severities.includes('bad')) return 'bad';
  return severities.length > 0 ? 'note' : undefined;
}

// ---------------------------------------------------------------- TCP flags

/**
 * The 12 flag bits, most significant first (RFC 9293 §3.1, RFC 3168 §6.1; bit 8 was RFC 3540's NS and is now
 * Accurate ECN's AE).
 */
const FLAG_BITS: readonly (readonly [mask: number, name: string])[] = [
  [0xe00, 'Reserved'],
  [0x100, 'Accurate ECN (AE)'],
  [0x080, 'Congestion Window Reduced (CWR)'],
  [0x040, 'ECN-Echo (ECE)'],
  [0x020, 'Urgent (URG)'],
  [0x010, 'Acknowledgment (ACK)'],
  [0x008, 'Push (PSH)'],
  [0x004, 'Reset (RST)'],
  [0x002, 'Syn (SYN)'],
  [0x001, 'Fin (FIN)'],
];

export interface FlagBitRow {
  /** Wireshark's bit picture: `.... ...1 ....`, the bit's value in its place and dots elsewhere. */
  readonly bits: string;
  readonly name: string;
  readonly set: boolean;
}

/** The flag bits one row each, as Wireshark's detail pane shows them (`.... ...1 .... = Acknowledgment: Set`). */
export function flagBitRows(flags: number): FlagBitRow[] {
  return FLAG_BITS.map(([mask, name]) => {
    let bits = '';
    for (let bit = 11; bit >= 0; bit--) {
      const inField = (mask & (1 << bit)) !== 0;
      bits += inField ? ((flags >> bit) & 1).toString() : '.';
      if (bit % 4 === 0 && bit > 0) bits += ' ';
    }
    return { bits, name, set: (flags & mask) !== 0 };
  });
}

/** `0x018` */
export function formatFlagsHex(flags: number): string {
  return `0x${flags.toString(16).padStart(3, '0')}`;
}

// ---------------------------------------------------------------- payload

/** The captured payload bytes (possibly fewer than were on the wire, see `payload.truncated`). */
export function payloadBytes(packet: Pick<Packet, 'payload'>): Uint8Array {
  return hexToBytes(packet.payload.hex) ?? new Uint8Array();
}

/** `(truncated: 2048 of 65483 bytes)` when only part of the payload was captured; undefined otherwise. */
export function truncationNote(packet: Pick<Packet, 'payload'>): string | undefined {
  const { payload } = packet;
  if (!payload.truncated) return undefined;
  const shown = Math.floor(payload.hex.length / 2);
  return `(truncated: ${shown} of ${payload.length} bytes)`;
}

/** How many payload bytes the list's info column quotes. */
const INFO_PREVIEW_BYTES = 40;

/** The payload as one short quoted line for the info column (`"Hello,world!\n"`); undefined when empty. */
export function payloadPreview(packet: Pick<Packet, 'payload'>): string | undefined {
  const bytes = payloadBytes(packet);
  if (bytes.length === 0) return undefined;
  const quoted = quoteBytes(bytes, INFO_PREVIEW_BYTES);
  return packet.payload.truncated && !quoted.endsWith('...') ? `${quoted}...` : quoted;
}
