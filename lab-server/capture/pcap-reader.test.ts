/**
 * The pcap stream reader: both magics and byte orders, records split at every possible byte, and streams that
 * are not pcap or are corrupt, which must end in one error and never a throw.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodePcapHeader, encodePcapRecord } from './pcap-encoder';
import { type PcapHeader, PcapReader } from './pcap-reader';
import type { RawFrame } from './raw-frame';
import { rawFrame, udpFrame } from './synthetic-frames';

function collect(reader: PcapReader): { headers: PcapHeader[]; frames: RawFrame[]; errors: Error[] } {
  const result = { headers: [] as PcapHeader[], frames: [] as RawFrame[], errors: [] as Error[] };
  reader.onHeader((header) => result.headers.push(header));
  reader.onFrame((frame) => result.frames.push(frame));
  reader.onError((error) => result.errors.push(error));
  return result;
}

function microsecondBigEndianStream(frames: readonly RawFrame[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32BE(0xa1b2c3d4, 0);
  header.writeUInt16BE(2, 4);
  header.writeUInt16BE(4, 6);
  header.writeUInt32BE(65535, 16);
  header.writeUInt32BE(1, 20);
  const records = frames.map((frame) => {
    const record = Buffer.alloc(16);
    record.writeUInt32BE(frame.timestampSeconds, 0);
    record.writeUInt32BE(Math.floor(frame.timestampNanos / 1000), 4);
    record.writeUInt32BE(frame.data.length, 8);
    record.writeUInt32BE(frame.originalLength, 12);
    return Buffer.concat([record, frame.data]);
  });
  return Buffer.concat([header, ...records]);
}

describe('PcapReader', () => {
  const frames = [
    rawFrame(udpFrame({ srcPort: 1000, dstPort: 2000, payload: Buffer.from('one') }), 1_700_000_000, 1),
    rawFrame(udpFrame({ srcPort: 2000, dstPort: 1000, payload: Buffer.from('two!') }), 1_700_000_001, 999_999_999),
  ];
  const stream = Buffer.concat([encodePcapHeader(1, 4096), ...frames.map(encodePcapRecord)]);

  it('reads a little-endian nanosecond stream in one chunk', () => {
    const reader = new PcapReader();
    const seen = collect(reader);
    reader.push(stream);
    assert.deepEqual(seen.headers, [{ littleEndian: true, nanosecond: true, snapLength: 4096, linkType: 1 }]);
    assert.deepEqual(seen.frames, frames);
    assert.deepEqual(seen.errors, []);
  });

  it('reads the same stream fed one byte at a time', () => {
    const reader = new PcapReader();
    const seen = collect(reader);
    for (let i = 0; i < stream.length; i++) reader.push(stream.subarray(i, i + 1));
    assert.deepEqual(seen.frames, frames);
  });

  it('reads a big-endian microsecond stream and scales its timestamps to nanoseconds', () => {
    const micro = frames.map((frame) => ({ ...frame, timestampNanos: Math.floor(frame.timestampNanos / 1000) * 1000 }));
    const reader = new PcapReader();
    const seen = collect(reader);
    reader.push(microsecondBigEndianStream(micro));
    assert.equal(seen.headers[0]?.littleEndian, false);
    assert.equal(seen.headers[0]?.nanosecond, false);
    assert.deepEqual(seen.frames, micro);
  });

  it('refuses a stream that is not pcap, once, without throwing', () => {
    const reader = new PcapReader();
    const seen = collect(reader);
    reader.push(Buffer.from('Capturing on lo, this is not a pcap header at all'));
    reader.push(stream);
    assert.equal(seen.errors.length, 1);
    assert.deepEqual(seen.frames, []);
  });

  it('stops at a corrupt record header', () => {
    const corrupt = Buffer.from(stream);
    corrupt.writeUInt32LE(0x7fffffff, 24 + 8);
    const reader = new PcapReader();
    const seen = collect(reader);
    reader.push(corrupt);
    assert.equal(seen.errors.length, 1);
    assert.deepEqual(seen.frames, []);
  });

  it('survives random bytes after a valid header', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    for (let round = 0; round < 200; round++) {
      const reader = new PcapReader();
      collect(reader);
      const noise = Buffer.from(Array.from({ length: 64 + (round % 50) }, random));
      assert.doesNotThrow(() => reader.push(Buffer.concat([encodePcapHeader(1, 4096), noise])));
    }
  });
});
