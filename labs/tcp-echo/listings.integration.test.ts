/**
 * Runs the code listings of the lesson "Your first TCP connection" (docs/tcp/first-connection.mdx) for real, so
 * the page cannot teach a client that does not work. The listings are taken from the page by their `title=`
 * meta, written to a temporary directory, and run against a TCP echo server started here on 127.0.0.1, port 0.
 * That server records what each client sent and how it ended: FIN (`'end'`) or RST (`ECONNRESET`). The lesson
 * promises a clean close after reading the echo, and a client that closes with the echo unread is reset by its
 * kernel (RFC 2525 §2.17, RFC 9293 §3.6), so the FIN is asserted, not just the output.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const LESSON = fileURLToPath(new URL('../../docs/tcp/first-connection.mdx', import.meta.url));
const HELLO = 'Hello,world!';
/** No child may run longer than this; a hung client fails its test instead of hanging the suite. */
const CHILD_TIMEOUT_MS = 10_000;
/** How long the server may take to see a connection end after the client process exited. */
const CLOSE_TIMEOUT_MS = 5_000;

// ---------------------------------------------------------------- the listings

/** Every fenced code block of an MDX page that has a `title="…"` meta, by title, with its indentation removed. */
function extractListings(mdx: string): Map<string, string> {
  const listings = new Map<string, string>();
  const lines = mdx.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const indent = open[1] ?? '';
    const fence = open[2] ?? '';
    const info = open[3] ?? '';
    let end = i + 1;
    while (end < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[end] ?? '')) end++;
    assert.ok(end < lines.length, `unclosed code block at line ${i + 1} of the lesson`);
    const title = /\btitle="([^"]+)"/.exec(info)?.[1];
    if (title !== undefined) {
      assert.ok(!listings.has(title), `two code blocks are titled ${title}`);
      const body = lines.slice(i + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
      listings.set(title, `${body.join('\n')}\n`);
    }
    i = end;
  }
  return listings;
}

// ---------------------------------------------------------------- the echo server

interface ConnectionRecord {
  readonly peer: string;
  readonly chunks: Buffer[];
  /** The client sent FIN: the socket emitted 'end'. */
  fin: boolean;
  /** The client's kernel reset the connection. */
  reset: boolean;
  errorCode: string | undefined;
  closed: boolean;
  readonly whenClosed: Promise<void>;
}

interface RecordingEchoServer {
  readonly port: number;
  readonly connections: ConnectionRecord[];
  close(): Promise<void>;
}

/**
 * A TCP echo server like the lab's: it writes back every byte it reads and, when the client's FIN arrives,
 * ends its own side after the echo (allowHalfOpen, as a C server whose read() returned 0).
 */
