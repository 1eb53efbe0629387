/**
 * One frame of tshark's JSON that carries TLS: where it goes (addresses, ports, tshark's stream number), when,
 * and its TLS records in wire order. With TCP reassembly on, a record split over several segments is reported
 * in the frame that completed it — the frame a `TlsMessage.packet` names.
 *
 * A record is `protected` when it travelled as TLS 1.3's opaque application_data (RFC 8446 §5.2); tshark then
 * reports the inner content type only if it could decrypt the record with the key log. TLS 1.2's encrypted
 * Finished travels in a plain handshake record, which tshark shows as an unreadable handshake without the keys.
 */

import { isTree, type JsonTree, numberField, occurrences, text, trees } from './tshark-json';

export interface TlsRecord {
  /** The inner type of a decrypted TLS 1.3 record, else the record's own; undefined when it stayed unreadable. */
  readonly contentType: number | undefined;
  readonly protected: boolean;
  readonly version: number | undefined;
  readonly length: number;
  readonly tree: JsonTree;
}

export interface TlsFrame {
  readonly frame: number;
  /** Seconds since the Unix epoch. */
  readonly time: number;
  readonly srcAddress: string;
  readonly dstAddress: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /** tshark's TCP stream number: one per connection within one run. */
  readonly stream: number;
  readonly records: readonly TlsRecord[];
}

/** Reads one element of tshark's JSON array; undefined when it is not a TCP frame with TLS records. */
export function parseTlsFrame(packet: unknown): TlsFrame | undefined {
  if (!isTree(packet)) return undefined;
  const source = packet._source;
  const layers = isTree(source) ? source.layers : undefined;
  if (!isTree(layers)) return undefined;
  const [frame] = trees(layers, 'frame');
  const [tcp] = trees(layers, 'tcp');
  const [ip] = [...trees(layers, 'ip'), ...trees(layers, 'ipv6')];
  if (frame === undefined || tcp === undefined || ip === undefined) return undefined;
  const number = numberField(frame, 'frame.number');
  const time = Number(text(frame, 'frame.time_epoch'));
  const srcPort = numberField(tcp, 'tcp.srcport');
  const dstPort = numberField(tcp, 'tcp.dstport');
  const stream = numberField(tcp, 'tcp.stream');
  const srcAddress = text(ip, 'ip.src') ?? text(ip, 'ipv6.src');
  const dstAddress = text(ip, 'ip.dst') ?? text(ip, 'ipv6.dst');
  if (number === undefined || !Number.isFinite(time) || srcPort === undefined || dstPort === undefined) {
    return undefined;
  }
  if (stream === undefined || srcAddress === undefined || dstAddress === undefined) return undefined;
  // Two TLS layers in one frame (the end of a reassembled record, then records of its own) are read in turn.
  const records = trees(layers, 'tls').flatMap((tls) => trees(tls, 'tls.record').map(readRecord));
  return { frame: number, time, srcAddress, dstAddress, srcPort, dstPort, stream, records };
}

function readRecord(tree: JsonTree): TlsRecord {
  const opaque = tree['tls.record.opaque_type'] !== undefined;
  return {
    contentType: numberField(tree, 'tls.record.content_type'),
    protected: opaque,
    version: numberField(tree, 'tls.record.version'),
    length: numberField(tree, 'tls.record.length') ?? 0,
    tree,
  };
}

/** The record's handshake messages as tshark read them, and whether one of them could not be read. */
export function handshakesOf(record: TlsRecord): { readonly messages: JsonTree[]; readonly unreadable: boolean } {
  const values = occurrences(record.tree['tls.handshake']);
  const messages = values.filter(isTree).filter((message) => message['tls.handshake.type'] !== undefined);
  return { messages, unreadable: messages.length < values.length };
}
