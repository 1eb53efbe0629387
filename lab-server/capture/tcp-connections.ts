/**
 * Per-connection TCP state that must outlive any one tshark run: relative sequence numbers, our own connection
 * numbers and the window scale. tshark computes relative numbers too, but its state (and its `tcp.stream`
 * index) starts over whenever it is rotated or restarted, so a connection that spans a rotation would suddenly
 * show raw numbers. This tracker is keyed by the 4-tuple and lives as long as the capture.
 */

export interface TcpSegmentFacts {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seqRaw: number;
  readonly ackRaw: number;
  readonly flags: number;
  readonly windowValue: number;
  readonly len: number;
  /** The window-scale shift, when this segment (a SYN) carries the option. */
  readonly windowScale: number | undefined;
}

export interface TcpRelativeView {
  readonly connection: number;
  readonly seq: number;
  readonly ack: number;
  readonly nextSeq: number;
  /** The scaled window, or `undefined` when the SYNs were not seen and the scale is unknown. */
  readonly window: number | undefined;
}

export const TCP_FIN = 0x001;
export const TCP_SYN = 0x002;
export const TCP_RST = 0x004;
export const TCP_ACK = 0x010;

interface Direction {
  /** seqRaw of the SYN (relative 0), or one less than the first seq seen (relative 1) when the SYN was missed. */
  base: number | undefined;
  sawSyn: boolean;
  windowScale: number | undefined;
  sawFin: boolean;
}

interface Connection {
  readonly id: number;
  /** Direction of the endpoint whose key sorts first, then the other. */
  readonly directions: readonly [Direction, Direction];
  closed: boolean;
}

export class TcpConnectionTracker {
  private readonly connections = new Map<string, Connection>();
  private nextId = 0;

  /** Bounded so that a port scan or a flood of short connections cannot grow memory without limit. */
  constructor(private readonly maxConnections = 16_384) {}

  get size(): number {
    return this.connections.size;
  }

  track(segment: TcpSegmentFacts): TcpRelativeView {
    const from = `${segment.src}|${segment.srcPort}`;
    const to = `${segment.dst}|${segment.dstPort}`;
    const forward = from <= to;
    const key = forward ? `${from}|${to}` : `${to}|${from}`;
    const syn = (segment.flags & TCP_SYN) !== 0;
    const ack = (segment.flags & TCP_ACK) !== 0;

    let connection = this.connections.get(key);
    const ownIndex = forward ? 0 : 1;
    if (connection !== undefined && syn && !ack) {
      const own = connection.directions[ownIndex];
      // RFC 9293 §3.4: a retransmitted SYN repeats its ISN; any other SYN opens a new incarnation of the 4-tuple.
      if (connection.closed || !own.sawSyn || own.base !== segment.seqRaw) {
        this.connections.delete(key);
        connection = undefined;
      }
    }
    if (connection === undefined) {
      connection = { id: this.nextId++, directions: [newDirection(), newDirection()], closed: false };
      this.connections.set(key, connection);
      if (this.connections.size > this.maxConnections) {
        const oldest = this.connections.keys().next().value;
        if (oldest !== undefined) this.connections.delete(oldest);
      }
    }

    const own = connection.directions[ownIndex];
    const other = connection.directions[1 - ownIndex]!;
    if (syn && !own.sawSyn) {
      own.base = segment.seqRaw;
      own.sawSyn = true;
      own.windowScale = segment.windowScale;
    }
    if (own.base === undefined) own.base = (segment.seqRaw - 1) >>> 0;
    if (ack && other.base === undefined) other.base = (segment.ackRaw - 1) >>> 0;
    if ((segment.flags & TCP_FIN) !== 0) own.sawFin = true;
    if ((segment.flags & TCP_RST) !== 0 || (own.sawFin && other.sawFin)) connection.closed = true;

    const seq = (segment.seqRaw - own.base) >>> 0;
    const relativeAck = ack && other.base !== undefined ? (segment.ackRaw - other.base) >>> 0 : 0;
    const nextSeq = seq + segment.len + (syn ? 1 : 0) + ((segment.flags & TCP_FIN) !== 0 ? 1 : 0);
    return { connection: connection.id, seq, ack: relativeAck, nextSeq, window: scaledWindow(segment, own, other) };
  }
}

function newDirection(): Direction {
  return { base: undefined, sawSyn: false, windowScale: undefined, sawFin: false };
}

/** RFC 7323 §2.2–§2.3: SYN windows are never scaled; scaling applies only when both SYNs carried the option. */
function scaledWindow(segment: TcpSegmentFacts, own: Direction, other: Direction): number | undefined {
  if ((segment.flags & TCP_SYN) !== 0) return segment.windowValue;
  if (!own.sawSyn || !other.sawSyn) return undefined;
  if (own.windowScale === undefined || other.windowScale === undefined) return segment.windowValue;
  // RFC 7323 §2.3: a shift above 14 is treated as 14.
  return segment.windowValue * 2 ** Math.min(own.windowScale, 14);
}
