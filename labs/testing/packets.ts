/**
 * Builds the `Packet`s a session receives, for hand-written TCP exchanges in the labs' unit tests. Each segment
 * goes through the capture's own connection tracker and packet builder, as tshark's fields would, so connection
 * numbers, relative sequence and acknowledgement numbers, flag names and info lines are exactly what the real
 * pipeline makes of them. The defaults copy a real Linux loopback capture: MSS 65495, window scale 10 (WS=1024),
 * SACK permitted, timestamps, a SYN-ACK that answers in 13 µs and a closed port that answers `RST, ACK` with
 * Seq=0 Win=0.
 */

import { buildPacket } from '../../lab-server/capture/packet-builder';
import { rawFrame, tcpFrame } from '../../lab-server/capture/synthetic-frames';
import { TcpConnectionTracker } from '../../lab-server/capture/tcp-connections';
import type { CheckContext, ConnectionRecord } from '../../src/lab-kit';
import type { Packet, ServerInfo, TlsHandshake } from '../../src/protocol';

export const HOST = '127.0.0.1';
export const FIN = 0x001;
export const SYN = 0x002;
export const RST = 0x004;
export const PSH = 0x008;
export const ACK = 0x010;

/** Ethernet (14) + IPv4 (20) + TCP without options (20): where `tcpFrame` puts the payload. */
const PAYLOAD_OFFSET = 54;

export type Side = 'client' | 'server';

export interface SegmentSpec {
  readonly from: Side;
  readonly flags: number;
  readonly payload?: string | Uint8Array;
  /** Overrides, for retransmissions and odd segments; by default the side's next sequence number. */
  readonly seqRaw?: number;
  readonly ackRaw?: number;
  readonly windowValue?: number;
  readonly mss?: number;
  readonly windowScale?: number;
  readonly sackPermitted?: boolean;
}

export interface ConnectionOptions {
  readonly clientPort: number;
  readonly serverPort: number;
  readonly clientIsn?: number;
  readonly serverIsn?: number;
}

/** One capture: a clock, packet numbers and the tracker that all of its connections share. */
export class CaptureBuilder {
  readonly packets: Packet[] = [];
  readonly #tracker = new TcpConnectionTracker();
  #frame = 0;
  #micros = 0;

  connection(options: ConnectionOptions): ConnectionBuilder {
    return new ConnectionBuilder(this, options);
  }

  /** Moves the capture clock on, e.g. to put a human's typing between two commands. */
  wait(milliseconds: number): this {
    this.#micros += Math.round(milliseconds * 1000);
    return this;
  }

