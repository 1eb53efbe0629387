/**
 * The fields a display filter knows, as Wireshark names them (`tcp.flags.syn`, `ip.addr`, `tcp.stream` …): for
 * each, how its values compare and how to read them off a `Packet`; and the nearest known field to a misspelt one.
 */

import type { ExpertFlag, Packet } from '../../protocol';
import { addresses4, addresses6, hexBytes } from './addresses';

/** How a field's values compare: as numbers, addresses, bytes, or only by being there. */
export type FieldType = 'number' | 'boolean' | 'ipv4' | 'ipv6' | 'bytes' | 'protocol' | 'flag';

export type Value = number | bigint | Uint8Array;

export interface FilterContext {
  /** The packet's "No." in the list, for `frame.number`. */
  readonly number?: number;
}

export interface FieldSpec {
  readonly type: FieldType;
  /** The largest value the field can hold, for a number that cannot be in it. */
  readonly max?: number;
  /** The field's values in this packet; undefined when the packet does not have the field. */
  readonly values: (packet: Packet, context: FilterContext) => readonly Value[] | undefined;
  /** For protocols that `contains` can search: the bytes searched. */
  readonly bytes?: (packet: Packet) => Uint8Array | undefined;
}

const U8 = 0xff;
const U16 = 0xffff;
const U32 = 0xffff_ffff;

export const one = (value: Value | undefined): readonly Value[] | undefined =>
  value === undefined ? undefined : [value];
const present = (yes: boolean): readonly Value[] | undefined => (yes ? [1] : undefined);
export const bit = (flags: number | undefined, mask: number): readonly Value[] | undefined =>
  flags === undefined ? undefined : [(flags & mask) !== 0 ? 1 : 0];

function numberField(values: FieldSpec['values'], max = Number.MAX_SAFE_INTEGER): FieldSpec {
  return { type: 'number', max, values };
}

function booleanField(values: FieldSpec['values']): FieldSpec {
  return { type: 'boolean', max: 1, values };
}

function tcpFlag(mask: number): FieldSpec {
  return booleanField((p) => bit(p.tcp?.flags, mask));
}

function expertFlag(flag: ExpertFlag): FieldSpec {
  return { type: 'flag', values: (p) => present(p.expert.includes(flag)) };
}

export const ipv4 = (p: Packet): boolean => p.ipVersion === 4;
export const ipv6 = (p: Packet): boolean => p.ipVersion === 6;

const payloads = new WeakMap<Packet, Uint8Array>();

/** The payload bytes the page holds (the first 2 KiB of each segment at most), decoded once per packet. */
export function payload(packet: Packet): Uint8Array {
  let bytes = payloads.get(packet);
  if (bytes === undefined) {
    bytes = hexBytes(packet.payload.hex);
    payloads.set(packet, bytes);
  }
  return bytes;
}

