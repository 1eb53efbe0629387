/**
 * The lab shell as a network assistant on real sockets: a tcp-assistant and a udp-assistant server, and real
 * client programs (Node sockets, as a student's script or a board) connecting to them. What a client sent
 * before `listen` waits and is shown after it; several clients, each by number; send to one or all; close
 * one; the auto-reply and hex display; timed sends of exactly `count` rounds, refused below their bounds;
 * a flood that the terminal shows only in part, saying so; a peer's escape sequences shown, never obeyed; and
 * in local mode, `connect` reaching a student's own loopback server. Ports 50550–50599.
 */

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Locale, verbatim } from '../../src/common/localized';
import type { ServerInfo } from '../../src/protocol';
import type { RunningServer } from '../servers/observation';
import { startTcpAssistant } from '../servers/tcp-assistant';
import { startTcpEcho } from '../servers/tcp-echo';
import { startUdpAssistant } from '../servers/udp-assistant';
import { inRange, tcpServerInRange } from '../testing/ports-in-range';
import { shellServer, stripSequences } from '../testing/shell-harness';
import { foreignControls } from '../testing/terminal-controls';
import { LabShell } from './lab-shell';
import type { ShellFaultReport, ShellFaults } from './shell-faults';

const HOST = { bindHost: '127.0.0.1', publicHost: '127.0.0.1' } as const;
const PROMPT = /[\r\n]socketlab:network-assistant\$ $/;
/** This file's ports. */
const PORTS = { first: 50550, last: 50599 };

/** A shell driven as the page drives it, with the assistants (and faults) the session would give it. */
class AssistantTerminal {
  readonly shell: LabShell;
  raw = '';

  constructor(servers: readonly RunningServer[], options: { faults?: ShellFaults; locale?: Locale } = {}) {
    const shellServers = servers.map((server) => shellServer(server.info));
    this.shell = new LabShell({
      labId: 'network-assistant',
      servers: shellServers,
      policy: { servers: shellServers, allowLoopback: true },
      greeting: verbatim('hi'),
      locale: options.locale ?? 'en',
      cols: 300,
      assistants: servers.flatMap((server, index) =>
        server.assistant === undefined ? [] : [{ server: shellServers[index]!, console: server.assistant }],
      ),
      ...(options.faults === undefined ? {} : { faults: options.faults }),
    });
    this.shell.onOutput((data) => {
      this.raw += data;
    });
    this.shell.start();
  }

  get text(): string {
    return stripSequences(this.raw).replaceAll('\r', '');
  }

  /** Types a line and returns what it printed, once the prompt is back. */
  async run(line: string): Promise<string> {
    const from = this.raw.length;
    this.shell.input(`${line}\r`);
    for (let tries = 0; tries < 1600; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const added = stripSequences(this.raw.slice(from));
      if (PROMPT.test(added)) return added.replaceAll('\r', '');
    }
    throw new Error(`no prompt after ${line}: ${stripSequences(this.raw.slice(from))}`);
  }

  /** Waits, bounded, until the terminal shows `pattern` (news between prompts). */
  async until(pattern: RegExp): Promise<void> {
    for (let tries = 0; tries < 1000 && !pattern.test(this.text); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.match(this.text, pattern);
  }
}

async function connectClient(port: number): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  return socket;
}

/** Everything a client receives, as text. */
function collect(socket: net.Socket): { text: string } {
  const received = { text: '' };
  socket.on('data', (chunk: Buffer) => {
    received.text += chunk.toString('latin1');
  });
  return received;
}

