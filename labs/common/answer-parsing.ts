/**
 * Reads what a student typed into a capture question, leniently: numbers with or without digit grouping
 * (`2864539821`, `2,864,539,821`, `2 864 539 821`) or in hex (`0xaabbccdd`, as the bytes pane shows them), and
 * possibly inside a sentence (`1, because the SYN counts as one`); TCP flag sets in any spelling (`RST,ACK`,
 * `rst ack`, `[RST, ACK]`, `reset + ack`); a side of the connection (`client`, `the server`, `me`). Each returns
 * `undefined` when it finds nothing of the kind, so the question can say what form it wants.
 */

/** Digit groups of three separated by one separator (thousands), a hex number, or plain digits. */
const NUMBER = /0x[0-9a-f]+|\d{1,3}(?:[,_' \u00a0\u202f]\d{3})+(?!\d)|\d+/gi;

/** Every number in the answer, in order. */
export function parseNumbers(answer: string): number[] {
  const numbers: number[] = [];
  for (const match of answer.matchAll(NUMBER)) {
    const text = match[0].toLowerCase();
    const value = text.startsWith('0x') ? Number.parseInt(text.slice(2), 16) : Number(text.replace(/\D/g, ''));
    if (Number.isSafeInteger(value)) numbers.push(value);
  }
  return numbers;
}

/** The first number in the answer: the one a question judges. */
export function parseNumber(answer: string): number | undefined {
  return parseNumbers(answer)[0];
}

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

/** The set of TCP flag names in the answer, upper case; other words (`and`, `flags`) are ignored. */
export function parseFlags(answer: string): Set<string> | undefined {
  const flags = new Set<string>();
  for (const word of answer.toUpperCase().split(/[^A-Z]+/)) {
    const names = FLAG_WORDS[word];
    if (names !== undefined) for (const name of names.split(' ')) flags.add(name);
  }
  return flags.size === 0 ? undefined : flags;
}

export function sameFlags(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((flag) => b.has(flag));
}

export type SideAnswer = 'client' | 'server' | 'both';

const CLIENT_WORDS = new Set(['client', 'me', 'i', 'my', 'mine', 'myself', 'we', 'us', 'shell', 'terminal', 'local']);
const SERVER_WORDS = new Set(['server', 'echo', 'remote']);
const BOTH_WORDS = new Set(['both', 'each']);

/** `client`, `server` or `both`; undefined when the answer names neither or contradicts itself. */
export function parseSide(answer: string): SideAnswer | undefined {
  const words = answer.toLowerCase().split(/[^a-z]+/);
  if (words.some((word) => BOTH_WORDS.has(word))) return 'both';
  const client = words.some((word) => CLIENT_WORDS.has(word));
  const server = words.some((word) => SERVER_WORDS.has(word));
  if (client === server) return undefined;
  return client ? 'client' : 'server';
}
