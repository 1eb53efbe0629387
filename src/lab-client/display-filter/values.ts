/**
 * The values a comparison compares against, read from the filter's text for the field's type: numbers (decimal,
 * hex, octal), addresses with an optional prefix length, byte strings (`48:65`, `"text"`).
 */

import { type Localized, localized } from '../../common/localized';
import { hexBytes, parseIpv4, parseIpv6 } from './addresses';
import { DisplayFilterError } from './errors';
import type { FieldSpec, FieldType, Value } from './fields';
import type { Token } from './tokens';

const TEXT = localized({
  en: {
    number: 'a whole number (20417, 0x12)',
    boolean: '1 or 0 (or true, false)',
    ipv4: 'an IPv4 address (127.0.0.1, 10.0.0.0/8)',
    ipv6: 'an IPv6 address (::1, fe80::/10)',
    bytes: 'bytes (48:65:6c) or a quoted text',
    nothing: 'nothing',
    notKind: (text: string, kind: string, name: string) => `${text} is not ${kind}, which ${name} takes`,
    tooBig: (text: string, name: string, max: number) => `${text} is too big for ${name}, at most ${max}`,
    notBytes: (text: string) => `${text} is not bytes: write them as 48:65:6c, or the text in quotes ("Hello")`,
  },
  'zh-Hans': {
    number: '整数（20417、0x12）',
    boolean: '1 或 0（或者 true、false）',
    ipv4: 'IPv4 地址（127.0.0.1、10.0.0.0/8）',
    ipv6: 'IPv6 地址（::1、fe80::/10）',
    bytes: '字节（48:65:6c）或带引号的文本',
    nothing: '无',
    notKind: (text, kind, name) => `${name} 要的是${kind}，${text} 不是`,
    tooBig: (text, name, max) => `${text} 对 ${name} 来说太大了，最大是 ${max}`,
    notBytes: (text) => `${text} 不是字节：请写成 48:65:6c，或者把文本放在引号里（"Hello"）`,
  },
});

const KIND_OF_VALUE: Readonly<Record<FieldType, Localized>> = {
  number: TEXT.number,
  boolean: TEXT.boolean,
  ipv4: TEXT.ipv4,
  ipv6: TEXT.ipv6,
  bytes: TEXT.bytes,
  protocol: TEXT.nothing,
  flag: TEXT.nothing,
};

export function parseValue(token: Token, field: FieldSpec, name: string): { value: Value; prefix?: number } {
  const text = token.kind === 'string' ? new TextDecoder().decode(token.bytes) : token.text;
  const bad = (): DisplayFilterError =>
    new DisplayFilterError('bad-value', TEXT.notKind(JSON.stringify(text), KIND_OF_VALUE[field.type], name), token);
  switch (field.type) {
    case 'number': {
      const value = parseNumber(text);
      if (value === undefined) throw bad();
      if (value > (field.max ?? Number.MAX_SAFE_INTEGER)) {
        throw new DisplayFilterError('bad-value', TEXT.tooBig(text, name, field.max ?? Number.MAX_SAFE_INTEGER), token);
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
    throw new DisplayFilterError('bad-value', TEXT.notBytes(JSON.stringify(text)), token);
  }
  return hexBytes(text.replace(/[:.-]/g, ''));
}
