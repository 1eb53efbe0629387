/**
 * `send --bytes` against the flow-control lab's server kind, the slow reader (it reads nothing for its first
 * 5 s): a send larger than the kernel's buffers blocks until the server reads, and says how long; a small one
 * goes at once; Ctrl-C interrupts a blocked one with the count the kernel took. Ports 54000–54049.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Observation } from '../../src/lab-kit';
import type { RunningServer } from '../servers/observation';
import { startTcpSlowReader } from '../servers/tcp-slow-reader';
import { inRange } from '../testing/ports-in-range';
import { ShellHarness } from '../testing/shell-harness';
import { parseByteCount, patternBytes } from './bulk-send';

const PORTS = { first: 54000, last: 54049 };
const HOST = { bindHost: '127.0.0.1', publicHost: '127.0.0.1' } as const;

/** Bytes the server read, by its observations, until it has read `bytes` or `ms` passed. */
async function receivedBy(observations: readonly Observation[], bytes: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  const total = () => observations.reduce((sum, o) => sum + (o.kind === 'receive' ? (o.bytes ?? 0) : 0), 0);
  while (total() < bytes && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return total();
}

describe('send --bytes', () => {
  let reader: RunningServer;
  const observations: Observation[] = [];
  before(async () => {
    reader = await inRange(PORTS, (port) => startTcpSlowReader({ ...HOST, id: 'reader', title: 'slow reader', port }));
    reader.onObservation((observation) => observations.push(observation));
  });
  after(() => reader.dispose());

  it('reads byte counts as 65536, 64K and 8M, and makes a printable pattern', () => {
    assert.equal(parseByteCount('65536'), 65536);
    assert.equal(parseByteCount('64K'), 65536);
    assert.equal(parseByteCount('8m'), 8 * 1024 * 1024);
    for (const bad of ['', '8MB', '-1', '1.5M', '0x10', '1e6', '1234567890'])
      assert.equal(parseByteCount(bad), undefined);
    assert.equal(Buffer.from(patternBytes(24, 4)).toString(), 'yzab');
    assert.equal(Buffer.from(patternBytes(1, 70_000)).subarray(0, 3).toString(), 'bcd');
  });

  it('blocks while the server reads nothing, and says for how long; the server gets every byte', async () => {
    const h = new ShellHarness([reader.info]);
    observations.length = 0;
    await h.run('connect reader');
    const out = await h.run('send --bytes 8M', 30_000);
    assert.match(
      out,
      /send\(fd 3, 8388608 bytes\) = 8388608 +blocked \d+\.\d s: the kernel's send buffer was full until the server read/,
    );
    assert.equal(await receivedBy(observations, 8388608, 20_000), 8388608);
    assert.match(await h.run('status'), /3 +tcp +established +\S+ +\S+ +8388608 /);
    await h.run('close');
    h.shell.dispose();
  });

  it('goes at once when the buffers have room', async () => {
    const h = new ShellHarness([reader.info]);
    await h.run('connect reader');
    assert.match(
      await h.run('send --bytes 64K'),
      /send\(fd 3, 65536 bytes\) = 65536 +in \d+\.\d ms: the kernel's send buffer had room for all of it/,
    );
    h.shell.setLocale('zh-Hans');
    assert.match(
      await h.run('send --bytes 1'),
      /send\(fd 3, 1 bytes\) = 1 +耗时 \d+\.\d ms：内核的发送缓冲区放得下全部数据/,
    );
    h.shell.dispose();
  });

  it('stops at Ctrl-C with the count the kernel took', async () => {
    const h = new ShellHarness([reader.info]);
    await h.run('connect reader');
    h.shell.input('send --bytes 16M\r');
    await h.typeUntil('', /send --bytes 16M\n/);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const out = await h.typeUntil('\x03', /\$ $/);
    const match =
      /send\(fd 3, 16777216 bytes\) = (\d+) +interrupted by Ctrl-C after \d+\.\d s: send\(\) returns the bytes the kernel took before the signal \(of the 16777216 asked for\)/.exec(
        out,
      );
    assert.ok(match !== null, out);
    assert.ok(Number(match[1]) > 0 && Number(match[1]) < 16777216, out);
    assert.match(out, /\[65536 more bytes were on their way into the kernel's send buffer, and go once it has room\]/);
    h.shell.dispose();
  });

  it('refuses more than 16M, a count it cannot read, and data of its own', async () => {
    const h = new ShellHarness([reader.info]);
    assert.match(
      await h.run('send --bytes 17M'),
      /send: --bytes takes a byte count from 1 to 16M \(16777216 bytes\), like 65536, 64K or 8M; not "17M"/,
    );
    assert.match(await h.run('send --bytes 0'), /not "0"/);
    assert.match(await h.run('send --bytes 8M hello'), /send: --bytes makes the data itself/);
    assert.match(await h.run('send --bytes 8M --every 1s'), /send: --bytes makes the data itself/);
    assert.match(
      await h.run('send --bytes 8M'),
      /send\(fd \?, 8388608 bytes\) = -1 EBADF +no open socket; connect first/,
    );
    h.shell.dispose();
  });
});
