/**
 * Runs the code listings of the lesson "Keepalive and the silent peer" (docs/tcp/keepalive.mdx, and each
 * translation of it) for real, against the lab's own keepalive echo server started here on loopback: each
 * keepalive program exchanges Hello,world!, then sits idle; once it says so, every packet to and from the
 * server's port is dropped in the kernel (rules in a table of this test's own, as the `silence` fault does), and
 * the program must end with ETIMEDOUT, which only keepalive with short times can give it that soon. The
 * heartbeat program (MicroPython, run under CPython) must notice the same silence by its own deadline, and,
 * for challenge 2, a server that accepts and never answers, which keepalive cannot notice. Needs nftables and the
 * right to change the packet filter for the silence (skipped without).
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { FaultTable } from '../../lab-server/faults/fault-table';
import { nftAvailability } from '../../lab-server/faults/nft';
import type { RunningServer } from '../../lab-server/servers/observation';
import { startTcpKeepaliveEcho } from '../../lab-server/servers/tcp-keepalive-echo';
import { type ChildResult, describeRun, freePort, LessonListings, lessonPages } from '../testing/listings';

/** This file's ports, within the keepalive lab's range. */
const PORTS = { first: 52000, last: 52199 };
/** Keepalive notices within idle + count × interval: 9 s for Python and C, 13 s for Node; heartbeat 5 s. */
const CHILD_LIMIT_MS = 40_000;

const availability = await nftAvailability();
const skip = availability.available ? false : availability.reason.en;

let nextPort = PORTS.first;

/** The lab's keepalive echo server on the next free port of this file's range. */
async function startEcho(): Promise<RunningServer> {
  while (nextPort <= PORTS.last) {
    const port = nextPort++;
    try {
      return await startTcpKeepaliveEcho({
        id: 'echo',
        title: 'TCP echo server with keepalive',
        bindHost: '127.0.0.1',
        publicHost: '127.0.0.1',
        port,
      });
    } catch {
      // In use by another test run: take the next.
    }
  }
  throw new Error(`no free port in ${PORTS.first}–${PORTS.last}`);
}

interface SilencedRun {
  readonly result: ChildResult;
  /** Whether the program said it was idle, so the silence began. */
  readonly silenced: boolean;
}

/**
 * Runs a program against `port` and, once its standard output matches `idle`, silences the port until the program
 * ends (or is killed at CHILD_LIMIT_MS); the rules go with the run.
 */
async function runUntilSilenced(
  table: FaultTable,
  cwd: string,
  command: string,
  args: readonly string[],
  port: number,
  idle: RegExp,
): Promise<SilencedRun> {
  const rules: { remove(): Promise<void> }[] = [];
  let silencing: Promise<void> | undefined;
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    if (silencing !== undefined || !idle.test(stdout)) return;
    silencing = (async () => {
      rules.push(await table.addRule(`tcp dport ${port} drop`));
      rules.push(await table.addRule(`tcp sport ${port} drop`));
    })();
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, CHILD_LIMIT_MS);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    });
    return { result: { code, signal, stdout, stderr, timedOut }, silenced: silencing !== undefined };
  } finally {
    clearTimeout(timer);
    await silencing?.catch(() => undefined);
    for (const rule of rules) await rule.remove();
  }
}

/** A main.py edited to reach `port` on loopback; each setting must be a line of its own to be found. */
function pointedAt(source: string, port: number): string {
  let edited = source;
  for (const [name, value] of [
    ['HOST', '"127.0.0.1"'],
    ['PORT', String(port)],
  ] as const) {
    const line = new RegExp(`^${name} = .*$`, 'm');
    assert.match(edited, line, `main.py must define ${name} = … on a line of its own`);
    edited = edited.replace(line, `${name} = ${value}`);
  }
  return edited;
}

const ECHOED = /received 12 bytes: Hello,world!\n.*idle now/;