  /** Adds one TCP segment as the capture would deliver it. */
  add(segment: {
    readonly srcPort: number;
    readonly dstPort: number;
    readonly seqRaw: number;
    readonly ackRaw: number;
    readonly flags: number;
    readonly windowValue: number;
    readonly payload: Uint8Array;
    readonly mss?: number | undefined;
    readonly windowScale?: number | undefined;
    readonly sackPermitted?: boolean | undefined;
  }): Packet {
    this.#frame += 1;
    this.#micros += 13;
    const seconds = 1_700_000_000 + Math.floor(this.#micros / 1_000_000);
    const nanos = (this.#micros % 1_000_000) * 1000;
    const payload = Buffer.from(segment.payload);
    const data = tcpFrame({
      srcPort: segment.srcPort,
      dstPort: segment.dstPort,
      seq: segment.seqRaw,
      ack: segment.ackRaw,
      flags: segment.flags,
      window: segment.windowValue,
      payload,
    });
    const frame = rawFrame(data, seconds, nanos);
    const packet = buildPacket(
      {
        id: this.#frame,
        frame,
        location: {
          protocol: 'tcp',
          srcPort: segment.srcPort,
          dstPort: segment.dstPort,
          payloadOffset: PAYLOAD_OFFSET,
        },
        fields: {
          frameNumber: this.#frame,
          timeEpoch: seconds + nanos / 1e9,
          frameLength: data.length,
          ipVersion: 4,
          src: HOST,
          dst: HOST,
          protocol: 'tcp',
          srcPort: segment.srcPort,
          dstPort: segment.dstPort,
          udpLength: undefined,
          tcp: {
            stream: undefined,
            seq: undefined,
            seqRaw: segment.seqRaw >>> 0,
            ack: undefined,
            ackRaw: segment.ackRaw >>> 0,
            flags: segment.flags,
            windowValue: segment.windowValue,
            window: undefined,
            len: payload.length,
            mss: segment.mss,
            windowScale: segment.windowScale,
            sackPermitted: segment.sackPermitted ?? false,
            tsval: undefined,
            tsecr: undefined,
            expert: [],
          },
        },
      },
      this.#tracker,
    );
    if (packet === undefined) throw new Error('the packet builder refused a synthetic TCP segment');
    this.packets.push(packet);
    return packet;
  }
}

/**
 * One TCP connection between a client port and a server port. It keeps each side's next sequence number and
 * acknowledges everything the other side sent, as a real stack does, unless a segment overrides that.
 */
export class ConnectionBuilder {
  readonly #capture: CaptureBuilder;
  readonly #ports: Record<Side, number>;
  readonly #next: Record<Side, number>;
  readonly isn: Readonly<Record<Side, number>>;

  constructor(capture: CaptureBuilder, options: ConnectionOptions) {
    this.#capture = capture;
    this.#ports = { client: options.clientPort, server: options.serverPort };
    this.isn = { client: options.clientIsn ?? 2_864_539_821, server: options.serverIsn ?? 1_019_365_427 };
    this.#next = { ...this.isn };
  }

  get clientPort(): number {
    return this.#ports.client;
  }

  segment(spec: SegmentSpec): Packet {
    const other: Side = spec.from === 'client' ? 'server' : 'client';
    const payload =
      typeof spec.payload === 'string' ? new TextEncoder().encode(spec.payload) : (spec.payload ?? new Uint8Array(0));
    const seqRaw = spec.seqRaw ?? this.#next[spec.from];
    const synOrFin = ((spec.flags & SYN) !== 0 ? 1 : 0) + ((spec.flags & FIN) !== 0 ? 1 : 0);
    const end = (seqRaw + payload.length + synOrFin) >>> 0;
    // Only a segment that extends the stream moves it on; a retransmission (seqRaw given) may not.
    if ((end - this.#next[spec.from]) >>> 0 < 0x8000_0000) this.#next[spec.from] = end;
    const acking = (spec.flags & ACK) !== 0;
    return this.#capture.add({
      srcPort: this.#ports[spec.from],
      dstPort: this.#ports[other],
      seqRaw,
      ackRaw: acking ? (spec.ackRaw ?? this.#next[other]) : 0,
      flags: spec.flags,
      windowValue: spec.windowValue ?? ((spec.flags & SYN) !== 0 ? (spec.from === 'client' ? 65495 : 65483) : 64),
      payload,
      mss: spec.mss,
      windowScale: spec.windowScale,
      sackPermitted: spec.sackPermitted,
    });
  }

  syn(options: { readonly mss?: number } = {}): Packet {
    return this.segment({
      from: 'client',
      flags: SYN,
      mss: options.mss ?? 65495,
      windowScale: 10,
      sackPermitted: true,
    });
  }

  synAck(options: { readonly mss?: number } = {}): Packet {
    return this.segment({
      from: 'server',
      flags: SYN | ACK,
      mss: options.mss ?? 65495,
      windowScale: 10,
      sackPermitted: true,
    });
  }

  ack(from: Side): Packet {
    return this.segment({ from, flags: ACK });
  }

  data(from: Side, payload: string | Uint8Array): Packet {
    return this.segment({ from, flags: PSH | ACK, payload });
  }

  fin(from: Side): Packet {
    return this.segment({ from, flags: FIN | ACK });
  }

  /** SYN, SYN-ACK, ACK. */
  handshake(): this {
    this.syn();
    this.synAck();
    this.ack('client');
    return this;
  }

  /** The client sends, the server acknowledges, echoes, and the client acknowledges the echo (as on loopback). */
  echo(text: string): this {
    this.data('client', text);
    this.ack('server');
    this.data('server', text);
    this.ack('client');
    return this;
  }

  /** `FIN, ACK` from `first`, `FIN, ACK` from the other side that also acknowledges it, then the last `ACK`. */
  closeInThree(first: Side = 'client'): this {
    const other: Side = first === 'client' ? 'server' : 'client';
    this.fin(first);
    this.fin(other);
    this.ack(first);
    return this;
  }

  /** `FIN, ACK`, a separate `ACK`, then the other side's `FIN, ACK` and the last `ACK`. */
  closeInFour(first: Side = 'client'): this {
    const other: Side = first === 'client' ? 'server' : 'client';
    this.fin(first);
    this.ack(other);
    this.fin(other);
    this.ack(first);
    return this;
  }

  /** What a port where nothing listens answers a SYN with: RST, ACK, Seq=0, Ack=ISN+1, Win=0. */
  refuse(): Packet {
    return this.segment({ from: 'server', flags: RST | ACK, seqRaw: 0, windowValue: 0 });
  }

  reset(from: Side): Packet {
    return this.segment({ from, flags: RST | ACK, windowValue: 0 });
  }
}

export const ECHO_PORT = 20417;
export const CLOSED_PORT = 20418;

export const SERVERS: readonly ServerInfo[] = [
  { id: 'echo', kind: 'tcp-echo', title: 'TCP echo server', transport: 'tcp', host: HOST, port: ECHO_PORT },
  { id: 'closed', kind: 'closed-port', title: 'Closed port', transport: 'tcp', host: HOST, port: CLOSED_PORT },
];

/** A check context over these packets, with the capture running unless told otherwise. */
export function contextOf(
  packets: readonly Packet[],
  options: {
    readonly captureRunning?: boolean;
    readonly connections?: readonly ConnectionRecord[];
    readonly handshakes?: readonly TlsHandshake[];
    readonly servers?: readonly ServerInfo[];
  } = {},
): CheckContext {
  return {
    packets,
    captureRunning: options.captureRunning ?? true,
    servers: options.servers ?? SERVERS,
    connections: options.connections ?? [],
    handshakes: options.handshakes ?? [],
  };
}

/** A connection record as the echo server's observations would fold it, for the capture-off fallbacks. */
export function echoRecord(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    server: 'echo',
    connection: 1,
    peer: `${HOST}:51514`,
    received: new Uint8Array(0),
    receivedBytes: 0,
    sentBytes: 0,
    peerFin: false,
    reset: false,
    closed: false,
    updated: 1,
    ...overrides,
  };
}
