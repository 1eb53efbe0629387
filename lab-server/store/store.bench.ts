/**
 * What durability costs a progress write: `recordPass` calls per second on a SQLite file with synchronous=FULL
 * (the lab server's setting: the WAL fsynced at every commit), with synchronous=NORMAL (fsynced only at
 * checkpoints: survives a killed process, not a power cut), and on an in-memory database (no disk at all, the
 * baseline), printed as ratios against that baseline measured in the same run. Then what bounding a student's
 * history costs: `recordEvent` on an owner already at MAX_EVENTS_PER_OWNER (every insert trims the oldest)
 * against one with few events, both in memory so the disk does not hide it.
 *
 *   node --import tsx lab-server/store/store.bench.ts
 *
 * Each variant runs ROUNDS times in turn (so a burst of other load on the machine falls on all of them) and
 * the median round is reported. A benchmark, not a test: nothing here is compared with a threshold.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_EVENTS_PER_OWNER } from './progress-store';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store';

const ROUNDS = 5;
/** Writes per round, bounded also in time so a slow disk still ends the run. */
const WRITES = 2000;
const ROUND_MS = 4000;

interface Variant {
  readonly name: string;
  readonly file: ':memory:' | 'file';
  readonly options: SqliteStoreOptions;
}

const VARIANTS: readonly Variant[] = [
  { name: 'in memory (baseline)', file: ':memory:', options: {} },
  { name: 'file, synchronous=NORMAL', file: 'file', options: { synchronous: 'NORMAL' } },
  { name: 'file, synchronous=FULL (lab server)', file: 'file', options: { synchronous: 'FULL' } },
];

const root = mkdtempSync(path.join(tmpdir(), 'socketlab-store-bench-'));
let files = 0;

async function passesPerSecond(variant: Variant): Promise<number> {
  files += 1;
  const file = variant.file === ':memory:' ? ':memory:' : path.join(root, `bench-${files}.sqlite`);
  const store = await SqliteStore.open(file, variant.options);
  for (let index = 0; index < 20; index += 1) {
    await store.recordPass({ owner: 'warm', lab: 'bench', kind: 'check', item: `w${index}`, at: index });
  }
  const start = performance.now();
  let done = 0;
  while (done < WRITES && performance.now() - start < ROUND_MS) {
    await store.recordPass({ owner: `s${done % 40}`, lab: 'bench', kind: 'check', item: `i${done}`, at: done });
    done += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  await store.close();
  return done / seconds;
}

async function eventsPerSecond(prefill: number): Promise<number> {
  const store = await SqliteStore.open(':memory:');
  const db = store.database;
  const insert = db.prepare('INSERT INTO events (owner, lab, kind, item, state, at) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let at = 0; at < prefill; at += 1) insert.run('ada', 'bench', 'check', 'a', 'failed', at);
  })();
  const start = performance.now();
  let done = 0;
  while (done < WRITES && performance.now() - start < ROUND_MS) {
    await store.recordEvent({ owner: 'ada', lab: 'bench', kind: 'check', item: 'a', state: 'passed', at: done });
    done += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  await store.close();
  return done / seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function row(name: string, perSecond: number, baseline: number): string {
  return `  ${name.padEnd(40)} ${perSecond.toFixed(0).padStart(9)} /s   ${(perSecond / baseline).toFixed(3)}× baseline`;
}

try {
  const passes = new Map<string, number[]>(VARIANTS.map((variant) => [variant.name, []]));
  const events = { few: [] as number[], full: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const variant of VARIANTS) passes.get(variant.name)?.push(await passesPerSecond(variant));
    events.few.push(await eventsPerSecond(10));
    events.full.push(await eventsPerSecond(MAX_EVENTS_PER_OWNER));
  }
  const baseline = median(passes.get(VARIANTS[0]?.name ?? '') ?? []);
  console.log(`recordPass, median of ${ROUNDS} rounds of up to ${WRITES} writes:`);
  for (const variant of VARIANTS) console.log(row(variant.name, median(passes.get(variant.name) ?? []), baseline));
  const few = median(events.few);
  console.log('recordEvent in memory:');
  console.log(row('owner with 10 events (baseline)', few, few));
  console.log(row(`owner at ${MAX_EVENTS_PER_OWNER} events (trims each insert)`, median(events.full), few));
} finally {
  rmSync(root, { recursive: true, force: true });
}