for (const page of lessonPages('tcp/keepalive.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: CHILD_LIMIT_MS });
    let table: FaultTable | undefined;

    before(async () => {
      await lesson.open();
      if (!skip) table = await FaultTable.create();
    });
    after(async () => {
      await table?.dispose();
      await lesson.close();
    });

    /** Runs a keepalive program against a fresh server, silences it once idle, and expects ETIMEDOUT. */
    async function assertGivesUp(command: string, args: (port: number) => readonly string[]): Promise<void> {
      assert.ok(table !== undefined);
      const echo = await startEcho();
      try {
        const { port } = echo.info;
        const run = await runUntilSilenced(table, lesson.workDir, command, args(port), port, ECHOED);
        assert.equal(run.silenced, true, `the program never said it was idle: ${describeRun(run.result)}`);
        assert.equal(run.result.timedOut, false, `the program never noticed the silence: ${describeRun(run.result)}`);
        assert.equal(run.result.code, 1, describeRun(run.result));
        assert.match(run.result.stderr, /failed after \d+\.\d s idle: .*ETIMEDOUT/, describeRun(run.result));
      } finally {
        await echo.dispose();
      }
    }

    test('the lesson has every listing it refers to', () => {
      for (const title of ['keepalive.py', 'keepalive.c', 'keepalive.mjs', 'main.py', 'hung_server.py']) {
        lesson.listing(title);
      }
    });

    test('keepalive.py: Hello,world!, then ETIMEDOUT once the server is silent', { timeout: 60_000 }, async (t) => {
      if (skip) return t.skip(skip);
      await lesson.write('keepalive.py');
      await assertGivesUp('python3', (port) => ['keepalive.py', '127.0.0.1', String(port)]);
      await assertGivesUp('python3', (port) => ['keepalive.py', String(port)]);
    });

    test('keepalive.c compiles without warnings and does the same', { timeout: 90_000 }, async (t) => {
      if (skip) return t.skip(skip);
      const program = await lesson.compile('keepalive.c');
      await assertGivesUp(program, (port) => ['127.0.0.1', String(port)]);
    });

    test('keepalive.mjs does the same, with the interval and count libuv sets', { timeout: 60_000 }, async (t) => {
      if (skip) return t.skip(skip);
      await lesson.write('keepalive.mjs');
      await assertGivesUp(process.execPath, (port) => ['keepalive.mjs', '127.0.0.1', String(port)]);
    });

    test('keepalive.py reports a refused connection', { timeout: 30_000 }, async () => {
      await lesson.write('keepalive.py');
      const result = await lesson.run('python3', ['keepalive.py', String(await freePort())]);
      assert.equal(result.code, 1, describeRun(result));
      assert.match(result.stderr, /ConnectionRefusedError/, describeRun(result));
    });

    test('main.py (MicroPython): heartbeats answered, then the silence noticed by its deadline', {
      timeout: 60_000,
    }, async (t) => {
      if (skip) return t.skip(skip);
      assert.ok(table !== undefined);
      const source = lesson.listing('main.py');
      assert.doesNotMatch(source, /\bimport network\b/, 'the Wi-Fi part belongs in boot.py, not in main.py');
      const echo = await startEcho();
      try {
        const { port } = echo.info;
        await lesson.write('main.py', pointedAt(source, port));
        const run = await runUntilSilenced(table, lesson.workDir, 'python3', ['main.py'], port, /heartbeat 2 answered/);
        assert.equal(run.silenced, true, describeRun(run.result));
        assert.equal(run.result.code, 1, describeRun(run.result));
        assert.match(run.result.stderr, /heartbeat 3: no echo within 3 s, the server is gone/, describeRun(run.result));
      } finally {
        await echo.dispose();
      }
    });

    test('hung_server.py (challenge 2): main.py notices what keepalive cannot', { timeout: 30_000 }, async () => {
      const port = await freePort();
      const source = lesson.listing('hung_server.py');
      assert.match(source, /9000/);
      await lesson.write('hung_server.py', source.replaceAll('9000', String(port)));
      await lesson.write('main.py', pointedAt(lesson.listing('main.py'), port));
      const server = await lesson.startServer('python3', ['hung_server.py'], /never answering/);
      try {
        const result = await lesson.run('python3', ['main.py']);
        assert.equal(result.code, 1, describeRun(result));
        assert.match(result.stderr, /heartbeat 1: no echo within 3 s, the server is gone/, describeRun(result));
      } finally {
        server.stop();
      }
    });
  });
}
