/**
 * The display filter's grammar: a recursive-descent parser over the tokens (`not` binds tighter than `and`, `and`
 * than `xor`, `xor` than `or`, as in Wireshark) into a tree of comparisons, with warnings for filters that work
 * but may not mean what their author thinks.
 */

import { parseIpv4 } from './addresses';
import { DisplayFilterError, type Span } from './errors';
import { ALIASES, FIELDS, type FieldSpec, one, suggestField, type Value } from './fields';
import type { Token } from './tokens';
import { parseBytes, parseValue } from './values';

type Relation = 'eq' | 'ne' | 'all-eq' | 'any-ne' | 'gt' | 'lt' | 'ge' | 'le';

export type Node =
  | { readonly type: 'or' | 'and' | 'xor'; readonly left: Node; readonly right: Node }
  | { readonly type: 'not' | 'group'; readonly operand: Node }
  | { readonly type: 'exists'; readonly field: FieldSpec }
  | {
      readonly type: 'compare';
      readonly field: FieldSpec;
      readonly relation: Relation;
      readonly value: Value;
      /** For an address with a prefix (`10.0.0.0/8`): how many leading bits must match. */
      readonly prefix?: number;
    }
  | { readonly type: 'contains'; readonly field: FieldSpec; readonly bytes: Uint8Array };

const RELATIONS: Readonly<Record<string, Relation>> = {
  '==': 'eq',
  eq: 'eq',
  '!=': 'ne',
  ne: 'ne',
  '===': 'all-eq',
  '!==': 'any-ne',
  '>': 'gt',
  gt: 'gt',
  '<': 'lt',
  lt: 'lt',
  '>=': 'ge',
  ge: 'ge',
  '<=': 'le',
  le: 'le',
};

const KEYWORDS = new Set(['and', 'or', 'xor', 'not', 'contains', 'matches', 'in', ...Object.keys(RELATIONS)]);

/** A warning: the filter works, but may not mean what its author thinks. */
export interface DisplayFilterWarning extends Span {
  readonly message: string;
}

export class Parser {
  readonly #tokens: Token[];
  #index = 0;
  readonly warnings: DisplayFilterWarning[] = [];

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parse(): Node {
    const node = this.#or();
    const next = this.#peek();
    if (next.kind === ')') {
      throw new DisplayFilterError('unbalanced-parenthesis', 'A ")" without its "("', next);
    }
    if (next.kind !== 'end') {
      throw new DisplayFilterError(
        'expected-operator',
        `Expected "and", "or" or the end after ${this.#describePrevious()}, found ${describe(next)}`,
        next,
      );
    }
    return node;
  }

