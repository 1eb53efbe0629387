/**
 * A lab server to be killed: started in a child process by faults.integration.test.ts, it opens a session of
 * EVERY_FAULT, sets silence and loss on its echo server through the page's `fault` messages, prints the echo
 * server's port once both are in the kernel, and waits to be killed with SIGKILL, which leaves its rules behind
 * for the next lab server to remove.
 *
 *   node --import tsx lab-server/faults/testing/killed-lab-server.ts FIRST LAST
 */

import { startLabServer } from '../../lab-server';
import { setQuiet } from '../../log';
import { TestClient } from '../../testing/test-client';
import { EVERY_FAULT } from './fault-labs';

setQuiet(true);
const [first, last] = process.argv.slice(2).map(Number);
const server = await startLabServer({ port: 0, labPorts: { first: first ?? 0, last: last ?? 0 } }, [EVERY_FAULT]);
const page = await TestClient.open(server.url, EVERY_FAULT.id);
for (const [kind, value] of [
  ['silence', 1],
  ['loss', 20],
] as const) {
  page.send({ type: 'fault', kind, server: 'echo', value });
  await page.waitFor((m) => m.type === 'fault' && m.fault.kind === kind && m.fault.value === value);
}
console.log(page.port('echo'));
setInterval(() => undefined, 60_000);
