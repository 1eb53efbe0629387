/**
 * Runs the code listings of the lesson "The three-way handshake" (docs/tcp/handshake.mdx, and each translation of
 * it) for real, against a TCP echo server started here on 127.0.0.1: each client must time its connect(), send exactly Hello,world!,
 * print the echo and end with FIN, in Python, C and Node. The never-accepting server of challenge 3 must show
 * what the challenge asks about: a first connect() that succeeds without accept(), and a second one that does not.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { describeRun, freePort, LessonListings, lessonPages, onlyConnection } from '../testing/listings';

for (const page of lessonPages('tcp/handshake.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url);

    before(() => lesson.open());
    after(() => lesson.close());

    async function assertTimedExchange(command: string, args: readonly string[]): Promise<void> {
      const { result, connections } = await lesson.runClient(command, args);
      assert.equal(result.code, 0, describeRun(result));
      assert.match(
        result.stdout,
        /connect\(\) returned 0 after \d+\.\d+ ms, from 127\.0\.0\.1:\d+/,
        describeRun(result),
      );
      assert.match(result.stdout, /tcp\.port == \d+/);
      assert.match(result.stdout, /received 12 bytes: Hello,world!/, describeRun(result));
      const connection = await onlyConnection(connections);
      assert.equal(Buffer.concat(connection.chunks).toString(), 'Hello,world!');
      assert.deepEqual(
        connection.events.at(-1),
        'fin',
        `the client must end with FIN: ${connection.events.join(', ')}`,
      );
    }

    test('the lesson has every listing it refers to', () => {
      for (const title of ['handshake.py', 'handshake.c', 'handshake.mjs', 'never_accept.py']) lesson.listing(title);
    });

    test('handshake.py times connect(), exchanges Hello,world! and closes with FIN', { timeout: 30_000 }, async () => {
      await lesson.write('handshake.py');
      await assertTimedExchange('python3', ['handshake.py', '127.0.0.1', String(lesson.echo.port)]);
      await assertTimedExchange('python3', ['handshake.py', String(lesson.echo.port)]);
    });

    test('handshake.c compiles without warnings and does the same', { timeout: 60_000 }, async () => {
      const handshake = await lesson.compile('handshake.c');
      await assertTimedExchange(handshake, ['127.0.0.1', String(lesson.echo.port)]);
    });

    test('handshake.mjs does the same', { timeout: 30_000 }, async () => {
      await lesson.write('handshake.mjs');
      await assertTimedExchange(process.execPath, ['handshake.mjs', '127.0.0.1', String(lesson.echo.port)]);
    });

    test('handshake.py reports a refused connect() with its time', { timeout: 30_000 }, async () => {
      await lesson.write('handshake.py');
      const result = await lesson.run('python3', ['handshake.py', String(await freePort())]);
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
      const source = lesson.listing('never_accept.py');
      assert.match(source, /9000/);
      await lesson.write('never_accept.py', source.replaceAll('9000', String(port)));
      const server = await lesson.startServer('python3', ['never_accept.py'], /never accepting/);
      const sockets: net.Socket[] = [];
      try {
        assert.equal(await connectsWithin(port, 2000, sockets), true, 'the kernel completes the first handshake alone');
        assert.equal(
          await connectsWithin(port, 2500, sockets),
          false,
          'the accept queue is full: the SYN goes unanswered',
        );
      } finally {
        for (const socket of sockets) socket.destroy();
        server.stop();
      }
    });
  });
}
