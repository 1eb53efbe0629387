/**
 * The lab's checks against a real lab server: they pass on the reference solution, stay unpassed on an empty
 * attempt, and fail with the right explanation for the two classic mistakes — the wrong greeting, and closing
 * before reading the echo (which the server sees as RST).
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type RunningLabServer, startLabServer } from '../../lab-server/lab-server';
import { setQuiet } from '../../lab-server/log';
import { TestClient } from '../../lab-server/testing/test-client';
import { echoOnce } from './solution';

setQuiet(true);

describe('lab tcp-echo', () => {
  let server: RunningLabServer;
  before(async () => {
    server = await startLabServer({ port: 0, labPorts: { first: 41000, last: 41999 } });
  });
  after(() => server.close());

  it('passes every check on the reference solution', async () => {
    const page = await TestClient.open(server.url);
    const echo = await echoOnce('127.0.0.1', page.port());
    assert.equal(echo, 'Hello,world!');
    for (const id of ['connected', 'sent-hello', 'read-echo', 'closed-cleanly']) {
      await page.waitForCheck(id, 'passed');
    }
    await page.close();
  });

  it('passes no check on an empty attempt', async () => {
    const page = await TestClient.open(server.url);
    // A ping round trip: every message the session produced before it has arrived.
    page.send({ type: 'ping', id: 1 });
    await page.waitFor((m) => m.type === 'pong');
    const states = [...page.checks().values()].map((check) => check.state);
    assert.deepEqual(states, ['pending', 'pending', 'pending', 'pending']);
    assert.match(page.checks().get('connected')!.detail, new RegExp(`127\\.0\\.0\\.1:${page.port()}`));
    await page.close();
  });

  it('fails "read the echo" when the client closes before reading it', async () => {
    const page = await TestClient.open(server.url);
    const socket = net.connect({ host: '127.0.0.1', port: page.port() });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('Hello,world!');
    // Wait until the echo is in this socket's receive buffer, unread, then close: Linux answers with RST.
    await page.waitFor((m) => m.type === 'event' && m.event.kind === 'send');
    socket.pause();
    socket.destroy();
    const check = await page.waitForCheck('read-echo', 'failed');
    assert.match(check.detail, /closed before reading the echo/);
    assert.equal(page.checks().get('sent-hello')!.state, 'passed');
    assert.equal(page.checks().get('closed-cleanly')!.state, 'failed');
    await page.close();
  });

  it('fails "send" with what the server actually received', async () => {
    const page = await TestClient.open(server.url);
    const socket = net.connect({ host: '127.0.0.1', port: page.port() });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.end('hello world');
    const check = await page.waitForCheck('sent-hello', 'failed');
    assert.match(check.detail, /"hello world" \(11 bytes\)/);
    socket.destroy();
    await page.close();
  });
});