async function startRecordingEchoServer(): Promise<RecordingEchoServer> {
  const connections: ConnectionRecord[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, function serverOnConnection(socket) {
    sockets.add(socket);
    let markClosed: () => void = () => {};
    const record: ConnectionRecord = {
      peer: `${socket.remoteAddress}:${socket.remotePort}`,
      chunks: [],
      fin: false,
      reset: false,
      errorCode: undefined,
      closed: false,
      whenClosed: new Promise<void>((resolve) => {
        markClosed = resolve;
      }),
    };
    connections.push(record);
    socket.on('data', function socketOnData(chunk: Buffer) {
      record.chunks.push(chunk);
      socket.write(chunk);
    });
    socket.on('end', function socketOnEnd() {
      record.fin = true;
      socket.end();
    });
    socket.on('error', function socketOnError(error: NodeJS.ErrnoException) {
      record.errorCode = error.code;
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') record.reset = true;
    });
    socket.on('close', function socketOnClose() {
      sockets.delete(socket);
      record.closed = true;
      markClosed();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object', 'the echo server has no port');
  return {
    port: address.port,
    connections,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------- child processes

interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs a program to completion, killing it (SIGKILL) if it outlives CHILD_TIMEOUT_MS. */
function run(command: string, args: readonly string[], cwd: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CHILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function describeRun(result: ChildResult): string {
  const how = result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`;
  return `${how}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`;
}

async function waitForClose(record: ConnectionRecord): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not see ${record.peer} close`)), CLOSE_TIMEOUT_MS);
  });
  try {
    await Promise.race([record.whenClosed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- the suite

let workDir = '';
let echo: RecordingEchoServer | undefined;
let listings = new Map<string, string>();

before(async () => {
  listings = extractListings(await readFile(LESSON, 'utf8'));
  workDir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-listings-'));
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

async function writeListing(title: string, text = listing(title)): Promise<string> {
  const file = path.join(workDir, title);
  await writeFile(file, text);
  return file;
}

/**
 * Runs one client against the echo server and asserts the whole exchange: exit 0, the echo printed, exactly
 * `Hello,world!` received by the server, and a FIN (not an RST) at the end.
 */
async function assertCleanExchange(command: string, args: readonly string[]): Promise<void> {
  assert.ok(echo !== undefined);
  const before = echo.connections.length;
  const result = await run(command, args, workDir);
  assert.equal(result.timedOut, false, `the client hung: ${describeRun(result)}`);
  assert.equal(result.code, 0, `the client failed: ${describeRun(result)}`);
  assert.match(result.stdout, /Hello,world!/, `the client did not print the echo: ${describeRun(result)}`);

  const made = echo.connections.slice(before);
  assert.equal(made.length, 1, `expected one connection to the echo server, saw ${made.length}`);
  const record = made[0]!;
  await waitForClose(record);
  const received = Buffer.concat(record.chunks);
  assert.equal(received.toString('latin1'), HELLO, 'the server must receive exactly Hello,world!');
  assert.equal(received.length, 12);
  assert.equal(record.reset, false, `the client reset the connection (${record.errorCode}) instead of closing it`);
  assert.equal(record.fin, true, 'the client must end the connection with FIN');
}

function echoPort(): string {
  assert.ok(echo !== undefined);
  return String(echo.port);
}

test('the lesson has every listing the tabs promise', () => {
  for (const title of ['client.py', 'client.c', 'client.mjs', 'main.py', 'boot.py', 'echo_server.py']) {
    assert.ok(listings.has(title), `missing code block title="${title}"`);
  }
});

test('client.py: connects, sends Hello,world!, reads the echo and closes with FIN', { timeout: 30_000 }, async () => {
  await writeListing('client.py');
  await assertCleanExchange('python3', ['client.py', '127.0.0.1', echoPort()]);
});

test('client.py: the host defaults to 127.0.0.1', { timeout: 30_000 }, async () => {
  await writeListing('client.py');
  await assertCleanExchange('python3', ['client.py', echoPort()]);
});

test('client.c: compiles without warnings, then does the same exchange', { timeout: 60_000 }, async () => {
  await writeListing('client.c');
  const compiled = await run('cc', ['-Wall', '-Wextra', '-Werror', '-o', 'client', 'client.c'], workDir);
  assert.equal(compiled.code, 0, `client.c does not compile cleanly: ${describeRun(compiled)}`);
  await assertCleanExchange(path.join(workDir, 'client'), ['127.0.0.1', echoPort()]);
});

test('client.mjs: connects, sends Hello,world!, reads the echo and closes with FIN', { timeout: 30_000 }, async () => {
  await writeListing('client.mjs');
  await assertCleanExchange(process.execPath, ['client.mjs', '127.0.0.1', echoPort()]);
});

test('main.py (MicroPython): its socket part runs unchanged under CPython', { timeout: 30_000 }, async () => {
  const source = listing('main.py');
  assert.doesNotMatch(source, /\bimport network\b/, 'the Wi-Fi part belongs in boot.py, not in main.py');
  const hostLine = /^HOST = .*$/m;
  const portLine = /^PORT = .*$/m;
  assert.match(source, hostLine, 'main.py must define HOST = … on a line of its own');
  assert.match(source, portLine, 'main.py must define PORT = … on a line of its own');
  const edited = source.replace(hostLine, 'HOST = "127.0.0.1"').replace(portLine, `PORT = ${echoPort()}`);
  await writeListing('main.py', edited);
  await assertCleanExchange('python3', ['main.py']);
});

test('a client that closes without reading the echo is seen as a reset, not a FIN', { timeout: 30_000 }, async () => {
  // The control for every FIN assertion above: the same server must see an RST when the echo is left unread.
  assert.ok(echo !== undefined);
  const careless = [
    'import socket, sys, time',
    'sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)',
    `sock.sendall(b"${HELLO}")`,
    'time.sleep(0.5)  # let the echo arrive, and leave it unread',
    'sock.close()',
    '',
  ].join('\n');
  await writeFile(path.join(workDir, 'careless.py'), careless);
  const before = echo.connections.length;
  const result = await run('python3', ['careless.py', echoPort()], workDir);
  assert.equal(result.code, 0, describeRun(result));
  const record = echo.connections[before];
  assert.ok(record !== undefined, 'the careless client did not connect');
  await waitForClose(record);
  assert.equal(record.reset, true, 'closing with unread data must reset the connection');
  assert.equal(record.fin, false);
});

test('echo_server.py (challenge 3) serves client.py', { timeout: 30_000 }, async () => {
  await writeListing('echo_server.py');
  await writeListing('client.py');
  const server = spawn('python3', ['echo_server.py', '0'], { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const killTimer = setTimeout(() => server.kill('SIGKILL'), 20_000);
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`echo_server.py printed no port: ${output}`)), CHILD_TIMEOUT_MS);
      server.stdout.setEncoding('utf8').on('data', (text: string) => {
        output += text;
        const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      server.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`echo_server.py exited with ${code}: ${output}`));
      });
    });
    const result = await run('python3', ['client.py', '127.0.0.1', port], workDir);
    assert.equal(result.code, 0, describeRun(result));
    assert.match(result.stdout, /received 12 bytes: Hello,world!/);
  } finally {
    clearTimeout(killTimer);
    server.kill('SIGTERM');
  }
});

test('addr.py prints both integer readings of the seed address', { timeout: 30_000 }, async () => {
  await writeListing('addr.py');
  const result = await run('python3', ['addr.py'], workDir);
  assert.equal(result.code, 0, describeRun(result));
  assert.deepEqual(result.stdout.trim().split('\n'), ['C0 A8 1F 66', '3232243558', '1713350848', '192.168.31.102']);
});

test('addr.c prints what the lesson says it prints', { timeout: 60_000 }, async () => {
  await writeListing('addr.c');
  const compiled = await run('cc', ['-Wall', '-Wextra', '-Werror', '-o', 'addr', 'addr.c'], workDir);
  assert.equal(compiled.code, 0, describeRun(compiled));
  const result = await run(path.join(workDir, 'addr'), [], workDir);
  assert.equal(result.code, 0, describeRun(result));
  const lesson = await readFile(LESSON, 'utf8');
  // The lesson shows the output of a little-endian machine; on a big-endian one only the raw s_addr line differs.
  assert.ok(lesson.includes(result.stdout.trimEnd()) || os.endianness() === 'BE', `addr.c printed:\n${result.stdout}`);
  assert.match(result.stdout, /bytes in memory:\s+C0 A8 1F 66/);
  assert.match(result.stdout, /ntohl\(s_addr\):\s+3232243558/);
});
