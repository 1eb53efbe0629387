/**
 * Every `packet` message the capture section's pages receive, tallied: its latency (wall time of arrival −
 * `packet.time`, the kernel's capture timestamp) by phase of the run and, in the measured window, by direction;
 * packets per whole second of the window; and whether the page should have got it at all — a packet of another
 * echo port, or of its own port but another client, or carrying another session's payload, means the capture
 * mixed up pages. Payload text goes to the session's ledger.
 */

import { type Packet, packetDirection } from '../src/protocol';
import type { CaptureSession } from './capture-session';

/** Before the calibration (the TCP handshakes), the calibration, the measured window, and after it. */
export type Phase = 'setup' | 'calibration' | 'window' | 'after';

export class PacketTally {
  phase: Phase = 'setup';
  readonly latencies: Readonly<Record<Phase, number[]>> = { setup: [], calibration: [], window: [], after: [] };
  /** Latencies in the window of the packets to the echo server, and from it. */
  readonly toServer: number[] = [];
  readonly fromServer: number[] = [];
  /** Packets a page received that are not of its own echo port. */
  foreignPackets = 0;
  /** Packets of its own echo port whose other end is not its own client's port. */
  foreignPeers = 0;
  /** Payload tokens of another session found in a page's packets. */
  foreignPayloads = 0;
  truncatedPayloads = 0;
  readonly #windowSeconds: number;
  readonly #perSecond: number[] = [];
  #windowStart = 0;

  constructor(windowSeconds: number) {
    this.#windowSeconds = windowSeconds;
  }

  /** Packets received in `phase` so far. */
  count(phase: Phase): number {
    return this.latencies[phase].length;
  }

  get total(): number {
    return Object.values(this.latencies).reduce((sum, samples) => sum + samples.length, 0);
  }

  /** The window starts at `wallMs` (the pages' clock): per-second counts are from then on. */
  startWindow(wallMs: number): void {
    this.#windowStart = wallMs;
    this.phase = 'window';
  }

  /** Packets received in each whole second of sending: the slowest and the fastest (NaN without one). */
  seconds(sendMs: number): { readonly slowest: number; readonly fastest: number } {
    const counted = this.#perSecond.slice(0, Math.floor(sendMs / 1000)).map((n) => n ?? 0);
    return {
      slowest: counted.length > 0 ? Math.min(...counted) : Number.NaN,
      fastest: counted.length > 0 ? Math.max(...counted) : Number.NaN,
    };
  }

  /** One packet that reached `session`'s page (undefined: a page whose session is not set up yet). */
  record(session: CaptureSession | undefined, packet: Packet, receivedAt: number): void {
    const latency = receivedAt - packet.time * 1000;
    this.latencies[this.phase].push(latency);
    if (this.phase === 'window') {
      const second = Math.floor((receivedAt - this.#windowStart) / 1000);
      if (second >= 0 && second < this.#windowSeconds) this.#perSecond[second] = (this.#perSecond[second] ?? 0) + 1;
    }
    if (session === undefined) return;
    const direction = packetDirection(packet, session.echoPort);
    if (direction === undefined) {
      this.foreignPackets++;
      return;
    }
    const peer = direction === 'to-server' ? packet.srcPort : packet.dstPort;
    if (session.clientPort !== undefined && peer !== session.clientPort) this.foreignPeers++;
    if (this.phase === 'window') (direction === 'to-server' ? this.toServer : this.fromServer).push(latency);
    if (packet.payload.length === 0) return;
    if (packet.payload.truncated) this.truncatedPayloads++;
    const text = Buffer.from(packet.payload.hex, 'hex').toString('latin1');
    this.foreignPayloads += session.ledger.see(direction, text);
  }
}
