/**
 * A whole lab server bound to the lab's LAN address, run inside the lab's network namespace for the LAN
 * capture test, with one student's page on it (`TestClient`). It speaks JSON lines like
 * `lan-capture-fixture.ts`: on stdout the capture status and the session's echo port; on stdin `packets`
 * (waits for a closed connection on the page, says its packets), `pcapng <path>` (the page's download, as a
 * student gets it) and `stop`. It ends itself after `LIFETIME_MS`.
 */

import { writeFile } from 'node:fs/promises';
import { LABS } from '../../../labs';
import { startLabServer } from '../../lab-server';
import { setQuiet } from '../../log';
import { waitForPagePackets } from '../../testing/capture-lab';
import { TestClient } from '../../testing/test-client';
import { testDataDir } from '../../testing/test-data-dir';
import { packetLine, say, serveCommands } from './fixture-lines';

const LIFETIME_MS = 60_000;

const host = process.env.LAB_HOST ?? '';
setQuiet(true);
const server = await startLabServer(
  {
    host,
    labHost: host,
    publicHost: host,
    port: 60010,
    labPorts: { first: 60100, last: 60199 },
    capture: 'auto',
    version: 'test',
    dataDir: testDataDir(),
  },
  LABS,
);
const status = await server.captureReady;
const page = await TestClient.open(server.url);
say({ type: 'status', state: status.state, reason: status.reason, interface: server.capture?.interfaceName });
say({ type: 'session', port: page.port(), capture: page.welcome.capture });

let ending = false;
async function end(code: number): Promise<void> {
  if (ending) return;
  ending = true;
  await page.close();
  await server.close();
  process.exit(code);
}
setTimeout(() => void end(2), LIFETIME_MS).unref();

serveCommands({
  async packets() {
    const packets = await waitForPagePackets(
      page,
      (list) => list.filter((packet) => packet.tcp?.flagNames.includes('FIN')).length >= 2,
      20_000,
    );
    for (const packet of packets) say(packetLine(packet));
  },
  async pcapng(path) {
    const response = await fetch(`${server.url}${page.welcome.pcapng}`);
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
  },
  stop: () => end(0),
});
