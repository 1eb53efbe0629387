/**
 * Runs the code listings of the lesson "Long connections: a reconnect loop with backoff and a network watchdog"
 * (docs/tcp/reconnect.mdx, and each translation of it, whose listings differ only in their comments) for real,
 * against a stand-in for the lab's echo server and its faults (testing/restartable-echo.ts) on a port of this
 * lab's range. Each client is started with a run time, and while it runs the test does what the lesson has the
 * student do: restart the server for 3 s (its connections closed, its port refusing), then mute it (the
 * connection stays open, nothing comes back). The lesson promises that the client comes back after the
 * restart, after waits that grow, and that its watchdog gives up on the muted connection, closing it itself,
 * and connects again; and that it ends by itself when its time is up. Every wait is by condition: the only
 * clock is the client's own.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ChildResult, describeRun, LessonListings, lessonPages } from '../testing/listings';
import { RestartableEcho } from './testing/restartable-echo';

/** How long each client runs: the scenario takes about 10 s of it. */
const RUN_SECONDS = 25;
const RESTART_MS = 3000;
/** This lab's test ports for the stand-ins (lab.integration.test.ts has the rest); each test takes a block of its own, so a restart never finds its port taken. */
const PORTS = { first: 52500, last: 52799 };
const BLOCK = 20;
let nextBlock = PORTS.first;

function portBlock(): { first: number; last: number } {
  const first = nextBlock;
  nextBlock += BLOCK;
  assert.ok(nextBlock - 1 <= PORTS.last, 'out of test ports');
  return { first, last: first + BLOCK - 1 };
}

/** The lines of a client's output after its time stamp: `waiting 0.5 s`. */
function steps(result: ChildResult): string[] {
  return result.stdout
    .split('\n')
    .map((line) => line.trim().replace(/^\d+\.\d\s+/, ''))
    .filter((line) => line !== '');
}

/**
 * Runs a client through the lesson's scenario and asserts what the lesson promises. `start` starts it against
 * the stand-in's port and resolves when it has exited.
 */
async function assertReconnects(start: (port: number) => Promise<ChildResult>): Promise<void> {
  const { first, last } = portBlock();
  const echo = await RestartableEcho.start(first, last);
  try {
    const running = start(echo.port);
    let exited = false;
    void running.finally(() => {
      exited = true;
    });
    const until = async (condition: () => boolean, what: string): Promise<void> => {
      await echo.until(() => condition() || exited, what);
      if (exited) assert.fail(`the client exited before it got there: ${what}\n${describeRun(await running)}`);
    };

    await until(() => echo.connections.some((c) => c.echoed > 0), 'online, a heartbeat echoed');
    await echo.restart(RESTART_MS);
    const backAt = echo.now();
    await until(() => echo.connections.some((c) => c.acceptedAt >= backAt && c.echoed > 0), 'back after the restart');

    const mutedAt = echo.now();
    const open = echo.connections.filter((c) => c.endedBy === undefined);
    echo.mute(true);
    await until(() => echo.connections.some((c) => c.acceptedAt > mutedAt), 'a new connection after the watchdog');
    await until(() => open.every((c) => c.endedBy !== undefined), 'the muted connection closed');
    assert.deepEqual(
      open.map((c) => c.endedBy),
      open.map(() => 'client'),
      'the client itself closed the connection the server kept open',
    );
    echo.mute(false);
    await until(() => echo.connections.some((c) => c.acceptedAt > mutedAt && c.echoed > 0), 'online after the silence');

    const result = await running;
    assert.equal(result.timedOut, false, `the client did not stop when its time was up: ${describeRun(result)}`);
    assert.equal(result.code, 0, describeRun(result));
    const lines = steps(result);
    assert.equal(lines.at(-1), 'time is up', describeRun(result));

    // The restart: lost, refused at least once, waits growing from the shortest, then online again.
    const lost = lines.findIndex((line) => line.startsWith('lost:'));
    const back = lines.findIndex((line, i) => i > lost && line.startsWith('online'));
    assert.ok(lost !== -1 && back !== -1, describeRun(result));
    const outage = lines.slice(lost, back);
    assert.ok(
      outage.some((line) => line.startsWith('connect failed:')),
      `refused while away: ${describeRun(result)}`,
    );
    const waits = outage.flatMap((line) => {
      const match = /^waiting (\d+\.\d) s$/.exec(line);
      return match === null ? [] : [Number(match[1])];
    });
    assert.ok(waits.length >= 2, describeRun(result));
    assert.ok(waits[0]! >= 0.4 && waits[0]! <= 0.6, `the first wait is BASE, give or take the jitter: ${waits}`);
    for (let i = 1; i < waits.length; i++) assert.ok(waits[i]! > waits[i - 1]!, `waits grow: ${waits}`);

    // The silence: the watchdog said so, and the loop never spun.
    assert.ok(
      lines.some((line) => line.startsWith('lost: watchdog')),
      `the watchdog fired: ${describeRun(result)}`,
    );
    assert.ok(lines.filter((line) => line.startsWith('connecting')).length < 15, describeRun(result));
  } finally {
    await echo.close();
  }
}

for (const page of lessonPages('tcp/reconnect.mdx')) {
  describe(page.locale, { concurrency: true }, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: (RUN_SECONDS + 20) * 1000 });
    before(() => lesson.open());
    after(() => lesson.close());

    test('the lesson has every listing the tabs promise', () => {
      for (const title of ['reconnect.py', 'reconnect.c', 'reconnect.mjs', 'main.py']) lesson.listing(title);
    });

    test('reconnect.py comes back after a restart and gives up on a silent peer', { timeout: 90_000 }, async () => {
      await lesson.write('reconnect.py');
      await assertReconnects((port) =>
        lesson.run('python3', ['reconnect.py', '127.0.0.1', String(port), String(RUN_SECONDS)]),
      );
    });

    test('reconnect.c compiles without warnings, then does the same', { timeout: 120_000 }, async () => {
      const client = await lesson.compile('reconnect.c');
      await assertReconnects((port) => lesson.run(client, ['127.0.0.1', String(port), String(RUN_SECONDS)]));
    });

    test('reconnect.mjs does the same', { timeout: 90_000 }, async () => {
      await lesson.write('reconnect.mjs');
      await assertReconnects((port) =>
        lesson.run(process.execPath, ['reconnect.mjs', '127.0.0.1', String(port), String(RUN_SECONDS)]),
      );
    });

    test('main.py (MicroPython): its socket part does the same under CPython', { timeout: 90_000 }, async () => {
      const source = lesson.listing('main.py');
      assert.doesNotMatch(source, /\bimport network\b/, 'the Wi-Fi part belongs in boot.py, not in main.py');
      await assertReconnects(async (port) => {
        let edited = source;
        for (const [name, value] of [
          ['HOST', '"127.0.0.1"'],
          ['PORT', String(port)],
          ['RUN_FOR', String(RUN_SECONDS)],
        ] as const) {
          const line = new RegExp(`^${name} = .*$`, 'm');
          assert.match(edited, line, `main.py must define ${name} = … on a line of its own`);
          edited = edited.replace(line, `${name} = ${value}`);
        }
        await lesson.write('main.py', edited);
        return lesson.run('python3', ['main.py']);
      });
    });
  });
}
