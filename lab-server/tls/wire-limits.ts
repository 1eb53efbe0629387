/**
 * Holds a handshake read from a student's packets within what the page's decoder accepts (`TLS_DECODE_LIMITS`):
 * a ClientHello is the student's data, and a hostile or odd one (a thousand suites, a 60 KB server name) must
 * cost the page one shortened list, not the whole `tls` message its decoder would refuse.
 */

import { TLS_DECODE_LIMITS as LIMITS, type TlsCodePoint, type TlsHandshake, type TlsMessage } from '../../src/protocol';

export function withinWireLimits(handshake: TlsHandshake): TlsHandshake {
  const serverName = clip(handshake.serverName);
  return {
    ...handshake,
    ...(serverName === undefined ? {} : { serverName }),
    ...(handshake.cipherSuite === undefined ? {} : { cipherSuite: point(handshake.cipherSuite) }),
    messages: handshake.messages.slice(0, LIMITS.messages).map(message),
  };
}

function message(original: TlsMessage): TlsMessage {
  const shortened: { -readonly [K in keyof TlsMessage]: TlsMessage[K] } = { ...original };
  if (original.cipherSuites !== undefined) {
    shortened.cipherSuites = original.cipherSuites.slice(0, LIMITS.cipherSuites).map(point);
  }
  if (original.extensions !== undefined) shortened.extensions = points(original.extensions);
  if (original.keyShareGroups !== undefined) shortened.keyShareGroups = points(original.keyShareGroups);
  if (original.signatureAlgorithms !== undefined) shortened.signatureAlgorithms = points(original.signatureAlgorithms);
  if (original.supportedVersions !== undefined) {
    shortened.supportedVersions = original.supportedVersions.slice(0, LIMITS.list);
  }
  if (original.alpn !== undefined) shortened.alpn = texts(original.alpn);
  if (original.certificateAuthorities !== undefined) {
    shortened.certificateAuthorities = texts(original.certificateAuthorities);
  }
  if (original.certificates !== undefined) {
    shortened.certificates = original.certificates
      .filter((hex) => hex.length <= LIMITS.certificateHex)
      .slice(0, LIMITS.certificates);
  }
  if (original.serverName !== undefined) shortened.serverName = clip(original.serverName) ?? '';
  for (const key of ['cipherSuite', 'namedGroup', 'signatureAlgorithm'] as const) {
    const value = original[key];
    if (value !== undefined) shortened[key] = point(value);
  }
  return shortened;
}

function points(list: readonly TlsCodePoint[]): TlsCodePoint[] {
  return list.slice(0, LIMITS.list).map(point);
}

function texts(list: readonly string[]): string[] {
  return list.slice(0, LIMITS.list).map((text) => clip(text) ?? '');
}

/** A code point's name is IANA's or `0x1234`; anything longer was not one of those. */
function point(value: TlsCodePoint): TlsCodePoint {
  return value.name.length <= 64 ? value : { code: value.code, name: `0x${value.code.toString(16).padStart(4, '0')}` };
}

function clip(text: string | undefined): string | undefined {
  return text === undefined || text.length <= LIMITS.text ? text : text.slice(0, LIMITS.text);
}
