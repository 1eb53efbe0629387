/**
 * How the handshake view writes a TLS message's fields: a code point with its number as Wireshark shows it
 * (`TLS_AES_128_GCM_SHA256 (0x1301)`), bytes in blocks of four so a 32-byte random reads at a glance, and long
 * lists (a ClientHello's thirty suites) cut to their first few with a count of the rest.
 */

import type { ServerInfo, TlsCodePoint, TlsHandshake } from '../protocol';

/** `x25519 (0x001d)`. */
export function codePointText(point: TlsCodePoint): string {
  return `${point.name} (0x${point.code.toString(16).padStart(4, '0')})`;
}

/** Hex in blocks of `bytes` bytes: `0a1b2c3d 4e5f…`; `—` for nothing, as an empty session id is. */
export function hexBlocks(hex: string, bytes = 4): string {
  if (hex === '') return '—';
  const width = bytes * 2;
  const blocks: string[] = [];
  for (let i = 0; i < hex.length; i += width) blocks.push(hex.slice(i, i + width));
  return blocks.join(' ');
}

export interface Collapsed<T> {
  readonly shown: readonly T[];
  /** How many more there are. */
  readonly hidden: number;
}

/** The first `keep` of `items` and how many were left out; all of them when only one or two would be left out. */
export function collapseList<T>(items: readonly T[], keep: number): Collapsed<T> {
  if (items.length <= keep + 2) return { shown: items, hidden: 0 };
  return { shown: items.slice(0, keep), hidden: items.length - keep };
}

/** A picker's option for a handshake: `#3 127.0.0.1:51250 → rsa · TLS 1.2`, an alert after it; the same in every language. */
export function handshakeTitle(
  handshake: Pick<TlsHandshake, 'connection' | 'client' | 'server' | 'version' | 'alert'>,
): string {
  const alert = handshake.alert === undefined ? '' : ` · ${handshake.alert.description.name}`;
  return `#${handshake.connection} ${handshake.client} → ${handshake.server} · ${handshake.version ?? 'TLS'}${alert}`;
}

/** The lab's first TLS server (by its kind: `tls-echo`, `tls12-echo`, `mtls-echo`, `tls-expired`, …), for the hints. */
export function firstTlsServer(servers: readonly ServerInfo[]): ServerInfo | undefined {
  return servers.find((server) => /^m?tls/.test(server.kind));
}
