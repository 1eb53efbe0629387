/**
 * Runs the code listings of the lesson "UDP: datagrams without a connection" (docs/udp/datagrams.mdx, and each
 * translation of it, whose listings differ only in their comments) for real: each client is written to a
 * temporary directory and run against a UDP echo server started here on 127.0.0.1, port 0, which records every
 * datagram it receives. The lesson promises one datagram of exactly `Hello,world!` and its echo printed; a
 * client that sent the bytes in pieces, or never read the echo, fails. The refusal challenge is run too: it
 * promises a timeout on the unconnected socket and ECONNREFUSED on the connected one.
 */

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { describeRun, freePort, LessonListings, lessonPages } from '../testing/listings';

const HELLO = 'Hello,world!';

interface UdpEcho {
  readonly port: number;
  readonly datagrams: Buffer[];
  close(): Promise<void>;
}

/** A UDP echo server like the lab's: every datagram goes back, whole, to the address it came from. */
async function startUdpEcho(): Promise<UdpEcho> {
  const socket = dgram.createSocket('udp4');
  const datagrams: Buffer[] = [];
  socket.on('message', function socketOnMessage(datagram, remote) {
    datagrams.push(datagram);
    socket.send(datagram, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind({ address: '127.0.0.1', port: 0 }, () => resolve()));
  return {
    port: socket.address().port,
    datagrams,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

for (const page of lessonPages('udp/datagrams.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: 10_000 });
    let echo: UdpEcho;

    before(async () => {
      await lesson.open();
      echo = await startUdpEcho();
    });
    after(async () => {
      await echo.close();
      await lesson.close();
    });

    /** Runs one client and asserts the exchange: exit 0, the echo printed, one datagram of exactly Hello,world!. */
    async function assertExchange(command: string, args: readonly string[]): Promise<void> {
      const before = echo.datagrams.length;
      const result = await lesson.run(command, args);
      assert.equal(result.timedOut, false, `the client hung: ${describeRun(result)}`);
      assert.equal(result.code, 0, `the client failed: ${describeRun(result)}`);
      assert.match(result.stdout, /received 12 bytes: Hello,world!/, describeRun(result));
      const sent = echo.datagrams.slice(before);
      assert.deepEqual(
        sent.map((datagram) => datagram.toString('latin1')),
        [HELLO],
        'one datagram, of exactly Hello,world!',
      );
    }

    test('the lesson has every listing the tabs promise', () => {
      for (const title of ['client.py', 'client.c', 'client.mjs', 'main.py', 'refused.py']) lesson.listing(title);
    });

    test('client.py: one datagram, the echo printed', { timeout: 30_000 }, async () => {
      await lesson.write('client.py');
      await assertExchange('python3', ['client.py', '127.0.0.1', String(echo.port)]);
    });

    test('client.py: the host defaults to 127.0.0.1', { timeout: 30_000 }, async () => {
      await lesson.write('client.py');
      await assertExchange('python3', ['client.py', String(echo.port)]);
    });

    test('client.py: with no server it tries three times and fails', { timeout: 30_000 }, async () => {
      await lesson.write('client.py');
      const result = await lesson.run('python3', ['client.py', String(await freePort())]);
      assert.equal(result.code, 1, describeRun(result));
      assert.match(result.stdout, /try 3:/, describeRun(result));
      assert.match(result.stderr, /no echo from 127\.0\.0\.1:\d+ after 3 tries/, describeRun(result));
    });

    test('client.c: compiles without warnings, then does the same exchange', { timeout: 60_000 }, async () => {
      const client = await lesson.compile('client.c');
      await assertExchange(client, ['127.0.0.1', String(echo.port)]);
    });

    test('client.mjs: one datagram, the echo printed', { timeout: 30_000 }, async () => {
      await lesson.write('client.mjs');
      await assertExchange(process.execPath, ['client.mjs', '127.0.0.1', String(echo.port)]);
    });

    test('main.py (MicroPython): its socket part runs unchanged under CPython', { timeout: 30_000 }, async () => {
      const source = lesson.listing('main.py');
      assert.doesNotMatch(source, /\bimport network\b/, 'the Wi-Fi part belongs in boot.py, not in main.py');
      // The board's settings, pointed at the echo server here; each must be a line of its own to be found.
      let edited = source;
      for (const [name, value] of [
        ['HOST', '"127.0.0.1"'],
        ['PORT', String(echo.port)],
      ] as const) {
        const line = new RegExp(`^${name} = .*$`, 'm');
        assert.match(edited, line, `main.py must define ${name} = … on a line of its own`);
        edited = edited.replace(line, `${name} = ${value}`);
      }
      await lesson.write('main.py', edited);
      await assertExchange('python3', ['main.py']);
    });

    test('refused.py (challenge 2) prints what the lesson says', { timeout: 30_000 }, async () => {
      await lesson.write('refused.py');
      const result = await lesson.run('python3', ['refused.py', String(await freePort())]);
      assert.equal(result.code, 0, describeRun(result));
      assert.deepEqual(result.stdout.trim().split('\n'), [
        'unconnected: timed out, no error',
        'connected: Connection refused (ECONNREFUSED)',
      ]);
      assert.ok(lesson.mdx.includes(result.stdout.trimEnd()), `the lesson shows what refused.py prints`);
    });
  });
}
