/**
 * What keeps one client from taking the server from everyone, on a real lab server over real WebSockets: a
 * refused session is fatal and closed (so a page never waits forever on "Starting your servers…"), each client
 * has its own caps on connections and sessions, a connection that never says hello is closed, and a stopping
 * server tells its pages before it goes.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LABS } from '../labs';
import { PROTOCOL_VERSION } from '../src/protocol';
import type { ConfigInput } from './config';
import { type RunningLabServer, startLabServer } from './lab-server';
import { setQuiet } from './log';
import { TestClient } from './testing/test-client';

setQuiet(true);

async function withServer(config: ConfigInput, run: (server: RunningLabServer) => Promise<void>): Promise<void> {
  const server = await startLabServer({ port: 0, labPorts: { first: 55000, last: 55999 }, ...config }, LABS);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function refusedHello(server: RunningLabServer): Promise<{ code: string; fatal: boolean; close: unknown }> {
  const page = await TestClient.connect(server.url);
  page.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo' });
  const error = await page.waitFor((m) => m.type === 'error' || m.type === 'welcome');
  assert.equal(error.type, 'error', 'the hello was refused');
  const close = await page.closedBy();
  return error.type === 'error' ? { code: error.code, fatal: error.fatal, close } : { code: '', fatal: false, close };
}

describe('limits', () => {
  it('refuses a session past MAX_SESSIONS as fatal, closes with the code, and starts one once a slot frees', async () => {
    await withServer({ maxSessions: 1, sessionGraceMs: 0 }, async (server) => {
      const first = await TestClient.open(server.url);
      assert.deepEqual(await refusedHello(server), {
        code: 'LAB_ERR_SESSION_LIMIT',
        fatal: true,
        close: { code: 4000, reason: 'LAB_ERR_SESSION_LIMIT' },
      });
      await first.close();
      const deadline = Date.now() + 5000;
      while (server.sessions.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const retry = await TestClient.open(server.url);
      assert.equal(retry.welcome.type, 'welcome', 'a later attempt gets the freed slot');
      await retry.close();
    });
  });

  it('caps the sessions of one client, and not of another', async () => {
    await withServer({ maxSessionsPerClient: 2, trustedProxies: ['127.0.0.1'] }, async (server) => {
      const mine = [await TestClient.open(server.url), await TestClient.open(server.url)];
      assert.deepEqual(await refusedHello(server), {
        code: 'LAB_ERR_CLIENT_SESSION_LIMIT',
        fatal: true,
        close: { code: 4000, reason: 'LAB_ERR_CLIENT_SESSION_LIMIT' },
      });
      // Another student behind the trusted proxy is counted on their own.
      const other = await TestClient.connect(server.url, server.url, { 'x-forwarded-for': '10.1.2.3' });
      other.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo' });
      assert.equal((await other.waitFor((m) => m.type === 'welcome' || m.type === 'error')).type, 'welcome');
      await Promise.all([...mine, other].map((page) => page.close()));
    });
  });

  it('caps the WebSockets one client holds open, saying which cap it reached', async () => {
    await withServer({ maxConnectionsPerClient: 3 }, async (server) => {
      const open = await Promise.all([1, 2, 3].map(() => TestClient.connect(server.url)));
      const fourth = await TestClient.connect(server.url);
      const error = await fourth.waitFor((m) => m.type === 'error');
      assert.ok(error.type === 'error' && error.code === 'LAB_ERR_CLIENT_CONNECTION_LIMIT' && error.fatal);
      assert.deepEqual(await fourth.closedBy(), { code: 4000, reason: 'LAB_ERR_CLIENT_CONNECTION_LIMIT' });
      assert.equal(server.connectionsOf('127.0.0.1'), 3);
      await open[0]!.close();
      const deadline = Date.now() + 5000;
      while (server.connectionsOf('127.0.0.1') > 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      const again = await TestClient.open(server.url);
      assert.equal(again.welcome.type, 'welcome', 'a freed slot can be used again');
      await Promise.all([...open.slice(1), again].map((page) => page.close()));
    });
  });

  it('closes a WebSocket that does not say hello in time, and every such one', async () => {
    await withServer({ helloTimeoutMs: 200 }, async (server) => {
      const silent = await Promise.all([1, 2, 3, 4, 5].map(() => TestClient.connect(server.url)));
      for (const page of silent) {
        const error = await page.waitFor((m) => m.type === 'error', 3000);
        assert.ok(error.type === 'error' && error.code === 'LAB_ERR_HELLO_TIMEOUT' && error.fatal);
        assert.deepEqual(await page.closedBy(), { code: 4000, reason: 'LAB_ERR_HELLO_TIMEOUT' });
      }
      assert.equal(server.connectionsOf('127.0.0.1'), 0, 'none of them counts against the client any more');
      // A page that says hello in time is not affected, then or later.
      const page = await TestClient.open(server.url);
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(page.closed, false);
      await page.close();
    });
  });

  it('tells every page it is stopping, with the capture stopped, before closing with 1001', async () => {
    const server = await startLabServer({ port: 0, labPorts: { first: 55000, last: 55999 } }, LABS);
    const pages = [await TestClient.open(server.url), await TestClient.open(server.url)];
    await server.close();
    for (const page of pages) {
      const { code, reason } = await page.closedBy();
      assert.deepEqual({ code, reason }, { code: 1001, reason: 'LAB_ERR_SERVER_STOPPING' });
      const last = page.messages.slice(-2).map((m) => m.type);
      assert.deepEqual(last, ['capture', 'shutdown']);
      const capture = page.messages.at(-2);
      assert.ok(capture?.type === 'capture' && capture.capture.state === 'stopped');
    }
  });
});
