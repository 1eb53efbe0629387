/**
 * The display filter's grammar: a recursive-descent parser over the tokens (`not` binds tighter than `and`, `and`
 * than `xor`, `xor` than `or`, as in Wireshark) into a tree of comparisons, with warnings for filters that work
 * but may not mean what their author thinks.
 */

import { type Localized, localized, verbatim } from '../../common/localized';
import { parseIpv4 } from './addresses';
import { DisplayFilterError, type Span } from './errors';
import { ALIASES, FIELDS, type FieldSpec, one, suggestField, type Value } from './fields';
import type { Token } from './tokens';
import { parseBytes, parseValue } from './values';

// The filter's own words (`and`, `contains`, `tcp.port == 1`) are Wireshark's, the same in every language.
const TEXT = localized({
  en: {
    start: 'the start',
    end: 'the end',
    unmatchedClose: 'A ")" without its "("',
    expectedOperator: (previous: string, found: string) =>
      `Expected "and", "or" or the end after ${previous}, found ${found}`,
    mixed: (or: string) =>
      `"and" binds before "or": ${or} here joins whole "and" groups. Add parentheses to say which you mean.`,
    unclosed: (position: number, found: string) => `Expected ")" to close the "(" at ${position}, found ${found}`,
    expectedField: (found: string) => `Expected a field, "(" or "not", found ${found}`,
    expectedFieldAfter: (previous: string, found: string) =>
      `Expected a field, "(" or "not" after ${previous}, found ${found}`,
    singleEquals: 'A single "=" compares nothing: write "=="',
    noRegex: (operator: string) => `"${operator}" (regular expressions) is not supported here: use contains "text"`,
    noSets: (name: string) => `"in" (sets of values) is not supported here: write ${name} == 1 or ${name} == 2`,
    booleanAlone: (name: string) =>
      `${name} alone is true for every packet that has the field, set or not, as in Wireshark: write ${name} == 1 for the packets where it is set.`,
    expectedValue: (operator: string) => `Expected a value after ${operator}`,
    protocolAlone: (name: string) => `${name} is a protocol: use it alone, or with contains "text"`,
    flagAlone: (name: string) => `${name} is a flag with no value: use it alone`,
    equalityOnly: (name: string, operator: string) => `${name} compares with == and != only, not ${operator}`,
    expectedBytes: (operator: string) => `Expected a quoted text or bytes (48:65:6c) after ${operator}`,
    notBytes: (name: string) =>
      `contains searches bytes: ${name} is not (try tcp contains "text" or tcp.payload contains "text")`,
    addressNotField: (quoted: string, text: string) =>
      `${quoted} is an address, not a field: compare a field with it, as in ip.addr == ${text}`,
    numberNotField: (text: string) =>
      `${text} is a number, not a field: compare a field with it, as in tcp.port == ${text}`,
    unknownField: (quoted: string) => `Unknown field ${quoted}`,
  },
  'zh-Hans': {
    start: '开头',
    end: '结尾',
    unmatchedClose: '这个 ")" 没有与之配对的 "("',
    expectedOperator: (previous, found) => `${previous} 之后应该是 "and"、"or" 或者结尾，这里却是 ${found}`,
    mixed: (or) => `"and" 比 "or" 先结合：这里的 ${or} 连接的是整个 "and" 组。请加上括号，写明你的意思。`,
    unclosed: (position, found) => `位置 ${position} 的 "(" 缺少配对的 ")"，这里却是 ${found}`,
    expectedField: (found) => `这里应该是一个字段、"(" 或 "not"，却是 ${found}`,
    expectedFieldAfter: (previous, found) => `${previous} 之后应该是一个字段、"(" 或 "not"，这里却是 ${found}`,
    singleEquals: '单个 "=" 不做比较：请写 "=="',
    noRegex: (operator) => `这里不支持 "${operator}"（正则表达式）：请用 contains "text"`,
    noSets: (name) => `这里不支持 "in"（值的集合）：请写 ${name} == 1 or ${name} == 2`,
    booleanAlone: (name) =>
      `和 Wireshark 一样，单写 ${name} 对每个带有这个字段的数据包都为真，不管它是否置位：要筛选置位的数据包，请写 ${name} == 1。`,
    expectedValue: (operator) => `${operator} 之后应该有一个值`,
    protocolAlone: (name) => `${name} 是一个协议：请单独使用它，或者配合 contains "text"`,
    flagAlone: (name) => `${name} 是一个没有值的标志：请单独使用它`,
    equalityOnly: (name, operator) => `${name} 只能用 == 和 != 比较，不能用 ${operator}`,
    expectedBytes: (operator) => `${operator} 之后应该是带引号的文本或者字节（48:65:6c）`,
    notBytes: (name) =>
      `contains 搜索的是字节：${name} 不是字节（试试 tcp contains "text" 或 tcp.payload contains "text"）`,
    addressNotField: (quoted, text) => `${quoted} 是一个地址，不是字段：请拿一个字段和它比较，例如 ip.addr == ${text}`,
    numberNotField: (text) => `${text} 是一个数字，不是字段：请拿一个字段和它比较，例如 tcp.port == ${text}`,
    unknownField: (quoted) => `未知字段 ${quoted}`,
  },
});

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
  readonly message: Localized;
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
      throw new DisplayFilterError('unbalanced-parenthesis', TEXT.unmatchedClose, next);
    }
    if (next.kind !== 'end') {
      throw new DisplayFilterError(
        'expected-operator',
        TEXT.expectedOperator(this.#describePrevious(), describe(next)),
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

  #describePrevious(): Localized {
    const previous = this.#tokens[this.#index - 1];
    return previous === undefined ? TEXT.start : verbatim(JSON.stringify(previous.text));
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
      message: TEXT.mixed(JSON.stringify(or.text)),
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
        throw new DisplayFilterError('unbalanced-parenthesis', TEXT.unclosed(token.position, describe(close)), close);
      }
      // Kept as a group, so that an "and" in parentheses next to an "or" says what it means.
      return { type: 'group', operand: inner };
    }
    if (token.kind === 'word' && !KEYWORDS.has(token.text.toLowerCase())) return this.#test(token);
    if (token.kind === ')') throw new DisplayFilterError('unbalanced-parenthesis', TEXT.unmatchedClose, token);
    const found = describe(token);
    throw new DisplayFilterError(
      'expected-field',
      previous === undefined
        ? TEXT.expectedField(found)
        : TEXT.expectedFieldAfter(JSON.stringify(previous.text), found),
      token,
    );
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
      throw new DisplayFilterError('unsupported', TEXT.singleEquals, operator);
    }
    if (this.#isKeyword(operator, 'matches') || (operator.kind === 'op' && operator.text === '~')) {
      throw new DisplayFilterError('unsupported', TEXT.noRegex(operator.text), operator);
    }
    if (this.#isKeyword(operator, 'in')) {
      throw new DisplayFilterError('unsupported', TEXT.noSets(name.text), operator);
    }
    if (field.type === 'boolean') {
      this.warnings.push({
        message: TEXT.booleanAlone(name.text),
        position: name.position,
        length: name.length,
      });
    }
    return { type: 'exists', field };
  }

  #compare(name: Token, field: FieldSpec, relation: Relation, operator: Token): Node {
    const token = this.#next();
    if (token.kind !== 'word' && token.kind !== 'string') {
      throw new DisplayFilterError('expected-value', TEXT.expectedValue(JSON.stringify(operator.text)), operator);
    }
    if (field.type === 'protocol' || field.type === 'flag') {
      throw new DisplayFilterError(
        'not-comparable',
        field.type === 'protocol' ? TEXT.protocolAlone(name.text) : TEXT.flagAlone(name.text),
        operator,
      );
    }
    const ordered = relation === 'gt' || relation === 'lt' || relation === 'ge' || relation === 'le';
    if (ordered && field.type !== 'number') {
      throw new DisplayFilterError(
        'not-comparable',
        TEXT.equalityOnly(name.text, JSON.stringify(operator.text)),
        operator,
      );
    }
    const parsed = parseValue(token, field, name.text);
    return { type: 'compare', field, relation, ...parsed };
  }

  #contains(name: Token, field: FieldSpec, operator: Token): Node {
    const token = this.#next();
    if (token.kind !== 'string' && token.kind !== 'word') {
      throw new DisplayFilterError('expected-value', TEXT.expectedBytes(JSON.stringify(operator.text)), operator);
    }
    const searched: FieldSpec | undefined =
      field.type === 'bytes'
        ? field
        : field.bytes !== undefined
          ? { ...field, type: 'bytes', values: (p) => one(field.bytes?.(p)) }
          : undefined;
    if (searched === undefined) {
      throw new DisplayFilterError('not-comparable', TEXT.notBytes(name.text), operator);
    }
    const bytes = token.kind === 'string' ? token.bytes! : parseBytes(token);
    return { type: 'contains', field: searched, bytes };
  }
}

function describe(token: Token): Localized {
  return token.kind === 'end' ? TEXT.end : verbatim(JSON.stringify(token.text));
}

function lookUpField(token: Token): FieldSpec {
  const name = Object.hasOwn(ALIASES, token.text) ? ALIASES[token.text]! : token.text;
  const field = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
  if (field !== undefined) return field;
  if (parseIpv4(token.text) !== undefined) {
    throw new DisplayFilterError('expected-field', TEXT.addressNotField(JSON.stringify(token.text), token.text), token);
  }
  if (/^\d+$/.test(token.text)) {
    throw new DisplayFilterError('expected-field', TEXT.numberNotField(token.text), token);
  }
  throw new DisplayFilterError(
    'unknown-field',
    TEXT.unknownField(JSON.stringify(token.text)),
    token,
    suggestField(token.text),
  );
}
