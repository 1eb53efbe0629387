/**
 * Packet loss on demand for one lab server port: a share of the packets to and from it dropped in the kernel
 * (`numgen random mod 100 < N drop`, in the lab server's own table), so a student's capture shows real
 * retransmissions, duplicate ACKs and fast retransmit rather than a simulation. This kernel has no `netem`;
 * nftables drops at random per packet, independently in each direction, which is what the lessons need. At 100 %
 * the rules drop every packet, which is the silent peer (silence.ts). The fault belongs to one session and is
 * removed when it ends (and with the whole table if the lab server dies).
 */

import { type ActiveFault, type FaultDefinition, NEVER_CHANGES, packetFilterUnavailable } from './fault-kind';
import type { FaultRule, FaultTable } from './fault-table';

export interface PacketLossOptions {
  readonly transport: 'tcp' | 'udp';
  readonly port: number;
  /** Whole percent, 0 to 100. */
  readonly percent: number;
}

/**
 * A fault kind that drops a share of a server port's packets, `percentOf(value)` percent for a setting of
 * `value`: the loss rate itself for `loss`, all or none for `silence`.
 */
export function portDropFault(percentOf: (value: number) => number): FaultDefinition {
  return {
    unavailable: ({ service }) => packetFilterUnavailable(service),
    async start({ server, service }, value): Promise<ActiveFault> {
      if (service === undefined) throw new Error('faults are turned off on this lab server');
      const { transport, port } = server.info;
      const loss = await PacketLoss.start(await service.table(), { transport, port, percent: percentOf(value) });
      let current = value;
      return {
        get value() {
          return current;
        },
        async set(next) {
          await loss.setPercent(percentOf(next));
          current = next;
        },
        onChange: NEVER_CHANGES,
        dispose: () => loss.dispose(),
      };
    },
  };
}

/** `loss`: the setting is the share of the port's packets dropped in each direction, in whole percent. */
export const lossFault = portDropFault((value) => value);

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
      const share = percent === 100 ? '' : `numgen random mod 100 < ${percent} `;
      for (const direction of ['dport', 'sport']) {
        this.#rules.push(
          await this.#table.addRule(`${this.#transport} ${direction} ${this.#port} ${share}counter drop`),
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
