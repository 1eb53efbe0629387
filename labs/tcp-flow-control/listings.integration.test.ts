/**
 * Runs the code listings of the lesson "Flow control: the sliding window and zero window"
 * (docs/tcp/flow-control.mdx, and each translation of it, whose listings differ only in their comments) for real:
 * each sender is written to a temporary directory and run against the lab's own slow reader, started here on
 * 127.0.0.1 with the port taken from this lab's test range, which leaves a connection unread for its first
 * seconds. The lesson promises that each sender sends all its bytes on one connection, ends it with FIN, says how
 * long it waited, and (except the MicroPython one, which simply closes) waits until the server has read
 * everything; the test checks the bytes the server read, never how long anything took.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTcpSlowReader } from '../../lab-server/servers/tcp-slow-reader';
import { inRange } from '../../lab-server/testing/ports-in-range';
import { describeRun, LessonListings, lessonPages } from '../testing/listings';

const TOTAL = 8 * 1024 * 1024;
const BOARD_TOTAL = 1024 * 1024;
/** This lab's listeners: 51600–51699 (the lab server of its other test uses 51500–51599). */
const PORTS = { first: 51600, last: 51699 };

interface ReaderConnection {
  readonly peerPort: number;
  bytes: number;
  peerFin: boolean;
}

interface Reader {
  readonly port: number;
  readonly connections: ReaderConnection[];
  close(): Promise<void>;
}

/** The lab's slow reader, on a free port of the range, with what it read per connection. */
async function startReader(): Promise<Reader> {
  const server = await inRange(PORTS, (port) =>
    startTcpSlowReader({ id: 'reader', title: 'reader', bindHost: '127.0.0.1', publicHost: '127.0.0.1', port }),
  );
  const byNumber = new Map<number, ReaderConnection>();
  const connections: ReaderConnection[] = [];
  server.onObservation((observation) => {
    let connection = byNumber.get(observation.connection);
    if (connection === undefined) {
      const peerPort = Number(observation.peer?.slice(observation.peer.lastIndexOf(':') + 1) ?? 0);
      connection = { peerPort, bytes: 0, peerFin: false };
      byNumber.set(observation.connection, connection);
      connections.push(connection);
    }
    if (observation.kind === 'receive') connection.bytes += observation.bytes ?? 0;
    if (observation.kind === 'peer-fin') connection.peerFin = true;
  });
  return {
    port: server.info.port,
    connections,
    async close() {
      await server.dispose();
    },
  };
}

/** Waits, bounded, until the reader has read `bytes` and the FIN on one connection (a closing sender may exit first). */
async function readAll(reader: Reader, from: number, bytes: number): Promise<ReaderConnection> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const done = reader.connections.slice(from).find((c) => c.peerFin && c.bytes >= bytes);
    if (done !== undefined) return done;
    if (Date.now() > deadline) {
      throw new Error(
        `the reader read ${JSON.stringify(reader.connections.slice(from))}, not ${bytes} bytes and a FIN`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const page of lessonPages('tcp/flow-control.mdx')) {
  describe(page.locale, () => {
    // Each sender waits out the reader's pause; a loaded machine may take far longer.
    const lesson = new LessonListings(page.url, { childTimeoutMs: 60_000 });
    let reader: Reader;

    before(async () => {
      await lesson.open();
      reader = await startReader();
    });
    after(async () => {
      await reader.close();
      await lesson.close();
    });

    /** Runs one sender: exit 0, one connection that carried exactly `bytes` and a FIN, and the lines it promises. */
    async function assertTransfer(
      command: string,
      args: readonly string[],
      bytes: number,
      lines: readonly RegExp[],
    ): Promise<void> {
      const from = reader.connections.length;
      const result = await lesson.run(command, args);
      assert.equal(result.timedOut, false, `the sender hung: ${describeRun(result)}`);
      assert.equal(result.code, 0, `the sender failed: ${describeRun(result)}`);
      for (const line of lines) assert.match(result.stdout, line, describeRun(result));
      const connection = await readAll(reader, from, bytes);
      assert.equal(connection.bytes, bytes, 'the reader read exactly what the sender sent');
      assert.equal(reader.connections.length - from, 1, 'one connection');
      const printed = /connected from port (\d+)/.exec(result.stdout);
      if (printed !== null) assert.equal(Number(printed[1]), connection.peerPort, 'the port it printed is its own');
    }

    test('the lesson has every listing the tabs promise', () => {
      for (const title of ['sender.py', 'sender.c', 'sender.mjs', 'main.py']) lesson.listing(title);
    });

    test('sender.py: 8 MiB, sendall() timed, the server read everything', { timeout: 90_000 }, async () => {
      await lesson.write('sender.py');
      await assertTransfer('python3', ['sender.py', '127.0.0.1', String(reader.port)], TOTAL, [
        /^our buffers: SO_SNDBUF \d+ bytes, SO_RCVBUF \d+ bytes$/m,
        /^sendall\(\) of 8388608 bytes returned after \d+\.\d s$/m,
        /^the server read everything and closed after \d+\.\d s$/m,
      ]);
    });

    test('sender.py: the host defaults to 127.0.0.1', { timeout: 90_000 }, async () => {
      await lesson.write('sender.py');
      await assertTransfer('python3', ['sender.py', String(reader.port)], TOTAL, [/sendall\(\) of 8388608 bytes/]);
    });

    test('sender.c: compiles without warnings, then does the same', { timeout: 120_000 }, async () => {
      const sender = await lesson.compile('sender.c');
      await assertTransfer(sender, ['127.0.0.1', String(reader.port)], TOTAL, [
        /^our buffers: SO_SNDBUF \d+ bytes, SO_RCVBUF \d+ bytes$/m,
        /^send\(\) of 8388608 bytes returned after \d+\.\d s; the longest call blocked \d+\.\d s$/m,
        /^the server read everything and closed after \d+\.\d s$/m,
      ]);
    });

    test('sender.mjs: 8 MiB with backpressure, the server read everything', { timeout: 90_000 }, async () => {
      await lesson.write('sender.mjs');
      await assertTransfer(process.execPath, ['sender.mjs', '127.0.0.1', String(reader.port)], TOTAL, [
        /^wrote 8388608 bytes in \d+\.\d s; the longest wait for 'drain' was \d+\.\d s$/m,
        /^the server read everything and closed after \d+\.\d s$/m,
      ]);
    });

    test('main.py (MicroPython): its socket part runs unchanged under CPython', { timeout: 90_000 }, async () => {
      const source = lesson.listing('main.py');
      assert.doesNotMatch(source, /\bimport network\b/, 'the Wi-Fi part belongs in boot.py, not in main.py');
      let edited = source;
      for (const [name, value] of [
        ['HOST', '"127.0.0.1"'],
        ['PORT', String(reader.port)],
      ] as const) {
        const line = new RegExp(`^${name} = .*$`, 'm');
        assert.match(edited, line, `main.py must define ${name} = … on a line of its own`);
        edited = edited.replace(line, `${name} = ${value}`);
      }
      await lesson.write('main.py', edited);
      await assertTransfer('python3', ['main.py'], BOARD_TOTAL, [
        /^sent 1048576 bytes in \d+ ms; the longest sendall\(\) blocked \d+ ms$/m,
      ]);
    });
  });
}
