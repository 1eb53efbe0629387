/**
 * The lab server's own nftables table, where the faults' rules live: `inet socketlab_<pid>_<start>_<n>`, named
 * after the process that owns it (see process-identity.ts) and numbered within it, since tests run several lab
 * servers in one process. Rules are only ever added to this table, never to anyone
 * else's, with an `input` chain whose policy accepts: a fault drops what it matches, everything else goes on to
 * the machine's own firewall as before. Dropping on input (not output) is deliberate: loopback capture sees a
 * packet as it is sent, so the capture shows the lost segment once and then its retransmission, as a capture on a
 * real network shows a segment lost further along the path.
 *
 * The table goes with the lab server: `dispose` deletes it, and a lab server that died without doing so (SIGKILL)
 * leaves a table that the next one to start removes, along with every other table of this shape whose owner is
 * provably gone. Tables of live lab servers (several may run on one machine, tests in parallel) are left alone.
 */

import { isProcessGone, ownStartTime } from '../system/process-identity';
import { lastLine, runNft } from './nft';

const OWNED_NAME = /^socketlab_(\d+)_(\d+)_\d+$/;
/** Tables made by this process so far: several lab servers may run in one process (tests), each with its own. */
let made = 0;
const CHAIN = 'input';

/** One rule added to the table, removed by its handle. */
export interface FaultRule {
  readonly handle: number;
  /** Packets the rule matched (and dropped) so far, read from the kernel's counter. */
  packets(): Promise<number>;
  remove(): Promise<void>;
}

export class FaultTable {
  readonly name: string;
  readonly #nftPath: string;
  #disposed = false;

  private constructor(name: string, nftPath: string) {
    this.name = name;
    this.#nftPath = nftPath;
  }

  /** Removes the tables of dead lab servers, then makes this one's. Throws with nft's complaint if it cannot. */
  static async create(nftPath = 'nft'): Promise<FaultTable> {
    const start = await ownStartTime();
    await removeStaleFaultTables(nftPath);
    const name = `socketlab_${process.pid}_${start ?? Date.now()}_${++made}`;
    const table = new FaultTable(name, nftPath);
    // Made afresh even if the name exists (it cannot, unless /proc was unreadable and the clock repeated).
    await table.#run(
      `table inet ${name}\ndelete table inet ${name}\n` +
        `table inet ${name} {\n  chain ${CHAIN} {\n    type filter hook input priority filter; policy accept;\n  }\n}\n`,
    );
    return table;
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** Adds `rule` (nft syntax, e.g. `tcp dport 20417 numgen random mod 100 < 30 counter drop`) to the table. */
  async addRule(rule: string): Promise<FaultRule> {
    if (this.#disposed) throw new Error('the fault table is gone');
    if (!/^[a-z0-9 <>=!.:,{}-]+$/i.test(rule)) throw new Error(`not a rule this table accepts: ${rule}`);
    const result = await runNft(
      ['--echo', '--handle', 'add', 'rule', 'inet', this.name, CHAIN, ...rule.split(' ')],
      undefined,
      this.#nftPath,
    );
    if (result.code !== 0) throw new Error(`nft add rule: ${lastLine(result) ?? result.error ?? result.code}`);
    const handle = Number(/# handle (\d+)/.exec(result.stdout)?.[1]);
    if (!Number.isInteger(handle)) throw new Error(`nft add rule: no handle in ${result.stdout.slice(0, 200)}`);
    return {
      handle,
      packets: () => this.#packetsOf(handle),
      remove: () => this.#removeRule(handle),
    };
  }

  /** Deletes the table and every rule in it. Never throws: a lab server stopping must go on stopping. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await runNft(['delete', 'table', 'inet', this.name], undefined, this.#nftPath);
  }

  async #removeRule(handle: number): Promise<void> {
    if (this.#disposed) return;
    await runNft(['delete', 'rule', 'inet', this.name, CHAIN, 'handle', String(handle)], undefined, this.#nftPath);
  }

  async #packetsOf(handle: number): Promise<number> {
    const result = await runNft(['-j', 'list', 'chain', 'inet', this.name, CHAIN], undefined, this.#nftPath);
    if (result.code !== 0) return 0;
    for (const item of parseItems(result.stdout)) {
      const rule = item.rule as { handle?: unknown; expr?: unknown } | undefined;
      if (rule?.handle !== handle || !Array.isArray(rule.expr)) continue;
      for (const expression of rule.expr as unknown[]) {
        const counter = (expression as { counter?: { packets?: unknown } }).counter;
        if (typeof counter?.packets === 'number') return counter.packets;
      }
    }
    return 0;
  }

  async #run(script: string): Promise<void> {
    const result = await runNft([], script, this.#nftPath);
    if (result.code !== 0) throw new Error(`nft: ${lastLine(result) ?? result.error ?? result.code}`);
  }
}

/**
 * Deletes every `socketlab_<pid>_<start>_<n>` table whose owner is gone, and says which. Never throws; without a
 * readable `/proc`, nothing is removed (no owner can be proven gone).
 */
export async function removeStaleFaultTables(nftPath = 'nft'): Promise<string[]> {
  if ((await ownStartTime()) === undefined) return [];
  const listed = await runNft(['-j', 'list', 'tables'], undefined, nftPath);
  if (listed.code !== 0) return [];
  const removed: string[] = [];
  for (const item of parseItems(listed.stdout)) {
    const table = item.table as { family?: unknown; name?: unknown } | undefined;
    if (table?.family !== 'inet' || typeof table.name !== 'string') continue;
    const match = OWNED_NAME.exec(table.name);
    if (match === null) continue;
    try {
      if (!(await isProcessGone(Number(match[1]), match[2] ?? ''))) continue;
    } catch {
      continue;
    }
    const deleted = await runNft(['delete', 'table', 'inet', table.name], undefined, nftPath);
    if (deleted.code === 0) removed.push(table.name);
  }
  return removed;
}

/** The objects of `nft -j` output (`{"nftables": [{"table": …}, {"rule": …}]}`); none if it is not that. */
function parseItems(json: string): Record<string, unknown>[] {
  try {
    const parsed = JSON.parse(json) as { nftables?: unknown };
    return Array.isArray(parsed.nftables) ? (parsed.nftables as Record<string, unknown>[]) : [];
  } catch {
    return [];
  }
}
