/**
 * Reads what a student typed into a capture question: exactly one answer, in the forms people write it, or the
 * reason there is none. Every question of every lab reads its answers here, so they all accept and refuse alike.
 *
 * Accepted: a number in digits (`3`, `2,864,539,821`, `2 864 539 821`, full-width `３`), in English words
 * (`three`, `twenty-one`) or Chinese numerals (`三`, `十三`, `六万五千四百九十五`), with a unit or not (`3 packets`,
 * `三个`), and in hex (`0xaabbccdd`) where the question allows it; TCP flag sets in any spelling (`SYN-ACK`,
 * `SYN,ACK`, `syn ack`, `复位和确认`); a side of the connection (`client`, `the client`, `me`, `客户端`, `服务器`).
 * A reason may follow the answer after `because`, `since`, `as`, an em dash or a parenthesis (`因为`, `由于`), or
 * come first (`because …, so 1`, `因为……，所以是1`), and is not graded: only the answer part is read.
 *
 * Refused, with a sentence saying why: hedges between answers. Decided so: a frame that commits to one answer is
 * not a hedge (`I think 3`, `I'd say 3`, `the answer is 3`, `我认为是3`, `应该是3`), so it is dropped before
 * reading; uncertainty (`maybe`, `probably`, `I guess`, a question mark, `可能`), alternatives (`or`, `either`,
 * `或`, `还是`), negation (`not the client`, `不是`), estimates (`about 3`, `at least 3`, `约`, `左右`) and several
 * different numbers (`3/4`, `3-4`, `3, 4`, `三四`) are hedges, since each leaves more than one answer open.
 * Roman numerals (`III`) are not read as numbers. Chinese hedges are refused alike: a trailing `吧` or `吗`, `好像`,
 * `估计`, `要么`, and the estimates `十几`, `三个多`, `差不多`, `接近`, `超过`.
 */

import { type Localized, localized } from '../../src/common/localized';

const TEXT = localized({
  en: {
    uncertain: 'Give one answer, without “maybe” or a question mark: only an answer you commit to is graded.',
    alternatives: 'Give one answer: with “or” or “either” it leaves the choice open.',
    negation: 'Say what it is rather than what it is not.',
    approximate: 'Give the exact number, not an estimate.',
    severalNumbers: 'Your answer names several numbers; give the one asked for (a reason can follow “because”).',
    bothSides: 'Your answer names both sides; give one of them (or say “both”, if you mean both).',
    decimalOnly: 'Give the number in decimal.',
  },
  'zh-Hans': {
    uncertain: '请只给一个答案，不要带“可能”“大概”或问号：只有你确定的答案才会被评判。',
    alternatives: '请只给一个答案：带上“或”“还是”，就等于没有做出选择。',
    negation: '请直接说它是什么，而不是说它不是什么。',
    approximate: '请给出确切的数字，而不是估计值。',
    severalNumbers: '你的答案里有好几个数字；请只给出问题问的那一个（理由可以写在“因为”后面）。',
    bothSides: '你的答案同时提到了两端；请只给出其中一方（如果你的意思是两端都是，就写“双方”）。',
    decimalOnly: '请用十进制写出这个数字。',
  },
});

/** What makes an answer a hedge, as the question tells the student, in every language. */
export const HEDGES = TEXT;

/** One answer read, or why none could be: `why` is a hedge from HEDGES, undefined when nothing of the kind is there. */
export type Reading<T> =
  | { readonly kind: 'answer'; readonly value: T }
  | { readonly kind: 'unread'; readonly why: Localized | undefined };

export type FlagsReading = Reading<ReadonlySet<string>>;
export type SideAnswer = 'client' | 'server' | 'both';

function answer<T>(value: T): Reading<T> {
  return { kind: 'answer', value };
}

function unread<T>(why?: Localized): Reading<T> {
  return { kind: 'unread', why };
}

// ------------------------------------------------------------------ the part that is graded

