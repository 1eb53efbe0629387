/**
 * The values a comparison compares against, read from the filter's text for the field's type: numbers (decimal,
 * hex, octal), addresses with an optional prefix length, byte strings (`48:65`, `"text"`).
 */

import { hexBytes, parseIpv4, parseIpv6 } from './addresses';
import { DisplayFilterError } from './errors';
import type { FieldSpec, FieldType, Value } from './fields';
import type { Token } from './tokens';

const KIND_OF_VALUE: Readonly<Record<FieldType, string>> = {
  number: 'a whole number (20417, 0x12)',
  boolean: '1 or 0 (or true, false)',
  ipv4: 'an IPv4 address (127.0.0.1, 10.0.0.0/8)',
  ipv6: 'an IPv6 address (::1, fe80::/10)',
  bytes: 'bytes (48:65:6c) or a quoted text',
  protocol: 'nothing',
  flag: 'nothing',
};

export function parseValue(token: Token, field: FieldSpec, name: string): { value: Value; prefix?: number } {
  const text = token.kind === 'string' ? new TextDecoder().decode(token.bytes) : token.text;
  const bad = (): DisplayFilterError =>
    new DisplayFilterError(
      'bad-value',
      `${JSON.stringify(text)} is not ${KIND_OF_VALUE[field.type]}, which ${name} takes`,
      token,
    );
  switch (field.type) {
    case 'number': {
      const value = parseNumber(text);
      if (value === undefined) throw bad();
      if (value > (field.max ?? Number.MAX_SAFE_INTEGER)) {
        throw new DisplayFilterError('bad-value', `${text} is too big for ${name}, at most ${field.max}`, token);
      }
      return { value };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === '1' || lower === 'true') return { value: 1 };
      if (lower === '0' || lower === 'false') return { value: 0 };
      throw bad();
    }
    case 'ipv4': {
      const [address, prefixText] = text.split('/');
      const value = parseIpv4(address ?? '');
      const prefix = prefixText === undefined ? 32 : parsePrefix(prefixText, 32);
      if (value === undefined || prefix === undefined || text.split('/').length > 2) throw bad();
      return { value, prefix };
    }
    case 'ipv6': {
      const [address, prefixText] = text.split('/');
      const value = parseIpv6(address ?? '');
      const prefix = prefixText === undefined ? 128 : parsePrefix(prefixText, 128);
      if (value === undefined || prefix === undefined || text.split('/').length > 2) throw bad();
      return { value, prefix };
    }
    case 'bytes':
      return { value: token.kind === 'string' ? token.bytes! : parseBytes(token) };
    default:
      throw bad();
  }
}

function parseNumber(text: string): number | undefined {
  if (/^\d{1,16}$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]{1,13}$/.test(text)) return Number.parseInt(text.slice(2), 16);
  return undefined;
}

function parsePrefix(text: string, max: number): number | undefined {
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const prefix = Number(text);
  return prefix <= max ? prefix : undefined;
}

export function parseBytes(token: Token): Uint8Array {
  const text = token.text;
  if (!/^[0-9a-fA-F]{2}(?:[:.-]?[0-9a-fA-F]{2})*$/.test(text)) {
    throw new DisplayFilterError(
      'bad-value',
      `${JSON.stringify(text)} is not bytes: write them as 48:65:6c, or the text in quotes ("Hello")`,
      token,
    );
  }
  return hexBytes(text.replace(/[:.-]/g, ''));
}
