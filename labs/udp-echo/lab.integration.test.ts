/**
 * Lab `udp-echo` done from programs of the student's own, as the lesson's "From your own program" says, against a
 * real lab server with real capture and the real loss fault. The lesson's `client.py`, taken from the page and run
 * as an outside program the way the page runs it, sends its datagram twice over, each run from a socket and a
 * port of its own; `nc -u`, as the page has the student use it for the second check, gets `Hello,world!` and
 * `Hi` typed, each after the echo of the one before, from its one socket; then, with `loss 30` set on the panel,
 * `client.py` runs again until it prints `try 2`, a bounded number of times. Every check passes. The reference
 * solution and the lab terminal are the generic lab test's (`labs/labs.integration.test.ts`).
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { RunningLabServer } from '../../lab-server/lab-server';
import { startCaptureLabServer } from '../../lab-server/testing/capture-lab';
import { TestClient } from '../../lab-server/testing/test-client';
import { type ChildResult, describeRun, LessonListings } from '../testing/listings';
import { LOSS_PERCENT } from './solution';

/** This file's ports; the capture's canary takes the one below the first, 56000. */
const LAB_PORTS = { first: 56001, last: 56299 };
/** A loaded machine may take long to capture and grade a datagram. */
const CHECK_MS = 30_000;
/** Each client.py run takes at most its three one-second tries; this bounds a run on a slow machine. */
const CLIENT_MS = 20_000;
/** At 30 % each way half the runs need a second try; 25 runs without one (0.49^25, about 2e-8) do not happen. */
const MAX_RUNS = 25;
/** `nc` is interrupted (SIGKILL) if the lines and their echoes have not gone through by then. */
const NC_MS = 20_000;

/**
 * `nc -u HOST PORT` with `lines` typed into it, each with its Enter and only once the echo of the one before is
 * on the screen, as a student types them; then Ctrl-C (SIGINT), since `nc` keeps its socket until then.
 */
function typeIntoNc(cwd: string, port: number, lines: readonly string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('nc', ['-u', '127.0.0.1', String(port)], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let typed = 0;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, NC_MS);
    const typeNext = (): void => {
      const line = lines[typed];
      if (line === undefined) child.kill('SIGINT');
      else child.stdin.write(`${line}\n`);
    };
    child.stdout.setEncoding('utf8').on('data', function ncOnData(text: string) {
      stdout += text;
      const echoed = lines
        .slice(0, typed + 1)
        .map((line) => `${line}\n`)
        .join('');
      if (typed >= lines.length || !stdout.startsWith(echoed)) return;
      typed += 1;
      typeNext();
    });
    child.stderr.setEncoding('utf8').on('data', function ncOnStderr(text: string) {
      stderr += text;
    });
    child.on('error', function ncOnError(error) {
      clearTimeout(timer);
      reject(new Error(`cannot run nc: ${error.message}`));
    });
    child.on('close', function ncOnClose(code, signal) {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    typeNext();
  });
}

describe('lab udp-echo from the student’s own programs, with capture and loss', () => {
  const lesson = new LessonListings(new URL('../../docs/udp/datagrams.mdx', import.meta.url), {
    childTimeoutMs: CLIENT_MS,
  });
  let server: RunningLabServer;
  let skip: string | false = false;
  before(async () => {
    await lesson.open();
    await lesson.write('client.py');
    ({ server, skipReason: skip } = await startCaptureLabServer(LAB_PORTS));
  });
  after(async () => {
    await server.close();
    await lesson.close();
  });

  it("the lesson's client.py twice, nc -u with two lines, then client.py through loss 30 until try 2", {
    timeout: 240_000,
  }, async (t) => {
    if (skip) return t.skip(skip);
    const page = await TestClient.open(server.url, 'udp-echo');
    try {
      const loss = page.welcome.faults.find((fault) => fault.kind === 'loss' && fault.server === 'echo');
      assert.ok(loss !== undefined, 'the lab offers loss on its echo server');
      if (!loss.available) return t.skip(`loss unavailable here: ${loss.reason ?? ''}`);
      const port = String(page.port('echo'));
      const client = (): Promise<ChildResult> => lesson.run('python3', ['client.py', '127.0.0.1', port]);

      // "Run it a second time: a new socket gets a new port from the kernel."
      for (const check of ['sent-datagram', 'second-flow']) {
        const result = await client();
        assert.equal(result.code, 0, describeRun(result));
        assert.match(result.stdout, /^received 12 bytes: Hello,world!$/m, describeRun(result));
        await page.waitForCheck(check, 'passed', CHECK_MS);
      }

      // "Type Hello,world! and press Enter … Type Hi and Enter: a 3-byte datagram, from the same socket."
      const nc = await typeIntoNc(lesson.workDir, Number(port), ['Hello,world!', 'Hi']);
      assert.equal(nc.timedOut, false, `nc never echoed both lines: ${describeRun(nc)}`);
      assert.equal(nc.stdout, 'Hello,world!\nHi\n', describeRun(nc));
      const two = await page.waitForCheck('two-datagrams', 'passed', CHECK_MS);
      assert.match(two.detail, /a 13-byte and a 3-byte datagram/, two.detail);

      // "loss 30, then run a client a few times until it prints try 2 … loss 0 when you are done."
      await page.panel().setFault('loss', 'echo', LOSS_PERCENT);
      try {
        const runs: ChildResult[] = [];
        while (runs.length < MAX_RUNS && !runs.some((run) => /^try 2: /m.test(run.stdout))) {
          const result = await client();
          assert.equal(result.timedOut, false, `client.py hung: ${describeRun(result)}`);
          runs.push(result);
        }
        const resent = runs.find((run) => /^try 2: /m.test(run.stdout));
        assert.ok(resent !== undefined, `no run of ${MAX_RUNS} printed try 2: is the loss set?`);
        await page.waitForCheck('resent-datagram', 'passed', CHECK_MS);
      } finally {
        await page.panel().setFault('loss', 'echo', 0);
      }
      for (const [id, check] of page.checks()) assert.equal(check.state, 'passed', `${id}: ${check.detail}`);
    } finally {
      await page.close();
    }
  });
});