/** Where a reason starts: only the text before it is graded. */
const REASON = /\b(?:because|since|due to|given that)\b|(?<!\bwell )\bas\b(?! well\b)|\s—|\(|因为|由于/gi;
/** A reason given first, then the answer: `because the SYN takes one, so 1`, `因为……，所以是1`. */
const REASON_FIRST = /^\s*(?:because|since|因为|由于)[\s\S]*?(?:\b(?:so|therefore|hence)\b|所以|因此)/i;

/** Frames that commit to the answer that follows: dropped before reading, so `I` is not taken for the client. */
const COMMITMENT =
  /\b(?:i think|i believe|i'd say|i would say|i say|i'm sure|i am sure|it's|it is|it was|that's|that is|the answer is|my answer is|answer:)|我认为|我觉得|我想|应该是|答案是|就是|是/gi;

/**
 * The answer without its reason, normalised: full-width forms as ASCII (NFKC: `３` is 3, `，` a comma), curly
 * apostrophes straight. A reason marker with nothing before it (`(RST, ACK)`, `because 1`) does not cut.
 */
export function gradedPart(text: string): string {
  const normal = text.normalize('NFKC').replace(/[‘’]/g, "'");
  const reasonFirst = REASON_FIRST.exec(normal);
  if (reasonFirst !== null) return normal.slice(reasonFirst[0].length);
  for (const match of normal.matchAll(REASON)) {
    const before = normal.slice(0, match.index);
    if (/[\p{L}\p{N}]/u.test(before)) return before;
  }
  return normal;
}

/** The hedge in an answer's graded part, if any; `estimates` also refuses approximations (for numbers). */
function hedgeIn(text: string, estimates: boolean): Localized | undefined {
  if (
    /\?|\b(?:maybe|may be|perhaps|probably|possibly|might|guess|unsure|not sure|no idea|dunno|idk|don't know)\b|可能|也许|或许|大概|不确定|不知道|猜|好像|似乎|估计|说不定|吧|吗/i.test(
      text,
    )
  ) {
    return HEDGES.uncertain;
  }
  if (/\b(?:or|either|neither|nor|whichever)\b|或|还是|要么/i.test(text)) return HEDGES.alternatives;
  // 非常 is "very" and 差不多 "about", not negations.
  if (/\b(?:not|never)\b|n't\b|(?<!差)不|非(?!常)/i.test(text)) return HEDGES.negation;
  if (
    estimates &&
    /[~≈]|\b(?:about|around|roughly|approximately|approx|at least|at most|more than|less than|fewer than)\b|约|左右|至少|最多|以上|以下|几|差不多|接近|超过|上下|[\d零〇一二两三四五六七八九十百千万个]多(?!少)/i.test(
      text,
    )
  ) {
    return HEDGES.approximate;
  }
  return undefined;
}

/** The graded part with commitment frames dropped, and the hedge in it if there is one. */
function prepare(text: string, estimates = false): { readonly text: string; readonly hedge: Localized | undefined } {
  const graded = gradedPart(text);
  // Hedges first: dropping `是` would turn 还是 (or) into 还, and 不是 (is not) into 不.
  return { text: graded.replace(COMMITMENT, ' '), hedge: hedgeIn(graded, estimates) };
}

// ------------------------------------------------------------------ numbers

const ENGLISH_UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const ENGLISH_TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const ENGLISH_SCALES: Readonly<Record<string, number>> = { thousand: 1000, million: 1_000_000 };

/**
 * Numbers said in English words, one per number: `twenty-one` is 21, `one hundred and five` 105, while `three
 * four` and `three and four` are two numbers. `words` are the lower-case words of the answer, with the gap
 * before each (only spaces and hyphens continue a number).
 */
function englishNumbers(words: readonly { readonly word: string; readonly joined: boolean }[]): number[] {
  const numbers: number[] = [];
  let total = 0;
  let current = 0;
  let last: 'none' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'and' = 'none';
  const flush = (): void => {
    if (last !== 'none') numbers.push(total + current);
    total = 0;
    current = 0;
    last = 'none';
  };
  for (const { word, joined } of words) {
    if (!joined) flush();
    const unit = ENGLISH_UNITS[word];
    const tens = ENGLISH_TENS[word];
    const scale = ENGLISH_SCALES[word];
    if (unit !== undefined) {
      const teen = unit === 0 || unit >= 10;
      // A unit after a unit, or a teen after tens, starts another number ("three four", "twenty twelve").
      if (last === 'unit' || last === 'teen' || (last === 'tens' && teen)) flush();
      current += unit;
      last = teen ? 'teen' : 'unit';
    } else if (tens !== undefined) {
      if (last === 'unit' || last === 'teen' || last === 'tens') flush();
      current += tens;
      last = 'tens';
    } else if (word === 'hundred' && last !== 'none' && last !== 'and') {
      current = (current === 0 ? 1 : current) * 100;
      last = 'hundred';
    } else if (scale !== undefined && last !== 'none' && last !== 'and') {
      total += (current === 0 ? 1 : current) * scale;
      current = 0;
      last = 'scale';
    } else if (word === 'and' && (last === 'hundred' || last === 'scale')) {
      last = 'and';
    } else {
      flush();
    }
  }
  flush();
  return numbers;
}

const HAN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const HAN_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const HAN_SCALES: Readonly<Record<string, number>> = { 万: 10_000, 亿: 100_000_000 };
/** Words that begin with 一 without meaning one: 一共 (in all), 一样 (the same), 一定 (surely)… */
const NOT_ONE = new Set([...'共起样般直下些定点会切旦']);

/**
 * Chinese numerals: `十三` is 13, `一百零五` 105, `六万五千四百九十五` 65495. Digits with no unit between them (`三四`)
 * are read one by one: `三四个` means "three or four", so they are several numbers, and a hedge.
 */
function hanNumbers(run: string): number[] {
  const chars = [...run];
  if (chars.length > 1 && !chars.some((char) => char in HAN_UNITS || char in HAN_SCALES)) {
    return chars.map((char) => HAN_DIGITS[char] ?? 0);
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const char of chars) {
    const unit = HAN_UNITS[char];
    const scale = HAN_SCALES[char];
    if (unit !== undefined) {
      section += (digit ?? 1) * unit;
      digit = undefined;
    } else if (scale !== undefined) {
      total += (section + (digit ?? 0)) * scale;
      section = 0;
      digit = undefined;
    } else {
      digit = HAN_DIGITS[char] ?? 0;
    }
  }
  return [total + section + (digit ?? 0)];
}

/** Digit groups of three after one separator (thousands), a hex number, plain digits, words, Chinese numerals. */
const NUMBER_TOKEN =
  /(?<hex>0x[0-9a-f]*)|(?<grouped>\d{1,3}(?<sep>[,_' \u00a0\u202f])\d{3}(?:\k<sep>\d{3})*(?!\d))|(?<plain>\d+(?:\.\d+)?)|(?<word>[a-z]+)|(?<han>[零〇一二两三四五六七八九十百千万亿]+)/gi;

function numbersIn(text: string): { readonly values: number[]; readonly hex: boolean } {
  const values: number[] = [];
  let hex = false;
  const words: { word: string; joined: boolean }[] = [];
  let wordsEnd = -1;
  for (const match of text.matchAll(NUMBER_TOKEN)) {
    const groups = match.groups ?? {};
    const start = match.index;
    if (groups.word !== undefined) {
      const joined = wordsEnd >= 0 && /^[\s-]+$/.test(text.slice(wordsEnd, start));
      words.push({ word: groups.word.toLowerCase(), joined });
      wordsEnd = start + groups.word.length;
      continue;
    }
    if (groups.hex !== undefined) {
      // `0x` alone is no number at all.
      if (groups.hex.length > 2) {
        hex = true;
        values.push(Number.parseInt(groups.hex.slice(2), 16));
      }
    } else if (groups.han !== undefined) {
      const next = text[start + groups.han.length];
      const run =
        groups.han.endsWith('一') && next !== undefined && NOT_ONE.has(next) ? groups.han.slice(0, -1) : groups.han;
      if (run.length > 0) values.push(...hanNumbers(run));
    } else {
      const digits = (groups.grouped ?? groups.plain ?? '').replace(/[,_' \u00a0\u202f]/g, '');
      // A minus sign right before the digits, not between two words or numbers (`3-4` is a range, `-1` negative).
      const negative = /(?:^|[^\p{L}\p{N}])[-−]$/u.test(text.slice(Math.max(0, start - 2), start));
      values.push((negative ? -1 : 1) * Number(digits));
    }
  }
  values.push(...englishNumbers(words));
  return { values, hex };
}

/**
 * Exactly one number: the same value written twice (`three (3)`, `0x3cc2e0b3 = 1019365427`) is one answer,
 * two different values are a hedge. Hex only with `{ hex: true }`, for sequence and acknowledgement numbers.
 */
export function readNumber(text: string, options: { readonly hex?: boolean } = {}): Reading<number> {
  const prepared = prepare(text, true);
  if (prepared.hedge !== undefined) return unread(prepared.hedge);
  const { values, hex } = numbersIn(prepared.text);
  if (hex && options.hex !== true) return unread(HEDGES.decimalOnly);
  const distinct = new Set(values);
  if (distinct.size > 1) return unread(HEDGES.severalNumbers);
  const [value] = distinct;
  return value === undefined ? unread() : answer(value);
}

// ------------------------------------------------------------------ flags

const FLAG_WORDS: Readonly<Record<string, string>> = {
  FIN: 'FIN',
  FINISH: 'FIN',
  SYN: 'SYN',
  SYNCHRONIZE: 'SYN',
  SYNCHRONISE: 'SYN',
  RST: 'RST',
  RESET: 'RST',
  PSH: 'PSH',
  PUSH: 'PSH',
  ACK: 'ACK',
  ACKNOWLEDGE: 'ACK',
  ACKNOWLEDGEMENT: 'ACK',
  ACKNOWLEDGMENT: 'ACK',
  URG: 'URG',
  URGENT: 'URG',
  ECE: 'ECE',
  CWR: 'CWR',
  // One word for two flags, as people write them.
  SYNACK: 'SYN ACK',
  FINACK: 'FIN ACK',
  RSTACK: 'RST ACK',
  PSHACK: 'PSH ACK',
};

/** The flags' names as Chinese textbooks give them. */
const HAN_FLAGS: readonly (readonly [RegExp, string])[] = [
  [/同步/, 'SYN'],
  [/确认|应答/, 'ACK'],
  [/复位|重置/, 'RST'],
  [/结束|终止/, 'FIN'],
  [/推送/, 'PSH'],
  [/紧急/, 'URG'],
];

/** The set of TCP flag names in the answer, upper case; other words (`and`, `flags`) and separators are ignored. */
export function readFlags(text: string): FlagsReading {
  const prepared = prepare(text);
  if (prepared.hedge !== undefined) return unread(prepared.hedge);
  const flags = new Set<string>();
  for (const word of prepared.text.toUpperCase().split(/[^A-Z]+/)) {
    const names = FLAG_WORDS[word];
    if (names !== undefined) for (const name of names.split(' ')) flags.add(name);
  }
  for (const [pattern, name] of HAN_FLAGS) if (pattern.test(prepared.text)) flags.add(name);
  return flags.size === 0 ? unread() : answer(flags);
}

export function sameFlags(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((flag) => b.has(flag));
}

// ------------------------------------------------------------------ sides

const CLIENT_WORDS = new Set(['client', 'me', 'i', 'my', 'mine', 'myself', 'we', 'us', 'shell', 'terminal', 'local']);
const SERVER_WORDS = new Set(['server', 'echo', 'remote']);
const BOTH_WORDS = new Set(['both', 'each']);
const HAN_CLIENT = /客户|我|本地|本机|本端/;
const HAN_SERVER = /服务|对方|对端|远端|远程|回显/;
const HAN_BOTH = /双方|两方|两边|两端|两者|二者|两侧/;
/** Naming both sides with "and" between them means both; without it (`client/server`) the answer hedges. */
const AND = /\b(?:and)\b|&|和|与|跟|及/i;

/** `client`, `server` or `both`. */
export function readSide(text: string): Reading<SideAnswer> {
  const prepared = prepare(text);
  if (prepared.hedge !== undefined) return unread(prepared.hedge);
  const graded = prepared.text;
  const words = graded.toLowerCase().split(/[^a-z]+/);
  if (words.some((word) => BOTH_WORDS.has(word)) || HAN_BOTH.test(graded)) return answer('both');
  const client = words.some((word) => CLIENT_WORDS.has(word)) || HAN_CLIENT.test(graded);
  const server = words.some((word) => SERVER_WORDS.has(word)) || HAN_SERVER.test(graded);
  if (client && server) return AND.test(graded) ? answer('both') : unread(HEDGES.bothSides);
  if (client) return answer('client');
  return server ? answer('server') : unread();
}

// ------------------------------------------------------------------ absence

/** Chinese says "carries no …" with 不 or 未 (`不带 MSS 选项`, `未携带`), which is no negation of an answer. */
const HAN_ABSENT = /不带|不含|不包含|未带|未携带|未包含|没带/g;

/** Whether the answer says "there was none" (`none`, `no MSS option`, `没有`, `不带`), without hedging. */
export function saysNone(text: string): boolean {
  const graded = gradedPart(text).replace(HAN_ABSENT, '没有');
  if (hedgeIn(graded, true) !== undefined) return false;
  return /\b(?:none|no|absent|missing|nothing)\b|没有|无/i.test(graded);
}
