/**
 * The lab server as a student's browser and a hostile page meet it: real HTTP, real WebSockets, real ports.
 * Sessions start and resume, release their ports when the page goes, and bad input of every kind gets a clear
 * error while the server and the other sessions keep running.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { LABS } from '../labs';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '../src/protocol';
import { type RunningLabServer, startLabServer } from './lab-server';
import { setQuiet } from './log';
import { TestClient } from './testing/test-client';

setQuiet(true);

async function health(server: RunningLabServer): Promise<{ status: string; sessions: number; version: string }> {
  const response = await fetch(`${server.url}/healthz`);
  return (await response.json()) as { status: string; sessions: number; version: string };
}

async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function eventually(probe: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail('condition not reached in time');
}

/** The HTTP status a WebSocket upgrade gets, or 101 if it was accepted. */
function upgradeStatus(url: string, headers: { origin?: string; host?: string }, path = '/ws'): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}${path}`, {
      ...(headers.origin ? { origin: headers.origin } : {}),
      ...(headers.host ? { headers: { host: headers.host } } : {}),
    });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.once('error', reject);
  });
}

describe('lab server', () => {
  let server: RunningLabServer;
  before(async () => {
    server = await startLabServer(
      {
        port: 0,
        labPorts: { first: 42000, last: 42999 },
        sessionGraceMs: 300,
        version: '9.9.9',
      },
      LABS,
    );
  });
  after(() => server.close());

  it('answers /healthz with status, live sessions and version', async () => {
    const before = await health(server);
    assert.equal(before.status, 'ok');
    assert.equal(before.version, '9.9.9');
    const page = await TestClient.open(server.url);
    assert.equal((await health(server)).sessions, before.sessions + 1);
    await page.close();
  });

  it('accepts the WebSocket only from pages it served', async () => {
    const own = server.url;
    assert.equal(await upgradeStatus(own, { origin: own }), 101);
    assert.equal(
      await upgradeStatus(own, { origin: `http://localhost:${server.port}`, host: `localhost:${server.port}` }),
      101,
    );
    assert.equal(await upgradeStatus(own, { origin: 'http://evil.example' }), 403);
    assert.equal(await upgradeStatus(own, {}), 403, 'no Origin at all');
    assert.equal(await upgradeStatus(own, { origin: 'null' }), 403, 'sandboxed iframe or file page');
    // DNS rebinding: a hostile name resolving to 127.0.0.1 carries its own Host header.
    assert.equal(
      await upgradeStatus(own, {
        origin: `http://rebind.example:${server.port}`,
        host: `rebind.example:${server.port}`,
      }),
      403,
    );
    assert.equal(await upgradeStatus(own, { origin: own }, '/other'), 404);
  });

  it('starts a real echo server per session, on distinct ports in the range', async () => {
    const a = await TestClient.open(server.url);
    const b = await TestClient.open(server.url);
    assert.notEqual(a.port(), b.port());
    for (const port of [a.port(), b.port()]) {
      assert.ok(port >= 42000 && port <= 42999);
      assert.ok(await isListening(port));
    }
    await Promise.all([a.close(), b.close()]);
  });

  it('releases the session’s ports and sockets when the page goes away', async () => {
    const page = await TestClient.open(server.url);
    const port = page.port();
    page.type('connect echo');
    await page.waitForOutput('= 0');
    const session = server.sessions.get(page.welcome.session)!;
    assert.ok(session);
    // The tab is killed: the socket drops without a closing handshake.
    page.ws.terminate();
    await eventually(async () => server.sessions.get(page.welcome.session) === undefined);
    assert.equal(await isListening(port), false, 'the echo server is closed');
    assert.equal(server.ports.isLent(port), false, 'the port is back in the pool');
    assert.ok(session.isDisposed);
  });

  it('resumes the same session after a reload within the grace period', async () => {
    const first = await TestClient.open(server.url);
    first.type('connect echo');
    await first.waitForOutput('= 0');
    const { session, token } = first.welcome;
    first.ws.terminate();
    const second = await TestClient.open(server.url, 'tcp-echo', { resume: { session, token } });
    assert.equal(second.welcome.session, session);
    assert.equal(second.welcome.resumed, true);
    assert.equal(second.port(), first.port());
    await second.waitForOutput('connect(fd 3');
    // The shell kept its socket across the reload.
    second.type('status');
    await second.waitForOutput('established');
    await second.close();
  });

  it('does not resume with a wrong token or for another lab', async () => {
    const first = await TestClient.open(server.url);
    const { session } = first.welcome;
    first.ws.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const thief = await TestClient.open(server.url, 'tcp-echo', { resume: { session, token: 'guessed' } });
    assert.notEqual(thief.welcome.session, session);
    assert.equal(thief.welcome.resumed, false);
    await thief.close();
  });

  it('answers every kind of bad message with a clear error, and keeps every session running', async () => {
    const bystander = await TestClient.open(server.url);
    const attacker = await TestClient.connect(server.url);
    const cases: Array<[unknown, string]> = [
      ['{"type":"input","data":"x"}', 'LAB_ERR_SESSION_NOT_STARTED'],
      ['this is not json', 'LAB_ERR_MESSAGE_MALFORMED'],
      ['{"type":"launch-missiles"}', 'LAB_ERR_MESSAGE_UNKNOWN_TYPE'],
      ['{"type":"resize","cols":"wide","rows":1}', 'LAB_ERR_MESSAGE_INVALID'],
      ['{"type":"answer","question":"x","value":"1"}', 'LAB_ERR_SESSION_NOT_STARTED'],
      [JSON.stringify({ type: 'input', data: 'x'.repeat(MAX_MESSAGE_BYTES) }), 'LAB_ERR_MESSAGE_TOO_LARGE'],
      [Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]), 'LAB_ERR_MESSAGE_BINARY'],
    ];
    for (const [frame, code] of cases) {
      const seen = attacker.messages.length;
      attacker.ws.send(frame as string | Buffer);
      const error = await attacker.waitFor(
        (m, index = attacker.messages.indexOf(m)) => index >= seen && m.type === 'error',
      );
      assert.equal(error.type === 'error' && error.code, code, `frame ${String(frame).slice(0, 40)}`);
      assert.ok(error.type === 'error' && error.message.length > 10);
    }
    // The same connection can still start a session afterwards.
    attacker.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo' });
    await attacker.waitFor((m) => m.type === 'welcome');
    attacker.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo' });
    await attacker.waitFor((m) => m.type === 'error' && m.code === 'LAB_ERR_SESSION_ALREADY_STARTED');
    attacker.send({ type: 'answer', question: 'no-such-question', value: '42' });
    await attacker.waitFor((m) => m.type === 'error' && m.code === 'LAB_ERR_ANSWER_UNKNOWN');
    // The other student's lab is untouched.
    bystander.type('connect echo');
    await bystander.waitForOutput('= 0');
    assert.equal((await health(server)).status, 'ok');
    await Promise.all([attacker.close(), bystander.close()]);
  });

  it('closes a page that speaks another protocol version, saying why', async () => {
    const page = await TestClient.connect(server.url);
    page.send({ type: 'hello', protocol: 99, lab: 'tcp-echo' });
    const error = await page.waitFor((m) => m.type === 'error');
    assert.ok(error.type === 'error' && error.code === 'LAB_ERR_PROTOCOL_VERSION' && error.fatal);
    assert.deepEqual(await page.closedBy(), { code: 4000, reason: 'LAB_ERR_PROTOCOL_VERSION' });
  });

  it('refuses an unknown lab as fatal and closes, so the page does not wait forever', async () => {
    const page = await TestClient.connect(server.url);
    page.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'no-such-lab' });
    const error = await page.waitFor((m) => m.type === 'error');
    assert.ok(error.type === 'error' && error.code === 'LAB_ERR_LAB_UNKNOWN' && error.fatal);
    assert.deepEqual(await page.closedBy(), { code: 4000, reason: 'LAB_ERR_LAB_UNKNOWN' });
  });

  it('speaks the page’s language: a refusal, the checks and the shell of a Chinese page are Chinese', async () => {
    const refused = await TestClient.connect(server.url);
    refused.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'no-such-lab', locale: 'zh-Hans' });
    const error = await refused.waitFor((m) => m.type === 'error');
    assert.ok(error.type === 'error' && error.code === 'LAB_ERR_LAB_UNKNOWN');
    assert.match(error.message, /没有 id 为 "no-such-lab" 的实验/);

    const page = await TestClient.open(server.url, 'tcp-echo', { locale: 'zh-Hans' });
    const { lab, checks, servers } = page.welcome;
    for (const text of [lab.title, ...checks.map((check) => check.title), ...servers.map((s) => s.title)]) {
      assert.match(text, /\p{Script=Han}/u, `"${text}" is Chinese`);
    }
    await page.waitForOutput('socketlab');
    assert.match(page.output, /\p{Script=Han}/u, 'the shell greets in Chinese');
    await page.close();
  });

  it('answers in English a page that names no language, and resumes in the language of the page that resumes', async () => {
    const first = await TestClient.open(server.url);
    assert.doesNotMatch(first.welcome.lab.title, /\p{Script=Han}/u);
    const { session, token } = first.welcome;
    await first.close();
    const again = await TestClient.open(server.url, 'tcp-echo', { resume: { session, token }, locale: 'zh-Hans' });
    assert.equal(again.welcome.session, session);
    assert.match(again.welcome.checks[0]?.title ?? '', /\p{Script=Han}/u);
    assert.equal(again.welcome.servers[0]?.title, 'TCP 回显服务器');
    again.type('connect echo');
    await again.waitForOutput('TCP 回显服务器');
    await again.close();
  });

  it('refuses frames beyond the WebSocket limit without harming others', async () => {
    const bystander = await TestClient.open(server.url);
    const page = await TestClient.connect(server.url);
    const code = new Promise<number>((resolve) => page.ws.once('close', (closeCode) => resolve(closeCode)));
    page.ws.send('x'.repeat(2 * 1024 * 1024));
    assert.equal(await code, 1009, 'message too big');
    bystander.send({ type: 'ping', id: 5 });
    await bystander.waitFor((m) => m.type === 'pong' && m.id === 5);
    await bystander.close();
  });

  it('limits the message rate per connection', async () => {
    const page = await TestClient.open(server.url);
    for (let i = 0; i < 1200; i++) page.send({ type: 'ping', id: i });
    await page.waitFor((m) => m.type === 'error' && m.code === 'LAB_ERR_MESSAGE_RATE');
    const pongs = page.messages.filter((m) => m.type === 'pong').length;
    assert.ok(pongs < 1200, `some pings were dropped (${pongs} answered)`);
    await page.close();
  });

  it('serves a clear page when the site is not built, and never a path outside it', async () => {
    const response = await fetch(`${server.url}/docs/`);
    assert.equal(response.status, 503);
    assert.match(await response.text(), /not built/);
    const traversal = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
    assert.notEqual(traversal.status, 200);
  });
});
