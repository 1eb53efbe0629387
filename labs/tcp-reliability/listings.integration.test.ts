/**
 * Runs the code listings of the lesson "Reliability: acknowledgements, retransmission, checksums"
 * (docs/tcp/reliability.mdx, and each translation of it) for real, against the lab itself: a lab server without
 * capture runs lab `tcp-reliability`, each sender gets a session of its own, the session's loss is set to 20 %
 * as the panel sets it, and the sender runs against the session's echo server. Each must print that all 2000
 * bytes came back in order and exit 0, and the lab's check "every byte back, in order" must pass on what the
 * server saw. Where the lab server may not set faults (no root, no nftables) the senders run without loss. The
 * checksum challenge must print what the lesson shows.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningLabServer, startLabServer } from '../../lab-server/lab-server';
import { setQuiet } from '../../lab-server/log';
import { TestClient } from '../../lab-server/testing/test-client';
import { LABS } from '../index';
import { describeRun, LessonListings, lessonPages } from '../testing/listings';

setQuiet(true);

const LAB = 'tcp-reliability';
const LOSS = 20;

for (const page of lessonPages('tcp/reliability.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: 60_000 });
    let server: RunningLabServer;

    before(async () => {
      await lesson.open();
      const first = page.locale === 'en' ? 51000 : 51100;
      server = await startLabServer({ port: 0, labPorts: { first, last: first + 49 }, capture: 'off' }, LABS);
    });
    after(async () => {
      await server.close();
      await lesson.close();
    });

    /** A session of the lab with its loss set as the panel sets it, or left at 0 where faults are unavailable. */
    async function lossySession(): Promise<TestClient> {
      const session = await TestClient.open(server.url, LAB);
      const fault = session.welcome.faults?.find((candidate) => candidate.kind === 'loss');
      assert.ok(fault !== undefined, 'the lab offers loss on its echo server');
      if (!fault.available) return session;
      session.send({ type: 'fault', kind: 'loss', server: 'echo', value: LOSS });
      await session.waitFor((m) => m.type === 'fault' && m.fault.value === LOSS, 10_000);
      return session;
    }

    /** Runs a sender against a lossy session and asserts what the lesson promises. */
    async function assertSends(
      command: string,
      args: (port: number) => readonly string[] | Promise<readonly string[]>,
    ): Promise<void> {
      const session = await lossySession();
      try {
        const result = await lesson.run(command, await args(session.port('echo')));
        assert.equal(result.timedOut, false, `the sender hung: ${describeRun(result)}`);
        assert.equal(result.code, 0, `the sender failed: ${describeRun(result)}`);
        assert.match(result.stdout, /sent 2000 bytes, received 2000 bytes back/, describeRun(result));
        assert.match(result.stdout, /every line came back, in order/, describeRun(result));
        const check = await session.waitForCheck('all-back', 'passed', 10_000);
        assert.match(check.detail, /200/, check.detail);
      } finally {
        await session.close();
      }
    }

    test('the lesson has every listing the tabs promise', () => {
      for (const title of ['sender.py', 'sender.c', 'sender.mjs', 'main.py', 'checksum.py']) lesson.listing(title);
    });

    test('sender.py: all 200 lines back, in order, through 20 % loss', { timeout: 90_000 }, async () => {
      await lesson.write('sender.py');
      await assertSends('python3', (port) => ['sender.py', '127.0.0.1', String(port)]);
    });

    test('sender.py: the host defaults to 127.0.0.1', { timeout: 90_000 }, async () => {
      await lesson.write('sender.py');
      await assertSends('python3', (port) => ['sender.py', String(port)]);
    });

    test('sender.c: compiles without warnings, then does the same', { timeout: 120_000 }, async () => {
      const sender = await lesson.compile('sender.c');
      await assertSends(sender, (port) => ['127.0.0.1', String(port)]);
    });

    test('sender.mjs: does the same', { timeout: 90_000 }, async () => {
      await lesson.write('sender.mjs');
      await assertSends(process.execPath, (port) => ['sender.mjs', '127.0.0.1', String(port)]);
    });

    test('main.py (MicroPython): its socket part runs unchanged under CPython', { timeout: 90_000 }, async () => {
      const source = lesson.listing('main.py');
      assert.doesNotMatch(source, /\bimport network\b/, 'the Wi-Fi part belongs in boot.py, not in main.py');
      await assertSends('python3', async (port) => {
        // The board's settings, pointed at the session's echo server; each must be a line of its own.
        let edited = source;
        for (const [name, value] of [
          ['HOST', '"127.0.0.1"'],
          ['PORT', String(port)],
        ] as const) {
          const line = new RegExp(`^${name} = .*$`, 'm');
          assert.match(edited, line, `main.py must define ${name} = … on a line of its own`);
          edited = edited.replace(line, `${name} = ${value}`);
        }
        await lesson.write('main.py', edited);
        return ['main.py'];
      });
    });

    test('checksum.py (challenge 3) prints what the lesson says', { timeout: 30_000 }, async () => {
      await lesson.write('checksum.py');
      const result = await lesson.run('python3', ['checksum.py']);
      assert.equal(result.code, 0, describeRun(result));
      const lines = result.stdout.trim().split('\n');
      assert.equal(lines.length, 3);
      assert.equal(lines[0]?.split(': ')[1], lines[1]?.split(': ')[1], 'the swapped words share a checksum');
      assert.notEqual(lines[0]?.split(': ')[1], lines[2]?.split(': ')[1], 'a flipped bit changes it');
      assert.ok(lesson.mdx.includes(result.stdout.trimEnd()), 'the lesson shows what checksum.py prints');
    });
  });
}