  #peek(): Token {
    return this.#tokens[this.#index]!;
  }

  #next(): Token {
    const token = this.#tokens[this.#index]!;
    if (token.kind !== 'end') this.#index++;
    return token;
  }

  #describePrevious(): string {
    const previous = this.#tokens[this.#index - 1];
    return previous === undefined ? 'the start' : JSON.stringify(previous.text);
  }

  #isKeyword(token: Token, ...words: string[]): boolean {
    return token.kind === 'word' && words.includes(token.text.toLowerCase());
  }

  #or(): Node {
    let left = this.#xor();
    for (;;) {
      const token = this.#peek();
      if (!(this.#isKeyword(token, 'or') || (token.kind === 'op' && token.text === '||'))) return left;
      this.#next();
      const right = this.#xor();
      this.#warnMixed(left, right, token);
      left = { type: 'or', left, right };
    }
  }

  #xor(): Node {
    let left = this.#and();
    for (;;) {
      const token = this.#peek();
      if (!(this.#isKeyword(token, 'xor') || (token.kind === 'op' && token.text === '^^'))) return left;
      this.#next();
      left = { type: 'xor', left, right: this.#and() };
    }
  }

  #and(): Node {
    let left = this.#not();
    for (;;) {
      const token = this.#peek();
      if (!(this.#isKeyword(token, 'and') || (token.kind === 'op' && token.text === '&&'))) return left;
      this.#next();
      left = { type: 'and', left, right: this.#not() };
    }
  }

  /** `a and b or c` is `(a and b) or c`, as in Wireshark; a reader may have meant the other. */
  #warnMixed(left: Node, right: Node, or: Token): void {
    if (left.type !== 'and' && right.type !== 'and') return;
    if (this.warnings.some((warning) => warning.position === or.position)) return;
    this.warnings.push({
      message: `"and" binds before "or": ${JSON.stringify(or.text)} here joins whole "and" groups. Add parentheses to say which you mean.`,
      position: or.position,
      length: or.length,
    });
  }

  #not(): Node {
    const token = this.#peek();
    if (this.#isKeyword(token, 'not') || (token.kind === 'op' && token.text === '!')) {
      this.#next();
      return { type: 'not', operand: this.#not() };
    }
    return this.#primary();
  }

  #primary(): Node {
    const previous = this.#index > 0 ? this.#tokens[this.#index - 1] : undefined;
    const token = this.#next();
    if (token.kind === '(') {
      const inner = this.#or();
      const close = this.#next();
      if (close.kind !== ')') {
        throw new DisplayFilterError(
          'unbalanced-parenthesis',
          `Expected ")" to close the "(" at ${token.position}, found ${describe(close)}`,
          close,
        );
      }
      // Kept as a group, so that an "and" in parentheses next to an "or" says what it means.
      return { type: 'group', operand: inner };
    }
    if (token.kind === 'word' && !KEYWORDS.has(token.text.toLowerCase())) return this.#test(token);
    if (token.kind === ')') throw new DisplayFilterError('unbalanced-parenthesis', 'A ")" without its "("', token);
    const after = previous === undefined ? '' : ` after ${JSON.stringify(previous.text)}`;
    const what = token.kind === 'end' ? 'the end' : describe(token);
    throw new DisplayFilterError('expected-field', `Expected a field, "(" or "not"${after}, found ${what}`, token);
  }

  /** A field alone, or a field compared with a value, or `contains`. */
  #test(name: Token): Node {
    const field = lookUpField(name);
    const operator = this.#peek();
    const word = operator.text.toLowerCase();
    const relation =
      (operator.kind === 'op' || operator.kind === 'word') && Object.hasOwn(RELATIONS, word)
        ? RELATIONS[word]
        : undefined;
    if (relation !== undefined) {
      this.#next();
      return this.#compare(name, field, relation, operator);
    }
    if (this.#isKeyword(operator, 'contains')) {
      this.#next();
      return this.#contains(name, field, operator);
    }
    if (operator.kind === 'op' && operator.text === '=') {
      throw new DisplayFilterError('unsupported', 'A single "=" compares nothing: write "=="', operator);
    }
    if (this.#isKeyword(operator, 'matches') || (operator.kind === 'op' && operator.text === '~')) {
      throw new DisplayFilterError(
        'unsupported',
        `"${operator.text}" (regular expressions) is not supported here: use contains "text"`,
        operator,
      );
    }
    if (this.#isKeyword(operator, 'in')) {
      throw new DisplayFilterError(
        'unsupported',
        `"in" (sets of values) is not supported here: write ${name.text} == 1 or ${name.text} == 2`,
        operator,
      );
    }
    if (field.type === 'boolean') {
      this.warnings.push({
        message: `${name.text} alone is true for every packet that has the field, set or not, as in Wireshark: write ${name.text} == 1 for the packets where it is set.`,
        position: name.position,
        length: name.length,
      });
    }
    return { type: 'exists', field };
  }

  #compare(name: Token, field: FieldSpec, relation: Relation, operator: Token): Node {
    const token = this.#next();
    if (token.kind !== 'word' && token.kind !== 'string') {
      throw new DisplayFilterError(
        'expected-value',
        `Expected a value after ${JSON.stringify(operator.text)}`,
        operator,
      );
    }
    if (field.type === 'protocol' || field.type === 'flag') {
      const use = field.type === 'protocol' ? 'use it alone, or with contains "text"' : 'use it alone';
      throw new DisplayFilterError(
        'not-comparable',
        `${name.text} is ${field.type === 'protocol' ? 'a protocol' : 'a flag with no value'}: ${use}`,
        operator,
      );
    }
    const ordered = relation === 'gt' || relation === 'lt' || relation === 'ge' || relation === 'le';
    if (ordered && field.type !== 'number') {
      throw new DisplayFilterError(
        'not-comparable',
        `${name.text} compares with == and != only, not ${JSON.stringify(operator.text)}`,
        operator,
      );
    }
    const parsed = parseValue(token, field, name.text);
    return { type: 'compare', field, relation, ...parsed };
  }

  #contains(name: Token, field: FieldSpec, operator: Token): Node {
    const token = this.#next();
    if (token.kind !== 'string' && token.kind !== 'word') {
      throw new DisplayFilterError(
        'expected-value',
        `Expected a quoted text or bytes (48:65:6c) after ${JSON.stringify(operator.text)}`,
        operator,
      );
    }
    const searched: FieldSpec | undefined =
      field.type === 'bytes'
        ? field
        : field.bytes !== undefined
          ? { ...field, type: 'bytes', values: (p) => one(field.bytes?.(p)) }
          : undefined;
    if (searched === undefined) {
      throw new DisplayFilterError(
        'not-comparable',
        `contains searches bytes: ${name.text} is not (try tcp contains "text" or tcp.payload contains "text")`,
        operator,
      );
    }
    const bytes = token.kind === 'string' ? token.bytes! : parseBytes(token);
    return { type: 'contains', field: searched, bytes };
  }
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end' : JSON.stringify(token.text);
}

function lookUpField(token: Token): FieldSpec {
  const name = Object.hasOwn(ALIASES, token.text) ? ALIASES[token.text]! : token.text;
  const field = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
  if (field !== undefined) return field;
  if (parseIpv4(token.text) !== undefined) {
    throw new DisplayFilterError(
      'expected-field',
      `${JSON.stringify(token.text)} is an address, not a field: compare a field with it, as in ip.addr == ${token.text}`,
      token,
    );
  }
  if (/^\d+$/.test(token.text)) {
    throw new DisplayFilterError(
      'expected-field',
      `${token.text} is a number, not a field: compare a field with it, as in tcp.port == ${token.text}`,
      token,
    );
  }
  throw new DisplayFilterError(
    'unknown-field',
    `Unknown field ${JSON.stringify(token.text)}`,
    token,
    suggestField(token.text),
  );
}
