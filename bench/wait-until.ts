/** Polling a condition the benchmark cannot be told about (a process gone, every payload seen), with a deadline. */

import { setTimeout as sleep } from 'node:timers/promises';

const INTERVAL_MS = 50;

/** Polls `done` every 50 ms for at most `timeoutMs`; returns whether it came true. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / INTERVAL_MS); attempt++) {
    if (done()) return true;
    await sleep(INTERVAL_MS);
  }
  return done();
}
