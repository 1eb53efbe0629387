/**
 * Runs the code listings of the lesson "The three-way handshake" (docs/tcp/handshake.mdx) for real, against a
 * TCP echo server started here on 127.0.0.1: each client must time its connect(), send exactly Hello,world!,
 * print the echo and end with FIN, in Python, C and Node. The never-accepting server of challenge 3 must show
 * what the challenge asks about: a first connect() that succeeds without accept(), and a second one that does not.
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

const LESSON = fileURLToPath(new URL('../../docs/tcp/handshake.mdx', import.meta.url));

let workDir = '';
let echo: RecordingEchoServer | undefined;
let listings = new Map<string, string>();

before(async () => {
  listings = extractListings(await readFile(LESSON, 'utf8'));
  workDir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-handshake-'));
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

async function assertTimedExchange(command: string, args: readonly string[]): Promise<void> {
  assert.ok(echo !== undefined);
  const before = echo.connections.length;
  const result = await run(command, args, workDir);
  assert.equal(result.code, 0, describeRun(result));
  assert.match(result.stdout, /connect\(\) returned 0 after \d+\.\d+ ms, from 127\.0\.0\.1:\d+/, describeRun(result));
  assert.match(result.stdout, /tcp\.port == \d+/);
  assert.match(result.stdout, /received 12 bytes: Hello,world!/, describeRun(result));
  const made = echo.connections.slice(before);
  assert.equal(made.length, 1, 'one connection to the echo server');
  await closedWithin(made[0]!);
  assert.equal(Buffer.concat(made[0]!.chunks).toString(), 'Hello,world!');
  assert.deepEqual(made[0]!.events.at(-1), 'fin', `the client must end with FIN: ${made[0]!.events.join(', ')}`);
}

test('the lesson has every listing it refers to', () => {
  for (const title of ['handshake.py', 'handshake.c', 'handshake.mjs', 'never_accept.py']) {
    assert.ok(listings.has(title), `missing code block title="${title}"`);
  }
});

test('handshake.py times connect(), exchanges Hello,world! and closes with FIN', { timeout: 30_000 }, async () => {
  await writeListing('handshake.py');
  await assertTimedExchange('python3', ['handshake.py', '127.0.0.1', String(echo!.port)]);
  await assertTimedExchange('python3', ['handshake.py', String(echo!.port)]);
});

test('handshake.c compiles without warnings and does the same', { timeout: 60_000 }, async () => {
  await writeListing('handshake.c');
  const compiled = await run('cc', ['-Wall', '-Wextra', '-Werror', '-o', 'handshake', 'handshake.c'], workDir);
  assert.equal(compiled.code, 0, describeRun(compiled));
  await assertTimedExchange(path.join(workDir, 'handshake'), ['127.0.0.1', String(echo!.port)]);
});

test('handshake.mjs does the same', { timeout: 30_000 }, async () => {
  await writeListing('handshake.mjs');
  await assertTimedExchange(process.execPath, ['handshake.mjs', '127.0.0.1', String(echo!.port)]);
});

test('handshake.py reports a refused connect() with its time', { timeout: 30_000 }, async () => {
  await writeListing('handshake.py');
  const result = await run('python3', ['handshake.py', String(await freePort())], workDir);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /failed after \d+\.\d+ ms: .*Connection refused/, describeRun(result));
});

/** Resolves true if a connection to the port completes within `ms`, false if it is still waiting then. */
function connectsWithin(port: number, ms: number, keep: net.Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    keep.push(socket);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(true);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

test('never_accept.py: the first connect() succeeds without accept(), the second waits', {
  timeout: 30_000,
}, async () => {
  const port = await freePort();
  const source = listing('never_accept.py');
  assert.match(source, /9000/);
  await writeListing('never_accept.py', source.replaceAll('9000', String(port)));
  const server = spawn('python3', ['never_accept.py'], { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const sockets: net.Socket[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`never_accept.py did not start: ${output}`)), 10_000);
      server.stdout.setEncoding('utf8').on('data', (text: string) => {
        output += text;
        if (output.includes('never accepting')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    assert.equal(await connectsWithin(port, 2000, sockets), true, 'the kernel completes the first handshake alone');
    assert.equal(await connectsWithin(port, 2500, sockets), false, 'the accept queue is full: the SYN goes unanswered');
  } finally {
    for (const socket of sockets) socket.destroy();
    server.kill('SIGTERM');
  }
});
