/**
 * The TCP echo server under a connection loop that never closes: with every slot held by idle connections,
 * the next attempt still gets in and is echoed, the longest-idle connection is the one closed, and the
 * timeline is told why.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import type { Observation } from '../../src/lab-kit';
import { startTcpEcho } from './tcp-echo';

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function echoOf(socket: net.Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (data) => resolve(data.toString()));
    socket.once('error', reject);
    socket.write(text);
  });
}

describe('tcp-echo', () => {
  it('makes room for a new connection by closing the longest-idle one, and says so', async () => {
    const server = await startTcpEcho({
      id: 'echo',
      title: 'Echo',
      bindHost: '127.0.0.1',
      publicHost: '127.0.0.1',
      port: 0,
    });
    const observations: Observation[] = [];
    server.onObservation((observation) => observations.push(observation));
    const port = server.endpoints[0]!.port;
    const idle: net.Socket[] = [];
    try {
      for (let i = 0; i < 64; i++) idle.push(await connect(port));
      // The first one is busy, so the second is the longest idle.
      await echoOf(idle[0]!, 'still here');
      const evictedClosed = new Promise<void>((resolve) => idle[1]!.once('close', () => resolve()));
      idle[1]!.on('error', () => {});
      const newcomer = await connect(port);
      assert.equal(await echoOf(newcomer, 'Hello,world!'), 'Hello,world!', 'the 65th attempt is served');
      await evictedClosed;
      const note = observations.find((o) => o.kind === 'error' && o.connection === 2);
      assert.match(
        note?.note?.en ?? '',
        new RegExp(
          `make room for a new connection from 127\\.0\\.0\\.1:${newcomer.localPort}: all 64 connections were open`,
        ),
      );
      assert.equal(await echoOf(idle[0]!, 'and still'), 'and still', 'the busy one was kept');
      newcomer.destroy();
    } finally {
      for (const socket of idle) socket.destroy();
      await server.dispose();
    }
  });
});
