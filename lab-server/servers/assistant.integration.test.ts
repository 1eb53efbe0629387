/**
 * The network-assistant kinds on real sockets: a TCP client's handshake completes and its bytes wait before a
 * program listens, then listen accepts it and reads them; what the program sends arrives; the client's FIN
 * closes the connection; a program that exits closes what it accepted. UDP datagrams wait in a bounded queue,
 * the overflow is counted, and a reply goes to the peer. Observations are those of the other kinds. Ports
 * 50500–50549.
 */

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import type { Observation } from '../../src/lab-kit';
import { inRange } from '../testing/ports-in-range';
import type { AssistantNews } from './assistant-console';
import { startTcpAssistant } from './tcp-assistant';
import { startUdpAssistant } from './udp-assistant';

const OPTIONS = { title: 'Network assistant', bindHost: '127.0.0.1', publicHost: '127.0.0.1' } as const;
/** This file's ports. */
const PORTS = { first: 50500, last: 50549 };

/** A server of `start`'s kind on the first free port of PORTS, and that port. */
async function started(
  start: typeof startTcpAssistant | typeof startUdpAssistant,
  id: string,
): Promise<{ server: Awaited<ReturnType<typeof start>>; port: number }> {
  const server = await inRange(PORTS, (port) => start({ ...OPTIONS, id, port }));
  return { server, port: server.info.port };
}

/** Waits, bounded, until `test` holds. */
async function until(test: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 500 && !test(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(test(), what);
}

describe('tcp-assistant', () => {
  it('keeps a client in the backlog with its bytes until a program listens, then serves it both ways', async () => {
    const { server, port } = await started(startTcpAssistant, 'assistant');
    const observations: Observation[] = [];
    server.onObservation((observation) => observations.push(observation));
    const assistant = server.assistant;
    assert.ok(assistant !== undefined);
    const client = net.connect({ host: '127.0.0.1', port });
    try {
      await once(client, 'connect');
      client.write('Hello,world!');
      await until(() => assistant.waiting().connections === 1, 'the connection waits in the backlog');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(!observations.some((o) => o.kind === 'receive'), 'nothing is read before a program listens');
      const news: AssistantNews[] = [];
      const program = assistant.listen((item) => news.push(item));
      assert.ok(program !== undefined);
      assert.equal(
        assistant.listen(() => {}),
        undefined,
        'one program at a time',
      );
      await until(() => news.some((item) => item.kind === 'data'), 'the waiting bytes are read');
      assert.equal(news[0]?.kind, 'accept');
      const data = news.find((item) => item.kind === 'data');
      assert.equal(Buffer.from(data?.kind === 'data' ? data.data : []).toString(), 'Hello,world!');
      const [only] = assistant.clients();
      assert.equal(only?.peer, `127.0.0.1:${client.localPort}`);
      const received = once(client, 'data');
      assert.equal(await assistant.send(only.id, Buffer.from('OK')), 2);
      assert.equal(String((await received)[0]), 'OK');
      assert.deepEqual(
        observations.filter((o) => o.connection !== 0).map((o) => o.kind),
        ['accept', 'receive', 'send'],
      );
      client.end();
      await until(() => news.some((item) => item.kind === 'close'), 'the FIN closes the connection');
      assert.deepEqual(
        news.map((item) => item.kind),
        ['accept', 'data', 'peer-fin', 'close'],
      );
      program.dispose();
    } finally {
      client.destroy();
      await server.dispose();
    }
  });

  it('closes what the program accepted when it exits, and lets the next program accept new clients', async () => {
    const { server, port } = await started(startTcpAssistant, 'assistant');
    const assistant = server.assistant!;
    const first = net.connect({ host: '127.0.0.1', port });
    try {
      await once(first, 'connect');
      const program = assistant.listen(() => {})!;
      await until(() => assistant.clients().length === 1, 'accepted');
      const ended = once(first, 'end');
      program.dispose();
      await ended;
      assert.equal(assistant.clients().length, 0);
      const news: AssistantNews[] = [];
      const next = assistant.listen((item) => news.push(item))!;
      const second = net.connect({ host: '127.0.0.1', port });
      await until(() => news.some((item) => item.kind === 'accept'), 'the next program accepts');
      assert.equal(assistant.clients().length, 1);
      assert.equal(assistant.close(assistant.clients()[0]!.id), 'fin');
      assert.equal(assistant.clients().length, 0);
      second.destroy();
      next.dispose();
    } finally {
      first.destroy();
      await server.dispose();
    }
  });
});

describe('tcp-assistant sending to a client that does not read', () => {
  it('says EAGAIN once what waits for the client reaches its bound, instead of holding more', async () => {
    const { server, port } = await started(startTcpAssistant, 'assistant');
    const assistant = server.assistant!;
    const client = net.connect({ host: '127.0.0.1', port });
    try {
      await once(client, 'connect');
      client.pause();
      const program = assistant.listen(() => {})!;
      await until(() => assistant.clients().length === 1, 'accepted');
      const id = assistant.clients()[0]!.id;
      const chunk = Buffer.alloc(64 * 1024);
      let result: Awaited<ReturnType<typeof assistant.send>> = 0;
      // The kernel's buffers on both sides take a few MB first; then the server's own queue fills.
      for (let sends = 0; sends < 2000 && typeof result === 'number'; sends++) {
        const sent = assistant.send(id, chunk);
        result = await Promise.race([sent, new Promise<number>((resolve) => setImmediate(() => resolve(0)))]);
      }
      assert.deepEqual(result, { errno: 'EAGAIN' });
      program.dispose();
    } finally {
      client.destroy();
      await server.dispose();
    }
  });
});

describe('udp-assistant', () => {
  it('queues datagrams before a program reads, bounded, and sends a reply to a peer', async () => {
    const { server, port } = await started(startUdpAssistant, 'udp');
    const assistant = server.assistant!;
    const observations: Observation[] = [];
    server.onObservation((observation) => observations.push(observation));
    const client = dgram.createSocket('udp4');
    try {
      await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
      for (let i = 0; i < 100; i++) client.send(`datagram ${i}`, port, '127.0.0.1');
      await until(() => assistant.waiting().datagrams === 64, 'the queue holds 64');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const news: AssistantNews[] = [];
      const program = assistant.listen((item) => news.push(item))!;
      // 36 beyond the queue, or fewer if the kernel itself dropped some of the burst.
      const dropped = news[0];
      assert.ok(
        dropped?.kind === 'dropped' && dropped.datagrams > 0 && dropped.datagrams <= 36,
        'the overflow is counted',
      );
      assert.equal(news.filter((item) => item.kind === 'data').length, 64);
      assert.equal(observations.filter((o) => o.kind === 'receive').length, 64);
      const [peer] = assistant.clients();
      assert.equal(peer?.peer, `127.0.0.1:${client.address().port}`);
      const reply = once(client, 'message');
      assert.equal(await assistant.send(peer.id, Buffer.from('OK')), 2);
      assert.equal(String((await reply)[0]), 'OK');
      assert.equal(observations.at(-1)?.kind, 'send');
      assert.equal(observations.at(-1)?.peer, peer.peer);
      program.dispose();
      assert.equal(assistant.clients().length, 0);
    } finally {
      client.close();
      await server.dispose();
    }
  });
});
