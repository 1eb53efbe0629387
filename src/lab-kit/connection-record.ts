/**
 * Folds a server's observations into one record per connection — the facts a check asks about ("did this
 * client send Hello,world!", "did it close with FIN or RST") — so checks are small pure functions over
 * records rather than parsers of an event stream. Bounded: payloads are kept up to OBSERVED_BYTES and only the
 * most recent MAX_RECORDS connections are kept.
 */

import { OBSERVED_BYTES, type Observation, type TlsObservation } from './observation';

export interface ConnectionRecord {
  readonly server: string;
  readonly connection: number;
  peer: string;
  /** The first OBSERVED_BYTES bytes the client sent. */
  received: Uint8Array;
  receivedBytes: number;
  /** Bytes the server wrote back and the kernel accepted. */
  sentBytes: number;
  /** The client sent FIN (the server's read returned 0). */
  peerFin: boolean;
  /** The connection was reset (RST). */
  reset: boolean;
  closed: boolean;
  /** What the TLS server saw of the handshake (the latest `secure` or failure), for a TLS server's connection. */
  tls?: TlsObservation;
  /** The TLS handshake completed (`secure`). */
  secure?: boolean;
  /** Order of the last change, so checks can tell the latest attempt. */
  updated: number;
}

const MAX_RECORDS = 100;

export class ConnectionRecords {
  readonly #records = new Map<string, ConnectionRecord>();
  #clock = 0;

  /** Applies an observation; returns the record it changed, if any. */
  apply(observation: Observation): ConnectionRecord | undefined {
    if (observation.connection === 0) return undefined;
    const key = `${observation.server}#${observation.connection}`;
    let record = this.#records.get(key);
    if (record === undefined) {
      record = {
        server: observation.server,
        connection: observation.connection,
        peer: observation.peer ?? '?',
        received: new Uint8Array(0),
        receivedBytes: 0,
        sentBytes: 0,
        peerFin: false,
        reset: false,
        closed: false,
        updated: 0,
      };
      this.#records.set(key, record);
      if (this.#records.size > MAX_RECORDS) {
        const oldest = this.#records.keys().next().value;
        if (oldest !== undefined) this.#records.delete(oldest);
      }
    }
    record.updated = ++this.#clock;
    if (observation.tls !== undefined) record.tls = { ...record.tls, ...observation.tls };
    switch (observation.kind) {
      case 'accept':
        record.peer = observation.peer ?? record.peer;
        break;
      case 'receive':
        record.receivedBytes += observation.bytes ?? 0;
        if (observation.data !== undefined && record.received.length < OBSERVED_BYTES) {
          record.received = concat(record.received, observation.data, OBSERVED_BYTES);
        }
        break;
      case 'send':
        record.sentBytes += observation.bytes ?? 0;
        break;
      case 'peer-fin':
        record.peerFin = true;
        break;
      case 'reset':
        record.reset = true;
        break;
      case 'close':
        record.closed = true;
        break;
      case 'secure':
        record.secure = true;
        break;
      default:
        break;
    }
    return record;
  }

  /** All records, oldest first. */
  list(): readonly ConnectionRecord[] {
    return [...this.#records.values()];
  }
}

function concat(a: Uint8Array, b: Uint8Array, max: number): Uint8Array {
  const out = new Uint8Array(Math.min(max, a.length + b.length));
  out.set(a.subarray(0, out.length));
  if (a.length < out.length) out.set(b.subarray(0, out.length - a.length), a.length);
  return out;
}
