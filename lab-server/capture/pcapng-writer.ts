/**
 * Writes pcapng (RFC draft-ietf-opsawg-pcapng): the file a session offers as "download my packets", opened by
 * Wireshark and `tshark -r`. One Section Header Block, one Interface Description Block per link type met (a
 * capture restart could in principle bring another), one Enhanced Packet Block per frame with nanosecond
 * timestamps (`if_tsresol` = 9) and, when given, a comment (`opt_comment`, Wireshark's `frame.comment`): the
 * session names each frame's connection as its page does. Given a TLS key log, a Decryption Secrets Block
 * (pcapng §4.7, secrets type `TLSK`) follows the section header, before any packet that needs it, so Wireshark
 * and `tshark -r` open the file decrypted with no `tls.keylog_file` set up. Little-endian throughout, which the
 * byte-order magic announces.
 */

import type { RawFrame } from './raw-frame';

const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 0x00000001;
const BLOCK_EPB = 0x00000006;
const BLOCK_DSB = 0x0000000a;
/** pcapng §4.7: the NSS key log format, "TLSK". */
const SECRETS_TLS_KEY_LOG = 0x544c534b;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const OPT_END = 0;
const OPT_COMMENT = 1;
const OPT_SHB_USERAPPL = 4;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;

export interface PcapngWriterOptions {
  /** Written as `shb_userappl`. */
  readonly application?: string;
  /** Written as `if_name` of every interface. */
  readonly interfaceName?: string;
  /** Written as each interface's snap length; 0 means "no limit". */
  readonly snapLength?: number;
  /**
   * NSS key log lines (`CLIENT_RANDOM …`, `SERVER_HANDSHAKE_TRAFFIC_SECRET …`), written as a Decryption Secrets
   * Block after the section header; none when absent or empty.
   */
  readonly tlsKeyLog?: string;
}

/** A frame and the comment its Enhanced Packet Block carries. */
export interface CommentedFrame {
  readonly frame: RawFrame;
  readonly comment?: string;
}

export class PcapngWriter {
  private readonly interfaces = new Map<number, number>();
  private started = false;

  constructor(private readonly options: PcapngWriterOptions = {}) {}

  /**
   * The bytes to append for one frame: the section header before the first one, an interface description the
   * first time a link type appears, then the frame's Enhanced Packet Block.
   */
  write(frame: RawFrame, comment?: string): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) parts.push(this.begin());
    let interfaceId = this.interfaces.get(frame.linkType);
    if (interfaceId === undefined) {
      interfaceId = this.interfaces.size;
      this.interfaces.set(frame.linkType, interfaceId);
      parts.push(interfaceBlock(frame.linkType, this.options));
    }
    parts.push(packetBlock(interfaceId, frame, comment));
    return Buffer.concat(parts);
  }

  /**
   * The section header alone (and the key log's secrets block, when given): what a file with no packets holds.
   * Called by `write` when not called before.
   */
  begin(): Buffer {
    this.started = true;
    const options = [option(OPT_SHB_USERAPPL, Buffer.from(this.options.application ?? 'socketlab')), endOfOptions()];
    const body = Buffer.alloc(16);
    body.writeUInt32LE(BYTE_ORDER_MAGIC, 0);
    body.writeUInt16LE(1, 4);
    body.writeUInt16LE(0, 6);
    // Section length -1: "not specified", since the file is written as a stream.
    body.writeBigInt64LE(-1n, 8);
    const header = block(BLOCK_SHB, Buffer.concat([body, ...options]));
    const keyLog = this.options.tlsKeyLog ?? '';
    return keyLog === '' ? header : Buffer.concat([header, secretsBlock(SECRETS_TLS_KEY_LOG, Buffer.from(keyLog))]);
  }
}

/** A whole pcapng file for a list of frames, each with or without a comment. */
export function encodePcapng(frames: Iterable<RawFrame | CommentedFrame>, options: PcapngWriterOptions = {}): Buffer {
  const writer = new PcapngWriter(options);
  const parts = [writer.begin()];
  for (const item of frames) {
    parts.push('frame' in item ? writer.write(item.frame, item.comment) : writer.write(item));
  }
  return Buffer.concat(parts);
}

function interfaceBlock(linkType: number, options: PcapngWriterOptions): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt16LE(linkType, 0);
  body.writeUInt32LE(options.snapLength ?? 0, 4);
  const blockOptions = [option(OPT_IF_TSRESOL, Buffer.from([9]))];
  if (options.interfaceName !== undefined) blockOptions.push(option(OPT_IF_NAME, Buffer.from(options.interfaceName)));
  blockOptions.push(endOfOptions());
  return block(BLOCK_IDB, Buffer.concat([body, ...blockOptions]));
}

/** pcapng §4.7: secrets type, secrets length, the secrets padded to 32 bits, and no options. */
function secretsBlock(type: number, secrets: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(type, 0);
  head.writeUInt32LE(secrets.length, 4);
  return block(BLOCK_DSB, Buffer.concat([head, padded(secrets)]));
}

function packetBlock(interfaceId: number, frame: RawFrame, comment: string | undefined): Buffer {
  const body = Buffer.alloc(20);
  const timestamp = BigInt(frame.timestampSeconds) * 1_000_000_000n + BigInt(frame.timestampNanos);
  body.writeUInt32LE(interfaceId, 0);
  body.writeUInt32LE(Number(timestamp >> 32n), 4);
  body.writeUInt32LE(Number(timestamp & 0xffffffffn), 8);
  body.writeUInt32LE(frame.data.length, 12);
  body.writeUInt32LE(Math.max(frame.originalLength, frame.data.length), 16);
  const options =
    comment === undefined || comment === '' ? [] : [option(OPT_COMMENT, Buffer.from(comment)), endOfOptions()];
  return block(BLOCK_EPB, Buffer.concat([body, padded(frame.data), ...options]));
}

function option(code: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16LE(code, 0);
  header.writeUInt16LE(value.length, 2);
  return Buffer.concat([header, padded(value)]);
}

function endOfOptions(): Buffer {
  const end = Buffer.alloc(4);
  end.writeUInt16LE(OPT_END, 0);
  return end;
}

/** Every block and option value is padded to 32 bits (pcapng §3.1). */
function padded(value: Buffer): Buffer {
  const padding = (4 - (value.length % 4)) % 4;
  return padding === 0 ? value : Buffer.concat([value, Buffer.alloc(padding)]);
}

function block(type: number, body: Buffer): Buffer {
  const totalLength = 12 + body.length;
  const head = Buffer.alloc(8);
  head.writeUInt32LE(type, 0);
  head.writeUInt32LE(totalLength, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(totalLength, 0);
  return Buffer.concat([head, body, tail]);
}