async function until(test: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 1000 && !test(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(test(), what);
}

describe('LabShell as a network assistant', () => {
  let tcp: RunningServer;
  let udp: RunningServer;
  let tcpPort: number;
  let udpPort: number;
  before(async () => {
    tcp = await inRange(PORTS, (port) =>
      startTcpAssistant({ ...HOST, id: 'assistant', title: 'TCP network assistant', port }),
    );
    udp = await inRange(PORTS, (port) =>
      startUdpAssistant({ ...HOST, id: 'udp', title: 'UDP network assistant', port }),
    );
    tcpPort = tcp.info.port;
    udpPort = udp.info.port;
  });
  after(async () => {
    await tcp.dispose();
    await udp.dispose();
  });

  it('shows what a client sent before listen, serves several clients, and sends to one or to all', async () => {
    const board = await connectClient(tcpPort);
    const fromBoard = collect(board);
    board.write('Hello,world!\x1b[2J\x1b]0;pwned\x07');
    const t = new AssistantTerminal([tcp, udp]);
    try {
      await until(() => tcp.assistant!.waiting().connections === 1, 'the client waits in the backlog');
      const listened = await t.run('listen');
      assert.match(listened, /socket\(AF_INET, SOCK_STREAM\) = fd 3/);
      assert.match(listened, /setsockopt\(fd 3, SOL_SOCKET, SO_REUSEADDR, 1\) = 0 {2}so that a restarted server/);
      assert.match(listened, new RegExp(`bind\\(fd 3, 127\\.0\\.0\\.1:${tcpPort}\\) = 0`));
      assert.match(listened, /listen\(fd 3, 511\) = 0 {2}TCP network assistant; 1 client has completed the handshake/);
      assert.match(
        listened,
        new RegExp(`accept\\(fd 3\\) = fd 4 {2}from 127\\.0\\.0\\.1:${board.localPort}, client #1`),
      );
      await t.until(/recv\(fd 4\) = 26 bytes {2}#1 "Hello,world!\\x1b\[2J\\x1b\]0;pwned\\x07"/);
      assert.deepEqual(foreignControls(t.raw), [], "the peer's escape sequences are shown, not obeyed");

      const second = await connectClient(tcpPort);
      const fromSecond = collect(second);
      await t.until(/accept\(fd 3\) = fd 5 {2}from 127\.0\.0\.1:\d+, client #2/);
      const listed = await t.run('clients');
      assert.match(listed, new RegExp(`fd 3: listening \\(tcp\\) on 127\\.0\\.0\\.1:${tcpPort}`));
      assert.match(listed, new RegExp(`#1 +4 +tcp +127\\.0\\.0\\.1:${board.localPort} +open +26 +0`));
      assert.match(listed, /#2 +5 +tcp +127\.0\.0\.1:\d+ +open +0 +0/);

      assert.match(await t.run('status'), /fd 3, fd 4, fd 5: the assistant's sockets \(listen\); clients lists them/);
      assert.match(await t.run('close --fd 3'), /fd 3 is the assistant's listening socket: exit closes it/);
      assert.match(await t.run('send --fd 3 x'), /send\(fd 3, 1 bytes\) = -1 ENOTCONN {2}fd 3 is the listening socket/);
      assert.match(await t.run('send --to 1 OK'), /send\(fd 4, 2 bytes\) = 2 {2}#1 "OK"/);
      assert.match(await t.run('send --all --crlf hi'), /send\(fd 5, 4 bytes\) = 4 {2}#2 "hi\\r\\n"/);
      assert.match(await t.run('send --fd 5 --hex 48 65 6c'), /send\(fd 5, 3 bytes\) = 3 {2}#2 "Hel"/);
      await until(() => fromBoard.text === 'OKhi\r\n' && fromSecond.text === 'hi\r\nHel', 'both clients got theirs');
      assert.match(await t.run('send --to 9 x'), /there is no client #9: clients lists them/);
      assert.match(await t.run('send --to 1 --all x'), /--fd N, --to N and --all each say where to send/);

      const ended = once(board, 'end');
      assert.match(await t.run('close 1'), /close\(fd 4\) = 0 {2}#1: FIN sent, the fd is released/);
      await ended;
      second.end();
      await t.until(/recv\(fd 5\) = 0 {2}#2 closed its side \(FIN\); the assistant closes its side too/);
      await t.until(/close\(fd 5\) = 0 {2}#2: both sides are closed/);
      assert.match(await t.run('clients'), /no client yet/);
      board.destroy();
      second.destroy();
      t.shell.input('exit\r');
      await t.until(/exit\nclose\(fd 3\) = 0\nGoodbye/);
    } finally {
      board.destroy();
      t.shell.dispose();
    }
  });

  it('answers by itself, shows hex, and reads and answers datagrams', async () => {
    const t = new AssistantTerminal([tcp, udp]);
    const client = dgram.createSocket('udp4');
    try {
      await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
      client.send('before', udpPort, '127.0.0.1');
      await until(() => udp.assistant!.waiting().datagrams === 1, 'the datagram waits');
      const listened = await t.run('listen udp');
      assert.match(listened, /socket\(AF_INET, SOCK_DGRAM\) = fd 3/);
      assert.match(
        listened,
        new RegExp(`bind\\(fd 3, 127\\.0\\.0\\.1:${udpPort}\\) = 0 {2}UDP network assistant; 1 datagram waits`),
      );
      assert.match(listened, /datagrams that came before you typed listen waited in its receive queue/);
      const port = client.address().port;
      await t.until(new RegExp(`recvfrom\\(fd 3\\) = 6 bytes from 127\\.0\\.0\\.1:${port} {2}#1 "before"`));
      const reply = once(client, 'message');
      assert.match(
        await t.run('send --to 1 pong'),
        new RegExp(`sendto\\(fd 3, 4 bytes, 127\\.0\\.0\\.1:${port}\\) = 4`),
      );
      assert.equal(String((await reply)[0]), 'pong');

      assert.match(await t.run('reply PING "PONG\\n"'), /a read containing "PING" is answered with "PONG\\n"/);
      const answered = once(client, 'message');
      client.send('PING?', udpPort, '127.0.0.1');
      assert.equal(String((await answered)[0]), 'PONG\n');
      await t.until(/sendto\(fd 3, 5 bytes, [^)]+\) = 5 {2}#1 auto-reply "PONG\\n"/);
      assert.match(await t.run('reply off'), /auto-reply is off/);

      assert.match(await t.run('hex on'), /shown as a hex dump/);
      client.send(Buffer.from([0x01, 0x02, 0x1b]), udpPort, '127.0.0.1');
      // Each line of the dump is printed above the prompt, which the stripped text keeps between them.
      await t.until(
        /recvfrom\(fd 3\) = 3 bytes from [^ ]+ {2}#1\n(socketlab:network-assistant\$ )? {2}0000 {2}01 02 1b/,
      );
      assert.match(await t.run('close 1'), /#1 is a UDP peer: there is no connection to close/);
      assert.match(await t.run('hex maybe'), /hex: say on or off/);
    } finally {
      client.close();
      t.shell.dispose();
    }
  });

  /** A shell listening on the TCP assistant, and a client it accepted, with its number there. */
  async function listeningWithClient() {
    const t = new AssistantTerminal([tcp, udp]);
    const board = await connectClient(tcpPort);
    const received = collect(board);
    await t.run('listen');
    await t.until(/client #\d+/);
    const number = /client #(\d+)/.exec(t.text)![1]!;
    return { t, board, received, number };
  }

  it('sends exactly --count rounds, refuses a faster interval saying the bound, and stops when told', async () => {
    const { t, board, received, number } = await listeningWithClient();
    try {
      const started = await t.run(`send --every 100ms --count 3 --to ${number} x`);
      assert.match(started, /\[sending every 100 ms, 3 times in all; stop or Ctrl-C ends it\]/);
      await t.until(/\[timed send done: 3 of 3 sent, every 100 ms\]/);
      await new Promise((resolve) => setTimeout(resolve, 250));
      assert.equal(received.text, 'xxx', 'exactly three rounds');

      assert.match(
        await t.run(`send --every 1ms --to ${number} x`),
        /--every takes an interval from 100 ms to 3600 s.*at most 10 times a second/,
      );
      assert.match(
        await t.run(`send --every 1s --count 101 --to ${number} x`),
        /--count takes a whole number from 1 to 100/,
      );
      assert.match(await t.run(`send --count 3 --to ${number} x`), /--count says how many times to send with --every/);
      await t.run(`send --every 1s --count 50 --to ${number} y`);
      assert.match(
        await t.run(`send --every 1s --to ${number} z`),
        /a timed send is running \(1 of 50 sent, every 1 s\)/,
      );
      assert.match(await t.run('stop'), /\[timed send stopped: 1 of 50 sent\]/);
      assert.match(await t.run('stop'), /no timed send is running/);
      await t.run(`send --every 100ms --to ${number} w`);
      t.shell.input('\x03');
      await t.until(/\[timed send stopped: \d+ of 100 sent\]/);
    } finally {
      board.destroy();
      t.shell.dispose();
    }
  });

  it('stops a timed send when the session ends', async () => {
    const { t, board, received, number } = await listeningWithClient();
    try {
      await t.run(`send --every 100ms --count 100 --to ${number} x`);
      await until(() => received.text.length >= 2, 'the rounds go out');
      t.shell.dispose();
      await once(board, 'end');
      const sent = received.text.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(received.text.length, sent, 'no round after the shell was disposed');
      assert.ok(sent < 100);
    } finally {
      board.destroy();
      t.shell.dispose();
    }
  });

  it('completes listen, hex and fault words with Tab', async () => {
    const t = new AssistantTerminal([tcp, udp]);
    try {
      t.shell.input('listen u\t');
      await t.until(/listen udp $/);
      t.shell.input('\x03hex o\t\t');
      await t.until(/hex o\n?.*on +off/s);
    } finally {
      t.shell.dispose();
    }
  });

  it('repeats a send on a socket of your own too', async () => {
    const echo = await inRange(PORTS, (port) => startTcpEcho({ ...HOST, id: 'echo', title: 'TCP echo server', port }));
    let received = 0;
    echo.onObservation((observation) => {
      if (observation.kind === 'receive') received += observation.bytes ?? 0;
    });
    const t = new AssistantTerminal([echo]);
    try {
      await t.run('connect echo');
      await t.run('send --every 100ms --count 3 abc');
      await t.until(/\[timed send done: 3 of 3 sent/);
      assert.equal(t.text.match(/send\(fd 3, 3 bytes\) = 3/g)?.length, 3);
      await until(() => received === 9, 'the echo server read the three rounds');
      assert.match(await t.run('listen'), /listen: this lab has no network-assistant server/);
    } finally {
      t.shell.dispose();
      await echo.dispose();
    }
  });

  it('shows a flood only in part and says how much it left out', async () => {
    const { t, board } = await listeningWithClient();
    try {
      const before = t.raw.length;
      const chunk = Buffer.alloc(1024, 'A');
      for (let i = 0; i < 4096; i++) {
        if (!board.write(chunk)) await once(board, 'drain');
        // One write per turn of the loop, so the assistant reads in many pieces, as from a board.
        if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await t.until(/lines not shown \(\d+ bytes of data\): the lab shell prints at most 40 lines a second/);
      const [row] = (await t.run('clients')).split('\n').filter((line) => /^#\d+ /.test(line));
      assert.match(row ?? '', / 4194304 +0$/, 'every byte was read and counted');
      const shown = t.raw.length - before;
      assert.ok(shown < 100_000, `the terminal got ${shown} characters for 4 MB`);
    } finally {
      board.destroy();
      t.shell.dispose();
    }
  });
});

describe('LabShell fault commands', () => {
  const servers: ServerInfo[] = [];

  function fakeFaults(reports: ShellFaultReport[]): ShellFaults & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      list: () => reports,
      async set(kind, server, value) {
        calls.push(`${kind} ${server} ${value}`);
        const index = reports.findIndex((report) => report.kind === kind && report.server === server);
        reports[index] = { ...reports[index]!, value };
        return reports[index]!;
      },
    };
  }

  it('sets and shows the loss, and refuses settings out of bounds in both languages', async () => {
    const faults = fakeFaults([
      { kind: 'loss', server: 'echo', available: true, value: 0 },
      { kind: 'silence', server: 'echo', available: true, value: 0 },
      { kind: 'restart', server: 'echo', available: false, value: 0, reason: verbatim('needs CAP_NET_ADMIN') },
    ]);
    const t = new AssistantTerminal([], { faults });
    try {
      assert.match(await t.run('loss'), /loss +echo +0 % +available/);
      assert.match(await t.run('loss 20'), /loss on echo is 20 % now/);
      assert.match(await t.run('loss -5'), /loss: "-5" is not a loss rate: give a whole percent from 0 to 100/);
      assert.match(await t.run('loss abc'), /"abc" is not a loss rate/);
      assert.match(await t.run('loss 101'), /"101" is not a loss rate/);
      assert.match(await t.run('fault silence echo on'), /silence on echo is on now/);
      assert.match(await t.run('fault restart echo 5'), /restart on echo: the server is away for 5 s/);
      assert.match(await t.run('fault bogus echo 1'), /"bogus" is not a kind of fault \(loss, silence, restart\)/);
      assert.match(await t.run('fault loss nowhere 1'), /this lab has no loss fault on "nowhere"/);
      const listed = await t.run('fault');
      assert.match(listed, /silence +echo +on +available/);
      assert.match(listed, /restart +echo +5 s +unavailable: needs CAP_NET_ADMIN/);
      assert.deepEqual(faults.calls, ['loss echo 20', 'silence echo 1', 'restart echo 5']);
      t.shell.setLocale('zh-Hans');
      assert.match(await t.run('loss 101'), /loss：.*不是丢包率/);
      assert.match(await t.run('fault bogus echo 1'), /"bogus" 不是故障类型/);
    } finally {
      t.shell.dispose();
    }
  });

  it('says a lab without faults has none', async () => {
    const t = new AssistantTerminal(servers.length === 0 ? [] : []);
    try {
      assert.match(await t.run('loss 20'), /this lab has no faults to set/);
      assert.match(await t.run('fault'), /this lab has no faults to set/);
    } finally {
      t.shell.dispose();
    }
  });
});

describe('LabShell in local mode', () => {
  it("connects to the student's own server on loopback", async () => {
    // The board-as-server exercise, played by a server of the student's on this machine.
    const { server: own, port } = await tcpServerInRange(PORTS, (socket) => socket.end('board here\n'));
    const t = new AssistantTerminal([]);
    try {
      assert.match(
        await t.run(`connect 127.0.0.1 ${port}`),
        new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = 0`),
      );
      assert.match(await t.run('recv'), /"board here\\n"/);
      await t.run('close');
      await new Promise<void>((resolve) => own.close(() => resolve()));
      const refused = await t.run(`connect 127.0.0.1 ${port}`);
      assert.match(refused, /= -1 ECONNREFUSED/);
      assert.match(refused, /is your server running\? .*EADDRINUSE .*SO_REUSEADDR/);
    } finally {
      t.shell.dispose();
      if (own.listening) await new Promise((resolve) => own.close(resolve));
    }
  });
});
