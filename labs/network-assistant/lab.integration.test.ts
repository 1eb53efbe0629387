/**
 * The network-assistant lab done the lesson's way, against a real lab server: the lab terminal is the PC's
 * assistant (`listen`, `send --all`, `close N`, `listen udp`, `send --to N`), and the lesson's own programs,
 * taken from the page and run as outside processes, are the boards: two `client.py` at once, `short.py`, then
 * `udp_client.py`. Every check passes, from what the assistant read; each client prints what was typed at the
 * assistant and stops when the assistant closes it, and the UDP client prints the answer sent to its address.
 * The terminal alone passes them too, playing both ends as the lesson's "From the terminal alone" says, and
 * in local mode it reaches the lesson's board server on loopback with `connect 127.0.0.1 PORT`.
 * Then the same clients before anybody listens: with capture, the checks pass from the packets alone, and the
 * greeting that waited in the backlog appears once `listen` accepts it.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningLabServer, startLabServer } from '../../lab-server/lab-server';
import { setQuiet } from '../../lab-server/log';
import { startCaptureLabServer } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { LABS } from '../index';
import { type ChildResult, describeRun, LessonListings } from '../testing/listings';

setQuiet(true);

const LAB = 'network-assistant';
const CHECK_MS = 15_000;

/** A listing with its `HOST = …` and `PORT = …` lines set for this machine. */
function pointedAt(source: string, port: number): string {
  return source.replace(/^HOST = .*$/m, 'HOST = "127.0.0.1"').replace(/^PORT = .*$/m, `PORT = ${port}`);
}

