/**
 * Hand-built frames for the unit tests: Ethernet + IPv4/IPv6 + TCP/UDP, byte by byte as on the wire, so the
 * frame walker, the pcap and pcapng code and tshark itself can be checked without capturing anything. Checksums
 * are left at zero; tshark does not verify them by default.
 */

import type { RawFrame } from './raw-frame';

export interface SyntheticTcp {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  readonly window?: number;
  /** Raw option bytes, padded by the builder to a multiple of 4. */
  readonly options?: readonly number[];
  readonly payload?: Buffer;
  readonly ipVersion?: 4 | 6;
}

export interface SyntheticUdp {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload?: Buffer;
  readonly ipVersion?: 4 | 6;
}

export function tcpFrame(segment: SyntheticTcp): Buffer {
  const options = Buffer.from(segment.options ?? []);
  const optionBytes = Buffer.concat([options, Buffer.alloc((4 - (options.length % 4)) % 4, 1)]);
  const header = Buffer.alloc(20 + optionBytes.length);
  header.writeUInt16BE(segment.srcPort, 0);
  header.writeUInt16BE(segment.dstPort, 2);
  header.writeUInt32BE(segment.seq >>> 0, 4);
  header.writeUInt32BE(segment.ack >>> 0, 8);
  header.writeUInt16BE(((header.length / 4) << 12) | (segment.flags & 0x1ff), 12);
  header.writeUInt16BE(segment.window ?? 512, 14);
  optionBytes.copy(header, 20);
  return ipFrame(6, Buffer.concat([header, segment.payload ?? Buffer.alloc(0)]), segment.ipVersion ?? 4);
}

export function udpFrame(datagram: SyntheticUdp): Buffer {
  const payload = datagram.payload ?? Buffer.alloc(0);
  const header = Buffer.alloc(8);
  header.writeUInt16BE(datagram.srcPort, 0);
  header.writeUInt16BE(datagram.dstPort, 2);
  header.writeUInt16BE(8 + payload.length, 4);
  return ipFrame(17, Buffer.concat([header, payload]), datagram.ipVersion ?? 4);
}

export function ipFrame(protocol: number, transport: Buffer, version: 4 | 6): Buffer {
  const ethernet = Buffer.alloc(14);
  ethernet.writeUInt16BE(version === 4 ? 0x0800 : 0x86dd, 12);
  if (version === 4) {
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + transport.length, 2);
    ip[6] = 0x40;
    ip[8] = 64;
    ip[9] = protocol;
    Buffer.from([127, 0, 0, 1]).copy(ip, 12);
    Buffer.from([127, 0, 0, 1]).copy(ip, 16);
    return Buffer.concat([ethernet, ip, transport]);
  }
  const ip = Buffer.alloc(40);
  ip[0] = 0x60;
  ip.writeUInt16BE(transport.length, 4);
  ip[6] = protocol;
  ip[7] = 64;
  ip[23] = 1;
  ip[39] = 1;
  return Buffer.concat([ethernet, ip, transport]);
}

export function rawFrame(data: Buffer, seconds = 1_700_000_000, nanos = 123_456_789): RawFrame {
  return { linkType: 1, timestampSeconds: seconds, timestampNanos: nanos, originalLength: data.length, data };
}
