/**
 * The UDP echo server on real sockets: each datagram comes back whole and alone (boundaries kept), peers are
 * numbered as flows in the order they first sent, what it saw is observed, and once it is gone a connected
 * client's next call fails with ECONNREFUSED (the ICMP port unreachable its kernel received).
 */

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import type { Observation } from '../../src/lab-kit';
import { startUdpEcho } from './udp-echo';

async function client(): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

async function echoOf(socket: dgram.Socket, port: number, payload: string): Promise<string> {
  const answer = once(socket, 'message');
  socket.send(payload, port, '127.0.0.1');
  const [message] = (await answer) as [Buffer];
  return message.toString();
}

describe('UDP echo server', () => {
  it('echoes each datagram whole, numbers peers as flows, and observes both ways', async () => {
    const server = await startUdpEcho({
      id: 'echo',
      title: 'UDP echo server',
      bindHost: '127.0.0.1',
      publicHost: '127.0.0.1',
      port: 0,
    });
    const observations: Observation[] = [];
    server.onObservation((observation) => observations.push(observation));
    const port = server.endpoints[0]?.port ?? 0;
    assert.deepEqual(server.endpoints, [{ transport: 'udp', address: '127.0.0.1', port }]);
    assert.equal(server.info.transport, 'udp');

    const first = await client();
    const second = await client();
    assert.equal(await echoOf(first, port, 'Hello,'), 'Hello,');
    assert.equal(await echoOf(first, port, 'world!'), 'world!', 'two sendto()s, two datagrams back');
    assert.equal(await echoOf(second, port, 'x'.repeat(1200)), 'x'.repeat(1200));

    const received = observations.filter((o) => o.kind === 'receive');
    assert.deepEqual(
      received.map((o) => [o.connection, o.bytes, o.peer]),
      [
        [1, 6, `127.0.0.1:${first.address().port}`],
        [1, 6, `127.0.0.1:${first.address().port}`],
        [2, 1200, `127.0.0.1:${second.address().port}`],
      ],
    );
    // A send is observed when its callback runs, which may come after the echo was read: wait for it, bounded.
    for (let tries = 0; tries < 100 && observations.filter((o) => o.kind === 'send').length < 3; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(observations.filter((o) => o.kind === 'send').length, 3);

    await server.dispose();
    first.connect(port, '127.0.0.1');
    await once(first, 'connect');
    first.send('anyone?');
    const [error] = (await once(first, 'error')) as [NodeJS.ErrnoException];
    assert.equal(error.code, 'ECONNREFUSED', 'the port unreachable reaches a connected socket');
    first.close();
    second.close();
  });
});
