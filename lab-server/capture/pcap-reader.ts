/**
 * An incremental reader of a classic pcap stream (the capturer's `-w -` output): the 24-byte global header, then
 * records of a 16-byte header and the frame bytes. Chunks from a pipe split records anywhere, so bytes are kept
 * until a whole record is there. Both byte orders and both timestamp precisions are accepted
 * (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html §4–§5). pcapng input is refused: the
 * capturers are always asked for pcap.
 */

import { Emitter, type Event } from '../../src/common/emitter';
import type { RawFrame } from './raw-frame';

export interface PcapHeader {
  readonly littleEndian: boolean;
  readonly nanosecond: boolean;
  readonly snapLength: number;
  readonly linkType: number;
}

const MAGIC_MICRO = 0xa1b2c3d4;
const MAGIC_NANO = 0xa1b23c4d;
const GLOBAL_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;
/** No link type we capture has frames this big; a larger length means the stream is corrupt, not a jumbo frame. */
const MAX_RECORD_LENGTH = 1 << 20;

export class PcapReader {
  private readonly headerEmitter = new Emitter<PcapHeader>();
  private readonly frameEmitter = new Emitter<RawFrame>();
  private readonly errorEmitter = new Emitter<Error>();
  readonly onHeader: Event<PcapHeader> = this.headerEmitter.event;
  readonly onFrame: Event<RawFrame> = this.frameEmitter.event;
  /** Fired once when the stream cannot be read further; the reader then ignores all input. */
  readonly onError: Event<Error> = this.errorEmitter.event;

  private pending: Buffer = Buffer.alloc(0);
  private header: PcapHeader | undefined;
  private failed = false;

  push(chunk: Buffer): void {
    if (this.failed) return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let offset = 0;
    if (this.header === undefined) {
      if (this.pending.length < GLOBAL_HEADER_LENGTH) return;
      const header = parseGlobalHeader(this.pending);
      if (header === undefined) {
        this.fail(new Error(`not a pcap stream (magic 0x${this.pending.readUInt32BE(0).toString(16)})`));
        return;
      }
      this.header = header;
      offset = GLOBAL_HEADER_LENGTH;
      this.headerEmitter.fire(header);
    }
    const header = this.header;
    const buffer = this.pending;
    while (buffer.length - offset >= RECORD_HEADER_LENGTH) {
      const seconds = u32(buffer, offset, header.littleEndian);
      const fraction = u32(buffer, offset + 4, header.littleEndian);
      const capturedLength = u32(buffer, offset + 8, header.littleEndian);
      const originalLength = u32(buffer, offset + 12, header.littleEndian);
      const fractionLimit = header.nanosecond ? 1e9 : 1e6;
      if (capturedLength > MAX_RECORD_LENGTH || fraction >= fractionLimit) {
        this.fail(new Error(`corrupt pcap record header (caplen ${capturedLength}, fraction ${fraction})`));
        return;
      }
      if (buffer.length - offset - RECORD_HEADER_LENGTH < capturedLength) break;
      const start = offset + RECORD_HEADER_LENGTH;
      // Copied: a subarray would pin the whole chunk in memory for as long as a session keeps the frame.
      const data = Buffer.from(buffer.subarray(start, start + capturedLength));
      offset = start + capturedLength;
      this.frameEmitter.fire({
        linkType: header.linkType,
        timestampSeconds: seconds,
        timestampNanos: header.nanosecond ? fraction : fraction * 1000,
        originalLength,
        data,
      });
    }
    this.pending = offset === buffer.length ? Buffer.alloc(0) : buffer.subarray(offset);
  }

  private fail(error: Error): void {
    this.failed = true;
    this.pending = Buffer.alloc(0);
    this.errorEmitter.fire(error);
  }
}

function parseGlobalHeader(bytes: Buffer): PcapHeader | undefined {
  const magicLE = bytes.readUInt32LE(0);
  const magicBE = bytes.readUInt32BE(0);
  let littleEndian: boolean;
  let nanosecond: boolean;
  if (magicLE === MAGIC_MICRO || magicLE === MAGIC_NANO) {
    littleEndian = true;
    nanosecond = magicLE === MAGIC_NANO;
  } else if (magicBE === MAGIC_MICRO || magicBE === MAGIC_NANO) {
    littleEndian = false;
    nanosecond = magicBE === MAGIC_NANO;
  } else {
    return undefined;
  }
  // The link type is the low 16 bits; the upper bits may carry the FCS length (draft §4, "LinkType and additional information").
  return {
    littleEndian,
    nanosecond,
    snapLength: u32(bytes, 16, littleEndian),
    linkType: u32(bytes, 20, littleEndian) & 0xffff,
  };
}

function u32(bytes: Buffer, at: number, littleEndian: boolean): number {
  return littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
}
