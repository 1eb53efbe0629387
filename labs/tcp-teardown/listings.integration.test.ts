/**
 * Runs the code listings of the lesson "Closing a connection" (docs/tcp/closing.mdx) for real, on 127.0.0.1:
 * the half-close clients must read the echo after their FIN and then end of stream, in Python, C and Node; the
 * refused clients must report ECONNREFUSED from a port where nothing listens; and the server of challenge 1
 * must end up in TIME_WAIT, so that starting it again at once fails with EADDRINUSE, as the challenge says.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  closedWithin,
  describeRun,
  extractListings,
  freePort,
  type RecordingEchoServer,
  run,
  startRecordingEchoServer,
} from '../testing/listings';

const LESSON = fileURLToPath(new URL('../../docs/tcp/closing.mdx', import.meta.url));

let workDir = '';
let echo: RecordingEchoServer | undefined;
let listings = new Map<string, string>();

before(async () => {
  listings = extractListings(await readFile(LESSON, 'utf8'));
  workDir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-closing-'));
  echo = await startRecordingEchoServer();
});

after(async () => {
  await echo?.close();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

function listing(title: string): string {
  const text = listings.get(title);
  assert.ok(text !== undefined, `the lesson has no code block with title="${title}"`);
  return text;
}

async function writeListing(title: string, text = listing(title)): Promise<void> {
  await writeFile(path.join(workDir, title), text);
}

async function assertHalfClose(command: string, args: readonly string[]): Promise<void> {
  assert.ok(echo !== undefined);
  const before = echo.connections.length;
  const result = await run(command, args, workDir);
  assert.equal(result.code, 0, describeRun(result));
  assert.match(result.stdout, /shutdown\(SHUT_WR\) = 0: FIN sent, still reading/, describeRun(result));
  assert.match(result.stdout, /read 12 bytes after our FIN: Hello,world!/, describeRun(result));
  assert.match(result.stdout, /recv\(\) = 0/, describeRun(result));
  const made = echo.connections.slice(before);
  assert.equal(made.length, 1);
  await closedWithin(made[0]!);
  assert.equal(Buffer.concat(made[0]!.chunks).toString(), 'Hello,world!');
  assert.ok(made[0]!.events.includes('fin'), 'the server read end of file');
  assert.ok(!made[0]!.events.includes('reset'), 'a half-closed client reads the echo: no reset');
}

test('the lesson has every listing it refers to', () => {
  for (const title of [
    'half_close.py',
    'half_close.c',
    'half_close.mjs',
    'refused.py',
    'refused.c',
    'refused.mjs',
    'bye_server.py',
  ]) {
    assert.ok(listings.has(title), `missing code block title="${title}"`);
  }
});

test('half_close.py reads the echo after its FIN, then end of stream', { timeout: 30_000 }, async () => {
  await writeListing('half_close.py');
  await assertHalfClose('python3', ['half_close.py', String(echo!.port)]);
});

test('half_close.c compiles without warnings and does the same', { timeout: 60_000 }, async () => {
  await writeListing('half_close.c');
  const compiled = await run('cc', ['-Wall', '-Wextra', '-Werror', '-o', 'half_close', 'half_close.c'], workDir);
  assert.equal(compiled.code, 0, describeRun(compiled));
  await assertHalfClose(path.join(workDir, 'half_close'), ['127.0.0.1', String(echo!.port)]);
});

test('half_close.mjs does the same', { timeout: 30_000 }, async () => {
  await writeListing('half_close.mjs');
  await assertHalfClose(process.execPath, ['half_close.mjs', '127.0.0.1', String(echo!.port)]);
});

test('refused.py, refused.c and refused.mjs report ECONNREFUSED', { timeout: 60_000 }, async () => {
  const port = String(await freePort());
  for (const title of ['refused.py', 'refused.c', 'refused.mjs']) await writeListing(title);
  const compiled = await run('cc', ['-Wall', '-Wextra', '-Werror', '-o', 'refused', 'refused.c'], workDir);
  assert.equal(compiled.code, 0, describeRun(compiled));
  for (const [command, args] of [
    ['python3', ['refused.py', port]],
    [path.join(workDir, 'refused'), [port]],
    [process.execPath, ['refused.mjs', port]],
  ] as const) {
    const result = await run(command, args, workDir);
    assert.equal(result.code, 0, describeRun(result));
    assert.match(result.stdout, /connect\(\) = -1 ECONNREFUSED/, describeRun(result));
  }
});

test('bye_server.py closes first, so it cannot bind again at once', { timeout: 30_000 }, async () => {
  const port = await freePort();
  const source = listing('bye_server.py');
  assert.match(source, /9001/);
  await writeListing('bye_server.py', source.replaceAll('9001', String(port)));
  const server = spawn('python3', ['bye_server.py'], { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`bye_server.py did not start: ${output}`)), 10_000);
      server.stdout.setEncoding('utf8').on('data', (text: string) => {
        output += text;
        if (output.includes('listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const received = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let text = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      socket.once('end', () => resolve(text)); // the server's FIN came first; Node answers with ours
      socket.once('error', reject);
    });
    assert.equal(received, 'bye\n');
    await exited;
    const again = await run('python3', ['bye_server.py'], workDir);
    assert.notEqual(again.code, 0, 'the port is held by the TIME_WAIT of the connection the server closed');
    assert.match(again.stderr, /Address already in use/, describeRun(again));
  } finally {
    server.kill('SIGTERM');
  }
});
