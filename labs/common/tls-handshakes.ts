/**
 * What the TLS labs' checks and questions read about one of their servers: its connection records (what the TLS
 * server saw from its own side, capture or not: `secure`, the version and suite, a failure) and the handshakes the
 * lab server read from the session's capture with the session's keys (every message, TLS 1.3's encrypted ones
 * included). The three TLS labs share it, so "completed", "echoed" and "the latest handshake" mean the same in each.
 */

import type { CheckContext, ConnectionRecord } from '../../src/lab-kit';
import type { TlsHandshake, TlsMessage, TlsMessageType } from '../../src/protocol';

/** What every TLS lab's client sends, as every echo lab's does. */
export const GREETING = 'Hello,world!';
const GREETING_BYTES = new TextEncoder().encode(GREETING);

/** The records of `server`'s connections, oldest first. */
export function recordsOf(context: CheckContext, server: string): ConnectionRecord[] {
  return context.connections.filter((record) => record.server === server);
}

/** The record changed last, or undefined. */
export function latestRecord(records: readonly ConnectionRecord[]): ConnectionRecord | undefined {
  return records.reduce<ConnectionRecord | undefined>(
    (best, record) => (best === undefined || record.updated > best.updated ? record : best),
    undefined,
  );
}

function includes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let i = 0; i < needle.length; i++) if (haystack[start + i] !== needle[i]) continue outer;
    return true;
  }
  return false;
}

/** The server decrypted Hello,world! on this connection and wrote at least as many bytes back. */
export function echoedGreeting(record: ConnectionRecord): boolean {
  return includes(record.received, GREETING_BYTES) && record.sentBytes >= GREETING_BYTES.length;
}

/** The handshakes of `server`'s connections read from the capture, oldest first. */
export function handshakesOf(context: CheckContext, server: string): TlsHandshake[] {
  return context.handshakes.filter((handshake) => handshake.server === server);
}

/** The newest of `handshakes` for which `test` holds. */
export function newestWhere(
  handshakes: readonly TlsHandshake[],
  test: (handshake: TlsHandshake) => boolean,
): TlsHandshake | undefined {
  return handshakes.filter(test).at(-1);
}

/** The first message of `type` in the handshake, from `direction` when given. */
export function messageOf(
  handshake: TlsHandshake,
  type: TlsMessageType,
  direction?: TlsMessage['direction'],
): TlsMessage | undefined {
  return handshake.messages.find(
    (message) => message.type === type && (direction === undefined || message.direction === direction),
  );
}

/** The client's port, from `127.0.0.1:51234` or `[::1]:51234`. */
export function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}
