/**
 * One capture session's payload ledger: the unique payloads `m<session>-<n>;` the benchmark sent on the
 * session's TCP connection, and which of them its page saw in captured packets, per direction — to the echo
 * server and back. A payload counts as lost unless it was seen both ways. A token can be split across segments,
 * so each direction keeps the text after its last separator until the rest arrives. Tokens of another session
 * are counted, not kept: they mean a page got a packet that was not its own.
 */

import type { PacketDirection } from '../src/protocol';

const TOKEN_SEPARATOR = ';';
/** Missing payloads named in the report, across all sessions. */
const MAX_EXAMPLES = 5;

interface Direction {
  /** Text after the last separator: a token split across segments. */
  partial: string;
  readonly seen: Set<string>;
}

export interface MissingPayloads {
  /** Payloads never seen on their way to the server, and never seen echoed. */
  readonly requests: number;
  readonly echoes: number;
  readonly examples: readonly string[];
}

export class PayloadLedger {
  readonly #prefix: string;
  readonly #toServer: Direction = { partial: '', seen: new Set() };
  readonly #fromServer: Direction = { partial: '', seen: new Set() };
  #sent = 0;

  constructor(session: number) {
    this.#prefix = `m${session}-`;
  }

  get sent(): number {
    return this.#sent;
  }

  /** Every payload sent was seen both ways. */
  get complete(): boolean {
    return this.#toServer.seen.size >= this.#sent && this.#fromServer.seen.size >= this.#sent;
  }

  /** The next payload to write, counted as sent. */
  next(): string {
    return `${this.#token(this.#sent++)}${TOKEN_SEPARATOR}`;
  }

  /** Adds the complete tokens of captured payload text; returns how many belonged to another session. */
  see(direction: PacketDirection, text: string): number {
    const into = direction === 'to-server' ? this.#toServer : this.#fromServer;
    const parts = (into.partial + text).split(TOKEN_SEPARATOR);
    into.partial = parts.pop() ?? '';
    let foreign = 0;
    for (const token of parts) {
      if (token.startsWith(this.#prefix)) into.seen.add(token);
      else foreign++;
    }
    return foreign;
  }

  /** Adds this session's missing payloads to `into`, naming the first few. */
  countMissing(into: { requests: number; echoes: number; examples: string[] }): void {
    for (let n = 0; n < this.#sent; n++) {
      const token = this.#token(n);
      const request = !this.#toServer.seen.has(token);
      const echo = !this.#fromServer.seen.has(token);
      if (request) into.requests++;
      if (echo) into.echoes++;
      if ((request || echo) && into.examples.length < MAX_EXAMPLES) {
        into.examples.push(`${token} (${request && echo ? 'both' : request ? 'to the server' : 'the echo'})`);
      }
    }
  }

  #token(n: number): string {
    return `${this.#prefix}${n}`;
  }
}

export function missingPayloads(ledgers: readonly PayloadLedger[]): MissingPayloads {
  const missing = { requests: 0, echoes: 0, examples: [] as string[] };
  for (const ledger of ledgers) ledger.countMissing(missing);
  return missing;
}
