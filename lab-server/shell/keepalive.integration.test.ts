/**
 * `keepalive` on real sockets: the setsockopt() calls it narrates are those Node makes (libuv adding
 * TCP_KEEPINTVL 1 and TCP_KEEPCNT 10 to an idle time), and against the keepalive lab's server kind silenced in
 * the kernel (the session's `fault silence echo on`, nftables), the kernel gives up after the idle time and ten
 * unanswered probes: the shell says so between prompts, the next recv says ETIMEDOUT, and later ones 0, as
 * recv() does in C. The silence needs root (or CAP_NET_ADMIN) and nftables; skipped without. Ports 54050–54099.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../servers/observation';
import { startTcpKeepaliveEcho } from '../servers/tcp-keepalive-echo';
import { inRange } from '../testing/ports-in-range';
import { ShellHarness } from '../testing/shell-harness';
import { silenceableShell, skipSilence } from './testing/silenceable-shell';

const PORTS = { first: 54050, last: 54099 };
const HOST = { bindHost: '127.0.0.1', publicHost: '127.0.0.1' } as const;

describe('keepalive', { timeout: 60_000 }, () => {
  let echo: RunningServer;
  before(async () => {
    echo = await inRange(PORTS, (port) => startTcpKeepaliveEcho({ ...HOST, id: 'echo', title: 'echo', port }));
  });
  after(() => echo.dispose());

  it('narrates SO_KEEPALIVE and TCP_KEEPIDLE, and the interval and count Node sets beside them', async () => {
    const h = new ShellHarness([echo.info]);
    await h.run('connect echo');
    const on = (await h.run('keepalive on 2')).replaceAll('\r', '');
    assert.match(on, /setsockopt\(fd 3, SOL_SOCKET, SO_KEEPALIVE, 1\) = 0 +keepalive on: the kernel probes/);
    assert.match(
      on,
      /setsockopt\(fd 3, IPPROTO_TCP, TCP_KEEPIDLE, 2\) = 0 +the first probe after 2 s without a packet/,
    );
    assert.match(on, /setsockopt\(fd 3, IPPROTO_TCP, TCP_KEEPINTVL, 1\) = 0 +set by Node's runtime \(libuv\) itself/);
    assert.match(
      on,
      /setsockopt\(fd 3, IPPROTO_TCP, TCP_KEEPCNT, 10\) = 0 +set by libuv too: after 10 unanswered probes the kernel gives up with ETIMEDOUT, 12 s after/,
    );
    assert.match(
      await h.run('keepalive off'),
      /setsockopt\(fd 3, SOL_SOCKET, SO_KEEPALIVE, 0\) = 0 +keepalive off: no more probes/,
    );
    assert.match(
      await h.run('keepalive on'),
      /SO_KEEPALIVE, 1\) = 0 +keepalive on, with the times set before: the first probe after 2 s idle, then one every 1 s, and after 10 unanswered/,
    );
    await h.run('connect echo');
    assert.match(
      await h.run('keepalive on --fd 4'),
      /setsockopt\(fd 4, SOL_SOCKET, SO_KEEPALIVE, 1\) = 0 +keepalive on, with the kernel's defaults \(net\.ipv4\.tcp_keepalive_\*\): the first probe after \d+ s idle/,
    );
    h.shell.setLocale('zh-Hans');
    assert.match(
      await h.run('keepalive on 3 --fd 4'),
      /TCP_KEEPCNT, 10\) = 0 +这也是 libuv 设置的：连续 10 个探测没有应答，内核就以 ETIMEDOUT 放弃，即对端最后一个数据包之后 13 秒/,
    );
    h.shell.dispose();
  });

  it('refuses what it cannot set', async () => {
    const h = new ShellHarness([echo.info]);
    assert.match(await h.run('keepalive on 2'), /setsockopt\(fd \?, SOL_SOCKET, SO_KEEPALIVE, 1\) = -1 EBADF/);
    for (const line of [
      'keepalive',
      'keepalive on 0',
      'keepalive on 1.5',
      'keepalive on 7201',
      'keepalive off 2',
      'keepalive maybe',
    ]) {
      assert.match(
        await h.run(line),
        /keepalive: on \[IDLE_SECONDS\] or off; IDLE_SECONDS is a whole number from 1 to 7200/,
        line,
      );
    }
    assert.match(await h.typeUntil('keepalive of\t', /keepalive off $/), /keepalive off $/, 'Tab completes on and off');
    await h.type('\x03');
    await h.run('socket udp');
    assert.match(await h.run('keepalive on 2'), /keepalive: fd 3 is a UDP socket/);
    h.shell.dispose();
  });

  it('says when the kernel gives a silent peer up, and the next recv returns ETIMEDOUT', {
    skip: skipSilence,
  }, async (t) => {
    const h = await silenceableShell(t, echo);
    await h.run('connect echo');
    await h.run('keepalive on 1');
    assert.match(await h.run('fault silence echo on'), /silence on echo/);
    const news = await h.typeUntil(
      '',
      /\[fd 3: ETIMEDOUT — 10 keepalive probes went unanswered; the kernel closed the connection\]/,
      30_000,
    );
    assert.doesNotMatch(news, /FIN|ECONNRESET/);
    assert.match(
      await h.run('recv'),
      /recv\(fd 3, 1024\) = -1 ETIMEDOUT +10 keepalive probes went unanswered: the kernel gave the connection up\./,
    );
    assert.match(
      await h.run('recv'),
      /recv\(fd 3, 1024\) = 0 +the connection is over: its ETIMEDOUT was reported once/,
    );
    assert.match(await h.run('send hi'), /send\(fd 3, 2 bytes\) = -1 EPIPE/);
    assert.match(await h.run('close'), /close\(fd 3\) = 0 +the connection was already gone/);
  });
});
