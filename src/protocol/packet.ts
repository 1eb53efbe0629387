/**
 * The packet as the capture hands it to a session and the session forwards it to the page: one captured frame,
 * dissected, with the per-connection view a student needs (relative seq/ack, decoded flags, Wireshark's info
 * line, expert flags). Plain data only — numbers, strings, arrays — so `JSON.stringify` sends it as it is; the
 * raw bytes travel beside it as a `RawFrame` (see `raw-frame.ts`) and never go into this object.
 */

export type TransportProtocol = 'tcp' | 'udp';

/** Wireshark's expert notes for TCP, plus `rst`, which the timeline marks too. */
export type ExpertFlag =
  | 'retransmission'
  | 'fast-retransmission'
  | 'spurious-retransmission'
  | 'out-of-order'
  | 'previous-segment-not-captured'
  | 'duplicate-ack'
  | 'zero-window'
  | 'zero-window-probe'
  | 'keep-alive'
  | 'keep-alive-ack'
  | 'window-full'
  | 'window-update'
  | 'rst';

export interface TcpOptionsView {
  /** RFC 9293 §3.7.1: only on SYN segments. */
  readonly mss?: number;
  /** RFC 7323 §2.2: the shift count, only on SYN segments. */
  readonly windowScale?: number;
  /** RFC 2018: SACK permitted, only on SYN segments. */
  readonly sackPermitted: boolean;
  /** RFC 7323 §3: timestamps. */
  readonly tsval?: number;
  readonly tsecr?: number;
}

/** Whether a header checksum matched: `good`, `bad`, or `unverified` when nobody computed it. */
export type ChecksumStatus = 'good' | 'bad' | 'unverified';

export interface ChecksumView {
  /** The checksum field as captured. */
  readonly value: number;
  readonly status: ChecksumStatus;
  /** What the field should hold, when it was computed and differs (`bad`). */
  readonly expected?: number;
}

/**
 * The IP header (RFC 791 §3.1, RFC 8200 §3), as far as the capture dissected it. Fields that exist in one
 * version only are absent in the other: IPv6 has no header checksum, no fragment fields in its fixed header,
 * and a payload length instead of a total length.
 */
export interface IpView {
  /** Header length in bytes: IPv4's IHL × 4 (20 without options); 40 for IPv6's fixed header. */
  readonly headerLength: number;
  /** RFC 2474: the Differentiated Services codepoint (the upper 6 bits of the old TOS / traffic class). */
  readonly dscp: number;
  /** RFC 3168: the two ECN bits. */
  readonly ecn: number;
  /** IPv4: the whole datagram's length, header included. */
  readonly totalLength?: number;
  /** IPv6: the length after the fixed 40-byte header. */
  readonly payloadLength?: number;
  /** IPv4: the identification field that fragments of one datagram share. */
  readonly identification?: number;
  /** IPv4: Don't Fragment. */
  readonly dontFragment?: boolean;
  /** IPv4: More Fragments. */
  readonly moreFragments?: boolean;
  /** IPv4: the fragment offset in 8-byte units. */
  readonly fragmentOffset?: number;
  /** IPv4's time to live, IPv6's hop limit. */
  readonly ttl: number;
  /** IPv4's protocol, IPv6's next header: 6 for TCP, 17 for UDP. */
  readonly protocol: number;
  /** IPv4 only: the header checksum. */
  readonly checksum?: ChecksumView;
  /** IPv6 only: the flow label. */
  readonly flowLabel?: number;
}

export interface TcpView {
  /**
   * The session's number for this connection, from 1 (see `lab-server/sessions/connection-numbering.ts`). Inside
   * the capture it is the capture's own number, stable for the life of the capture (tshark's `tcp.stream`
   * restarts at 0 every time tshark is rotated or restarted, so it is not used for identity); the session
   * replaces it before a page or a check sees the packet.
   */
  readonly connection: number;
  /** Relative to this direction's initial sequence number (the SYN is 0), as Wireshark shows by default. */
  readonly seq: number;
  /** Relative to the other direction's ISN; 0 when the ACK flag is not set (the field is then meaningless). */
  readonly ack: number;
  readonly seqRaw: number;
  readonly ackRaw: number;
  /** `seq` + `len` (+1 for SYN and for FIN): what the peer should acknowledge. */
  readonly nextSeq: number;
  /** The 12 flag bits (RFC 9293 §3.1, RFC 3168 §6.1, RFC 3540). */
  readonly flags: number;
  /** Comma-separated in Wireshark's order: `SYN`, `SYN,ACK`, `PSH,ACK`, `FIN,ACK`, `RST,ACK`… */
  readonly flagNames: string;
  /** The advertised window as sent (unscaled). */
  readonly windowValue: number;
  /** The window in bytes, scaled when both SYNs carried the window-scale option; the raw value otherwise. */
  readonly window: number;
  /** Segment length (payload bytes), from the IP header, so it is right even when the capture truncated the frame. */
  readonly len: number;
  readonly options: TcpOptionsView;
  /** The header length in bytes (data offset × 4): 20, plus the options. */
  readonly headerLength?: number;
  /** The checksum as captured. On loopback, and with checksum offload, the kernel never completes it. */
  readonly checksum?: ChecksumView;
  /** RFC 9293 §3.1: meaningful only with URG set. */
  readonly urgentPointer?: number;
}

export interface UdpView {
  /** The UDP length field: header (8) + payload. */
  readonly length: number;
}

export interface PayloadView {
  /** Lower-case hex of the first bytes of the payload, at most `PAYLOAD_HEX_LIMIT_BYTES` of them. */
  readonly hex: string;
  /** The real payload length on the wire. */
  readonly length: number;
  /** True when `hex` holds fewer bytes than `length` (capped, or the frame was captured truncated). */
  readonly truncated: boolean;
}

export interface Packet {
  /** Unique for the life of the capture pipeline, increasing in capture order. */
  readonly id: number;
  /** Capture time, seconds since the Unix epoch (kernel timestamp, nanosecond source). */
  readonly time: number;
  /** Frame length on the wire, and how much of it was captured. */
  readonly length: number;
  readonly capturedLength: number;
  readonly ipVersion: 4 | 6;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly protocol: TransportProtocol;
  /** The IP header's other fields; absent when the capture did not dissect them. */
  readonly ip?: IpView;
  readonly tcp?: TcpView;
  readonly udp?: UdpView;
  readonly payload: PayloadView;
  /** Wireshark-style info column: `54122 → 20417 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM WS=128`. */
  readonly info: string;
  readonly expert: readonly ExpertFlag[];
}

/** 2 KiB of payload is enough to show any lab message; the page never needs the rest of a 64 KiB segment. */
export const PAYLOAD_HEX_LIMIT_BYTES = 2048;

export type PacketDirection = 'to-server' | 'from-server';

/**
 * Which way a packet goes relative to a server port: the ladder diagram's left-to-right or right-to-left.
 * Undefined when the packet touches the port on neither side (it cannot happen for a subscriber of that port).
 */
export function packetDirection(
  packet: Pick<Packet, 'srcPort' | 'dstPort'>,
  serverPort: number,
): PacketDirection | undefined {
  if (packet.dstPort === serverPort) return 'to-server';
  if (packet.srcPort === serverPort) return 'from-server';
  return undefined;
}

/** Tells whether a packet carries the given TCP flag name (`SYN`, `ACK`, …). False for UDP. */
export function hasTcpFlag(packet: Pick<Packet, 'tcp'>, name: string): boolean {
  return packet.tcp?.flagNames.split(',').includes(name) ?? false;
}
