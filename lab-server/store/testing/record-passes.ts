/**
 * A lab server stand-in for the progress store's crash tests: a process of its own that opens the store at
 * `<file>` and records passes `<prefix>-0`, `<prefix>-1`, … one after the other, printing `acked <item>` on
 * stdout once each `recordPass` resolved, the moment a page would show it green. The test kills it with
 * SIGKILL at some point and then looks for every acknowledged pass in the file. It stops by itself after
 * `<count>` passes or 60 s, whichever comes first, and prints `done`. With `wait`, it prints `open` and waits
 * for a line on stdin before writing, so that a test can start two writers at the same moment.
 *
 *   node --import tsx lab-server/store/testing/record-passes.ts <file> <prefix> <count> [wait]
 */

import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { SqliteStore } from '../sqlite-store';

const [file, prefix, countText, wait] = process.argv.slice(2);
if (file === undefined || prefix === undefined || countText === undefined) {
  process.stderr.write('usage: record-passes.ts <file> <prefix> <count>\n');
  process.exit(2);
}
const count = Number(countText);
const deadline = Date.now() + 60_000;
const store = await SqliteStore.open(file);
process.stdout.write('open\n');
if (wait === 'wait') {
  const lines = createInterface({ input: process.stdin });
  await once(lines, 'line');
  lines.close();
}
for (let index = 0; index < count && Date.now() < deadline; index += 1) {
  const item = `${prefix}-${index}`;
  await store.recordPass({ owner: 'local', lab: 'crash', kind: 'check', item, at: Date.now() });
  await store.recordEvent({ owner: 'local', lab: 'crash', kind: 'check', item, state: 'passed', at: Date.now() });
  process.stdout.write(`acked ${item}\n`);
}
await store.close();
process.stdout.write('done\n');
