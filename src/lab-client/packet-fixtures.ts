/**
 * Realistic `Packet`s for tests of the packet list, the ladder and the panel state: a small TCP conversation
 * builder that keeps sequence and acknowledgment numbers right in both directions (relative and raw), sets the
 * flags, the options a Linux SYN carries on loopback, Wireshark's info line and the expert flags. Tests only; the
 * site never imports it.
 */

import { bytesToHex, type ExpertFlag, hexToBytes, type Packet, type TcpView } from '../protocol';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface ConversationOptions {
  readonly client?: Endpoint;
  readonly server?: Endpoint;
  readonly connection?: number;
  /** Id of the first packet; each next one takes the next id. */
  readonly firstId?: number;
  /** Capture time of the first packet (epoch seconds). */
  readonly startTime?: number;
  readonly clientIsn?: number;
  readonly serverIsn?: number;
}

type Side = 'client' | 'server';

const FLAG_BITS: Record<string, number> = { FIN: 0x001, SYN: 0x002, RST: 0x004, PSH: 0x008, ACK: 0x010 };
const FLAG_ORDER = ['FIN', 'SYN', 'RST', 'PSH', 'ACK'];
const EXPERT_PREFIX: Partial<Record<ExpertFlag, string>> = {
  retransmission: 'TCP Retransmission',
  'duplicate-ack': 'TCP Dup ACK',
  'zero-window': 'TCP ZeroWindow',
  'keep-alive': 'TCP Keep-Alive',
};

/** Builds one TCP connection's packets in order; `packets` holds what was built so far. */
export class TcpConversation {
  readonly packets: Packet[] = [];
  private readonly client: Endpoint;
  private readonly server: Endpoint;
  private readonly connection: number;
  private nextId: number;
  private time: number;
  private readonly isn: Record<Side, number>;
  /** Next relative sequence number each side will send. */
  private readonly next: Record<Side, number> = { client: 0, server: 0 };
  /** What each side has acknowledged of the other (relative); 0 until it has seen a SYN. */
  private readonly acked: Record<Side, number> = { client: 0, server: 0 };

  constructor(options: ConversationOptions = {}) {
    this.client = options.client ?? { host: '127.0.0.1', port: 54122 };
    this.server = options.server ?? { host: '127.0.0.1', port: 20417 };
    this.connection = options.connection ?? 1;
    this.nextId = options.firstId ?? 1;
    this.time = options.startTime ?? 1_760_000_000.123456;
    this.isn = { client: options.clientIsn ?? 3_151_234_567, server: options.serverIsn ?? 1_029_384_756 };
  }

  /** The three-way handshake: SYN, SYN-ACK, ACK. */
  handshake(): this {
    return this.send('client', 'SYN').send('server', 'SYN,ACK').send('client', 'ACK');
  }

  /** The rest of the handshake after the client's SYN: SYN-ACK, ACK. */
  handshakeRest(): this {
    return this.send('server', 'SYN,ACK').send('client', 'ACK');
  }

  /** A data segment (PSH,ACK) from one side, acknowledged by the other unless `ack` is false. */
  data(from: Side, text: string | Uint8Array, ack = true): this {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    this.send(from, 'PSH,ACK', { payload: bytes });
    return ack ? this.send(other(from), 'ACK') : this;
  }

  /** The normal close: FIN,ACK from `first`, FIN,ACK back, final ACK. */
  teardown(first: Side = 'client'): this {
    return this.send(first, 'FIN,ACK').send(other(first), 'FIN,ACK').send(first, 'ACK');
  }

  /** Sends the last segment `from` sent again, flagged as a retransmission. */
  retransmit(from: Side): this {
    const last = [...this.packets].reverse().find((p) => sideOf(p, this.client) === from);
    if (last?.tcp === undefined) throw new Error(`nothing to retransmit from ${from}`);
    const payload = hexToBytes(last.payload.hex) ?? new Uint8Array();
    this.next[from] = last.tcp.seq;
    return this.send(from, last.tcp.flagNames, { payload, expert: ['retransmission'] });
  }

