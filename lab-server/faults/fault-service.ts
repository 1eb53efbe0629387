/**
 * The lab server's faults, for all its sessions: whether it may set those that drop packets in the kernel at all
 * (nftables, and the right to change the kernel's packet filter), and its one table, made on first use. At start
 * it removes the tables of lab servers that died without removing theirs (see fault-table.ts); at stop it removes
 * its own. A session's faults add their rules to the table and own them, so they end with the session. (A
 * restart needs none of this: it is available where nftables is not.)
 */

import type { Localized } from '../../src/common/localized';
import { FaultTable, removeStaleFaultTables } from './fault-table';
import { nftAvailability } from './nft';

export class FaultService {
  /** Why faults cannot be set here; undefined where they can. */
  readonly unavailable: Localized | undefined;
  readonly #nftPath: string;
  #table: Promise<FaultTable> | undefined;
  #stopped = false;

  private constructor(unavailable: Localized | undefined, nftPath: string) {
    this.unavailable = unavailable;
    this.#nftPath = nftPath;
  }

  static async start(nftPath = 'nft'): Promise<FaultService> {
    const availability = await nftAvailability(nftPath);
    if (!availability.available) return new FaultService(availability.reason, nftPath);
    await removeStaleFaultTables(nftPath);
    return new FaultService(undefined, nftPath);
  }

  /** The lab server's table, for a fault's rules; throws where faults are unavailable or the lab server stops. */
  async table(): Promise<FaultTable> {
    if (this.unavailable !== undefined || this.#stopped) throw new Error('faults are unavailable');
    this.#table ??= FaultTable.create(this.#nftPath);
    return this.#table;
  }

  /** Removes the table and every rule in it. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const table = this.#table;
    this.#table = undefined;
    if (table !== undefined) await (await table.catch(() => undefined))?.dispose();
  }
}
