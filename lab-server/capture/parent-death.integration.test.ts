/**
 * What a lab server killed with SIGKILL leaves behind: none of the capture's children, and a temp directory the
 * next capture to start removes — while the directory of a lab server that still runs is left alone. The lab
 * server is `testing/capture-parent.ts`, a Node process of its own, so that its children can outlive it; no
 * packet is sent while they are watched, since a packet alone would end an orphaned tcpdump (SIGPIPE) and hide
 * the bug. Waits are bounded and generous; nothing asserts on timing. Needs root (or capture capabilities),
 * tcpdump and tshark; skipped with a message where the capture is unavailable. Ports 37200–37299 (canary 37299).
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { descendants, isAlive, type ProcessInfo } from '../../bench/proc';
import type { CaptureParentReport } from '../testing/capture-parent';
import { CapturePipeline } from './capture-pipeline';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PARENT_SCRIPT = fileURLToPath(new URL('../testing/capture-parent.ts', import.meta.url));
const RANGE = { from: 37200, to: 37299 } as const;
const CANARY_PORT = 37299;
const TEST_TIMEOUT_MS = 90_000;
/** Far more than a SIGKILL takes; the bound only keeps a failing test from hanging. */
const GONE_WITHIN_MS = 10_000;

interface StartedParent {
  readonly process: ChildProcess;
  readonly report: CaptureParentReport;
  /** What it had started once its capture was running: tcpdump, tshark, and whatever guards them. */
  readonly children: readonly ProcessInfo[];
}

async function scratchDirectory(t: TestContext): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'socketlab-parent-death-test-'));
  t.after(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

/**
 * Starts a lab server stand-in and waits for its report. Afterwards it is stopped if still there, and any of
 * its children that outlived it (the bug this file is about) are ended by their pids, so a failing run leaves
 * nothing behind either.
 */
async function startParent(t: TestContext, tempDirParent: string): Promise<StartedParent> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', PARENT_SCRIPT, tempDirParent, String(RANGE.from), String(RANGE.to), String(CANARY_PORT)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Settles either way: a child that could not start is reported by `readReport`.
  const exited = once(child, 'exit').catch(() => undefined);
  let children: readonly ProcessInfo[] = [];
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(GONE_WITHIN_MS, undefined, { ref: false })]);
      child.kill('SIGKILL');
    }
    for (const { pid, name } of children) {
      // Still the same program under that pid (pids are reused): a child that outlived the lab server.
      const program = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      if (isAlive(pid) && program.trim() === name) process.kill(pid, 'SIGKILL');
    }
  });
  const report = await readReport(child);
  // Less tsx's compiler service, which is this stand-in's, not a lab server's.
  if (child.pid !== undefined) children = descendants(child.pid).filter(({ name }) => name !== 'esbuild');
  return { process: child, report, children };
}

function readReport(child: ChildProcess): Promise<CaptureParentReport> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4096);
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      stdout += text;
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve(JSON.parse(stdout.slice(0, end)) as CaptureParentReport);
    });
    child.once('exit', (code, signal) => reject(new Error(`the lab server exited (${code ?? signal}): ${stderr}`)));
  });
}

async function kill9(parent: StartedParent): Promise<void> {
  const exited = once(parent.process, 'exit');
  parent.process.kill('SIGKILL');
  await exited;
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

async function newDirectories(parent: string, before: readonly string[]): Promise<string[]> {
  return (await readdir(parent)).filter((name) => !before.includes(name));
}

describe('a lab server killed with SIGKILL', { timeout: 3 * TEST_TIMEOUT_MS }, () => {
  it('leaves no capture process behind, with no packet to wake them', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const parent = await startParent(t, await scratchDirectory(t));
    if (parent.report.state !== 'running') {
      t.skip(`capture unavailable here: ${parent.report.reason}`);
      return;
    }
    const pids = parent.children.map((child) => child.pid);
    for (const pid of [parent.report.capturer, ...parent.report.dissectors]) {
      assert.ok(pid !== undefined && pids.includes(pid), `pid ${pid} is a child of the lab server`);
    }
    await kill9(parent);
    const gone = await waitUntil(() => pids.every((pid) => !isAlive(pid)), GONE_WITHIN_MS);
    const survivors = parent.children.filter((child) => isAlive(child.pid));
    assert.ok(gone, `still running: ${survivors.map((child) => `${child.name} (${child.pid})`).join(', ')}`);
  });

  it('leaves a temp directory that the next capture removes, and a live server’s stays', {
    timeout: TEST_TIMEOUT_MS,
  }, async (t) => {
    const scratch = await scratchDirectory(t);
    const dead = await startParent(t, scratch);
    if (dead.report.state !== 'running') {
      t.skip(`capture unavailable here: ${dead.report.reason}`);
      return;
    }
    const [deadDirectory] = await newDirectories(scratch, []);
    const live = await startParent(t, scratch);
    assert.equal(live.report.state, 'running', live.report.reason);
    const [liveDirectory] = await newDirectories(scratch, [deadDirectory ?? '']);
    assert.ok(deadDirectory !== undefined && liveDirectory !== undefined);
    await kill9(dead);

    const pipeline = new CapturePipeline({ portRange: RANGE, canaryPort: CANARY_PORT, tempDirParent: scratch });
    t.after(() => pipeline.stop());
    const status = await pipeline.start();
    assert.equal(status.state, 'running', status.reason.en);
    const left = await readdir(scratch);
    assert.ok(!left.includes(deadDirectory), `the dead server's ${deadDirectory} is still there`);
    assert.ok(left.includes(liveDirectory), `the live server's ${liveDirectory} was removed`);
    assert.equal(left.length, 2, `left: ${left.join(', ')}`);
    assert.ok(
      live.children.every((child) => isAlive(child.pid)),
      "the live server's capture still runs",
    );
  });
});