export const FIELDS: Readonly<Record<string, FieldSpec>> = {
  frame: { type: 'protocol', values: () => [1], bytes: payload },
  'frame.len': numberField((p) => one(p.length)),
  'frame.cap_len': numberField((p) => one(p.capturedLength)),
  'frame.number': numberField((_, context) => one(context.number)),

  ip: { type: 'protocol', values: (p) => present(ipv4(p)) },
  'ip.src': { type: 'ipv4', values: (p) => (ipv4(p) ? addresses4([p.src]) : undefined) },
  'ip.dst': { type: 'ipv4', values: (p) => (ipv4(p) ? addresses4([p.dst]) : undefined) },
  'ip.addr': { type: 'ipv4', values: (p) => (ipv4(p) ? addresses4([p.src, p.dst]) : undefined) },
  'ip.version': numberField((p) => (ipv4(p) ? [4] : undefined), 15),
  'ip.hdr_len': numberField((p) => (ipv4(p) ? one(p.ip?.headerLength) : undefined), 60),
  'ip.dsfield.dscp': numberField((p) => (ipv4(p) ? one(p.ip?.dscp) : undefined), 63),
  'ip.dsfield.ecn': numberField((p) => (ipv4(p) ? one(p.ip?.ecn) : undefined), 3),
  'ip.len': numberField((p) => one(p.ip?.totalLength), U16),
  'ip.id': numberField((p) => one(p.ip?.identification), U16),
  'ip.flags.df': booleanField((p) => bits(p.ip?.dontFragment)),
  'ip.flags.mf': booleanField((p) => bits(p.ip?.moreFragments)),
  'ip.frag_offset': numberField((p) => one(p.ip?.fragmentOffset), 0x1fff),
  'ip.ttl': numberField((p) => (ipv4(p) ? one(p.ip?.ttl) : undefined), U8),
  'ip.proto': numberField((p) => (ipv4(p) ? one(p.ip?.protocol) : undefined), U8),
  'ip.checksum': numberField((p) => one(p.ip?.checksum?.value), U16),

  ipv6: { type: 'protocol', values: (p) => present(ipv6(p)) },
  'ipv6.src': { type: 'ipv6', values: (p) => (ipv6(p) ? addresses6([p.src]) : undefined) },
  'ipv6.dst': { type: 'ipv6', values: (p) => (ipv6(p) ? addresses6([p.dst]) : undefined) },
  'ipv6.addr': { type: 'ipv6', values: (p) => (ipv6(p) ? addresses6([p.src, p.dst]) : undefined) },
  'ipv6.plen': numberField((p) => one(p.ip?.payloadLength), U16),
  'ipv6.nxt': numberField((p) => (ipv6(p) ? one(p.ip?.protocol) : undefined), U8),
  'ipv6.hlim': numberField((p) => (ipv6(p) ? one(p.ip?.ttl) : undefined), U8),
  'ipv6.flow': numberField((p) => one(p.ip?.flowLabel), 0xfffff),

  tcp: { type: 'protocol', values: (p) => present(p.tcp !== undefined), bytes: (p) => tcpPayload(p) },
  'tcp.srcport': numberField((p) => (p.tcp ? [p.srcPort] : undefined), U16),
  'tcp.dstport': numberField((p) => (p.tcp ? [p.dstPort] : undefined), U16),
  'tcp.port': numberField((p) => (p.tcp ? [p.srcPort, p.dstPort] : undefined), U16),
  'tcp.stream': numberField((p) => one(p.tcp?.connection)),
  'tcp.seq': numberField((p) => one(p.tcp?.seq), U32),
  'tcp.seq_raw': numberField((p) => one(p.tcp?.seqRaw), U32),
  'tcp.ack': numberField((p) => one(p.tcp?.ack), U32),
  'tcp.ack_raw': numberField((p) => one(p.tcp?.ackRaw), U32),
  'tcp.nxtseq': numberField((p) => one(p.tcp?.nextSeq), U32),
  'tcp.len': numberField((p) => one(p.tcp?.len)),
  'tcp.hdr_len': numberField((p) => one(p.tcp?.headerLength), 60),
  'tcp.flags': numberField((p) => one(p.tcp?.flags), 0xfff),
  'tcp.flags.fin': tcpFlag(0x001),
  'tcp.flags.syn': tcpFlag(0x002),
  'tcp.flags.reset': tcpFlag(0x004),
  'tcp.flags.push': tcpFlag(0x008),
  'tcp.flags.ack': tcpFlag(0x010),
  'tcp.flags.urg': tcpFlag(0x020),
  'tcp.flags.ece': tcpFlag(0x040),
  'tcp.flags.cwr': tcpFlag(0x080),
  'tcp.flags.ae': tcpFlag(0x100),
  'tcp.window_size_value': numberField((p) => one(p.tcp?.windowValue), U16),
  'tcp.window_size': numberField((p) => one(p.tcp?.window)),
  'tcp.checksum': numberField((p) => one(p.tcp?.checksum?.value), U16),
  'tcp.urgent_pointer': numberField((p) => one(p.tcp?.urgentPointer), U16),
  'tcp.options.mss_val': numberField((p) => one(p.tcp?.options.mss), U16),
  'tcp.options.wscale.shift': numberField((p) => one(p.tcp?.options.windowScale), U8),
  'tcp.options.sack_perm': { type: 'flag', values: (p) => present(p.tcp?.options.sackPermitted === true) },
  'tcp.options.timestamp.tsval': numberField((p) => one(p.tcp?.options.tsval), U32),
  'tcp.options.timestamp.tsecr': numberField((p) => one(p.tcp?.options.tsecr), U32),
  'tcp.payload': { type: 'bytes', values: (p) => one(tcpPayload(p)) },
  'tcp.analysis.flags': {
    type: 'flag',
    values: (p) => present(p.expert.some((flag) => flag !== 'rst')),
  },
  'tcp.analysis.retransmission': expertFlag('retransmission'),
  'tcp.analysis.fast_retransmission': expertFlag('fast-retransmission'),
  'tcp.analysis.spurious_retransmission': expertFlag('spurious-retransmission'),
  'tcp.analysis.out_of_order': expertFlag('out-of-order'),
  'tcp.analysis.lost_segment': expertFlag('previous-segment-not-captured'),
  'tcp.analysis.duplicate_ack': expertFlag('duplicate-ack'),
  'tcp.analysis.zero_window': expertFlag('zero-window'),
  'tcp.analysis.zero_window_probe': expertFlag('zero-window-probe'),
  'tcp.analysis.keep_alive': expertFlag('keep-alive'),
  'tcp.analysis.keep_alive_ack': expertFlag('keep-alive-ack'),
  'tcp.analysis.window_full': expertFlag('window-full'),
  'tcp.analysis.window_update': expertFlag('window-update'),

  udp: { type: 'protocol', values: (p) => present(p.udp !== undefined), bytes: (p) => udpPayload(p) },
  'udp.srcport': numberField((p) => (p.udp ? [p.srcPort] : undefined), U16),
  'udp.dstport': numberField((p) => (p.udp ? [p.dstPort] : undefined), U16),
  'udp.port': numberField((p) => (p.udp ? [p.srcPort, p.dstPort] : undefined), U16),
  'udp.length': numberField((p) => one(p.udp?.length), U16),
  'udp.payload': { type: 'bytes', values: (p) => one(udpPayload(p)) },

  data: { type: 'protocol', values: (p) => present(p.payload.length > 0), bytes: payload },
  'data.data': { type: 'bytes', values: (p) => (p.payload.length > 0 ? [payload(p)] : undefined) },
};

