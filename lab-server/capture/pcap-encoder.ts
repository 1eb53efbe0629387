/**
 * Writes classic pcap, little-endian with nanosecond timestamps: the stream the capture feeds to tshark through
 * its FIFO. Re-encoding (instead of forwarding the capturer's bytes) gives tshark one continuous, well-formed
 * stream across capturer restarts and lets the capture leave out frames nobody subscribed to.
 */

import type { RawFrame } from './raw-frame';

const MAGIC_NANO = 0xa1b23c4d;

export function encodePcapHeader(linkType: number, snapLength: number): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(MAGIC_NANO, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  // Bytes 8–15 (thiszone, sigfigs) stay 0, as the format asks.
  header.writeUInt32LE(snapLength, 16);
  header.writeUInt32LE(linkType, 20);
  return header;
}

export function encodePcapRecord(frame: RawFrame): Buffer {
  const record = Buffer.allocUnsafe(16 + frame.data.length);
  record.writeUInt32LE(frame.timestampSeconds >>> 0, 0);
  record.writeUInt32LE(frame.timestampNanos >>> 0, 4);
  record.writeUInt32LE(frame.data.length, 8);
  record.writeUInt32LE(frame.originalLength, 12);
  frame.data.copy(record, 16);
  return record;
}
