/**
 * How a captured packet reads on the page: its time as an offset from the session's time origin, its two
 * endpoints, its expert flags as short badges with a sentence for students, its TCP flags bit by bit (as
 * Wireshark's detail pane draws them) and its payload as bytes for the hex dump. Everything here returns plain
 * strings that React renders as text: student payloads are data, never markup.
 */

import { type Localized, localized } from '../common/localized';
import { type ExpertFlag, formatHostPort, hexToBytes, type Packet, quoteBytes } from '../protocol';
import { formatSinceOrigin } from './time-origin';

// A badge keeps Wireshark's own name for the note (`dup ACK`, `zero window`), which a Chinese Wireshark shows
// in English too; what it means is said in the reader's language.
const TEXT = localized({
  en: {
    retransmission:
      'The sender sent these bytes again: no acknowledgment for them arrived in time (RFC 6298 retransmission timeout).',
    fastRetransmission: 'Sent again after three duplicate ACKs, without waiting for the timeout (RFC 5681 §3.2).',
    spuriousRetransmission: 'Sent again although the receiver had already acknowledged these bytes.',
    outOfOrder: 'This segment arrived after one with a higher sequence number.',
    previousSegmentNotCaptured: 'The sequence numbers jump: a segment before this one was not seen by the capture.',
    duplicateAck: 'The receiver acknowledged the same byte again: it is still waiting for a missing segment.',
    zeroWindow: "The receiver's buffer is full (window 0): the sender must stop until it reads (RFC 9293 §3.8.6).",
    zeroWindowProbe: 'The sender checks whether a zero window has opened again (RFC 9293 §3.8.6.1).',
    keepAlive: 'An idle connection checks that the peer is still there (RFC 9293 §3.8.4).',
    keepAliveAck: 'The peer answered a keep-alive: it is still there.',
    windowFull: "This segment filled the receiver's advertised window: the sender must wait for an ACK.",
    windowUpdate: 'The receiver read data and tells the sender it has room again.',
    rst: 'A reset: the connection ends at once, without the normal FIN exchange (RFC 9293 §3.5.2).',
    unknown: (flag: string) => `Expert note: ${flag}.`,
    truncated: (shown: number, length: number) => `(truncated: ${shown} of ${length} bytes)`,
  },
  'zh-Hans': {
    retransmission: '发送方又发了一遍这些字节：它们的确认没有及时到达（RFC 6298 重传超时）。',
    fastRetransmission: '收到三个重复 ACK 后立即重发，不等超时（RFC 5681 §3.2）。',
    spuriousRetransmission: '接收方其实已经确认过这些字节，发送方却又发了一遍。',
    outOfOrder: '这个报文段到达时，一个序列号更大的报文段已经先到了。',
    previousSegmentNotCaptured: '序列号跳了一段：这个报文段之前的某个报文段没有被抓到。',
    duplicateAck: '接收方又一次确认了同一个字节：它还在等一个缺失的报文段。',
    zeroWindow: '接收方的缓冲区满了（窗口为 0）：发送方必须停下来，等它读走数据（RFC 9293 §3.8.6）。',
    zeroWindowProbe: '发送方探测一个零窗口是否重新打开了（RFC 9293 §3.8.6.1）。',
    keepAlive: '一条空闲的连接在确认对端还在（RFC 9293 §3.8.4）。',
    keepAliveAck: '对端应答了保活探测：它还在。',
    windowFull: '这个报文段填满了接收方通告的窗口：发送方必须等一个 ACK。',
    windowUpdate: '接收方读走了数据，告诉发送方它又有空间了。',
    rst: '复位：连接立即结束，没有正常的 FIN 交换（RFC 9293 §3.5.2）。',
    unknown: (flag) => `专家信息：${flag}。`,
    truncated: (shown, length) => `（已截断：显示 ${length} 字节中的 ${shown} 字节）`,
  },
});

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
  /** A few words for the badge, Wireshark's name in every language: `retransmission`, `dup ACK`. */
  readonly label: string;
  readonly severity: ExpertSeverity;
  /** One sentence for the tooltip and the detail pane, written for a student. */
  readonly explanation: Localized;
}

const EXPERT: Record<ExpertFlag, Omit<ExpertBadge, 'flag'>> = {
  retransmission: { label: 'retransmission', severity: 'bad', explanation: TEXT.retransmission },
  'fast-retransmission': { label: 'fast retransmission', severity: 'bad', explanation: TEXT.fastRetransmission },
  'spurious-retransmission': {
    label: 'spurious retransmission',
    severity: 'bad',
    explanation: TEXT.spuriousRetransmission,
  },
  'out-of-order': { label: 'out of order', severity: 'bad', explanation: TEXT.outOfOrder },
  'previous-segment-not-captured': {
    label: 'previous segment not captured',
    severity: 'bad',
    explanation: TEXT.previousSegmentNotCaptured,
  },
  'duplicate-ack': { label: 'dup ACK', severity: 'bad', explanation: TEXT.duplicateAck },
  'zero-window': { label: 'zero window', severity: 'bad', explanation: TEXT.zeroWindow },
  'zero-window-probe': { label: 'zero-window probe', severity: 'note', explanation: TEXT.zeroWindowProbe },
  'keep-alive': { label: 'keep-alive', severity: 'note', explanation: TEXT.keepAlive },
  'keep-alive-ack': { label: 'keep-alive ACK', severity: 'note', explanation: TEXT.keepAliveAck },
  'window-full': { label: 'window full', severity: 'note', explanation: TEXT.windowFull },
  'window-update': { label: 'window update', severity: 'note', explanation: TEXT.windowUpdate },
  rst: { label: 'RST', severity: 'rst', explanation: TEXT.rst },
};

/** Badges for a packet's expert flags; a flag this page does not know is shown under its own name. */
export function expertBadges(expert: readonly string[]): ExpertBadge[] {
  return expert.map((flag) => {
    const known = Object.hasOwn(EXPERT, flag) ? EXPERT[flag as ExpertFlag] : undefined;
    return known === undefined
      ? { flag, label: flag, severity: 'note', explanation: TEXT.unknown(flag) }
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
export function truncationNote(packet: Pick<Packet, 'payload'>): Localized | undefined {
  const { payload } = packet;
  if (!payload.truncated) return undefined;
  return TEXT.truncated(Math.floor(payload.hex.length / 2), payload.length);
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