/** The number the lab terminal gave its newest UDP client, read from `clients` (its rows: `#6  4  udp  …`). */
async function udpClientNumber(page: TestClient): Promise<string> {
  const before = page.output.length;
  page.type('clients');
  for (let waited = 0; waited < 5000; waited += 50) {
    const rows = [...page.output.slice(before).matchAll(/^#(\d+)\s+\S+\s+udp\b/gm)];
    const number = rows.at(-1)?.[1];
    if (number !== undefined) return number;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`clients lists no UDP client:\n${page.output.slice(before)}`);
}

/** Types a line into the lab terminal and waits until the terminal shows `shown`. */
async function typed(page: TestClient, line: string, shown: string): Promise<void> {
  page.type(line);
  await page.waitForOutput(shown);
}

function assertTalked(result: ChildResult): void {
  assert.equal(result.code, 0, describeRun(result));
  assert.match(result.stdout, /received 6 bytes: LED on/, describeRun(result));
  assert.match(result.stdout, /the assistant closed the connection/, describeRun(result));
}

describe('lab network-assistant, as the lesson does it', () => {
  const lesson = new LessonListings(new URL('../../docs/devices/network-assistant.mdx', import.meta.url));
  let server: RunningLabServer;
  let capture: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    await lesson.open();
    await lesson.write('client.py');
    server = await startLabServer({ port: 0, labPorts: { first: 53450, last: 53474 }, capture: 'off' }, LABS);
    ({ server: capture, skipReason: skip } = await startCaptureLabServer({ first: 53475, last: 53499 }));
  });
  after(async () => {
    await server.close();
    await capture.close();
    await lesson.close();
  });

  it('passes every check from the terminal and the lesson’s programs', { timeout: 90_000 }, async () => {
    const page = await TestClient.open(server.url, LAB);
    const tcp = String(page.port('assistant'));
    await typed(page, 'listen', `listen(fd 3, `);

    const first = lesson.run('python3', ['client.py', '127.0.0.1', tcp]);
    await page.waitForCheck('sent-hello', 'passed', CHECK_MS);
    const second = lesson.run('python3', ['client.py', tcp]);
    await page.waitForCheck('two-clients', 'passed', CHECK_MS);
    await typed(page, 'send --all LED on', '"LED on"');
    page.type('close 1');
    page.type('close 2');
    assertTalked(await first);
    assertTalked(await second);

    await lesson.write('short.py', pointedAt(lesson.listing('short.py'), Number(tcp)));
    const short = await lesson.run('python3', ['short.py']);
    assert.equal(short.code, 0, describeRun(short));
    await page.waitForCheck('short-connections', 'passed', CHECK_MS);

    await typed(page, 'listen udp', 'SOCK_DGRAM');
    await lesson.write('udp_client.py', pointedAt(lesson.listing('udp_client.py'), page.port('udp')));
    const udp = lesson.run('python3', ['udp_client.py']);
    await page.waitForCheck('udp-datagram', 'passed', CHECK_MS);
    page.type(`send --to ${await udpClientNumber(page)} ok`);
    const answered = await udp;
    assert.equal(answered.code, 0, describeRun(answered));
    assert.match(answered.stdout, /received 2 bytes: b'ok'/, describeRun(answered));

    for (const [id, check] of page.checks()) assert.equal(check.state, 'passed', `${id}: ${check.detail}`);
    await page.close();
  });

  it('passes every check from the terminal alone, both ends in one shell, as the lesson says', {
    timeout: 60_000,
  }, async () => {
    const page = await TestClient.open(server.url, LAB);
    await typed(page, 'connect assistant', 'connect(fd 3, ');
    await typed(page, 'send Hello,world!', 'send(fd 3, 12 bytes) = 12');
    await typed(page, 'listen', 'client #1');
    await page.waitForOutput('"Hello,world!"');
    await page.waitForCheck('sent-hello', 'passed', CHECK_MS);
    await typed(page, 'send --to 1 hi', '[fd 3: 2 bytes arrived');
    await typed(page, 'recv --fd 3', 'recv(fd 3, 1024) = 2 bytes  "hi"');
    await typed(page, 'connect assistant', 'client #2');
    await page.waitForCheck('two-clients', 'passed', CHECK_MS);
    for (const n of [1, 2, 3]) {
      await typed(page, 'connect assistant', `client #${n + 2}`);
      await typed(page, `send message ${n}`, `"message ${n}"`);
      page.type('close');
    }
    await page.waitForCheck('short-connections', 'passed', CHECK_MS);
    await typed(page, 'listen udp', 'SOCK_DGRAM');
    await typed(page, 'socket udp', 'SOCK_DGRAM) = fd');
    page.type('sendto udp Hello,world!');
    await page.waitForCheck('udp-datagram', 'passed', CHECK_MS);
    await page.close();
  });

  /** The lesson's board server on the first port of 53440–53449 it can bind (it sets SO_REUSEADDR). */
  async function startBoardServer() {
    for (let port = 53440; port <= 53449; port++) {
      await lesson.write('board_server.py', pointedAt(lesson.listing('board_server.py'), port));
      try {
        return { board: await lesson.startServer('python3', ['-u', 'board_server.py'], /listening on/), port };
      } catch (error) {
        if (!String(error).includes('Address already in use')) throw error;
      }
    }
    assert.fail('no port of 53440–53449 for the board server');
  }

  it('reaches the board’s server from the lab terminal, in local mode, as the lesson says', {
    timeout: 60_000,
  }, async () => {
    const page = await TestClient.open(server.url, LAB);
    const { board, port } = await startBoardServer();
    try {
      await typed(page, `connect 127.0.0.1 ${port}`, `connect(fd 3, 127.0.0.1:${port}) = 0`);
      await typed(page, 'send hello', '[fd 3: 16 bytes arrived');
      await typed(page, 'recv', '"board got: hello"');
      await typed(page, 'close', 'close(fd 3) = 0');
    } finally {
      board.stop();
    }
    await page.close();
  });

  it('with capture, passes from the packets before anybody listens', { timeout: 90_000 }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(capture.url, LAB);
    const tcp = String(page.port('assistant'));
    const first = lesson.run('python3', ['client.py', tcp]);
    const second = lesson.run('python3', ['client.py', tcp]);
    await page.waitForCheck('sent-hello', 'passed', CHECK_MS);
    await page.waitForCheck('two-clients', 'passed', CHECK_MS);
    assert.match(page.checks().get('sent-hello')?.detail ?? '', /No program has read them yet/);

    await lesson.write('short.py', pointedAt(lesson.listing('short.py'), Number(tcp)));
    const short = await lesson.run('python3', ['short.py']);
    assert.equal(short.code, 0, describeRun(short));
    await page.waitForCheck('short-connections', 'passed', CHECK_MS);

    await lesson.write('udp_client.py', pointedAt(lesson.listing('udp_client.py'), page.port('udp')));
    const udp = lesson.run('python3', ['udp_client.py']);
    await page.waitForCheck('udp-datagram', 'passed', CHECK_MS);

    // The program at the PC arrives: what waited in the backlog is accepted and read at once.
    await typed(page, 'listen', '"Hello,world!"');
    await typed(page, 'send --all LED on', '"LED on"');
    await typed(page, 'listen udp', 'SOCK_DGRAM');
    page.type(`send --to ${await udpClientNumber(page)} ok`);
    assert.match((await udp).stdout, /received 2 bytes: b'ok'/);
    page.type('exit');
    assertTalked(await first);
    assertTalked(await second);
    await page.close();
  });
});
