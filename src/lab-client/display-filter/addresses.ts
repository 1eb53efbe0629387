/**
 * IPv4 and IPv6 addresses as numbers (RFC 4291 §2.2 text for IPv6), parsed once per text, and payload hex as
 * bytes: the forms in which the filter compares a packet's addresses and payload.
 */

import type { Value } from './fields';

/** Dotted quad to a 32-bit number; undefined for anything else (leading zeros included, as they mislead). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const byte = Number(part);
    if (byte > 255) return undefined;
    value = value * 256 + byte;
  }
  return value;
}

/** RFC 4291 §2.2 text (with `::`, or an IPv4 tail) to a 128-bit number. */
export function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  let tail = text;
  const groups: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = tail.split('::');
  const read = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const first = read(head);
  const last = rest === undefined ? [] : read(rest);
  if (first === undefined || last === undefined) return undefined;
  const missing = 8 - first.length - last.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined;
  groups.push(...first, ...Array.from({ length: rest === undefined ? 0 : missing }, () => 0), ...last);
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

const addressCache = new Map<string, number | bigint | undefined>();

function cachedAddress(
  text: string,
  parse: (text: string) => number | bigint | undefined,
): number | bigint | undefined {
  if (addressCache.has(text)) return addressCache.get(text);
  const value = parse(text);
  // A session has a handful of addresses; the cap only guards against a long-lived page seeing many.
  if (addressCache.size > 512) addressCache.clear();
  addressCache.set(text, value);
  return value;
}

export function addresses4(texts: readonly string[]): readonly Value[] | undefined {
  const values = texts.map((text) => cachedAddress(text, parseIpv4)).filter((v) => v !== undefined);
  return values.length === 0 ? undefined : values;
}

export function addresses6(texts: readonly string[]): readonly Value[] | undefined {
  const values = texts.map((text) => cachedAddress(text, parseIpv6)).filter((v) => v !== undefined);
  return values.length === 0 ? undefined : values;
}

export function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
