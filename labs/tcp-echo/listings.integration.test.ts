/**
 * Runs the code listings of the lesson "Your first TCP connection" (docs/tcp/first-connection.mdx, and each
 * translation of it, whose listings differ only in their comments) for real, so no page can teach a client that
 * does not work. The listings are taken from the page by their `title=`
 * meta, written to a temporary directory, and run against a TCP echo server started here on 127.0.0.1, port 0.
 * That server records what each client sent and how it ended: FIN (`'end'`) or RST (`ECONNRESET`). The lesson
 * promises a clean close after reading the echo, and a client that closes with the echo unread is reset by its
 * kernel (RFC 2525 §2.17, RFC 9293 §3.6), so the FIN is asserted, not just the output.
 */

import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';
import { describeRun, LessonListings, lessonPages, onlyConnection } from '../testing/listings';

const HELLO = 'Hello,world!';
for (const page of lessonPages('tcp/first-connection.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, {
      // A hung client fails its test after this long.
      childTimeoutMs: 10_000,
    });

    before(() => lesson.open());
    after(() => lesson.close());

    function echoPort(): string {
      return String(lesson.echo.port);
    }

    /**
     * Runs one client against the echo server and asserts the whole exchange: exit 0, the echo printed, exactly
     * `Hello,world!` received by the server, and a FIN (not an RST) at the end.
     */
    async function assertCleanExchange(command: string, args: readonly string[]): Promise<void> {
      const { result, connections } = await lesson.runClient(command, args);
      assert.equal(result.timedOut, false, `the client hung: ${describeRun(result)}`);
      assert.equal(result.code, 0, `the client failed: ${describeRun(result)}`);
      assert.match(result.stdout, /Hello,world!/, `the client did not print the echo: ${describeRun(result)}`);

      const connection = await onlyConnection(connections);
      const received = Buffer.concat(connection.chunks);
      assert.equal(received.toString('latin1'), HELLO, 'the server must receive exactly Hello,world!');
      assert.equal(received.length, 12);
      assert.ok(
        !connection.events.includes('reset'),
        `the client reset the connection instead of closing it: ${connection.events.join(', ')}`,
      );
      assert.ok(connection.events.includes('fin'), 'the client must end the connection with FIN');
    }

    test('the lesson has every listing the tabs promise', () => {
      for (const title of ['client.py', 'client.c', 'client.mjs', 'main.py', 'boot.py', 'echo_server.py']) {
        lesson.listing(title);
      }
    });

    test('client.py: connects, sends Hello,world!, reads the echo and closes with FIN', {
      timeout: 30_000,
    }, async () => {
      await lesson.write('client.py');
      await assertCleanExchange('python3', ['client.py', '127.0.0.1', echoPort()]);
    });

    test('client.py: the host defaults to 127.0.0.1', { timeout: 30_000 }, async () => {
      await lesson.write('client.py');
      await assertCleanExchange('python3', ['client.py', echoPort()]);
    });

    test('client.c: compiles without warnings, then does the same exchange', { timeout: 60_000 }, async () => {
      const client = await lesson.compile('client.c');
      await assertCleanExchange(client, ['127.0.0.1', echoPort()]);
    });

    test('client.mjs: connects, sends Hello,world!, reads the echo and closes with FIN', {
      timeout: 30_000,
    }, async () => {
      await lesson.write('client.mjs');
      await assertCleanExchange(process.execPath, ['client.mjs', '127.0.0.1', echoPort()]);
    });

    test('main.py (MicroPython): its socket part runs unchanged under CPython', { timeout: 30_000 }, async () => {
      const source = lesson.listing('main.py');
      assert.doesNotMatch(source, /\bimport network\b/, 'the Wi-Fi part belongs in boot.py, not in main.py');
      const hostLine = /^HOST = .*$/m;
      const portLine = /^PORT = .*$/m;
      assert.match(source, hostLine, 'main.py must define HOST = … on a line of its own');
      assert.match(source, portLine, 'main.py must define PORT = … on a line of its own');
      const edited = source.replace(hostLine, 'HOST = "127.0.0.1"').replace(portLine, `PORT = ${echoPort()}`);
      await lesson.write('main.py', edited);
      await assertCleanExchange('python3', ['main.py']);
    });

    test('a client that closes without reading the echo is seen as a reset, not a FIN', {
      timeout: 30_000,
    }, async () => {
      // The control for every FIN assertion above: the same server must see an RST when the echo is left unread.
      const careless = [
        'import socket, sys, time',
        'sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)',
        `sock.sendall(b"${HELLO}")`,
        'time.sleep(0.5)  # let the echo arrive, and leave it unread',
        'sock.close()',
        '',
      ].join('\n');
      await lesson.write('careless.py', careless);
      const { result, connections } = await lesson.runClient('python3', ['careless.py', echoPort()]);
      assert.equal(result.code, 0, describeRun(result));
      const connection = await onlyConnection(connections);
      assert.ok(connection.events.includes('reset'), 'closing with unread data must reset the connection');
      assert.ok(!connection.events.includes('fin'));
    });

    test('echo_server.py (challenge 3) serves client.py', { timeout: 30_000 }, async () => {
      await lesson.write('echo_server.py');
      await lesson.write('client.py');
      const server = await lesson.startServer('python3', ['echo_server.py', '0'], /listening on 127\.0\.0\.1:(\d+)/);
      try {
        const port = server.ready[1]!;
        const result = await lesson.run('python3', ['client.py', '127.0.0.1', port]);
        assert.equal(result.code, 0, describeRun(result));
        assert.match(result.stdout, /received 12 bytes: Hello,world!/);
      } finally {
        server.stop();
      }
    });

    test('addr.py prints both integer readings of the seed address', { timeout: 30_000 }, async () => {
      await lesson.write('addr.py');
      const result = await lesson.run('python3', ['addr.py']);
      assert.equal(result.code, 0, describeRun(result));
      assert.deepEqual(result.stdout.trim().split('\n'), ['C0 A8 1F 66', '3232243558', '1713350848', '192.168.31.102']);
    });

    test('addr.c prints what the lesson says it prints', { timeout: 60_000 }, async () => {
      const addr = await lesson.compile('addr.c');
      const result = await lesson.run(addr, []);
      assert.equal(result.code, 0, describeRun(result));
      // The lesson shows the output of a little-endian machine; on a big-endian one only the raw s_addr line differs.
      assert.ok(
        lesson.mdx.includes(result.stdout.trimEnd()) || os.endianness() === 'BE',
        `addr.c printed:\n${result.stdout}`,
      );
      assert.match(result.stdout, /bytes in memory:\s+C0 A8 1F 66/);
      assert.match(result.stdout, /ntohl\(s_addr\):\s+3232243558/);
    });
  });
}