/** Wireshark before 4.2 called bit 8 NS; a student reading an older guide should not be refused. */
export const ALIASES: Readonly<Record<string, string>> = { 'tcp.flags.ns': 'tcp.flags.ae' };

/** Every field the filter knows, for help and suggestions. */
export const DISPLAY_FILTER_FIELDS: readonly string[] = Object.keys(FIELDS);

export function bits(value: boolean | undefined): readonly Value[] | undefined {
  return value === undefined ? undefined : [value ? 1 : 0];
}

function tcpPayload(packet: Packet): Uint8Array | undefined {
  return packet.tcp !== undefined && packet.payload.length > 0 ? payload(packet) : undefined;
}

function udpPayload(packet: Packet): Uint8Array | undefined {
  return packet.udp !== undefined && packet.payload.length > 0 ? payload(packet) : undefined;
}

/**
 * The known field nearest to a mistyped one, tried in this order: the name in lower case (`TCP.port`), the
 * shortest field it begins (`tcp.analysis.retrans` → `tcp.analysis.retransmission`), the closest by edit
 * distance, within a quarter of its length (`tcp.flgs` → `tcp.flags`, `tcp.flags.rst` → `tcp.flags.reset`),
 * the longest field it begins with (`ip.address` → `ip.addr`), and a field ending in it (`syn` →
 * `tcp.flags.syn`).
 */
export function suggestField(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (Object.hasOwn(FIELDS, lower)) return lower;
  if (Object.hasOwn(ALIASES, lower)) return ALIASES[lower];
  const byLength = [...DISPLAY_FILTER_FIELDS].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  if (lower.length >= 3) {
    const begun = byLength.find((field) => field.startsWith(lower));
    if (begun !== undefined) return begun;
  }
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const field of byLength) {
    const distance = editDistance(lower, field);
    if (distance < bestDistance) {
      best = field;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(lower.length / 4))) return best;
  const beginning = byLength.filter((field) => field.includes('.') && lower.startsWith(field)).at(-1);
  return beginning ?? DISPLAY_FILTER_FIELDS.find((field) => field.endsWith(`.${lower}`));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
