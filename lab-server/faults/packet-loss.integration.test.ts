/**
 * Packet loss in the kernel, for real: with a share of a port's packets dropped, a TCP exchange still completes
 * (TCP retransmits) and the kernel counts the drops; a new rate replaces the old rules; nothing is left in the
 * rule set once the fault and its table are gone; the table of a lab server killed with SIGKILL is removed by
 * the next one to start, and a live one's never. Needs root (or CAP_NET_ADMIN) and nftables; skipped without.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FaultTable, removeStaleFaultTables } from './fault-table';
import { nftAvailability, runNft } from './nft';
import { PacketLoss } from './packet-loss';

const availability = await nftAvailability();
const skip = availability.available ? false : availability.reason.en;

async function ruleset(): Promise<string> {
  return (await runNft(['list', 'ruleset'])).stdout;
}

/** An echo server on a free loopback port. */
async function echoServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `rounds` exchanges of 100 bytes, each waiting for its whole echo (under loss it may come in pieces). */
async function exchange(port: number, rounds: number): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = 0;
  let waiter: (() => void) | undefined;
  // One listener for the socket's life: a chunk that arrived between two rounds must not be lost.
  socket.on('data', (chunk: Buffer) => {
    received += chunk.length;
    waiter?.();
  });
  for (let round = 1; round <= rounds; round++) {
    socket.write(Buffer.alloc(100, round));
    while (received < round * 100) await new Promise<void>((resolve) => (waiter = resolve));
  }
  socket.destroy();
}

describe('packet loss', { skip, timeout: 60_000 }, () => {
  let table: FaultTable;
  before(async () => {
    table = await FaultTable.create();
  });
  after(() => table.dispose());

  it('drops a share of the packets, counted by the kernel, and TCP still delivers everything', async () => {
    const server = await echoServer();
    const loss = await PacketLoss.start(table, { transport: 'tcp', port: server.port, percent: 30 });
    assert.match(await ruleset(), new RegExp(`tcp dport ${server.port} numgen random mod 100 < 30`));
    // Few rounds: each lost segment costs a retransmission timeout (200 ms and up, doubling on a repeat).
    await exchange(server.port, 10);
    assert.ok((await loss.dropped()) > 0, 'some packets were dropped');
    await loss.setPercent(5);
    const rules = await ruleset();
    assert.doesNotMatch(rules, /< 30/, 'the old rate is gone');
    assert.match(rules, new RegExp(`tcp sport ${server.port} numgen random mod 100 < 5`));
    await loss.dispose();
    assert.doesNotMatch(await ruleset(), new RegExp(`port ${server.port}`), 'no rule left for the port');
    await server.close();
  });

  it('drops every packet at 100 %, with no random share', async () => {
    const loss = await PacketLoss.start(table, { transport: 'udp', port: 50490, percent: 100 });
    assert.match(await ruleset(), /udp dport 50490 counter packets \d+ bytes \d+ drop/);
    assert.doesNotMatch(await ruleset(), /udp dport 50490 numgen/);
    await loss.dispose();
    assert.doesNotMatch(await ruleset(), /udp dport 50490 /);
  });

  it('leaves nothing in the kernel once its table is disposed', async () => {
    const own = await FaultTable.create();
    await own.addRule('udp dport 9 counter drop');
    assert.match(await ruleset(), new RegExp(`table inet ${own.name}`));
    await own.dispose();
    assert.doesNotMatch(await ruleset(), new RegExp(own.name));
  });

  it('removes the table of a lab server killed with SIGKILL, and never a live one’s', async () => {
    // A child process makes a table of its own (as a lab server does), then is killed before it can clean up.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { FaultTable } = await import(${JSON.stringify(new URL('./fault-table.ts', import.meta.url).href)});
         const table = await FaultTable.create(); await table.addRule('tcp dport 9 counter drop');
         console.log(table.name); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const name = await new Promise<string>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
    );
    assert.match(await ruleset(), new RegExp(`table inet ${name}`));
    assert.deepEqual(await removeStaleFaultTables(), [], 'a live lab server’s table stays');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    assert.match(await ruleset(), new RegExp(name), 'a killed lab server leaves its table behind');
    assert.deepEqual(await removeStaleFaultTables(), [name]);
    assert.doesNotMatch(await ruleset(), new RegExp(name));
    assert.match(await ruleset(), new RegExp(table.name), 'this process’s own table is untouched');
  });
});

describe('faults where nftables is missing', () => {
  it('are offered as unavailable, saying how to enable them', async () => {
    const missing = await nftAvailability('/nonexistent/nft');
    assert.ok(!missing.available);
    assert.match(missing.reason.en, /apt-get install nftables/);
    assert.match(missing.reason['zh-Hans'], /安装/);
  });
});
