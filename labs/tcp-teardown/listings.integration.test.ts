/**
 * Runs the code listings of the lesson "Closing a connection" (docs/tcp/closing.mdx, and each translation of it)
 * for real, on 127.0.0.1: the half-close clients must read the echo after their FIN and then end of stream, in
 * Python, C and Node; the refused clients must report ECONNREFUSED from a port where nothing listens; and the
 * server of challenge 1 must end up in TIME_WAIT, so that starting it again at once fails with EADDRINUSE, as the
 * challenge says.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { describeRun, freePort, LessonListings, lessonPages, onlyConnection } from '../testing/listings';

for (const page of lessonPages('tcp/closing.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url);

    before(() => lesson.open());
    after(() => lesson.close());

    async function assertHalfClose(command: string, args: readonly string[]): Promise<void> {
      const { result, connections } = await lesson.runClient(command, args);
      assert.equal(result.code, 0, describeRun(result));
      assert.match(result.stdout, /shutdown\(SHUT_WR\) = 0: FIN sent, still reading/, describeRun(result));
      assert.match(result.stdout, /read 12 bytes after our FIN: Hello,world!/, describeRun(result));
      assert.match(result.stdout, /recv\(\) = 0/, describeRun(result));
      const connection = await onlyConnection(connections);
      assert.equal(Buffer.concat(connection.chunks).toString(), 'Hello,world!');
      assert.ok(connection.events.includes('fin'), 'the server read end of file');
      assert.ok(!connection.events.includes('reset'), 'a half-closed client reads the echo: no reset');
    }

    test('the lesson has every listing it refers to', () => {
      for (const title of [
        'half_close.py',
        'half_close.c',
        'half_close.mjs',
        'refused.py',
        'refused.c',
        'refused.mjs',
        'bye_server.py',
      ]) {
        lesson.listing(title);
      }
    });

    test('half_close.py reads the echo after its FIN, then end of stream', { timeout: 30_000 }, async () => {
      await lesson.write('half_close.py');
      await assertHalfClose('python3', ['half_close.py', String(lesson.echo.port)]);
    });

    test('half_close.c compiles without warnings and does the same', { timeout: 60_000 }, async () => {
      const halfClose = await lesson.compile('half_close.c');
      await assertHalfClose(halfClose, ['127.0.0.1', String(lesson.echo.port)]);
    });

    test('half_close.mjs does the same', { timeout: 30_000 }, async () => {
      await lesson.write('half_close.mjs');
      await assertHalfClose(process.execPath, ['half_close.mjs', '127.0.0.1', String(lesson.echo.port)]);
    });

    test('refused.py, refused.c and refused.mjs report ECONNREFUSED', { timeout: 60_000 }, async () => {
      const port = String(await freePort());
      for (const title of ['refused.py', 'refused.mjs']) await lesson.write(title);
      const refused = await lesson.compile('refused.c');
      for (const [command, args] of [
        ['python3', ['refused.py', port]],
        [refused, [port]],
        [process.execPath, ['refused.mjs', port]],
      ] as const) {
        const result = await lesson.run(command, args);
        assert.equal(result.code, 0, describeRun(result));
        assert.match(result.stdout, /connect\(\) = -1 ECONNREFUSED/, describeRun(result));
      }
    });

    test('bye_server.py closes first, so it cannot bind again at once', { timeout: 30_000 }, async () => {
      const port = await freePort();
      const source = lesson.listing('bye_server.py');
      assert.match(source, /9001/);
      await lesson.write('bye_server.py', source.replaceAll('9001', String(port)));
      const server = await lesson.startServer('python3', ['bye_server.py'], /listening/);
      try {
        const received = await new Promise<string>((resolve, reject) => {
          const socket = net.connect({ host: '127.0.0.1', port });
          let text = '';
          socket.setEncoding('utf8').on('data', (chunk: string) => {
            text += chunk;
          });
          socket.once('end', () => resolve(text)); // the server's FIN came first; Node answers with ours
          socket.once('error', reject);
        });
        assert.equal(received, 'bye\n');
        await server.exited;
        const again = await lesson.run('python3', ['bye_server.py']);
        assert.notEqual(again.code, 0, 'the port is held by the TIME_WAIT of the connection the server closed');
        assert.match(again.stderr, /Address already in use/, describeRun(again));
      } finally {
        server.stop();
      }
    });
  });
}
