/**
 * Faults through a session, on a real lab server and the real kernel: a lab that offers packet loss on its echo
 * server shows it in the welcome; the page sets a rate and the rule is in the kernel before the page hears it;
 * a fault the lab lacks and a rate out of range get their errors while the session goes on; the rules go when
 * the session ends and the table when the lab server stops. Needs root (or CAP_NET_ADMIN) and nftables.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verbatim } from '../src/common/localized';
import { defineLab } from '../src/lab-kit';
import type { FaultStatus } from '../src/protocol';
import { nftAvailability, runNft } from './faults/nft';
import { startLabServer } from './lab-server';
import { setQuiet } from './log';
import { TestClient } from './testing/test-client';

setQuiet(true);

const availability = await nftAvailability();
const skip = availability.available ? false : availability.reason.en;

const LOSSY = defineLab({
  id: 'lossy',
  title: verbatim('Loss on demand'),
  servers: [{ id: 'echo', kind: 'tcp-echo', title: verbatim('TCP echo server') }],
  checks: [],
  greeting: verbatim('hi'),
  faults: [{ kind: 'loss', server: 'echo' }],
});

async function ruleset(): Promise<string> {
  return (await runNft(['list', 'ruleset'])).stdout;
}

describe('faults through a session', { skip }, () => {
  it('sets loss in the kernel, reports it, refuses what the lab lacks, and removes everything it set', async () => {
    const server = await startLabServer({ port: 0, labPorts: { first: 50000, last: 50049 }, sessionGraceMs: 0 }, [
      LOSSY,
    ]);
    try {
      const page = await TestClient.open(server.url, 'lossy');
      const port = page.welcome.servers[0]?.port;
      assert.deepEqual(page.welcome.faults, [
        { kind: 'loss', server: 'echo', available: true, value: 0 },
      ] satisfies FaultStatus[]);
      assert.doesNotMatch(await ruleset(), new RegExp(`dport ${port} `), 'a rate of 0 drops nothing');

      page.send({ type: 'fault', kind: 'loss', server: 'echo', value: 30 });
      const set = await page.waitFor((m) => m.type === 'fault');
      assert.ok(set.type === 'fault' && set.fault.value === 30);
      assert.match(await ruleset(), new RegExp(`tcp dport ${port} numgen random mod 100 < 30`));

      page.send({ type: 'fault', kind: 'loss', server: 'nope', value: 30 });
      const unknown = await page.waitFor((m) => m.type === 'error');
      assert.ok(unknown.type === 'error' && unknown.code === 'LAB_ERR_FAULT_UNKNOWN' && !unknown.fatal);
      page.send({ type: 'fault', kind: 'loss', server: 'echo', value: 101 });
      const invalid = await page.waitFor((m) => m.type === 'error' && m.code !== 'LAB_ERR_FAULT_UNKNOWN');
      assert.ok(invalid.type === 'error' && invalid.code === 'LAB_ERR_FAULT_VALUE');
      assert.match(invalid.message, /101 is not a loss rate/);

      // Back to 0, the rules go; at 20 again, they are there when the session ends.
      page.send({ type: 'fault', kind: 'loss', server: 'echo', value: 0 });
      await page.waitFor((m) => m.type === 'fault' && m.fault.value === 0);
      assert.doesNotMatch(await ruleset(), new RegExp(`dport ${port} `), 'a rate of 0 removes the rules');
      page.send({ type: 'fault', kind: 'loss', server: 'echo', value: 20 });
      await page.waitFor((m) => m.type === 'fault' && m.fault.value === 20);
      assert.match(await ruleset(), new RegExp(`tcp sport ${port} numgen random mod 100 < 20`));
      await page.close();
      // The grace period is 0: the session ends with its page, and its rules with it.
      const deadline = Date.now() + 5000;
      while (new RegExp(`dport ${port} `).test(await ruleset()) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.doesNotMatch(await ruleset(), new RegExp(`dport ${port} `), 'the session’s rules are gone');
      assert.match(await ruleset(), /table inet socketlab_\d+_\d+_\d+/, 'the lab server’s table stays while it runs');
    } finally {
      await server.close();
    }
    assert.doesNotMatch(await ruleset(), new RegExp(`socketlab_${process.pid}_`), 'and goes when it stops');
  });
});

describe('faults where the lab server may not set them', () => {
  it('offers a fault it may not set as unavailable, with the reason, and the lab still runs', async () => {
    // No nft at this path: the lab server cannot set faults, and says how to allow them.
    const server = await startLabServer(
      { port: 0, labPorts: { first: 50050, last: 50099 }, nftPath: '/nonexistent/nft' },
      [LOSSY],
    );
    try {
      const page = await TestClient.open(server.url, 'lossy', { locale: 'zh-Hans' });
      const [fault] = page.welcome.faults;
      assert.equal(fault?.available, false);
      assert.match(fault?.reason ?? '', /nftables/);
      assert.match(fault?.reason ?? '', /\p{Script=Han}/u);
      page.send({ type: 'fault', kind: 'loss', server: 'echo', value: 10 });
      const refused = await page.waitFor((m) => m.type === 'error');
      assert.ok(refused.type === 'error' && refused.code === 'LAB_ERR_FAULT_UNAVAILABLE');
      page.type('connect echo');
      await page.waitForOutput('= 0');
      await page.close();
    } finally {
      await server.close();
    }
  });
});
