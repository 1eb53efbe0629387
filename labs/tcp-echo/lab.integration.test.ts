/**
 * The lab's checks against a real lab server: they pass on the reference solution, stay unpassed on an empty
 * attempt, and fail with the right explanation for the two classic mistakes — the wrong greeting, and closing
 * before reading the echo (which the server sees as RST). With real capture they also pass every client the
 * lesson teaches, and fail the clients that never read the echo even where the server's sockets see a clean
 * close: one that shuts down its sending side and closes without reading, and one that closes before the echo
 * arrives. Those clients are Python programs, so the socket calls are exactly the ones named.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { type RunningLabServer, startLabServer } from '../../lab-server/lab-server';
import { setQuiet } from '../../lab-server/log';
import { startCaptureLabServer, waitForPagePackets } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { LABS } from '../index';
import { type ChildResult, describeRun, LessonListings, run } from '../testing/listings';
import { assertSessionTranslated } from '../testing/translations';
import { echoOnce } from './solution';

setQuiet(true);

describe('lab tcp-echo', () => {
  let server: RunningLabServer;
  before(async () => {
    server = await startLabServer({ port: 0, labPorts: { first: 41000, last: 41999 } }, LABS);
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
    assert.match(check.detail, /closed with the echo still unread: the kernel answered with RST/);
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

/** Runs a Python client (given as its lines) against a port; it must exit 0. Returns what it printed. */
async function runPython(lines: readonly string[], port: number): Promise<string> {
  const result = await run('python3', ['-c', lines.join('\n'), String(port)], os.tmpdir(), 10_000);
  assert.equal(result.code, 0, describeRun(result));
  return result.stdout;
}

const CONNECT = [
  'import socket, sys, time',
  'sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)',
];
const SEND = 'sock.sendall(b"Hello,world!")';
/** Holds what is sent until the FIN goes with it, so the FIN surely leaves before the echo is back. */
const CORK = 'sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)';
/** Waits until the whole echo is in the receive buffer; MSG_PEEK looks at it without taking anything. */
const AWAIT_ECHO_UNREAD = ['while len(sock.recv(64, socket.MSG_PEEK)) < 12:', '    time.sleep(0.01)'];

