/**
 * Faults through a session, on a real lab server and the real kernel: a lab that offers loss, silence and restart
 * on its echo server shows them in the welcome; the page sets each and the fault is in effect before the page
 * hears it (a rule in the kernel; a server that refuses connections, then is back and says so by itself); a fault
 * the lab lacks and a setting out of bounds get their errors, in the page's language, while the session goes on;
 * the rules go when the session ends, the table when the lab server stops, and those of a lab server killed with
 * SIGKILL when the next one starts. Where the lab server may not touch the packet filter, loss and silence are
 * unavailable and say why, and restart still works. The kernel parts need root (or CAP_NET_ADMIN) and nftables.
 * Ports 50000–50199 and 50400–50449.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { describe, it } from 'node:test';
import type { FaultStatus } from '../src/protocol';
import { nftAvailability, runNft } from './faults/nft';
import { EVERY_FAULT, LOSS_ONLY } from './faults/testing/fault-labs';
import { startLabServer } from './lab-server';
import { setQuiet } from './log';
import { TestClient } from './testing/test-client';

setQuiet(true);

const availability = await nftAvailability();
const skip = availability.available ? false : availability.reason.en;

async function ruleset(): Promise<string> {
  return (await runNft(['list', 'ruleset'])).stdout;
}

/** Waits until the kernel's ruleset has no rule for `port`, or fails after a generous deadline. */
async function untilNoRuleFor(port: number | undefined, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (new RegExp(`port ${port} `).test(await ruleset()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.doesNotMatch(await ruleset(), new RegExp(`port ${port} `), what);
}

/** Sends a `fault` message and waits for the session's answer to it: the fault's new state or an error. */
async function setFault(page: TestClient, kind: string, value: unknown, server = 'echo') {
  const from = page.messages.length;
  page.send({ type: 'fault', kind, server, value });
  return page.waitFor(
    (m) => page.messages.indexOf(m) >= from && (m.type === 'error' || (m.type === 'fault' && m.fault.kind === kind)),
    10_000,
  );
}

/** Connects, or says which errno refused it. */
function connectResult(port: number | undefined): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port ?? 0, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('faults through a session', { skip, timeout: 60_000 }, () => {
  it('sets loss and silence in the kernel, reports them, refuses what the lab lacks, and removes everything', async () => {
    const server = await startLabServer({ port: 0, labPorts: { first: 50000, last: 50049 }, sessionGraceMs: 0 }, [
      EVERY_FAULT,
      LOSS_ONLY,
    ]);
    try {
      const page = await TestClient.open(server.url, EVERY_FAULT.id);
      const port = page.welcome.servers[0]?.port;
      assert.deepEqual(page.welcome.faults, [
        { kind: 'loss', server: 'echo', available: true, value: 0 },
        { kind: 'silence', server: 'echo', available: true, value: 0 },
        { kind: 'restart', server: 'echo', available: true, value: 0 },
      ] satisfies FaultStatus[]);
      assert.doesNotMatch(await ruleset(), new RegExp(`dport ${port} `), 'a setting of 0 drops nothing');

      const set = await setFault(page, 'loss', 30);
      assert.ok(set.type === 'fault' && set.fault.value === 30);
      assert.match(await ruleset(), new RegExp(`tcp dport ${port} numgen random mod 100 < 30`));
      const silent = await setFault(page, 'silence', 1);
      assert.ok(silent.type === 'fault' && silent.fault.value === 1);
      assert.match(await ruleset(), new RegExp(`tcp sport ${port} counter packets \\d+ bytes \\d+ drop`));

      const unknown = await setFault(page, 'loss', 30, 'nope');
      assert.ok(unknown.type === 'error' && unknown.code === 'LAB_ERR_FAULT_UNKNOWN' && !unknown.fatal);
      for (const [kind, value, message] of [
        ['loss', -5, /^-5 is not a loss rate/],
        ['loss', 'abc', /^"abc" is not a loss rate/],
        ['loss', 101, /^101 is not a loss rate/],
        ['loss', 1.5, /^1\.5 is not a loss rate/],
        ['silence', 2, /^2 is not a silence setting/],
        ['restart', 31, /^31 is not a restart time/],
      ] as const) {
        const invalid = await setFault(page, kind, value);
        assert.ok(invalid.type === 'error' && invalid.code === 'LAB_ERR_FAULT_VALUE' && !invalid.fatal, `${value}`);
        assert.match(invalid.message, message);
      }

      // Back to 0, the rules go; set again, they are there when the session ends.
      await setFault(page, 'loss', 0);
      await setFault(page, 'silence', 0);
      assert.doesNotMatch(await ruleset(), new RegExp(`dport ${port} `), 'settings of 0 remove the rules');
      await setFault(page, 'loss', 20);
      await setFault(page, 'silence', 1);
      assert.match(await ruleset(), new RegExp(`tcp sport ${port} numgen random mod 100 < 20`));
      assert.match(await ruleset(), new RegExp(`tcp dport ${port} counter`));
      await page.close();
      // The grace period is 0: the session ends with its page, and its rules with it.
      await untilNoRuleFor(port, 'the session’s rules are gone');
      assert.match(await ruleset(), /table inet socketlab_\d+_\d+_\d+/, 'the lab server’s table stays while it runs');

      // A lab that offers only loss lacks the others, and says so in the page's language.
      const other = await TestClient.open(server.url, LOSS_ONLY.id, { locale: 'zh-Hans' });
      const lacked = await setFault(other, 'silence', 1);
      assert.ok(lacked.type === 'error' && lacked.code === 'LAB_ERR_FAULT_UNKNOWN');
      assert.match(lacked.message, /没有在 "echo" 上提供 silence 故障/);
      const bad = await setFault(other, 'loss', 101);
      assert.ok(bad.type === 'error' && bad.code === 'LAB_ERR_FAULT_VALUE');
      assert.match(bad.message, /^101 不是丢包率/);
      await other.close();
    } finally {
      await server.close();
    }
    assert.doesNotMatch(await ruleset(), new RegExp(`socketlab_${process.pid}_`), 'and goes when it stops');
  });

  it('restarts the server: its connection closed, the port refusing, then back on it and reported at 0', async () => {
    const server = await startLabServer({ port: 0, labPorts: { first: 50050, last: 50099 } }, [EVERY_FAULT]);
    try {
      const page = await TestClient.open(server.url, EVERY_FAULT.id);
      const port = page.welcome.servers[0]?.port;
      page.type('connect echo');
      await page.waitFor((m) => m.type === 'event' && m.event.kind === 'accept');

      const down = await setFault(page, 'restart', 3);
      assert.ok(down.type === 'fault' && down.fault.value === 3, 'reported once the server is down');
      assert.equal(await connectResult(port), 'ECONNREFUSED');
      const stopped = await page.waitFor(
        (m) => m.type === 'event' && m.event.connection === 0 && m.event.kind === 'close',
      );
      assert.ok(stopped.type === 'event' && /stopped for 3 s/.test(stopped.event.note ?? ''));
      await page.waitFor((m) => m.type === 'event' && m.event.connection === 1 && m.event.kind === 'close');

      await page.waitFor((m) => m.type === 'fault' && m.fault.kind === 'restart' && m.fault.value === 0, 15_000);
      await page.waitFor((m) => m.type === 'event' && m.event.connection === 0 && m.event.kind === 'listen');
      assert.equal(await connectResult(port), 'connected', 'back on the same port');
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('leaves nothing of a lab server killed with SIGKILL once the next one starts', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', new URL('./faults/testing/killed-lab-server.ts', import.meta.url).pathname, '50100', '50149'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once('exit', (code) => reject(new Error(`the lab server exited (${code}) before setting its faults`)));
    });
    const table = new RegExp(`table inet (socketlab_${child.pid}_\\d+_\\d+)`);
    assert.match(await ruleset(), table, 'the lab server’s table');
    assert.match(await ruleset(), new RegExp(`tcp dport ${port} counter`), 'silence');
    assert.match(await ruleset(), new RegExp(`tcp dport ${port} numgen random mod 100 < 20`), 'loss');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    assert.match(await ruleset(), table, 'a killed lab server leaves its table behind');

    const next = await startLabServer({ port: 0, labPorts: { first: 50150, last: 50199 } }, [EVERY_FAULT]);
    try {
      const rules = await ruleset();
      assert.doesNotMatch(rules, table, 'the next lab server to start removed it');
      assert.doesNotMatch(rules, new RegExp(`port ${port} `), 'and every rule in it');
    } finally {
      await next.close();
    }
  });
});

describe('faults where the lab server may not set them', () => {
  it('offers loss and silence as unavailable, with the reason, while restart works and the lab runs', async () => {
    // No nft at this path: the lab server cannot drop packets, and says how to allow it.
    const server = await startLabServer(
      { port: 0, labPorts: { first: 50400, last: 50449 }, nftPath: '/nonexistent/nft' },
      [EVERY_FAULT],
    );
    try {
      const page = await TestClient.open(server.url, EVERY_FAULT.id, { locale: 'zh-Hans' });
      const [loss, silence, restart] = page.welcome.faults;
      for (const fault of [loss, silence]) {
        assert.equal(fault?.available, false);
        assert.match(fault?.reason ?? '', /nftables/);
        assert.match(fault?.reason ?? '', /\p{Script=Han}/u);
      }
      assert.deepEqual(restart, { kind: 'restart', server: 'echo', available: true, value: 0 });
      const refused = await setFault(page, 'loss', 10);
      assert.ok(refused.type === 'error' && refused.code === 'LAB_ERR_FAULT_UNAVAILABLE');
      const down = await setFault(page, 'restart', 1);
      assert.ok(down.type === 'fault' && down.fault.value === 1);
      await page.waitFor((m) => m.type === 'fault' && m.fault.kind === 'restart' && m.fault.value === 0, 15_000);
      page.type('connect echo');
      await page.waitForOutput('= 0');
      await page.close();
    } finally {
      await server.close();
    }
  });
});
