/**
 * Packet loss on demand for one lab server port: a share of the packets to and from it dropped in the kernel
 * (`numgen random mod 100 < N drop`, in the lab server's own table), so a student's capture shows real
 * retransmissions, duplicate ACKs and fast retransmit rather than a simulation. This kernel has no `netem`;
 * nftables drops at random per packet, independently in each direction, which is what the lessons need. The
 * fault belongs to one session and is removed when it ends (and with the whole table if the lab server dies).
 */

import { type Localized, localized } from '../../src/common/localized';
import type { FaultRule, FaultTable } from './fault-table';

export interface PacketLossOptions {
  readonly transport: 'tcp' | 'udp';
  readonly port: number;
  /** Whole percent, 0 to 100. */
  readonly percent: number;
}

const TEXT = localized({
  en: {
    notANumber: (text: string) => `"${text}" is not a loss rate: give a whole percent from 0 to 100, like 20.`,
    outOfRange: (value: number) => `${value} % is not a loss rate: it is a whole percent from 0 to 100.`,
  },
  'zh-Hans': {
    notANumber: (text) => `"${text}" 不是丢包率：请给出 0 到 100 之间的整数百分比，例如 20。`,
    outOfRange: (value) => `${value}% 不是丢包率：丢包率是 0 到 100 之间的整数百分比。`,
  },
});

/** A loss rate as a student types it (`20`, `20%`), or why it is not one. */
export function parseLossPercent(text: string): { readonly percent: number } | { readonly error: Localized } {
  const trimmed = text.trim().replace(/\s*%$/, '');
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return { error: TEXT.notANumber(text.trim().slice(0, 20)) };
  const value = Number(trimmed);
  if (!Number.isInteger(value) || value < 0 || value > 100) return { error: TEXT.outOfRange(value) };
  return { percent: value };
}

export class PacketLoss {
  readonly #table: FaultTable;
  readonly #transport: 'tcp' | 'udp';
  readonly #port: number;
  #percent = 0;
  #rules: FaultRule[] = [];
  /** Changes run one after another: two quick changes must not leave the rules of both. */
  #chain: Promise<void> = Promise.resolve();

  private constructor(table: FaultTable, options: PacketLossOptions) {
    this.#table = table;
    this.#transport = options.transport;
    this.#port = options.port;
  }

  static async start(table: FaultTable, options: PacketLossOptions): Promise<PacketLoss> {
    const loss = new PacketLoss(table, options);
    await loss.setPercent(options.percent);
    return loss;
  }

  get percent(): number {
    return this.#percent;
  }

  /** Drops `percent` % of the port's packets from now on, in each direction; 0 drops none. */
  setPercent(percent: number): Promise<void> {
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
      return Promise.reject(new RangeError(`loss rate ${percent} is not a whole percent from 0 to 100`));
    }
    const change = this.#chain.then(async () => {
      await this.#removeRules();
      this.#percent = percent;
      if (percent === 0) return;
      // Both directions: data and the ACKs for it can each be lost, as on a real path.
      for (const direction of ['dport', 'sport']) {
        this.#rules.push(
          await this.#table.addRule(
            `${this.#transport} ${direction} ${this.#port} numgen random mod 100 < ${percent} counter drop`,
          ),
        );
      }
    });
    this.#chain = change.catch(() => undefined);
    return change;
  }

  /** Packets dropped so far by the current rules (a new rate starts counting again). */
  async dropped(): Promise<number> {
    const counts = await Promise.all(this.#rules.map((rule) => rule.packets()));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  async dispose(): Promise<void> {
    await this.#chain;
    await this.#removeRules();
  }

  async #removeRules(): Promise<void> {
    const rules = this.#rules;
    this.#rules = [];
    await Promise.all(rules.map((rule) => rule.remove()));
  }
}
