/**
 * Helpers for the tests that run a lesson's code listings for real, so a page cannot teach a program that does
 * not work: the listings taken from the MDX by their `title=` meta, a child-process runner with a time limit,
 * and a loopback TCP echo server like the lab's that records what each client sent and how it ended.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';

/** No child may run longer than this; a hung program fails its test instead of hanging the suite. */
export const CHILD_TIMEOUT_MS = 15_000;

/** Every fenced code block of an MDX page that has a `title="…"` meta, by title, with its indentation removed. */
export function extractListings(mdx: string): Map<string, string> {
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
    assert.ok(end < lines.length, `unclosed code block at line ${i + 1}`);
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

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs a program to completion, killing it (SIGKILL) if it outlives CHILD_TIMEOUT_MS. */
export function run(command: string, args: readonly string[], cwd: string): Promise<ChildResult> {
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

export function describeRun(result: ChildResult): string {
  const how = result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`;
  return `${how}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`;
}

/** What the echo server saw of one connection, in order: `data`, `fin` (the client's FIN), `reset`. */
export interface EchoConnection {
  readonly events: ('data' | 'fin' | 'reset')[];
  readonly chunks: Buffer[];
  readonly closed: Promise<void>;
}

export interface RecordingEchoServer {
  readonly port: number;
  readonly connections: EchoConnection[];
  close(): Promise<void>;
}

/**
 * A TCP echo server like the lab's, on 127.0.0.1 and a port the kernel picks: it writes back every byte and,
 * when the client's FIN arrives, ends its own side (allowHalfOpen, as a C server whose read() returned 0).
 */
export async function startRecordingEchoServer(): Promise<RecordingEchoServer> {
  const connections: EchoConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, function serverOnConnection(socket) {
    sockets.add(socket);
    let markClosed: () => void = () => {};
    const record: EchoConnection = {
      events: [],
      chunks: [],
      closed: new Promise<void>((resolve) => {
        markClosed = resolve;
      }),
    };
    connections.push(record);
    socket.on('data', function socketOnData(chunk: Buffer) {
      record.events.push('data');
      record.chunks.push(chunk);
      socket.write(chunk);
    });
    socket.on('end', function socketOnEnd() {
      record.events.push('fin');
      socket.end();
    });
    socket.on('error', function socketOnError(error: NodeJS.ErrnoException) {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') record.events.push('reset');
    });
    socket.on('close', function socketOnClose() {
      sockets.delete(socket);
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

/** A loopback port where nothing listens right now: bound by the kernel's choice, then released. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen({ host: '127.0.0.1', port: 0 }, () => resolve()));
  const address = probe.address();
  assert.ok(address !== null && typeof address === 'object');
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return address.port;
}

/** Resolves when the connection closes, or rejects after `ms`. */
export async function closedWithin(connection: EchoConnection, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the server did not see the connection close')), ms);
  });
  try {
    await Promise.race([connection.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
