/**
 * The TLS records a client received, read byte by byte as a student reads them in a hex dump: the reference
 * solutions keep the bytes their own sockets received before the handshake's encryption begins, and answer the
 * capture questions from them, not from the lab's analysis of the capture, so a question that judges wrongly fails
 * the generic lab test instead of agreeing with itself. RFC 5246 §6.2.1 (a record: type, version, length),
 * §7.4 (a handshake message: type, 24-bit length), §7.4.3 (ServerKeyExchange for ECDHE, RFC 8422 §5.4).
 */

import type net from 'node:net';
import { Duplex } from 'node:stream';
import type { Packet } from '../../src/protocol';

const HANDSHAKE_RECORD = 22;
const CHANGE_CIPHER_SPEC_RECORD = 20;
const SERVER_KEY_EXCHANGE = 12;
const SERVER_HELLO_DONE = 14;
/** ECParameters.curve_type named_curve (RFC 8422 §5.4). */
const NAMED_CURVE = 3;

/** The server's first flight, as a client reads it in the bytes it received. */
export interface ServerFlight {
  /** The handshake message types, in order, ServerHello to ServerHelloDone (TLS 1.2) or as far as it is plain. */
  readonly types: readonly number[];
  /** ServerHello's cipher suite code point. */
  readonly cipherSuite?: number;
  /** ServerHello's key_share group (TLS 1.3), or ServerKeyExchange's named curve (TLS 1.2 ECDHE). */
  readonly group?: number;
}

/** The plaintext handshake bytes of the records at the start of `bytes`, until the first ChangeCipherSpec. */
function handshakeStream(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const type = bytes[offset] ?? 0;
    const length = ((bytes[offset + 3] ?? 0) << 8) | (bytes[offset + 4] ?? 0);
    if (type === CHANGE_CIPHER_SPEC_RECORD || type !== HANDSHAKE_RECORD) break;
    parts.push(bytes.subarray(offset + 5, Math.min(bytes.length, offset + 5 + length)));
    offset += 5 + length;
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const u16 = (bytes: Uint8Array, at: number): number => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);

/** ServerHello's suite and, in TLS 1.3, key_share group (RFC 8446 §4.1.3, §4.2.8). */
function readServerHello(body: Uint8Array): { cipherSuite: number; group?: number } {
  let at = 2 + 32; // legacy_version, random
  at += 1 + (body[at] ?? 0); // legacy_session_id_echo
  const cipherSuite = u16(body, at);
  at += 2 + 1; // cipher_suite, legacy_compression_method
  if (at + 2 > body.length) return { cipherSuite };
  const end = at + 2 + u16(body, at);
  at += 2;
  while (at + 4 <= end) {
    const type = u16(body, at);
    const length = u16(body, at + 2);
    if (type === 51 && length >= 2) return { cipherSuite, group: u16(body, at + 4) }; // key_share
    at += 4 + length;
  }
  return { cipherSuite };
}

/** Reads the server's first flight from the bytes a client received, as far as they go. */
export function serverFlight(received: Uint8Array): ServerFlight {
  const stream = handshakeStream(received);
  const types: number[] = [];
  let cipherSuite: number | undefined;
  let group: number | undefined;
  let at = 0;
  while (at + 4 <= stream.length) {
    const type = stream[at] ?? 0;
    const length = ((stream[at + 1] ?? 0) << 16) | u16(stream, at + 2);
    const body = stream.subarray(at + 4, at + 4 + length);
    if (body.length < length) break;
    types.push(type);
    if (type === 2) ({ cipherSuite, group } = readServerHello(body));
    if (type === SERVER_KEY_EXCHANGE && body[0] === NAMED_CURVE) group = u16(body, 1);
    at += 4 + length;
    if (type === SERVER_HELLO_DONE) break;
  }
  return {
    types,
    ...(cipherSuite === undefined ? {} : { cipherSuite }),
    ...(group === undefined ? {} : { group }),
  };
}

/** How many bytes of the start of a connection a recording keeps: far more than any first flight. */
const KEPT_BYTES = 64 * 1024;

/**
 * A duplex over a TCP socket that keeps a copy of the first bytes received, for `tls.connect({ socket })`: TLS
 * reads and writes through it as through the socket, and `received()` returns what came in off the wire.
 */
export function recordingSocket(socket: net.Socket): { readonly stream: Duplex; received(): Uint8Array } {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  const stream = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  socket.on('data', function socketOnData(chunk: Buffer) {
    if (keptBytes < KEPT_BYTES) {
      kept.push(chunk);
      keptBytes += chunk.length;
    }
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', function socketOnEnd() {
    stream.push(null);
  });
  socket.on('error', function socketOnError(error) {
    stream.destroy(error);
  });
  // A peer that closes without a TLS alert ends both directions at once: TLS must hear of it, not only of the FIN.
  socket.on('close', function socketOnClose() {
    stream.destroy();
  });
  return { stream, received: () => new Uint8Array(Buffer.concat(kept)) };
}

/** A code point as Wireshark prints it beside a name: `0xc02f`. */
export function codePoint(code: number): string {
  return `0x${code.toString(16).padStart(4, '0')}`;
}

/** Whether the capture holds a TLS handshake record from the server on `port` (a payload starting with 0x16). */
export function capturedHandshakeFrom(packets: readonly Packet[], port: number): boolean {
  return packets.some((packet) => packet.srcPort === port && packet.payload.hex.startsWith('16'));
}
