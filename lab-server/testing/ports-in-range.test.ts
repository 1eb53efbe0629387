import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { inRange, listenOn, portsOf } from './ports-in-range';

describe('ports in a test range', () => {
  it('offers every port of the range exactly once', () => {
    for (let run = 0; run < 20; run++) {
      const ports = [...portsOf({ first: 40100, last: 40109 })];
      assert.deepEqual(
        [...ports].sort((a, b) => a - b),
        Array.from({ length: 10 }, (_, i) => 40100 + i),
      );
    }
  });

  it('moves on past a port in use to the next one of the range', async () => {
    const tried: number[] = [];
    const port = await inRange({ first: 40100, last: 40109 }, async (candidate) => {
      tried.push(candidate);
      if (tried.length < 3) throw Object.assign(new Error('address in use'), { code: 'EADDRINUSE' });
      return candidate;
    });
    assert.equal(tried.length, 3);
    assert.equal(new Set(tried).size, 3, 'each port is tried once');
    assert.equal(port, tried[2]);
  });

  it('gives up with the range named when every port of it is taken', async () => {
    const holder = net.createServer();
    const taken = await new Promise<number>((resolve) =>
      holder.listen(0, '127.0.0.1', () => resolve((holder.address() as net.AddressInfo).port)),
    );
    try {
      const tried: number[] = [];
      await assert.rejects(
        inRange({ first: taken, last: taken }, (port) => {
          tried.push(port);
          return listenOn(net.createServer(), port);
        }),
        new RegExp(`no free port from ${taken} to ${taken}`),
      );
      assert.deepEqual(tried, [taken]);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('rethrows a failure that is not a taken port', async () => {
    const tried: number[] = [];
    await assert.rejects(
      inRange({ first: 40100, last: 40109 }, (port) => {
        tried.push(port);
        return Promise.reject(Object.assign(new Error('permission denied'), { code: 'EACCES' }));
      }),
      /permission denied/,
    );
    assert.equal(tried.length, 1);
  });
});
