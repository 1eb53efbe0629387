/**
 * `sleep` without sockets: it narrates the call a C program would make, says how long it slept, ends early on
 * Ctrl-C with what sleep() and nanosleep() return then, and refuses what is not a number of seconds within 60.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShellHarness } from '../testing/shell-harness';

describe('sleep', () => {
  it('sleeps whole seconds with sleep() and decimals with nanosleep()', async () => {
    const h = new ShellHarness([]);
    assert.match(await h.run('sleep 0.2'), /nanosleep\(\{0, 200000000\}\) = 0 +slept 0\.\d s/);
    assert.match(await h.run('sleep 0'), /sleep\(0\) = 0 +slept 0\.0 s/);
    h.shell.dispose();
  });

  it('ends early on Ctrl-C: sleep() returns the seconds left, nanosleep() EINTR', async () => {
    const h = new ShellHarness([]);
    h.shell.input('sleep 30\r');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const out = await h.typeUntil('\x03', /\$ $/);
    assert.match(
      out,
      /\^C\nsleep\(30\) = (29|30) +interrupted by Ctrl-C after 0\.\d s: sleep\(\) returns the whole seconds it had left/,
    );
    assert.match(out, /the lab shell lets Ctrl-C interrupt the call/);
    h.shell.input('sleep 10.5\r');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.match(await h.typeUntil('\x03', /\$ $/), /nanosleep\(\{10, 500000000\}\) = -1 EINTR +interrupted by Ctrl-C/);
    h.shell.dispose();
  });

  it('keeps keys typed meanwhile for after it, as a terminal does', async () => {
    const h = new ShellHarness([]);
    const out = await h.typeUntil('sleep 0.1\rhelp sleep\r', /sleep SECONDS +— wait SECONDS[\s\S]*\$ $/);
    assert.match(out, /nanosleep\(\{0, 100000000\}\) = 0/);
    h.shell.dispose();
  });

  it('refuses what is not a number of seconds from 0 to 60', async () => {
    const h = new ShellHarness([]);
    for (const line of ['sleep', 'sleep 61', 'sleep 1e3', 'sleep 1 2', 'sleep x']) {
      assert.match(
        await h.run(line),
        /sleep: "[^"]*" is not a number of seconds from 0 to 60[^\n]*\nusage: sleep SECONDS/,
        line,
      );
    }
    assert.match(await h.run('sleep -1'), /sleep: unknown option -1/);
    h.shell.setLocale('zh-Hans');
    assert.match(await h.run('sleep 99'), /sleep: "99" 不是 0 到 60 之间的秒数/);
    h.shell.dispose();
  });
});
