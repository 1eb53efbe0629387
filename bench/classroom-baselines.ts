/**
 * The floors under the classroom section's numbers, measured in the same run: as many `GET /healthz` of the
 * same lab server, at the same concurrency, as students join (its HTTP stack, JSON and the loopback, without
 * the join's cookie signing, store transaction and roster), and as many `recordPass` calls, one after another,
 * on a SQLite store of its own with synchronous=FULL (the lab server's setting, as lab-server/store/
 * store.bench.ts measures it) as the students' checks pass: what the disk allows for one durable write each.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../lab-server/store/sqlite-store';
import { requestJson } from './classroom-http';
import { runPool } from './classroom-pool';
import { type Spread, spread } from './classroom-spread';

export interface RateResult {
  readonly count: number;
  readonly perSecond: number;
  readonly latency: Spread;
}

export async function measureHealthz(
  baseUrl: string,
  count: number,
  concurrency: number,
  timeoutMs: number,
): Promise<RateResult> {
  const started = performance.now();
  const latencies = await runPool(count, concurrency, async () => {
    const answer = await requestJson(baseUrl, 'GET', '/healthz', { timeoutMs });
    if (answer.status !== 200) throw new Error(`/healthz answered ${answer.status}`);
    return answer.ms;
  });
  return { count, perSecond: (count * 1000) / (performance.now() - started), latency: spread(latencies) };
}

/** `writes` passes recorded one after another (bounded by `maxMs` too, so a slow disk still ends the run). */
export async function measureSqliteFull(writes: number, maxMs: number): Promise<RateResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-bench-sqlite-'));
  try {
    const store = await SqliteStore.open(path.join(dir, 'progress.sqlite'), { synchronous: 'FULL' });
    const latencies: number[] = [];
    const started = performance.now();
    for (let done = 0; done < writes && performance.now() - started < maxMs; done++) {
      const before = performance.now();
      await store.recordPass({ owner: `s${done % 500}`, lab: 'tcp-echo', kind: 'check', item: `c${done}`, at: done });
      latencies.push(performance.now() - before);
    }
    const elapsed = performance.now() - started;
    await store.close();
    return { count: latencies.length, perSecond: (latencies.length * 1000) / elapsed, latency: spread(latencies) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
