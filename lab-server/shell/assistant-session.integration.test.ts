/**
 * The lab shell as a session gives it, through a real lab server and a page's WebSocket: the assistant servers'
 * consoles reach `listen` (a client program's greeting shown, an answer sent back), and the session's faults
 * reach `fault` and `loss` — here on a lab server that may not touch the packet filter, so loss is refused with
 * its reason while restart works and is said. Ports 50600–50649.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { verbatim } from '../../src/common/localized';
import { defineLab } from '../../src/lab-kit';
import { EVERY_FAULT } from '../faults/testing/fault-labs';
import { type RunningLabServer, startLabServer } from '../lab-server';
import { setQuiet } from '../log';
import { TestClient } from '../testing/test-client';

setQuiet(true);

const ASSISTANT = defineLab({
  id: 'assistant-wiring',
  title: verbatim('Assistant wiring'),
  servers: [
    { id: 'assistant', kind: 'tcp-assistant', title: verbatim('TCP network assistant') },
    { id: 'udp', kind: 'udp-assistant', title: verbatim('UDP network assistant') },
  ],
  checks: [],
  greeting: verbatim('hi'),
});

describe('the lab shell in a session', { timeout: 60_000 }, () => {
  let server: RunningLabServer;
  before(async () => {
    // No nft at this path: loss cannot be set here, and says why; restart needs no packet filter.
    server = await startLabServer(
      { port: 0, labPorts: { first: 50600, last: 50649 }, capture: 'off', nftPath: '/nonexistent/nft' },
      [ASSISTANT, EVERY_FAULT],
    );
  });
  after(async () => {
    await server.close();
  });

  it("listens on the session's assistant server", async () => {
    const page = await TestClient.open(server.url, ASSISTANT.id);
    const board = net.connect({ host: '127.0.0.1', port: page.port('assistant') });
    try {
      await once(board, 'connect');
      board.write('Hello,world!');
      page.type('listen');
      await page.waitForOutput('client #1');
      await page.waitForOutput('"Hello,world!"');
      const answer = once(board, 'data');
      page.type('send --to 1 OK');
      assert.equal(String((await answer)[0]), 'OK');
      page.type('listen udp');
      await page.waitForOutput('SOCK_DGRAM');
    } finally {
      board.destroy();
      await page.close();
    }
  });

  it("sets the session's faults, and says why one cannot be set", async () => {
    const page = await TestClient.open(server.url, EVERY_FAULT.id);
    try {
      page.type('fault');
      await page.waitForOutput('restart  echo');
      page.type('loss 20');
      await page.waitForOutput('nftables');
      page.type('loss 101');
      await page.waitForOutput('"101" is not a loss rate');
      page.type('fault restart echo 1');
      await page.waitForOutput('restart on echo: the server is away for 1 s');
      await page.waitFor((m) => m.type === 'fault' && m.fault.kind === 'restart' && m.fault.value === 0, 15_000);
    } finally {
      await page.close();
    }
  });
});
