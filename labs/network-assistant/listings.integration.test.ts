/**
 * Runs the code listings of the lesson "The network assistant: your board connects to you"
 * (docs/devices/network-assistant.mdx, and each translation of it, whose listings differ only in their comments)
 * for real. The board's clients run against a stand-in for the PC's network assistant started here on
 * loopback, which waits for `Hello,world!`, sends a line as a person at the assistant would, expects it back,
 * and closes: the lesson promises that each client prints the line, answers it, and stops when the assistant
 * closes. The short-connection homework (Python, C, Node) must make three connections, one message each, each
 * closed by the client's FIN before the assistant closes. The UDP client must send one datagram and print the answer sent to
 * its source address. The board's server must answer a client, serve one client at a time as challenge 1 says,
 * and start again at once on its port after being stopped with a client connected — and, with its
 * SO_REUSEADDR line taken out, fail there with the EADDRINUSE the lesson quotes.
 */

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { inRange, listenOn, portsOf } from '../../lab-server/testing/ports-in-range';
import { describeRun, LessonListings, lessonPages } from '../testing/listings';

const HELLO = 'Hello,world!';
/** What the stand-in assistant sends, as a person would type it: the client must print it and send it back. */
const TYPED = 'LED on\n';
/**
 * This lab's test ports: the stand-in assistants, then the board servers, which leave TIME_WAIT behind (the lab
 * test takes 53440–53499).
 */
const ASSISTANT_PORTS = { first: 53000, last: 53199 };
const BOARD_PORTS = { first: 53200, last: 53439 };

/** What the stand-in assistant saw of one connection: the bytes, and whether the client's FIN came first. */
interface AssistantConnection {
  readonly chunks: Buffer[];
  readonly events: ('fin' | 'reset' | 'assistant-close')[];
  readonly closed: Promise<void>;
}

interface StandInAssistant {
  readonly port: number;
  readonly connections: AssistantConnection[];
  close(): Promise<void>;
}

/**
 * A TCP network assistant with a person at it. `talk`: once the greeting is in, send TYPED, wait for it to come
 * back, and close (the person ends the session). Otherwise it only listens, and closes its side when the client
 * closes theirs, as NetAssist does.
 */
