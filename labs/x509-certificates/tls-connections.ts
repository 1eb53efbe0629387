/**
 * What the two certificate labs read from a session, shared by their checks and questions: the TLS server's own
 * records of each connection (secure, the SNI it heard, the alert that ended a failed handshake, the bytes the
 * client sent), the handshakes read from the capture with the session's keys, and how a free-text answer that
 * hedges is told from one that commits. The server's records work without capture; the certificate chain a
 * connection received (`serverChain`) comes only from the capture, since in TLS 1.3 the Certificate message is
 * encrypted and only the session's keys open it.
 */

import type { Localized } from '../../src/common/localized';
import type { CheckContext, ConnectionRecord } from '../../src/lab-kit';
import type { CertificateChainReport, TlsHandshake } from '../../src/protocol';
import { HEDGES, readNumber } from '../common/answer-parsing';

/** What the lessons have every client send once the chain is verified. */
export const HELLO = 'Hello,world!';

/** The records of one server's connections, oldest first. */
export function recordsOf(context: CheckContext, server: string): ConnectionRecord[] {
  return context.connections.filter((record) => record.server === server);
}

/** The record most recently changed, if any. */
export function latest(records: readonly ConnectionRecord[]): ConnectionRecord | undefined {
  return records.reduce<ConnectionRecord | undefined>(
    (best, record) => (best === undefined || record.updated > best.updated ? record : best),
    undefined,
  );
}

/** The client's bytes as text (Latin-1, so any byte reads as one character). */
export function receivedText(record: ConnectionRecord): string {
  let text = '';
  for (const byte of record.received) text += String.fromCharCode(byte);
  return text;
}

/** The handshake completed, the client sent Hello,world! over it, and the server wrote it back. */
export function echoedHello(record: ConnectionRecord): boolean {
  return record.secure === true && receivedText(record).includes(HELLO) && record.sentBytes >= HELLO.length;
}

/** The last of `items` (oldest first) that satisfies `test`. */
function newestWhere<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && test(item)) return item;
  }
  return undefined;
}

/** The capture's handshake of the connection a record is about: the same client address and port. */
export function handshakeOf(context: CheckContext, record: ConnectionRecord): TlsHandshake | undefined {
  return newestWhere(
    context.handshakes,
    (handshake) => handshake.server === record.server && handshake.client === record.peer,
  );
}

/** The SNI a connection's client sent: from the capture, or from the server's own record without it. */
export function serverNameOf(context: CheckContext, record: ConnectionRecord): string | undefined {
  return handshakeOf(context, record)?.serverName ?? record.tls?.serverName;
}

/** The newest handshake with `server` whose certificates were read, with their report. */
export function latestChain(
  context: CheckContext,
  server: string,
): { readonly handshake: TlsHandshake; readonly chain: CertificateChainReport } | undefined {
  const handshake = newestWhere(
    context.handshakes,
    (candidate) => candidate.server === server && candidate.serverChain !== undefined,
  );
  return handshake?.serverChain === undefined ? undefined : { handshake, chain: handshake.serverChain };
}

/** `CN=socketlab Intermediate CA, O=socketlab class` → `socketlab Intermediate CA`. */
export function commonName(name: string): string | undefined {
  const match = /(?:^|,\s*)CN=((?:\\.|[^,\\])*)/.exec(name);
  return match?.[1]?.replace(/\\(.)/g, '$1').trim();
}

const HEDGE_REASONS: readonly Localized[] = [
  HEDGES.uncertain,
  HEDGES.alternatives,
  HEDGES.negation,
  HEDGES.approximate,
];

/**
 * Why a free-text answer (a serial, a name, a date, a step) leaves more than one answer open, or undefined
 * when it commits to one. The number reader knows every hedge of every language (`maybe`, `or`, `not`, `?`,
 * `可能`, `还是`, `不是`, `吧`); its other refusals (several numbers, hex) say nothing about a text answer.
 */
export function hedgeIn(answer: string): Localized | undefined {
  const reading = readNumber(answer);
  if (reading.kind !== 'unread' || reading.why === undefined) return undefined;
  return HEDGE_REASONS.includes(reading.why) ? reading.why : undefined;
}