describe('lab tcp-echo with real capture', () => {
  const lesson = new LessonListings(new URL('../../docs/tcp/first-connection.mdx', import.meta.url));
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    ({ server, skipReason: skip } = await startCaptureLabServer({ first: 39000, last: 39499 }));
    await lesson.open();
  });
  after(async () => {
    await lesson.close();
    await server.close();
  });

  it('passes every check on the reference solution', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url);
    assert.equal(await echoOnce('127.0.0.1', page.port()), 'Hello,world!');
    for (const id of ['connected', 'sent-hello', 'read-echo', 'closed-cleanly']) {
      await page.waitForCheck(id, 'passed');
    }
    assert.match(page.checks().get('read-echo')!.detail, /acknowledged all 12 bytes of the echo/);
    await page.close();
  });

  it('reads in Chinese, with the English numbers, on the reference solution and the empty attempt', async (t) => {
    if (skip) return t.skip(skip);
    const empty = await TestClient.open(server.url, 'tcp-echo', { locale: 'zh-Hans' });
    empty.send({ type: 'ping', id: 1 });
    await empty.waitFor((m) => m.type === 'pong');
    assert.match(
      empty.checks().get('connected')!.detail,
      new RegExp(`等待客户端连接到 127\\.0\\.0\\.1:${empty.port()}`),
    );
    await (await assertSessionTranslated(empty, server.url)).close();

    const page = await TestClient.open(server.url, 'tcp-echo', { locale: 'zh-Hans' });
    assert.equal(await echoOnce('127.0.0.1', page.port()), 'Hello,world!');
    for (const id of ['connected', 'sent-hello', 'read-echo', 'closed-cleanly']) {
      await page.waitForCheck(id, 'passed');
    }
    assert.match(page.checks().get('read-echo')!.detail, /确认了回显的全部 12 个字节/);
    await (await assertSessionTranslated(page, server.url)).close();
  });

  it('passes every check from the lab terminal: connect, send, recv, close', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url);
    for (const [line, output] of [
      ['connect echo', '= 0'],
      ['send Hello,world!', '= 12'],
      ['recv', '12 bytes'],
      ['close', 'FIN sent'],
    ] as const) {
      page.type(line);
      await page.waitForOutput(output);
    }
    for (const id of ['connected', 'sent-hello', 'read-echo', 'closed-cleanly']) {
      await page.waitForCheck(id, 'passed');
    }
    await page.close();
  });

  /** Runs one of the lesson's clients against `port`, the way its listing test does. */
  async function runListing(title: string, port: string): Promise<ChildResult> {
    switch (title) {
      case 'client.c':
        return lesson.run(await lesson.compile(title), ['127.0.0.1', port]);
      case 'client.mjs':
        await lesson.write(title);
        return lesson.run(process.execPath, [title, '127.0.0.1', port]);
      case 'main.py': {
        // The MicroPython client names its server in two lines of its own; its socket part runs under CPython.
        const source = lesson.listing(title).replace(/^HOST = .*$/m, 'HOST = "127.0.0.1"');
        await lesson.write(title, source.replace(/^PORT = .*$/m, `PORT = ${port}`));
        return lesson.run('python3', [title]);
      }
      default:
        await lesson.write(title);
        return lesson.run('python3', [title, '127.0.0.1', port]);
    }
  }

  it('passes "read the echo" for each client of the lesson', { timeout: 60_000 }, async (t) => {
    if (skip) return t.skip(skip);
    for (const title of ['client.py', 'client.c', 'client.mjs', 'main.py']) {
      const page = await TestClient.open(server.url);
      const result = await runListing(title, String(page.port()));
      assert.equal(result.code, 0, `${title}: ${describeRun(result)}`);
      await page.waitForCheck('read-echo', 'passed');
      await page.waitForCheck('closed-cleanly', 'passed');
      await page.close();
    }
  });

  it('fails "read the echo" for shutdown(SHUT_WR), then close() with the echo unread', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url);
    // Corked, so the FIN goes before the echo is back. Without that the echo can win the race, and a client whose
    // FIN acknowledges the echo looks, packet for packet, like one that read it: no check can fail that one.
    const stdout = await runPython(
      [
        ...CONNECT,
        CORK,
        SEND,
        'sock.shutdown(socket.SHUT_WR)',
        ...AWAIT_ECHO_UNREAD,
        'print("unread:", len(sock.recv(64, socket.MSG_PEEK)))',
        'time.sleep(0.2)',
        'sock.close()',
      ],
      page.port(),
    );
    assert.match(stdout, /unread: 12/);
    const check = await page.waitForCheck('read-echo', 'failed');
    assert.match(check.detail, /sent FIN \(port \d+\) before the echo reached it/);
    assert.equal(page.checks().get('sent-hello')!.state, 'passed');
    // What makes this case hard: the server's FIN reached the client before its close(), which put the socket in
    // TIME_WAIT, and Linux resets only a socket that is still open, so close() sent nothing and the server saw
    // an orderly end. Only the client's FIN, sent before the echo arrived, tells this client from one that read.
    const packets = await waitForPagePackets(
      page,
      (list) => list.filter((p) => p.tcp?.flagNames.includes('FIN')).length >= 2,
    );
    assert.ok(!packets.some((p) => p.tcp?.flagNames.includes('RST')), 'the kernel sent no RST');
    await page.close();
  });

  it('fails "read the echo" and the clean close for close() with the echo unread (RST)', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url);
    await runPython([...CONNECT, SEND, ...AWAIT_ECHO_UNREAD, 'sock.close()'], page.port());
    const check = await page.waitForCheck('read-echo', 'failed');
    assert.match(check.detail, /closed with the echo still unread: the kernel answered with RST/);
    await page.waitForCheck('closed-cleanly', 'failed');
    await page.close();
  });

  it('fails "read the echo" and the clean close for close() before the echo arrives', async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url);
    // Corked, the greeting leaves with the FIN of close(), so the echo surely reaches a closed socket, which
    // answers with RST. The server has read end-of-file and closed its own socket by then, so only the packets
    // show that RST.
    await runPython([...CONNECT, CORK, SEND, 'sock.close()', 'time.sleep(0.2)'], page.port());
    await page.waitForCheck('read-echo', 'failed');
    await page.waitForCheck('closed-cleanly', 'failed');
    await page.close();
  });
});
