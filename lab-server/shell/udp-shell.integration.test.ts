/**
 * The lab shell's UDP against real sockets: a UDP echo server on loopback, datagrams sent and received as a C
 * program sends them, each narrated. Boundaries kept, a datagram cut to the buffer, connect() sending nothing,
 * ECONNREFUSED for a connected socket only, the same target policy as TCP, bad input said clearly, and the same
 * calls narrated in Chinese with Chinese explanations.
 */

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../servers/observation';
import { startTcpEcho } from '../servers/tcp-echo';
import { startUdpEcho } from '../servers/udp-echo';
import { ShellHarness, stripSequences as strip } from '../testing/shell-harness';

/** A UDP port nothing listens on: bound, read and closed again. */
async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

const HAN = /\p{Script=Han}/u;

/** A TCP port free on loopback, for the TCP echo beside the UDP one. */
async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a line and returns its output as the student reads it, one `\n` a line. */
async function run(h: ShellHarness, line: string): Promise<string> {
  return (await h.run(line)).replaceAll('\r', '');
}

/** Waits, bounded, until the shell has printed `pattern` (news that arrives between prompts). */
async function waitFor(h: ShellHarness, pattern: RegExp): Promise<void> {
  for (let tries = 0; tries < 200 && !pattern.test(h.text); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.match(h.text, pattern);
}

describe('LabShell over UDP', () => {
  let echo: RunningServer;
  let tcp: RunningServer;
  let p: string;
  before(async () => {
    const port = await freeUdpPort();
    echo = await startUdpEcho({
      id: 'echo',
      title: 'UDP echo server',
      bindHost: '127.0.0.1',
      publicHost: '127.0.0.1',
      port,
    });
    p = String(echo.info.port);
    tcp = await startTcpEcho({
      id: 'tcp',
      title: 'TCP echo server',
      bindHost: '127.0.0.1',
      publicHost: '127.0.0.1',
      port: await freeTcpPort(),
    });
  });
  after(async () => {
    await echo.dispose();
    await tcp.dispose();
  });

  it('narrates socket, sendto and recvfrom, and shows the socket in status', async () => {
    const h = new ShellHarness([echo.info]);
    assert.match(
      await h.run('socket udp'),
      /socket\(AF_INET, SOCK_DGRAM\) = fd 3 +a UDP socket: nothing is sent until sendto/,
    );
    assert.match(await h.run('status'), /3 +udp +unconnected +\* +\* +0 +0 +0/);
    const sent = await h.run('sendto echo Hello,world!');
    assert.match(sent, new RegExp(`sendto\\(fd 3, 12 bytes, 127\\.0\\.0\\.1:${p}\\) = 12 +"Hello,world!"`));
    assert.match(
      sent,
      /fd 3 is bound now: local address 127\.0\.0\.1:\d+, a port the kernel picked \(the kernel binds/,
    );
    await waitFor(h, new RegExp(`\\[fd 3: a 12-byte datagram from 127\\.0\\.0\\.1:${p} — type recvfrom to read it\\]`));
    assert.match(
      await h.run('recvfrom'),
      new RegExp(`recvfrom\\(fd 3, 2048\\) = 12 bytes from 127\\.0\\.0\\.1:${p} +"Hello,world!"$`, 'm'),
    );
    assert.match(await h.run('status'), /3 +udp +unconnected +127\.0\.0\.1:\d+ +\* +12 +12 +0/);
    assert.match(await h.run('close'), /close\(fd 3\) = 0 +the fd is released; UDP has no connection to end/);
    assert.equal(h.shell.openSockets, 0);
    h.shell.dispose();
  });

  it('keeps message boundaries: two sendtos are two datagrams, two recvfroms', async () => {
    const h = new ShellHarness([echo.info]);
    await h.run('socket udp');
    await h.run('sendto echo Hello,');
    await h.run('sendto echo world!');
    await waitFor(h, /\[fd 3: a 6-byte datagram[^\n]*\n(?:.*\n)*.*\[fd 3: a 6-byte datagram/);
    assert.match(await h.run('recvfrom'), /= 6 bytes from 127\.0\.0\.1:\d+ +"Hello," \(1 more datagram waiting\)/);
    assert.match(await h.run('recvfrom'), /= 6 bytes from 127\.0\.0\.1:\d+ +"world!"$/m);
    assert.match(await h.run('recvfrom --wait 0'), /recvfrom: no datagram waiting \(with --wait 0/);
    h.shell.dispose();
  });

  it('cuts a datagram longer than the buffer and discards the rest (MSG_TRUNC)', async () => {
    const h = new ShellHarness([echo.info]);
    await run(h, 'socket udp');
    await run(h, 'sendto echo Hello,world!');
    await waitFor(h, /12-byte datagram/);
    assert.match(
      await run(h, 'recvfrom --max 5'),
      /recvfrom\(fd 3, 5\) = 5 bytes from 127\.0\.0\.1:\d+ +"Hello" \(the datagram had 12 bytes: the other 7 were discarded, MSG_TRUNC\)/,
    );
    assert.match(await run(h, 'recvfrom --wait 0.1'), /recvfrom: no datagram within 0\.1 s/, 'the rest is not kept');
    await run(h, 'sendto --hex echo 00 ff 41');
    assert.match(
      await run(h, 'recvfrom --hex'),
      /recvfrom\(fd 3, 2048\) = 3 bytes from 127\.0\.0\.1:\d+\n {2}0000 +00 ff 41/,
    );
    h.shell.dispose();
  });

  it('connect on a UDP socket sends nothing and fixes the peer: then send and recv need no address', async () => {
    const h = new ShellHarness([echo.info]);
    const connected = await h.run('connect --udp echo');
    assert.match(connected, /socket\(AF_INET, SOCK_DGRAM\) = fd 3/);
    assert.match(
      connected,
      new RegExp(
        `connect\\(fd 3, 127\\.0\\.0\\.1:${p}\\) = 0 +no packet sent: fd 3 now sends to this peer only, and hears only from it; local address 127\\.0\\.0\\.1:\\d+ — UDP echo server`,
      ),
    );
    assert.match(
      connected,
      /connect\(\) on a UDP socket sends nothing: it fixes the peer, so send\(\) and recv\(\) need no address/,
    );
    assert.match(await h.run('send ping'), /send\(fd 3, 4 bytes\) = 4 +"ping"/);
    await waitFor(h, /a 4-byte datagram from [^\n]* — type recv to read it/);
    assert.match(await h.run('recv'), /recv\(fd 3, 1024\) = 4 bytes +"ping"$/m);
    assert.match(
      await h.run('status'),
      new RegExp(`3 +udp +connected +127\\.0\\.0\\.1:\\d+ +127\\.0\\.0\\.1:${p} +4 +4 +0`),
    );
    assert.match(await h.run(`sendto echo again`), /sendto\(fd 3, 5 bytes, 127\.0\.0\.1:\d+\) = 5/, 'to its own peer');
    assert.match(await h.run('shutdown'), /shutdown\(fd 3, SHUT_WR\) = 0 +a UDP socket has no FIN/);
    h.shell.dispose();
  });

  it('hears ECONNREFUSED on a connected socket only; an unconnected one waits for the shell’s timeout', async () => {
    const closed = await freeUdpPort();
    const h = new ShellHarness([echo.info]);
    await h.run(`connect --udp ${closed}`);
    assert.match(await h.run('send anyone?'), /send\(fd 3, 7 bytes\) = 7/);
    await waitFor(h, /\[fd 3: ECONNREFUSED — an ICMP port unreachable came back; the next call on fd 3 returns it\]/);
    const refused = await h.run('recv');
    assert.match(
      refused,
      /recv\(fd 3, 1024\) = -1 ECONNREFUSED +an ICMP port unreachable came back for an earlier datagram/,
    );
    assert.match(refused, /reaches only a connected UDP socket: an unconnected one may have sent to many addresses/);
    assert.match(await h.run('recv --wait 0'), /recv: no datagram waiting/, 'the error is reported once');

    await h.run('socket udp');
    assert.match(await h.run(`sendto 127.0.0.1:${closed} anyone?`), /sendto\(fd 4, 7 bytes, 127\.0\.0\.1:\d+\) = 7/);
    const waited = await h.run('recvfrom --wait 0.3');
    assert.match(
      waited,
      /recvfrom: no datagram within 0\.3 s \(the lab shell's timeout; a blocking recvfrom\(\) would keep waiting/,
    );
    assert.doesNotMatch(waited, /ECONNREFUSED =|= -1/);
    h.shell.dispose();
  });

  it('hears only its peer once connected, and drops what a full queue cannot hold, saying so once', async (t) => {
    const peer = dgram.createSocket('udp4');
    const stranger = dgram.createSocket('udp4');
    t.after(() => {
      peer.close();
      stranger.close();
    });
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => stranger.bind(0, '127.0.0.1', resolve));
    const h = new ShellHarness([echo.info]);
    const connected = await run(h, `connect --udp ${peer.address().port}`);
    const local = Number(/local address 127\.0\.0\.1:(\d+)/.exec(connected)?.[1]);
    stranger.send('not for you', local, '127.0.0.1');
    // Seventy datagrams from the peer, more than the shell's queue of 64 holds: the kernel would drop the rest.
    for (let index = 0; index < 70; index++) peer.send(`d${index}`, local, '127.0.0.1');
    await waitFor(h, /\[fd 3: the receive queue is full, so a 3-byte datagram from 127\.0\.0\.1:\d+ was dropped/);
    assert.equal(h.text.match(/receive queue is full/g)?.length, 1, 'one line for a run of drops');
    assert.equal(h.text.match(/2-byte datagram from/g)?.length, 3, 'the first few datagrams waiting are announced');
    assert.doesNotMatch(h.text, /11-byte datagram/, 'the stranger’s datagram never reaches a connected socket');
    assert.match(await run(h, 'status'), /3 +udp +connected .* 0 +\d+ +\d+$/m);
    assert.match(await run(h, 'recv'), /recv\(fd 3, 1024\) = 2 bytes +"d0" \(63 more datagrams waiting\)/);
    assert.match(
      await run(h, 'close'),
      /close\(fd 3\) = 0 +63 unread datagrams discarded and the fd released; UDP tells the peer nothing/,
    );
    h.shell.dispose();
  });

  it('interrupts a waiting recvfrom with Ctrl-C, as a signal would', async () => {
    const h = new ShellHarness([echo.info]);
    await h.run('socket udp');
    await h.typeUntil('recvfrom --wait 30\r', /recvfrom --wait 30\n/);
    const interrupted = await h.typeUntil('\x03', /socketlab:tcp-echo\$ $/);
    assert.match(interrupted, /\^C\nrecvfrom\(fd 3, 2048\) = -1 EINTR +interrupted by Ctrl-C\./);
    h.shell.dispose();
  });

  it('keeps to the lab’s targets as TCP does, and tells a TCP server from a UDP one', async () => {
    const classroom = new ShellHarness([echo.info, tcp.info], { servers: [echo.info, tcp.info], allowLoopback: false });
    await classroom.run('socket udp');
    assert.match(await classroom.run('sendto 9 hi'), /sendto: port 9 is not one of this lab's servers/);
    assert.match(await classroom.run('sendto 10.0.0.1:53 hi'), /sendto: 10\.0\.0\.1 is not this machine/);
    assert.match(await classroom.run('sendto example.com:53 hi'), /does not look up host names/);
    assert.match(await classroom.run('sendto tcp hi'), /sendto: tcp is a TCP server: connect tcp, then send/);
    assert.match(await classroom.run(`sendto ${p} hi`), /sendto\(fd 3, 2 bytes, 127\.0\.0\.1:\d+\) = 2/, 'by port');
    assert.match(
      await classroom.run('connect echo'),
      /connect: echo is a UDP server: connect --udp echo, or socket udp/,
    );
    assert.match(await classroom.run('connect --udp 9'), /connect: port 9 is not one of this lab's servers/);
    assert.equal(classroom.shell.openSockets, 1, 'a refused target opens no socket');
    classroom.shell.dispose();

    const local = new ShellHarness([echo.info]);
    await local.run('socket udp');
    assert.match(await local.run('sendto [::1]:9 hi'), /= -1 EAFNOSUPPORT +socket udp makes an AF_INET socket/);
    local.shell.dispose();
  });

  it('says clearly what is wrong with bad input', async () => {
    const h = new ShellHarness([echo.info, tcp.info]);
    assert.match(
      await run(h, 'sendto echo hi'),
      /sendto\(fd \?, 2 bytes, 127\.0\.0\.1:\d+\) = -1 EBADF +no open UDP socket; socket udp makes one/,
    );
    assert.match(await run(h, 'socket'), /socket: say which kind of socket: socket udp\nusage: socket udp/);
    assert.match(await run(h, 'socket tcp'), /for TCP, connect TARGET makes the socket and connects it/);
    assert.match(await run(h, 'socket raw'), /socket: "raw" is not a kind of socket the lab shell makes; say udp/);
    await run(h, 'connect tcp');
    await run(h, 'socket udp');
    assert.match(await run(h, 'sendto'), /sendto: say where to send/);
    assert.match(await run(h, 'sendto echo'), /sendto: nothing to send\nusage: sendto/);
    assert.match(await run(h, 'sendto --hex echo zz'), /usage: sendto/);
    assert.match(await run(h, 'sendto --fd 9 echo hi'), /sendto\(fd 9, 2 bytes, 127\.0\.0\.1:\d+\) = -1 EBADF/);
    assert.match(await run(h, 'sendto --fd x echo hi'), /sendto: --fd takes a number/);
    assert.match(
      await run(h, 'sendto --fd 3 echo hi'),
      /sendto: fd 3 is a TCP socket \(SOCK_STREAM\), connected to its one peer: use send/,
    );
    assert.match(
      await run(h, 'recvfrom --fd 3'),
      /recvfrom: fd 3 is a TCP socket \(SOCK_STREAM\), connected to its one peer: use recv/,
    );
    assert.match(
      await run(h, 'recvfrom --max 0'),
      /recvfrom: --fd N, --max 1–65536 and --wait 0–60 seconds take numbers/,
    );
    assert.match(await run(h, 'recvfrom now'), /recvfrom: unexpected "now"/);
    assert.match(await run(h, 'send --fd 4 hi'), /send\(fd 4, 2 bytes\) = -1 EDESTADDRREQ +the socket has no peer/);
    assert.match(
      await run(h, 'send --fd 4 --shutdown hi'),
      /send: fd 4 is a UDP socket: it has no connection to half-close/,
    );
    assert.match(await run(h, 'shutdown --fd 4'), /shutdown\(fd 4, SHUT_WR\) = -1 ENOTCONN +a UDP socket has no FIN/);
    assert.match(await run(h, 'connect --udp --fd 4 echo'), /connect: --udp makes a new socket, --fd N names one/);
    assert.match(
      await run(h, 'connect --fd 3 echo'),
      /connect\(fd 3, 127\.0\.0\.1:\d+\) = -1 EISCONN +fd 3 is a TCP socket/,
    );
    assert.match(await run(h, 'connect --fd 7 echo'), /connect\(fd 7, 127\.0\.0\.1:\d+\) = -1 EBADF/);
    await run(h, 'connect --fd 4 echo');
    assert.match(await run(h, 'sendto --fd 4 tcp hi'), /sendto: tcp is a TCP server/);
    assert.match(
      await run(h, `sendto --fd 4 127.0.0.1:${tcp.info.port} hi`),
      /= -1 EISCONN +the socket is connected: send to its peer/,
    );
    assert.match(await run(h, 'close --all'), /close\(fd 3\) = 0 +FIN sent\n.*close\(fd 4\) = 0 +the fd is released/);
    h.shell.dispose();
  });

  it('lists the new commands in help and completes them and their targets with Tab', async () => {
    const h = new ShellHarness([echo.info]);
    const help = await h.run('help');
    for (const usage of ['socket udp', 'sendto [--fd N] [--hex] [-n|--crlf] TARGET DATA', 'recvfrom [--fd N]']) {
      assert.ok(help.includes(usage), usage);
    }
    assert.match(await h.run('help sendto'), /Each sendto is one datagram, kept whole/);
    assert.match(strip(await h.type('sendt\t')), /sendto $/);
    assert.match(strip(await h.type('e\t')), /echo $/);
    await h.type('\x03');
    assert.match(strip(await h.type('socket u\t')), /socket udp $/);
    await h.type('\x03');
    assert.match(strip(await h.type('recvf\t')), /recvfrom $/);
    await h.type('\x03');
    assert.match(strip(await h.type('connect --u\t')), /connect --udp $/);
    assert.match(strip(await h.type('e\t')), /echo $/);
    await h.type('\x03');
    assert.match(strip(await h.type('sendto --fd 3 e\t')), /sendto --fd 3 echo $/);
    h.shell.dispose();
  });

  it('explains itself in Chinese and narrates the very same calls', async () => {
    const session = [
      'socket udp',
      'sendto echo Hello,world!',
      'recvfrom --max 5',
      'connect --fd 3 echo',
      'send hi',
      'recv',
      'status',
      'close',
    ];
    const transcripts: Record<string, string[]> = {};
    for (const locale of ['en', 'zh-Hans'] as const) {
      const h = new ShellHarness([echo.info], undefined, { locale });
      const lines: string[] = [];
      for (const command of session) {
        // Wait for each echo before reading, so both runs narrate the same results.
        if (command.startsWith('recv')) await waitFor(h, /(datagram from|数据报，输入)[^\n]*\n[^\n]*$/);
        lines.push(...(await h.run(command)).replaceAll('\r', '').split('\n'));
      }
      transcripts[locale] = lines;
      h.shell.dispose();
    }
    const calls = (lines: readonly string[]) =>
      lines
        .map((line) => /^(\w+\(.*?\) = (?:-1 \w+|fd \d+|\d+(?: bytes(?: from \S+)?)?))/.exec(line)?.[1])
        .filter((call) => call !== undefined)
        .map((call) => call.replace(/:\d+/g, ':P'));
    const english = transcripts.en ?? [];
    const chinese = transcripts['zh-Hans'] ?? [];
    assert.ok(calls(english).length >= 7, calls(english).join('\n'));
    assert.deepEqual(calls(chinese), calls(english));
    const told = chinese.join('\n');
    assert.match(told, /a UDP socket|UDP 套接字：在 sendto 之前什么也不会发出/);
    assert.match(told, /fd 3 现在绑定了地址：本地地址 127\.0\.0\.1:\d+，端口由内核选定/);
    assert.match(told, /（这个数据报有 12 字节：其余 7 字节被丢弃了，MSG_TRUNC）/);
    assert.match(told, /没有发出数据包：fd 3 从此只发往这个对端，也只接收它发来的数据/);
    assert.match(told, /对 UDP 套接字调用 connect\(\) 不会发出任何数据包/);
    assert.match(told, /fd +协议 +状态/);
    assert.match(told, /close\(fd 3\) = 0 +fd 已释放；UDP 没有需要结束的连接/);
    for (const line of chinese.filter((each) => !session.includes(each))) {
      const explained = line.replace(/^\w+\(.*?\) = \S+( bytes( from \S+)?)?/, '').trim();
      if (/^[a-z ]{12,}/i.test(explained) && !HAN.test(explained))
        assert.fail(`English in the Chinese shell: "${line}"`);
    }
  });
});