async function startAssistant(talk: boolean): Promise<StandInAssistant> {
  const connections: AssistantConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, function serverOnConnection(socket) {
    sockets.add(socket);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const record: AssistantConnection = { chunks: [], events: [], closed };
    connections.push(record);
    let phase: 'greeting' | 'answer' | 'done' = 'greeting';
    socket.on('data', function socketOnData(chunk: Buffer) {
      record.chunks.push(chunk);
      const text = Buffer.concat(record.chunks).toString('latin1');
      if (!talk) return;
      if (phase === 'greeting' && text.length >= HELLO.length) {
        phase = 'answer';
        socket.write(TYPED);
      } else if (phase === 'answer' && text.length >= HELLO.length + TYPED.length) {
        phase = 'done';
        record.events.push('assistant-close');
        socket.end();
      }
    });
    socket.on('end', function socketOnEnd() {
      record.events.push('fin');
      socket.end();
    });
    socket.on('error', function socketOnError(error: NodeJS.ErrnoException) {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') record.events.push('reset');
    });
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await inRange(ASSISTANT_PORTS, (candidate) => listenOn(server, candidate));
  return {
    port,
    connections,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves when every connection has closed, or fails after `ms`. */
async function allClosed(connections: readonly AssistantConnection[], ms = 5000): Promise<void> {
  const timeout = sleep(ms).then(() => {
    throw new Error('the assistant did not see every connection close');
  });
  await Promise.race([Promise.all(connections.map((connection) => connection.closed)), timeout]);
}

/** A listing with its settings lines (`HOST = …`, `PORT = …`) set for this machine. */
function withSettings(source: string, settings: Readonly<Record<string, string>>): string {
  let edited = source;
  for (const [name, value] of Object.entries(settings)) {
    const line = new RegExp(`^${name} = .*$`, 'm');
    assert.match(edited, line, `the listing must define ${name} = … on a line of its own`);
    edited = edited.replace(line, `${name} = ${value}`);
  }
  return edited;
}

/** A client of the board's server: connects, and reads what arrives. */
async function boardClient(port: number): Promise<{ socket: net.Socket; read(bytes: number): Promise<string> }> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  return {
    socket,
    async read(bytes) {
      for (let waited = 0; received.length < bytes && waited < 5000; waited += 10) await sleep(10);
      return received;
    },
  };
}

for (const page of lessonPages('devices/network-assistant.mdx')) {
  describe(page.locale, () => {
    const lesson = new LessonListings(page.url, { childTimeoutMs: 15_000 });

    before(() => lesson.open());
    after(() => lesson.close());

    test('the lesson has every listing it promises', () => {
      const titles = ['client.py', 'client.c', 'client.mjs', 'main.py', 'board_server.py', 'short.py', 'short.c'];
      for (const title of [...titles, 'short.mjs', 'udp_client.py']) lesson.listing(title);
    });

    /** Runs one client against a talking assistant: greeting, the typed line printed and answered, then the end. */
    async function assertConversation(
      command: string,
      args: (port: number) => readonly string[] | Promise<readonly string[]>,
    ): Promise<void> {
      const assistant = await startAssistant(true);
      try {
        const result = await lesson.run(command, await args(assistant.port));
        assert.equal(result.timedOut, false, `the client hung: ${describeRun(result)}`);
        assert.equal(result.code, 0, `the client failed: ${describeRun(result)}`);
        assert.match(result.stdout, /received 7 bytes: /, describeRun(result));
        assert.match(result.stdout, /LED on/, describeRun(result));
        assert.match(result.stdout, /the assistant closed the connection/, describeRun(result));
        assert.equal(assistant.connections.length, 1, 'one connection');
        const [connection] = assistant.connections;
        await allClosed(assistant.connections);
        assert.equal(
          Buffer.concat(connection!.chunks).toString('latin1'),
          HELLO + TYPED,
          'the greeting, then the line',
        );
        assert.ok(!connection!.events.includes('reset'), `no RST: ${connection!.events.join(', ')}`);
      } finally {
        await assistant.close();
      }
    }

    test('client.py: greets, answers the assistant, stops when it closes', { timeout: 30_000 }, async () => {
      await lesson.write('client.py');
      await assertConversation('python3', (port) => ['client.py', '127.0.0.1', String(port)]);
    });

    test('client.py: the host defaults to 127.0.0.1', { timeout: 30_000 }, async () => {
      await lesson.write('client.py');
      await assertConversation('python3', (port) => ['client.py', String(port)]);
    });

    test('client.c: compiles without warnings, then does the same', { timeout: 60_000 }, async () => {
      const client = await lesson.compile('client.c');
      await assertConversation(client, (port) => ['127.0.0.1', String(port)]);
    });

    test('client.mjs: greets, answers the assistant, stops when it closes', { timeout: 30_000 }, async () => {
      await lesson.write('client.mjs');
      await assertConversation(process.execPath, (port) => ['client.mjs', '127.0.0.1', String(port)]);
    });

    test('main.py (MicroPython): runs unchanged under CPython', { timeout: 30_000 }, async () => {
      const source = lesson.listing('main.py');
      assert.doesNotMatch(source, /\bimport network\b/, 'the Wi-Fi part belongs in boot.py');
      await assertConversation('python3', async (port) => {
        await lesson.write('main.py', withSettings(source, boardSettings(port)));
        return ['main.py'];
      });
    });

    /** Runs a short-connection listing: three connections, one message each, each closed by the client first. */
    async function assertShort(
      command: string,
      args: (port: number) => readonly string[] | Promise<readonly string[]>,
    ) {
      const assistant = await startAssistant(false);
      try {
        const result = await lesson.run(command, await args(assistant.port));
        assert.equal(result.code, 0, describeRun(result));
        assert.equal(assistant.connections.length, 3, 'three connections');
        await allClosed(assistant.connections);
        assert.deepEqual(
          assistant.connections.map((connection) => Buffer.concat(connection.chunks).toString('latin1')),
          ['message 1\n', 'message 2\n', 'message 3\n'],
        );
        for (const connection of assistant.connections) {
          assert.deepEqual(connection.events, ['fin'], 'the client closed with FIN, and first');
        }
      } finally {
        await assistant.close();
      }
    }

    test('short.py: three messages, each on a connection of its own, each closed by the client first', {
      timeout: 30_000,
    }, async () => {
      await assertShort('python3', async (port) => {
        await lesson.write('short.py', withSettings(lesson.listing('short.py'), boardSettings(port)));
        return ['short.py'];
      });
    });

    test('short.c: compiles without warnings, then does the same', { timeout: 60_000 }, async () => {
      const short = await lesson.compile('short.c');
      await assertShort(short, (port) => ['127.0.0.1', String(port)]);
    });

    test('short.mjs: does the same', { timeout: 30_000 }, async () => {
      await lesson.write('short.mjs');
      await assertShort(process.execPath, (port) => ['short.mjs', String(port)]);
    });

    test('udp_client.py: one datagram, and the answer sent to its source address', { timeout: 30_000 }, async () => {
      const socket = dgram.createSocket('udp4');
      const datagrams: Buffer[] = [];
      socket.on('message', function socketOnMessage(datagram, remote) {
        datagrams.push(datagram);
        socket.send('ok', remote.port, remote.address);
      });
      const port = await inRange(
        ASSISTANT_PORTS,
        (candidate) =>
          new Promise<number>((resolve, reject) => {
            socket.once('error', reject);
            socket.bind({ address: '127.0.0.1', port: candidate, exclusive: true }, () => {
              socket.off('error', reject);
              resolve(candidate);
            });
          }),
      );
      try {
        const source = withSettings(lesson.listing('udp_client.py'), boardSettings(port));
        await lesson.write('udp_client.py', source);
        const result = await lesson.run('python3', ['udp_client.py']);
        assert.equal(result.code, 0, describeRun(result));
        assert.match(result.stdout, /^sent 12 bytes\nreceived 2 bytes: b'ok'\n$/, describeRun(result));
        assert.deepEqual(
          datagrams.map((datagram) => datagram.toString('latin1')),
          [HELLO],
        );
      } finally {
        socket.close();
      }
    });

    /** Starts a board server listing on `port`; resolves once it says it listens. */
    function startBoard(title: string, port: number) {
      return lesson.startServer('python3', ['-u', title], new RegExp(`listening on 127\\.0\\.0\\.1:${port}`));
    }

    /**
     * Writes `title`, made of the board server's listing by `edit`, for the first port of the range where it
     * starts (an earlier run's TIME_WAIT may hold a port against a server without SO_REUSEADDR), and runs
     * `use` on it with that port.
     */
    async function onFreeBoardPort(
      title: string,
      edit: (source: string) => string,
      use: (port: number) => Promise<void>,
    ): Promise<void> {
      for (const port of portsOf(BOARD_PORTS)) {
        await lesson.write(title, withSettings(edit(lesson.listing('board_server.py')), boardSettings(port)));
        try {
          const probe = await startBoard(title, port);
          probe.stop();
          await probe.exited;
        } catch (error) {
          if (String(error).includes('Address already in use')) continue;
          throw error;
        }
        return use(port);
      }
      assert.fail('no port of the range could be bound');
    }

    /**
     * Leaves the board server's side of a connection in TIME_WAIT, as the lesson says a stop does: a client
     * connected and talked, the server is stopped (its kernel sends the first FIN), then the client closes.
     */
    async function stopWithClientConnected(title: string, port: number): Promise<void> {
      const server = await startBoard(title, port);
      try {
        const client = await boardClient(port);
        client.socket.write('ping');
        assert.equal(await client.read(15), 'board got: ping');
        // On the server's FIN, Node ends the client's side by itself (allowHalfOpen is off), and then it closes.
        const closed = once(client.socket, 'close');
        server.stop();
        await server.exited;
        await closed;
      } finally {
        server.stop();
      }
    }

    test('board_server.py: answers, and starts again at once after a stop with a client connected', {
      timeout: 60_000,
    }, async () => {
      await onFreeBoardPort(
        'board_server.py',
        (source) => source,
        async (port) => {
          await stopWithClientConnected('board_server.py', port);
          const again = await startBoard('board_server.py', port);
          again.stop();
          await again.exited;
        },
      );
    });

    test('board_server.py without SO_REUSEADDR: the restart fails with the EADDRINUSE the lesson quotes', {
      timeout: 60_000,
    }, async () => {
      const option = /^listener\.setsockopt\(socket\.SOL_SOCKET, socket\.SO_REUSEADDR, 1\).*\n/m;
      assert.match(lesson.listing('board_server.py'), option, 'the listing sets SO_REUSEADDR on a line of its own');
      await onFreeBoardPort(
        'no_reuse.py',
        (source) => source.replace(option, ''),
        async (port) => {
          await stopWithClientConnected('no_reuse.py', port);
          const result = await lesson.run('python3', ['-u', 'no_reuse.py']);
          assert.equal(result.code, 1, describeRun(result));
          const quoted = 'OSError: [Errno 98] Address already in use';
          assert.ok(result.stderr.includes(quoted), describeRun(result));
          assert.ok(lesson.mdx.includes(quoted), 'the lesson quotes the error as Python prints it');
        },
      );
    });

    test('board_server.py serves one client at a time, as challenge 1 says', { timeout: 60_000 }, async () => {
      await onFreeBoardPort(
        'board_server.py',
        (source) => source,
        async (port) => {
          const server = await startBoard('board_server.py', port);
          try {
            const first = await boardClient(port);
            first.socket.write('first');
            assert.equal(await first.read(16), 'board got: first');
            const second = await boardClient(port);
            second.socket.write('second');
            await sleep(300);
            assert.equal(await second.read(0), '', 'connected, but not served while the first client is');
            first.socket.end();
            assert.equal(await second.read(17), 'board got: second', 'served once the first client left');
            second.socket.end();
          } finally {
            server.stop();
          }
        },
      );
    });
  });
}

function boardSettings(port: number): Record<string, string> {
  return { HOST: '"127.0.0.1"', PORT: String(port) };
}
