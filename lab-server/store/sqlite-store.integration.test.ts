/**
 * The progress store under a crash and under a second writer, with real processes on a real file: a lab server
 * killed with SIGKILL after a pass was acknowledged still has that pass when it starts again (and the file
 * passes SQLite's integrity check), and two lab-server processes writing one file at once both keep all their
 * writes, the busy timeout making one wait for the other instead of failing.
 */

import assert from 'node:assert/strict';
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { SqliteStore } from './sqlite-store';

const FIXTURE = path.join(import.meta.dirname, 'testing', 'record-passes.ts');
const root = mkdtempSync(path.join(tmpdir(), 'socketlab-store-crash-'));
const children = new Set<ChildProcessByStdio<Writable, Readable, Readable>>();
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface Writer {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Items whose `recordPass` had resolved when the writer said so. */
  readonly acked: string[];
  /** Resolves once the writer opened the store (and, started with `wait`, waits for `go`). */
  readonly opened: Promise<void>;
  /** Resolves once the writer exits (by itself or killed). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Starts a writer; `onAck` is called with the number of acknowledged passes after each one. With `wait`, it
 * writes nothing until it is sent a line on stdin.
 */
function startWriter(
  file: string,
  prefix: string,
  count: number,
  options: { readonly onAck?: (acked: number) => void; readonly wait?: boolean } = {},
): Writer {
  const args = ['--import', 'tsx', FIXTURE, file, prefix, String(count), ...(options.wait === true ? ['wait'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  const acked: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let markOpened: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    markOpened = resolve;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'open') markOpened();
    const match = /^acked (.+)$/.exec(line);
    if (match?.[1] === undefined) return;
    acked.push(match[1]);
    options.onAck?.(acked.length);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      markOpened();
      resolve({ code, signal, stderr });
    });
  });
  return { child, acked, opened, exited };
}

async function itemsIn(file: string): Promise<{ items: Set<string>; integrity: unknown }> {
  const store = await SqliteStore.open(file);
  const items = new Set((await store.passesOf('local', 'crash')).map((pass) => pass.item));
  const integrity = store.database.pragma('integrity_check', { simple: true });
  await store.close();
  return { items, integrity };
}

describe('progress store under crashes and concurrent writers', () => {
  // Different kill points: right after the first write, a few in, and well into a run; each on its own file,
  // plus one that reopens a file after a crash and crashes it again.
  for (const killAfter of [1, 7, 40, 150]) {
    it(`keeps every acknowledged pass when the lab server is SIGKILLed after ${killAfter}`, async () => {
      const file = path.join(root, `kill-${killAfter}`, 'progress.sqlite');
      const writer = startWriter(file, 'p', 100_000, {
        onAck: (acked) => {
          if (acked === killAfter && writer.child.pid !== undefined) process.kill(writer.child.pid, 'SIGKILL');
        },
      });
      const { signal, stderr } = await writer.exited;
      assert.equal(signal, 'SIGKILL', `the writer should have been killed, not ended: ${stderr}`);
      assert.ok(writer.acked.length >= killAfter);
      const { items, integrity } = await itemsIn(file);
      assert.equal(integrity, 'ok');
      for (const item of writer.acked) assert.ok(items.has(item), `acknowledged ${item} is missing`);
    });
  }

  it('keeps the passes of two crashes in a row on one file', async () => {
    const file = path.join(root, 'twice', 'progress.sqlite');
    const acked: string[] = [];
    for (const [prefix, killAfter] of [
      ['first', 25],
      ['second', 12],
    ] as const) {
      const writer = startWriter(file, prefix, 100_000, {
        onAck: (count) => {
          if (count === killAfter && writer.child.pid !== undefined) process.kill(writer.child.pid, 'SIGKILL');
        },
      });
      assert.equal((await writer.exited).signal, 'SIGKILL');
      acked.push(...writer.acked);
    }
    const { items, integrity } = await itemsIn(file);
    assert.equal(integrity, 'ok');
    for (const item of acked) assert.ok(items.has(item), `acknowledged ${item} is missing`);
  });

  it('loses nothing when two processes write the same file at once', async () => {
    const file = path.join(root, 'two-writers', 'progress.sqlite');
    const count = 200;
    // Both open the new file at once (both migrate it, one waiting for the other), then both start writing
    // at the same moment.
    const writers = [startWriter(file, 'a', count, { wait: true }), startWriter(file, 'b', count, { wait: true })];
    await Promise.all(writers.map((writer) => writer.opened));
    for (const writer of writers) writer.child.stdin.end('go\n');
    for (const writer of writers) {
      const { code, stderr } = await writer.exited;
      assert.equal(code, 0, stderr);
      assert.equal(writer.acked.length, count);
    }
    const { items, integrity } = await itemsIn(file);
    assert.equal(integrity, 'ok');
    assert.equal(items.size, 2 * count);
    for (const writer of writers) for (const item of writer.acked) assert.ok(items.has(item), `${item} is missing`);
  });
});
