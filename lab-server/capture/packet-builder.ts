/**
 * Turns what tshark said about a frame (`DissectedFields`) and the frame we hold (`RawFrame`) into the `Packet`
 * a session receives: relative numbers from the long-lived connection tracker, flag names, the payload cut from
 * the raw bytes and capped, the IP and TCP header fields, the expert flags and Wireshark's info line. Pure apart from the tracker it updates.
 */

import type { TransportLocation } from './frame-layers';
import {
  type ExpertFlag,
  PAYLOAD_HEX_LIMIT_BYTES,
  type Packet,
  type PayloadView,
  type TcpOptionsView,
  type TcpView,
} from './packet';
import { frameTimeSeconds, type RawFrame } from './raw-frame';
import { TCP_ACK, TCP_RST, TCP_SYN, type TcpConnectionTracker } from './tcp-connections';
import type { DissectedFields } from './tshark-fields';

/** Bit → name in the order Wireshark prints them (`[FIN, PSH, ACK]`), RFC 9293 §3.1, RFC 3168 §6.1. */
const FLAG_NAMES: readonly (readonly [number, string])[] = [
  [0x001, 'FIN'],
  [0x002, 'SYN'],
  [0x004, 'RST'],
  [0x008, 'PSH'],
  [0x010, 'ACK'],
  [0x020, 'URG'],
  [0x040, 'ECE'],
  [0x080, 'CWR'],
  [0x100, 'AE'],
];

/** Wireshark's info-column prefixes for the expert flags. */
const EXPERT_PREFIX: Readonly<Partial<Record<ExpertFlag, string>>> = {
  retransmission: 'TCP Retransmission',
  'fast-retransmission': 'TCP Fast Retransmission',
  'spurious-retransmission': 'TCP Spurious Retransmission',
  'out-of-order': 'TCP Out-Of-Order',
  'previous-segment-not-captured': 'TCP Previous segment not captured',
  'duplicate-ack': 'TCP Dup ACK',
  'zero-window': 'TCP ZeroWindow',
  'zero-window-probe': 'TCP ZeroWindowProbe',
  'keep-alive': 'TCP Keep-Alive',
  'keep-alive-ack': 'TCP Keep-Alive ACK',
  'window-full': 'TCP Window Full',
  'window-update': 'TCP Window Update',
};

export function tcpFlagNames(flags: number): string {
  return FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0)
    .map(([, name]) => name)
    .join(',');
}

export interface PacketInput {
  readonly id: number;
  readonly fields: DissectedFields;
  readonly frame: RawFrame;
  readonly location: TransportLocation | undefined;
}

/** `undefined` for frames that are neither TCP nor UDP over IP (nothing in our filter should be). */
export function buildPacket(input: PacketInput, connections: TcpConnectionTracker): Packet | undefined {
  const { fields, frame, location } = input;
  if (fields.protocol === undefined || fields.srcPort === undefined || fields.dstPort === undefined) return undefined;
  if (fields.ipVersion === undefined) return undefined;
  const base = {
    id: input.id,
    time: frameTimeSeconds(frame),
    length: frame.originalLength,
    capturedLength: frame.data.length,
    ipVersion: fields.ipVersion,
    src: fields.src,
    dst: fields.dst,
    srcPort: fields.srcPort,
    dstPort: fields.dstPort,
    ...(fields.ip !== undefined && { ip: fields.ip }),
  };

  if (fields.protocol === 'udp') {
    const udpLength = fields.udpLength ?? 8;
    const payload = payloadView(frame, location, Math.max(0, udpLength - 8));
    return {
      ...base,
      protocol: 'udp',
      udp: { length: udpLength },
      payload,
      info: `${fields.srcPort} → ${fields.dstPort} Len=${payload.length}`,
      expert: [],
    };
  }

  const dissected = fields.tcp;
  if (dissected === undefined) return undefined;
  const seqRaw = dissected.seqRaw ?? 0;
  const ackRaw = dissected.ackRaw ?? 0;
  const windowValue = dissected.windowValue ?? 0;
  const relative = connections.track({
    src: fields.src,
    dst: fields.dst,
    srcPort: fields.srcPort,
    dstPort: fields.dstPort,
    seqRaw,
    ackRaw,
    flags: dissected.flags,
    windowValue,
    len: dissected.len,
    windowScale: dissected.windowScale,
  });
  const options: TcpOptionsView = {
    sackPermitted: dissected.sackPermitted,
    ...(dissected.mss !== undefined && { mss: dissected.mss }),
    ...(dissected.windowScale !== undefined && { windowScale: dissected.windowScale }),
    ...(dissected.tsval !== undefined && { tsval: dissected.tsval }),
    ...(dissected.tsecr !== undefined && { tsecr: dissected.tsecr }),
  };
  const tcp: TcpView = {
    connection: relative.connection,
    seq: relative.seq,
    ack: relative.ack,
    seqRaw,
    ackRaw,
    nextSeq: relative.nextSeq,
    flags: dissected.flags,
    flagNames: tcpFlagNames(dissected.flags),
    windowValue,
    window: relative.window ?? dissected.window ?? windowValue,
    len: dissected.len,
    options,
    ...(dissected.headerLength !== undefined && { headerLength: dissected.headerLength }),
    ...(dissected.checksum !== undefined && { checksum: dissected.checksum }),
    ...(dissected.urgentPointer !== undefined && { urgentPointer: dissected.urgentPointer }),
  };
  const expert: ExpertFlag[] = [...dissected.expert];
  if ((dissected.flags & TCP_RST) !== 0) expert.push('rst');
  return {
    ...base,
    protocol: 'tcp',
    tcp,
    payload: payloadView(frame, location, dissected.len),
    info: tcpInfo(fields.srcPort, fields.dstPort, tcp, expert),
    expert,
  };
}

/** Wireshark's info column for TCP, e.g. `54122 → 20417 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM WS=128`. */
export function tcpInfo(srcPort: number, dstPort: number, tcp: TcpView, expert: readonly ExpertFlag[]): string {
  const prefix = expert
    .map((flag) => EXPERT_PREFIX[flag])
    .filter((text) => text !== undefined)
    .map((text) => `[${text}] `)
    .join('');
  const flags = tcp.flagNames === '' ? '<None>' : tcp.flagNames.split(',').join(', ');
  let info = `${prefix}${srcPort} → ${dstPort} [${flags}] Seq=${tcp.seq}`;
  if ((tcp.flags & TCP_ACK) !== 0) info += ` Ack=${tcp.ack}`;
  info += ` Win=${tcp.window} Len=${tcp.len}`;
  const options = tcp.options;
  if (options.mss !== undefined) info += ` MSS=${options.mss}`;
  if (options.sackPermitted) info += ' SACK_PERM';
  if (options.tsval !== undefined) info += ` TSval=${options.tsval} TSecr=${options.tsecr ?? 0}`;
  if (options.windowScale !== undefined && (tcp.flags & TCP_SYN) !== 0) info += ` WS=${2 ** options.windowScale}`;
  return info;
}

function payloadView(frame: RawFrame, location: TransportLocation | undefined, length: number): PayloadView {
  if (location === undefined || length === 0) return { hex: '', length, truncated: length > 0 };
  const end = Math.min(
    location.payloadOffset + length,
    location.payloadOffset + PAYLOAD_HEX_LIMIT_BYTES,
    frame.data.length,
  );
  const shown = Math.max(0, end - location.payloadOffset);
  return {
    hex: frame.data.subarray(location.payloadOffset, location.payloadOffset + shown).toString('hex'),
    length,
    truncated: shown < length,
  };
}
