/**
 * `connect --timeout`: into a server silenced in the kernel (the session's `fault silence echo on`, nftables),
 * where the SYN is neither answered nor refused, the connect gives up after the student's time with ETIMEDOUT,
 * said once as a program's own limit; Ctrl-C still interrupts it first. The silence needs root (or
 * CAP_NET_ADMIN) and nftables; skipped without. Ports 54100–54149.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../servers/observation';
import { startTcpEcho } from '../servers/tcp-echo';
import { inRange } from '../testing/ports-in-range';
import { ShellHarness } from '../testing/shell-harness';
import { silenceableShell, skipSilence } from './testing/silenceable-shell';

const PORTS = { first: 54100, last: 54149 };
const HOST = { bindHost: '127.0.0.1', publicHost: '127.0.0.1' } as const;

describe('connect --timeout', { timeout: 60_000 }, () => {
  let echo: RunningServer;
  before(async () => {
    echo = await inRange(PORTS, (port) => startTcpEcho({ ...HOST, id: 'echo', title: 'TCP echo server', port }));
  });
  after(() => echo.dispose());

  it('refuses a time out of bounds, and on UDP', async () => {
    const h = new ShellHarness([echo.info]);
    for (const line of ['connect --timeout 0 echo', 'connect --timeout 61 echo', 'connect --timeout x echo']) {
      assert.match(await h.run(line), /connect: --timeout takes seconds from 0\.1 to 60, like --timeout 1/, line);
    }
    assert.match(await h.run('connect --udp --timeout 1 echo'), /connect: --timeout is for TCP/);
    assert.equal(h.shell.openSockets, 0);
    assert.match(
      await h.run('connect --timeout 2 echo'),
      /connect\(fd 3, 127\.0\.0\.1:\d+\) = 0 +connect\(\) returned/,
    );
    h.shell.dispose();
  });

  it('gives up on a silent server after its time with ETIMEDOUT, and Ctrl-C interrupts it sooner', {
    skip: skipSilence,
  }, async (t) => {
    const h = await silenceableShell(t, echo);
    await h.run('fault silence echo on');
    const out = (await h.run('connect --timeout 1 echo')).replaceAll('\r', '');
    assert.match(
      out,
      /connect\(fd 3, 127\.0\.0\.1:\d+\) = -1 ETIMEDOUT +no SYN-ACK within 1 s, so your --timeout gave up; the kernel alone would resend the SYN for about two minutes\n/,
    );
    assert.match(out, /\(a C program sets such a limit itself: a non-blocking connect\(\), then poll\(\) for the time/);
    assert.match(out, /close\(fd 3\) = 0/);
    assert.equal(h.shell.openSockets, 0);
    h.shell.setLocale('zh-Hans');
    assert.match(
      await h.run('connect --timeout 0.5 echo'),
      /= -1 ETIMEDOUT +0\.5 秒内没有收到 SYN-ACK，你的 --timeout 放弃了/,
    );
    h.shell.setLocale('en');
    h.shell.input('connect --timeout 30 echo\r');
    await h.typeUntil('', /= fd 3\n/);
    const interrupted = await h.typeUntil('\x03', /close\(fd 3\) = 0\n.*\$ $/);
    assert.match(interrupted, /connect\(fd 3, 127\.0\.0\.1:\d+\) = -1 EINTR +interrupted by Ctrl-C/);
    assert.equal(h.shell.openSockets, 0);
  });
});
