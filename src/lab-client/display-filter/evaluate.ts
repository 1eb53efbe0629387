/**
 * The display filter's evaluator: the parsed tree compiled to closures, once, so that filtering 2,000 packets is a
 * loop of plain function calls. Comparisons follow Wireshark: a field the packet lacks makes any comparison false,
 * and `!=` means that no value equals.
 */

import type { Packet } from '../../protocol';
import type { FilterContext, Value } from './fields';
import type { Node } from './syntax';

export type PacketPredicate = (packet: Packet, context?: FilterContext) => boolean;

export function compile(node: Node): PacketPredicate {
  switch (node.type) {
    case 'or': {
      const left = compile(node.left);
      const right = compile(node.right);
      return (p, c) => left(p, c) || right(p, c);
    }
    case 'and': {
      const left = compile(node.left);
      const right = compile(node.right);
      return (p, c) => left(p, c) && right(p, c);
    }
    case 'xor': {
      const left = compile(node.left);
      const right = compile(node.right);
      return (p, c) => left(p, c) !== right(p, c);
    }
    case 'not': {
      const operand = compile(node.operand);
      return (p, c) => !operand(p, c);
    }
    case 'group':
      return compile(node.operand);
    case 'exists': {
      const { field } = node;
      return (p, c = {}) => (field.values(p, c)?.length ?? 0) > 0;
    }
    case 'contains': {
      const { field, bytes } = node;
      return (p, c = {}) =>
        (field.values(p, c) ?? []).some((value) => value instanceof Uint8Array && includes(value, bytes));
    }
    case 'compare':
      return comparison(node);
  }
}

export function comparison(node: Extract<Node, { type: 'compare' }>): PacketPredicate {
  const { field, relation, value, prefix } = node;
  const test = (candidate: Value): number | undefined => compareValues(candidate, value, prefix);
  return (packet, context = {}) => {
    const values = field.values(packet, context);
    // Wireshark: a comparison on a field the packet does not have is false, whatever the operator.
    if (values === undefined || values.length === 0) return false;
    switch (relation) {
      case 'eq':
        return values.some((v) => test(v) === 0);
      case 'all-eq':
        return values.every((v) => test(v) === 0);
      // Wireshark 3.6+: `a != b` is "no value equals b", so ip.addr != X leaves out X's packets both ways.
      case 'ne':
        return values.every((v) => test(v) !== 0);
      case 'any-ne':
        return values.some((v) => test(v) !== 0);
      case 'gt':
        return values.some((v) => (test(v) ?? 0) > 0);
      case 'lt':
        return values.some((v) => (test(v) ?? 0) < 0);
      case 'ge':
        return values.some((v) => (test(v) ?? -1) >= 0);
      case 'le':
        return values.some((v) => (test(v) ?? 1) <= 0);
    }
  };
}

/** Negative, 0 or positive like a comparator; undefined when the two cannot be ordered (bytes). */
function compareValues(candidate: Value, wanted: Value, prefix: number | undefined): number | undefined {
  if (typeof candidate === 'number' && typeof wanted === 'number') {
    if (prefix !== undefined && prefix < 32) {
      const shift = 2 ** (32 - prefix);
      return Math.floor(candidate / shift) === Math.floor(wanted / shift) ? 0 : candidate - wanted;
    }
    return candidate - wanted;
  }
  if (typeof candidate === 'bigint' && typeof wanted === 'bigint') {
    const shift = BigInt(128 - (prefix ?? 128));
    const a = candidate >> shift;
    const b = wanted >> shift;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (candidate instanceof Uint8Array && wanted instanceof Uint8Array) {
    return candidate.length === wanted.length && includes(candidate, wanted) ? 0 : 1;
  }
  return 1;
}

export function includes(haystack: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
