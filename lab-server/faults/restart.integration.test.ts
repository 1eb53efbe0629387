/**
 * The restart fault on real sockets, with no packet filter at all: a client connected to a TCP lab server has its
 * connection closed when the server goes away, a connect() meanwhile is refused (ECONNREFUSED: the kernel answers
 * the SYN with RST), and once the n seconds are over the server listens on the same port again, connection
 * numbers going on from where they were, and the setting is back to 0 by itself. A UDP echo server goes away the
 * same way (a connected client's datagram meets ECONNREFUSED) and comes back on its port. Ports 50200–50299.
 */

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { startTcpEcho } from '../servers/tcp-echo';
import { startUdpEcho } from '../servers/udp-echo';
import { FAULTS } from './index';
import { serverInRange } from './testing/server-in-range';

const PORTS = { first: 50200, last: 50299 };
/** Long enough that a connect() right after the stop surely comes while the server is away, even on a slow machine. */
const DOWN_SECONDS = 3;

/** Connects, or rejects with the errno. */
function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function echoOf(socket: net.Socket, text: string): Promise<string> {
  const answer = once(socket, 'data');
  socket.write(text);
  const [data] = (await answer) as [Buffer];
  return data.toString();
}

async function errnoOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
}

describe('restart', { timeout: 60_000 }, () => {
  it('closes a TCP server’s connections, refuses new ones for n s, then listens on the same port again', async () => {
    const { server, port, observations } = await serverInRange(startTcpEcho, PORTS);
    const target = { server, service: undefined };
    assert.equal(FAULTS.restart.unavailable(target), undefined, 'a restart needs no packet filter');
    const fault = await FAULTS.restart.start(target, 0);
    const changes: number[] = [];
    fault.onChange((value) => changes.push(value));
    try {
      const client = await connect(port);
      assert.equal(await echoOf(client, 'before'), 'before');
      const closed = once(client, 'close');

      await fault.set(DOWN_SECONDS);
      assert.equal(fault.value, DOWN_SECONDS);
      assert.equal(await errnoOf(connect(port)), 'ECONNREFUSED', 'the port refuses connections meanwhile');
      await closed;
      const stop = observations.find((o) => o.connection === 0 && o.kind === 'close');
      assert.match(stop?.note?.en ?? '', new RegExp(`stopped for ${DOWN_SECONDS} s`));
      assert.match(stop?.note?.['zh-Hans'] ?? '', new RegExp(`停止 ${DOWN_SECONDS} 秒`));
      assert.ok(
        observations.some((o) => o.connection === 1 && o.kind === 'close'),
        'the connection was closed by the server',
      );

      await new Promise<void>((resolve) => fault.onChange(() => resolve()));
      assert.deepEqual(changes, [0], 'the setting returns to 0 by itself');
      assert.equal(fault.value, 0);
      const again = await connect(port);
      assert.equal(await echoOf(again, 'after'), 'after');
      const listens = observations.filter((o) => o.connection === 0 && o.kind === 'listen');
      assert.equal(listens.length, 1, 'listen observed once it is back');
      const accepts = observations.filter((o) => o.kind === 'accept').map((o) => o.connection);
      assert.deepEqual(accepts, [1, 2], 'connection numbers go on counting');
      again.destroy();
    } finally {
      fault.dispose();
      await server.dispose();
    }
  });

  it('brings the server back at once on 0, and a server disposed while away stays away', async () => {
    const { server, port } = await serverInRange(startTcpEcho, PORTS);
    const fault = await FAULTS.restart.start({ server, service: undefined }, 0);
    await fault.set(30);
    assert.equal(await errnoOf(connect(port)), 'ECONNREFUSED');
    await fault.set(0);
    assert.equal(fault.value, 0);
    (await connect(port)).destroy();

    await fault.set(30);
    fault.dispose();
    await server.dispose();
    assert.equal(await errnoOf(connect(port)), 'ECONNREFUSED', 'nothing listens once the server is disposed');
  });

  it('takes a UDP echo server away and back on the same port', async () => {
    const { server, port, observations } = await serverInRange(startUdpEcho, PORTS);
    const fault = await FAULTS.restart.start({ server, service: undefined }, 0);
    const client = dgram.createSocket('udp4');
    try {
      client.connect(port, '127.0.0.1');
      await once(client, 'connect');
      const echo = once(client, 'message');
      client.send('before');
      assert.equal(String(((await echo) as [Buffer])[0]), 'before');

      const back = new Promise<void>((resolve) => fault.onChange(() => resolve()));
      await fault.set(DOWN_SECONDS);
      const refused = once(client, 'error');
      client.send('anyone?');
      const [error] = (await refused) as [NodeJS.ErrnoException];
      assert.equal(error.code, 'ECONNREFUSED', 'the port unreachable reaches the connected socket');

      await back;
      const again = once(client, 'message');
      client.send('after');
      assert.equal(String(((await again) as [Buffer])[0]), 'after');
      assert.deepEqual(
        observations.filter((o) => o.connection === 0).map((o) => o.kind),
        ['close', 'listen'],
        'the stop and the return on the timeline',
      );
      assert.ok(
        observations.every((o) => o.connection <= 1),
        'the client is still flow 1',
      );
    } finally {
      client.close();
      fault.dispose();
      await server.dispose();
    }
  });
});