  /** One segment with the given flags (`SYN`, `RST,ACK`, …). */
  send(
    from: Side,
    flagNames: string,
    options: { payload?: Uint8Array; expert?: ExpertFlag[]; gapSeconds?: number; window?: number } = {},
  ): this {
    const names = flagNames.split(',').filter((name) => name !== '');
    const flags = names.reduce((bits, name) => bits | (FLAG_BITS[name] ?? 0), 0);
    const payload = options.payload ?? new Uint8Array();
    const to = other(from);
    const syn = names.includes('SYN');
    const fin = names.includes('FIN');
    const hasAck = names.includes('ACK');
    const seq = this.next[from];
    const ack = hasAck ? this.acked[from] : 0;
    const nextSeq = seq + payload.length + (syn ? 1 : 0) + (fin ? 1 : 0);
    this.next[from] = Math.max(this.next[from], nextSeq);
    // The receiver will acknowledge everything up to nextSeq.
    this.acked[to] = Math.max(this.acked[to], nextSeq);
    const window = options.window ?? (syn ? 65495 : 65536);
    const tcp: TcpView = {
      connection: this.connection,
      seq,
      ack,
      seqRaw: (this.isn[from] + seq) % 2 ** 32,
      ackRaw: hasAck ? (this.isn[to] + ack) % 2 ** 32 : 0,
      nextSeq,
      flags,
      flagNames: FLAG_ORDER.filter((name) => names.includes(name)).join(','),
      windowValue: syn ? window : Math.ceil(window / 128),
      window,
      len: payload.length,
      options: syn
        ? { mss: 65495, sackPermitted: true, windowScale: 7, tsval: 1_000_000 + this.packets.length, tsecr: 0 }
        : { sackPermitted: false, tsval: 1_000_000 + this.packets.length, tsecr: 999_999 },
    };
    const expert: ExpertFlag[] = [...(options.expert ?? [])];
    if (names.includes('RST')) expert.push('rst');
    const src = from === 'client' ? this.client : this.server;
    const dst = from === 'client' ? this.server : this.client;
    this.time += options.gapSeconds ?? 0.000041;
    const headerBytes = 14 + 20 + (syn ? 40 : 32);
    this.packets.push({
      id: this.nextId++,
      time: this.time,
      length: headerBytes + payload.length,
      capturedLength: headerBytes + payload.length,
      ipVersion: src.host.includes(':') ? 6 : 4,
      src: src.host,
      dst: dst.host,
      srcPort: src.port,
      dstPort: dst.port,
      protocol: 'tcp',
      tcp,
      payload: { hex: bytesToHex(payload), length: payload.length, truncated: false },
      info: tcpInfo(src.port, dst.port, tcp, expert),
      expert,
    });
    return this;
  }
}

function other(side: Side): Side {
  return side === 'client' ? 'server' : 'client';
}

function sideOf(packet: Packet, client: Endpoint): Side {
  return packet.srcPort === client.port && packet.src === client.host ? 'client' : 'server';
}

/** The lab server's info line (lab-server/capture/packet-builder.ts), for realistic fixtures. */
function tcpInfo(srcPort: number, dstPort: number, tcp: TcpView, expert: readonly ExpertFlag[]): string {
  const prefix = expert
    .map((flag) => EXPERT_PREFIX[flag])
    .filter((text) => text !== undefined)
    .map((text) => `[${text}] `)
    .join('');
  let info = `${prefix}${srcPort} → ${dstPort} [${tcp.flagNames.split(',').join(', ')}] Seq=${tcp.seq}`;
  if ((tcp.flags & 0x010) !== 0) info += ` Ack=${tcp.ack}`;
  info += ` Win=${tcp.window} Len=${tcp.len}`;
  if (tcp.options.mss !== undefined) info += ` MSS=${tcp.options.mss}`;
  if (tcp.options.sackPermitted) info += ' SACK_PERM';
  if (tcp.options.tsval !== undefined) info += ` TSval=${tcp.options.tsval} TSecr=${tcp.options.tsecr ?? 0}`;
  if (tcp.options.windowScale !== undefined) info += ` WS=${2 ** tcp.options.windowScale}`;
  return info;
}

/** A UDP datagram, for the cases where a session's packets are not all TCP. */
export function udpPacket(id: number, time: number, text: string, from: Endpoint, to: Endpoint): Packet {
  const bytes = new TextEncoder().encode(text);
  return {
    id,
    time,
    length: 14 + 20 + 8 + bytes.length,
    capturedLength: 14 + 20 + 8 + bytes.length,
    ipVersion: 4,
    src: from.host,
    dst: to.host,
    srcPort: from.port,
    dstPort: to.port,
    protocol: 'udp',
    udp: { length: 8 + bytes.length },
    payload: { hex: bytesToHex(bytes), length: bytes.length, truncated: false },
    info: `${from.port} → ${to.port} Len=${bytes.length}`,
    expert: [],
  };
}
