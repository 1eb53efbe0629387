/**
 * The silent peer in the kernel, for real: with silence on, every packet to and from a lab server's port is
 * dropped both ways — data on an open connection gets no echo however often TCP retransmits it, and a new
 * connect() gets neither a SYN-ACK nor a refusal — and the kernel counts the drops; with silence off the rules go
 * and TCP's retransmissions carry the connection on where it was. Needs root (or CAP_NET_ADMIN) and nftables;
 * skipped without. Ports 50300–50399.
 */

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTcpEcho } from '../servers/tcp-echo';
import { FaultService } from './fault-service';
import { FAULTS } from './index';
import { nftAvailability, runNft } from './nft';
import { serverInRange } from './testing/server-in-range';

const availability = await nftAvailability();
const skip = availability.available ? false : availability.reason.en;
const PORTS = { first: 50300, last: 50399 };

async function ruleset(): Promise<string> {
  return (await runNft(['list', 'ruleset'])).stdout;
}

/** Packets the rule for `direction` of `port` dropped so far, read from the kernel's ruleset; 0 without a rule. */
async function dropped(direction: 'dport' | 'sport', port: number): Promise<number> {
  const match = new RegExp(`tcp ${direction} ${port} counter packets (\\d+)`).exec(await ruleset());
  return Number(match?.[1] ?? 0);
}

/** Waits until `probe` holds, polling, or fails after `ms`. */
async function until(probe: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('silence', { skip, timeout: 90_000 }, () => {
  let service: FaultService;
  before(async () => {
    service = await FaultService.start();
  });
  after(() => service.stop());

  it('drops everything to and from the port, both ways, until it is turned off', async () => {
    const { server, port } = await serverInRange(startTcpEcho, PORTS);
    const target = { server, service };
    assert.equal(FAULTS.silence.unavailable(target), undefined);
    const silence = await FAULTS.silence.start(target, 0);
    try {
      assert.doesNotMatch(await ruleset(), new RegExp(`port ${port} `), 'silence off drops nothing');
      const client = net.connect(port, '127.0.0.1');
      await once(client, 'connect');
      let received = '';
      client.on('data', (chunk: Buffer) => {
        received += chunk.toString();
      });

      await silence.set(1);
      assert.equal(silence.value, 1);
      const rules = await ruleset();
      assert.match(rules, new RegExp(`tcp dport ${port} counter packets \\d+ bytes \\d+ drop`));
      assert.match(rules, new RegExp(`tcp sport ${port} counter packets \\d+ bytes \\d+ drop`));
      client.write('anyone there?');
      const late = net.connect(port, '127.0.0.1');
      let lateState = 'connecting';
      late.once('connect', () => (lateState = 'connected'));
      late.once('error', (error: NodeJS.ErrnoException) => (lateState = error.code ?? 'error'));
      // The segment, a retransmission of it, and the newcomer's SYN: all dropped on the way in.
      await until(async () => (await dropped('dport', port)) >= 3, 30_000, 'three packets dropped');
      assert.equal(received, '', 'no echo gets through');
      assert.equal(lateState, 'connecting', 'a connect() is neither answered nor refused');

      await silence.set(0);
      assert.doesNotMatch(await ruleset(), new RegExp(`port ${port} `), 'silence off removes the rules');
      // TCP retransmits on: the data arrives and is echoed, the SYN is answered.
      await until(() => received === 'anyone there?', 30_000, 'the echo after silence');
      await until(() => lateState === 'connected', 30_000, 'the late connection');
      client.destroy();
      late.destroy();
    } finally {
      await silence.dispose();
      await server.dispose();
    }
  });

  it('leaves no rule behind once disposed while on', async () => {
    const { server, port } = await serverInRange(startTcpEcho, PORTS);
    const silence = await FAULTS.silence.start({ server, service }, 1);
    assert.match(await ruleset(), new RegExp(`tcp dport ${port} counter`));
    await silence.dispose();
    assert.doesNotMatch(await ruleset(), new RegExp(`port ${port} `));
    await server.dispose();
  });
});
