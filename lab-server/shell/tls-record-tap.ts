/**
 * The lab shell's view of its own TLS records. `tls.connect` runs over this stream instead of the TCP socket
 * itself, and the stream hands every byte on unchanged while it reads the record layer (RFC 8446 §5, RFC 5246
 * §6.2) in both directions: the plaintext handshake messages (ClientHello, ServerHello and, in TLS 1.2, the
 * server's Certificate, ServerKeyExchange and ServerHelloDone), ChangeCipherSpec, alerts sent in the clear, and
 * how many encrypted bytes went past. So the shell narrates the ClientHello its TLS library really sent and the
 * ServerHello that really came back, not what it expects them to be. It never decrypts anything.
 */

import type net from 'node:net';
import { Duplex } from 'node:stream';

export type TapDirection = 'out' | 'in';

/** RFC 8446 §5.1 ContentType. */
const CHANGE_CIPHER_SPEC = 20;
const ALERT = 21;
const HANDSHAKE = 22;
const APPLICATION_DATA = 23;

/** A record is at most 2^14 bytes of plaintext plus 2048 of expansion (RFC 5246 §6.2.3). */
const MAX_RECORD = (1 << 14) + 2048;
/** A handshake message the shell reassembles: a certificate chain fits many times over. */
const MAX_MESSAGE = 256 * 1024;

export type TapEvent =
  /** A handshake message sent in the clear: its type (RFC 8446 §4) and body. */
  | { readonly kind: 'handshake'; readonly direction: TapDirection; readonly type: number; readonly body: Buffer }
  /** A handshake record after ChangeCipherSpec (TLS 1.2's Finished): its content is encrypted. */
  | { readonly kind: 'encrypted-handshake'; readonly direction: TapDirection; readonly bytes: number }
  | { readonly kind: 'change-cipher-spec'; readonly direction: TapDirection }
  /** An alert in the clear: level 1 warning, 2 fatal; the description's number (RFC 8446 §6). */
  | { readonly kind: 'alert'; readonly direction: TapDirection; readonly level: number; readonly description: number }
  /** An application_data record: TLS 1.3's encrypted handshake, or data once the handshake is done. */
  | { readonly kind: 'encrypted'; readonly direction: TapDirection; readonly bytes: number }
  /** Bytes that are not TLS records (a plain-text server answering); the tap reads that direction no further. */
  | { readonly kind: 'not-tls'; readonly direction: TapDirection; readonly first: Buffer };

/** Splits one direction's bytes into records and handshake messages, however TCP cut them. */
class RecordReader {
  readonly #direction: TapDirection;
  readonly #emit: (event: TapEvent) => void;
  #pending: Buffer = Buffer.alloc(0);
  #messages: Buffer = Buffer.alloc(0);
  /** After this direction's ChangeCipherSpec, its handshake records are encrypted (TLS 1.2's Finished). */
  #cipherChanged = false;
  #stopped = false;

  constructor(direction: TapDirection, emit: (event: TapEvent) => void) {
    this.#direction = direction;
    this.#emit = emit;
  }

  feed(chunk: Buffer): void {
    if (this.#stopped) return;
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    // Bounded: each pass takes one whole record off the front, or stops.
    while (this.#pending.length >= 5 && !this.#stopped) {
      const type = this.#pending[0]!;
      const major = this.#pending[1]!;
      const length = this.#pending.readUInt16BE(3);
      if (type < CHANGE_CIPHER_SPEC || type > APPLICATION_DATA || major !== 3 || length > MAX_RECORD) {
        this.#stop();
        return;
      }
      if (this.#pending.length < 5 + length) return;
      const fragment = this.#pending.subarray(5, 5 + length);
      this.#pending = this.#pending.subarray(5 + length);
      this.#record(type, fragment);
    }
  }

  #stop(): void {
    this.#stopped = true;
    this.#emit({ kind: 'not-tls', direction: this.#direction, first: Buffer.from(this.#pending.subarray(0, 16)) });
    this.#pending = Buffer.alloc(0);
  }

  #record(type: number, fragment: Buffer): void {
    const direction = this.#direction;
    if (type === CHANGE_CIPHER_SPEC) {
      this.#cipherChanged = true;
      this.#emit({ kind: 'change-cipher-spec', direction });
    } else if (type === APPLICATION_DATA) {
      this.#emit({ kind: 'encrypted', direction, bytes: fragment.length });
    } else if (type === ALERT && this.#cipherChanged) {
      this.#emit({ kind: 'encrypted', direction, bytes: fragment.length });
    } else if (type === ALERT && fragment.length === 2) {
      this.#emit({ kind: 'alert', direction, level: fragment[0]!, description: fragment[1]! });
    } else if (type === HANDSHAKE && this.#cipherChanged) {
      this.#emit({ kind: 'encrypted-handshake', direction, bytes: fragment.length });
    } else if (type === HANDSHAKE) {
      this.#handshake(fragment);
    }
  }

  /** Handshake messages may share a record or span several (RFC 8446 §5.1). */
  #handshake(fragment: Buffer): void {
    this.#messages = this.#messages.length === 0 ? fragment : Buffer.concat([this.#messages, fragment]);
    // Bounded: each pass takes one whole message off the front, or stops.
    while (this.#messages.length >= 4) {
      const length = this.#messages.readUIntBE(1, 3);
      if (length > MAX_MESSAGE) {
        this.#stop();
        return;
      }
      if (this.#messages.length < 4 + length) return;
      const type = this.#messages[0]!;
      const body = Buffer.from(this.#messages.subarray(4, 4 + length));
      this.#messages = this.#messages.subarray(4 + length);
      this.#emit({ kind: 'handshake', direction: this.#direction, type, body });
    }
  }
}

/**
 * A duplex stream over a connected TCP socket that passes bytes through both ways and reports the TLS records
 * in them. Ending it ends the socket's sending side (FIN); destroying it destroys the socket.
 */
export class RecordTap extends Duplex {
  readonly #socket: net.Socket;
  readonly #out: RecordReader;
  readonly #in: RecordReader;

  constructor(socket: net.Socket, onRecord: (event: TapEvent) => void) {
    // allowHalfOpen: the peer's FIN ends what we read, not what we may still send, as on the socket itself.
    super({ allowHalfOpen: true });
    this.#socket = socket;
    this.#out = new RecordReader('out', onRecord);
    this.#in = new RecordReader('in', onRecord);
    socket.on('data', this.#socketOnData);
    socket.on('end', this.#socketOnEnd);
    socket.on('error', this.#socketOnError);
  }

  readonly #socketOnData = (chunk: Buffer): void => {
    this.#in.feed(chunk);
    if (!this.push(chunk)) this.#socket.pause();
  };

  readonly #socketOnEnd = (): void => {
    this.push(null);
  };

  readonly #socketOnError = (error: Error): void => {
    this.destroy(error);
  };

  override _read(): void {
    this.#socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.#out.feed(chunk);
    this.#socket.write(chunk, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.#socket.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.#socket.off('data', this.#socketOnData);
    this.#socket.off('end', this.#socketOnEnd);
    // The error listener stays: a reset arriving after this must not be an unhandled 'error'.
    this.#socket.destroy();
    done(error);
  }
}
