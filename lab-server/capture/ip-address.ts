/**
 * IP addresses in the one form the capture compares them in: `4/127.0.0.1`, or `6/` and the 32 hex digits of
 * the 16 bytes. Keys are made from a frame's bytes (for every captured frame, so this must be cheap) or from
 * text as Node and tshark write addresses (`::1`, `0:0::1`, `::ffff:127.0.0.1`); the same address gives the
 * same key however it is written, which comparing the strings themselves would not.
 */

/** `4/a.b.c.d` or `6/<32 lowercase hex digits>`. */
export type AddressKey = string;

export const ANY_IPV4: AddressKey = '4/0.0.0.0';
export const ANY_IPV6: AddressKey = `6/${'0'.repeat(32)}`;
/** RFC 4291 §2.5.5.2: `::ffff:a.b.c.d`, how an IPv6 socket names an IPv4 address. */
const MAPPED_PREFIX = `6/${'0'.repeat(20)}ffff`;

const IPV4_TEXT = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** The caller has checked that the 4 bytes are there. */
export function ipv4KeyAt(bytes: Uint8Array, offset: number): AddressKey {
  return `4/${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** The caller has checked that the 16 bytes are there. */
export function ipv6KeyAt(bytes: Uint8Array, offset: number): AddressKey {
  return `6/${Buffer.from(bytes.buffer, bytes.byteOffset + offset, 16).toString('hex')}`;
}

/** The key of an IPv4 or IPv6 address written as text; `undefined` for anything else, a host name included. */
export function addressKey(text: string): AddressKey | undefined {
  if (IPV4_TEXT.test(text)) return `4/${text}`;
  const groups = ipv6Groups(text);
  return groups === undefined ? undefined : `6/${groups.map((group) => group.padStart(4, '0')).join('')}`;
}

/** An IPv4-mapped IPv6 key as the IPv4 key it stands for (a socket bound to one talks IPv4 on the wire). */
export function unmapIpv4(key: AddressKey): AddressKey {
  if (!key.startsWith(MAPPED_PREFIX)) return key;
  const bytes = Buffer.from(key.slice(MAPPED_PREFIX.length), 'hex');
  return ipv4KeyAt(bytes, 0);
}

/** RFC 4291 §2.2 text: eight groups, `::` for one run of zero groups, an IPv4 tail; a `%zone` is ignored. */
function ipv6Groups(text: string): string[] | undefined {
  const address = text.split('%', 1)[0]!;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 1 || halves[1] === '' ? [] : halves[1]!.split(':');
  const last = halves.length === 1 ? head : tail;
  const dotted = last.at(-1);
  if (dotted?.includes('.')) {
    if (!IPV4_TEXT.test(dotted)) return undefined;
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
    last.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const written = head.length + tail.length;
  if (halves.length === 1 ? written !== 8 : written > 7) return undefined;
  const groups = [...head, ...Array<string>(8 - written).fill('0'), ...tail];
  return groups.every((group) => IPV6_GROUP.test(group)) ? groups.map((group) => group.toLowerCase()) : undefined;
}
