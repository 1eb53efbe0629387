/**
 * The lab shell against real sockets: a real echo server on loopback, real connects and refusals, and the
 * narration a student reads. Output is checked with colours stripped, as the student would read it. The same
 * session in Chinese explains itself in Chinese on every line and narrates the very same calls.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it, type TestContext } from 'node:test';
import { verbatim } from '../../src/common/localized';
import type { Observation } from '../../src/lab-kit';
import type { RunningServer } from '../servers/observation';
import { startTcpEcho } from '../servers/tcp-echo';
import { startFullListener } from '../testing/full-listener';
import { ShellHarness, stripSequences as strip } from '../testing/shell-harness';
import { foreignControls } from '../testing/terminal-controls';
import { displayWidth } from './ansi';
import { COMMANDS } from './commands';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A loopback server for one test, closed after it even when an assertion fails (or the file would never exit). */
async function serverForTest(
  t: TestContext,
  onConnection: (socket: net.Socket) => void,
  options: net.ServerOpts = {},
): Promise<number> {
  const server = net.createServer(options, onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.close();
    server.unref();
  });
  return (server.address() as net.AddressInfo).port;
}

describe('LabShell', () => {
  let echo: RunningServer;
  const observations: Observation[] = [];
  before(async () => {
    const port = await freePort();
    echo = await startTcpEcho({
      id: 'echo',
      title: 'TCP echo server',
      bindHost: '127.0.0.1',
      publicHost: '127.0.0.1',
      port,
    });
    echo.onObservation((o) => observations.push(o));
  });
  after(() => echo.dispose());

  it('narrates a whole exchange with the echo server', async () => {
    const h = new ShellHarness([echo.info]);
    const connect = await h.run('connect echo');
    assert.match(connect, /socket\(AF_INET, SOCK_STREAM\) = fd 3/);
    assert.match(
      connect,
      new RegExp(
        `connect\\(fd 3, 127\\.0\\.0\\.1:${echo.info.port}\\) = 0 +connect\\(\\) returned after \\d+\\.\\d ms`,
      ),
    );
    assert.match(await h.run('send Hello,world!'), /send\(fd 3, 12 bytes\) = 12 +"Hello,world!"/);
    assert.match(await h.run('recv'), /recv\(fd 3, 1024\) = 12 bytes +"Hello,world!"/);
    assert.match(await h.run('status'), /3 +tcp +established/);
    assert.match(await h.run('close'), /close\(fd 3\) = 0 +FIN sent/);
    assert.match(await h.run('status'), /no open sockets/);
    h.shell.dispose();
  });

  it('says what it timed: connect() returning, never the handshake', async () => {
    const h = new ShellHarness([echo.info]);
    const first = await h.run('connect echo');
    assert.match(first, /= 0 +connect\(\) returned after \d+\.\d ms; local address 127\.0\.0\.1:\d+ — TCP echo server/);
    assert.doesNotMatch(first, /handshake in|ACK in \d/);
    assert.match(
      first,
      /\(connect\(\) returns once the kernel has done SYN → SYN-ACK → ACK; the lab shell timed the call, its own work included: the Packets tab times the handshake itself\)/,
    );
    const second = await h.run('connect echo');
    assert.doesNotMatch(second, /the lab shell timed the call/, 'said once a session');
    h.shell.dispose();
  });

  it('wraps its narration and help between words at the terminal’s width', async () => {
    const h = new ShellHarness([echo.info], undefined, { cols: 44 });
    const output = (await h.run('connect echo')) + (await h.run('help'));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes
    const lines = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split(/\r?\n/);
    for (const line of lines) assert.ok(displayWidth(line.replace(/^\r/, '')) <= 44, `"${line}" fits 44 columns`);
    for (const word of ['returned', 'address', 'connect', 'stdin,']) {
      assert.ok(
        lines.some((line) => line.includes(word)),
        `"${word}" is whole on a line`,
      );
    }
    h.shell.dispose();
  });

  it('wraps its greeting between words too', async () => {
    const greeting = verbatim('Try: connect echo · send Hello,world! · recv · close   (help lists every command)');
    const h = new ShellHarness([echo.info], undefined, { cols: 41, greeting });
    await h.type('');
    const lines = h.text.split('\n');
    assert.ok(lines.length > 2, 'the greeting takes several lines');
    for (const line of lines) assert.ok(displayWidth(line) <= 41, `"${line}" fits 41 columns`);
    assert.ok(
      lines.some((line) => /\(help lists/.test(line) || /^ *help lists/.test(line)),
      'help is whole',
    );
    h.shell.dispose();
  });

  it('says once that it numbers fds like a process whose 0–2 are stdin, stdout and stderr', async () => {
    const h = new ShellHarness([echo.info]);
    assert.match(
      await h.run('connect echo'),
      /fd 3\r?\n +\(the lab shell numbers fds like a process whose 0, 1 and 2 are stdin, stdout and stderr, so sockets start at 3\)/,
    );
    assert.doesNotMatch(await h.run('connect echo'), /numbers fds/);
    h.shell.dispose();
  });

  it('gives up recv at its own timeout without calling it an errno, and says so the first time', async () => {
    const h = new ShellHarness([echo.info]);
    await h.run('connect echo');
    const first = await h.run('recv --wait 0.1');
    assert.match(
      first,
      /recv: no data within 0\.1 s \(the lab shell's timeout; a blocking recv\(\) would keep waiting\)/,
    );
    const second = await h.run('recv --wait 0.1');
    assert.match(second, /recv: no data within 0\.1 s/);
    assert.doesNotMatch(second, /lab shell's timeout/);
    assert.match(await h.run('recv --wait 0'), /recv: no data waiting/);
    assert.doesNotMatch(h.text, /EAGAIN|EWOULDBLOCK|ETIMEDOUT|timed out/);
    h.shell.dispose();
  });

  it('gives up connect at its own timeout without calling it ETIMEDOUT', async (t) => {
    const silent = await startFullListener();
    const h = new ShellHarness([echo.info], undefined, { connectTimeoutMs: 200 });
    t.after(() => {
      h.shell.dispose();
      silent.close();
    });
    const out = await h.run(`connect ${silent.port}`);
    assert.match(
      out,
      /connect: no answer within 0\.2 s \(the lab shell's timeout; a blocking connect\(\) would resend the SYN for about two minutes, then fail with ETIMEDOUT\)/,
    );
    assert.doesNotMatch(out, /= -1 ETIMEDOUT/);
    assert.match(out, /close\(fd 3\) = 0/);
    assert.equal(h.shell.openSockets, 0);
  });

  it('sends hex and shows a hex dump', async () => {
    const h = new ShellHarness([echo.info]);
    await h.run('connect echo');
    assert.match(await h.run('send --hex 00 ff 41'), /send\(fd 3, 3 bytes\) = 3 +"\\x00\\xffA"/);
    const dump = await h.run('recv --hex');
    assert.match(dump, /recv\(fd 3, 1024\) = 3 bytes/);
    assert.match(dump, /0000 {2}00 ff 41 +\.\.A/);
    await h.run('close');
    h.shell.dispose();
  });

  it('answers ECONNREFUSED with what it means, and frees the fd', async () => {
    const h = new ShellHarness([echo.info]);
    const port = await freePort();
    const out = await h.run(`connect ${port}`);
    assert.match(out, new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = -1 ECONNREFUSED +nothing is listening`));
    assert.match(out, /close\(fd 3\) = 0/);
    assert.equal(h.shell.openSockets, 0);
    h.shell.dispose();
  });

  it('refuses targets outside the lab and, in a classroom, the student’s own ports', async () => {
    const h = new ShellHarness([echo.info], { servers: [echo.info], allowLoopback: false });
    assert.match(await h.run('connect 192.0.2.1:80'), /is not this machine/);
    assert.match(await h.run('connect 9000'), /not one of this lab's servers/);
    assert.equal(h.shell.openSockets, 0);
    h.shell.dispose();
  });

  it('resets the connection when closing with unread data, as the kernel does', async () => {
    const h = new ShellHarness([echo.info]);
    await h.run('connect echo');
    const seen = observations.length;
    await h.run('send Hello,world!');
    // Wait until the echo has arrived (the shell announces it), then close without reading.
    const deadline = Date.now() + 5000;
    while (!h.text.includes('12 bytes arrived') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.match(await h.run('close'), /12 unread bytes discarded, so the kernel sent RST/);
    while (!observations.slice(seen).some((o) => o.kind === 'reset') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.ok(
      observations.slice(seen).some((o) => o.kind === 'reset'),
      'the server saw a reset',
    );
    h.shell.dispose();
  });

  it('reports end of stream as recv = 0 after the peer closes', async () => {
    const port = await freePort();
    const server = net.createServer((socket) => socket.end('bye'));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const h = new ShellHarness([echo.info]);
    await h.run(`connect ${port}`);
    assert.match(await h.run('recv'), /= 3 bytes +"bye"/);
    assert.match(await h.run('recv'), /= 0 +end of stream/);
    await h.run('close');
    h.shell.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  it('shows a peer’s escape sequences and markup as text, never as terminal commands', async () => {
    const port = await freePort();
    const server = net.createServer((socket) => socket.end('\x1b]0;pwned\x07\x1b[2J<img src=x onerror=alert(1)>'));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const h = new ShellHarness([echo.info]);
    await h.run(`connect ${port}`);
    const before = h.raw.length;
    await h.run('recv');
    const raw = h.raw.slice(before);
    assert.ok(!raw.includes('\x1b]0;'), 'no OSC sequence reaches the terminal');
    assert.ok(!raw.includes('\x1b[2J'), 'no clear-screen reaches the terminal');
    assert.match(strip(raw), /"\\x1b\]0;pwned\\x07\\x1b\[2J<img src=x onerror=alert\(1\)>"/);
    await h.run('close');
    h.shell.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  it('shows escape sequences the student typed as text, in every message that quotes them', async () => {
    const h = new ShellHarness([echo.info]);
    const before = h.raw.length;
    // Escapes spelled in double quotes become the real control characters once parsed…
    const recv = await h.run('recv "\\x1b]0;pwned\\x07"');
    assert.match(recv, /recv: unexpected "\\x1b\]0;pwned\\x07"/);
    assert.match(await h.run('help "\\x1b[2J"'), /help: no command "\\x1b\[2J"/);
    assert.match(await h.run('connect "\\x1b]0;x\\x07"'), /connect: "\\x1b\]0;x\\x07" is neither a lab server/);
    assert.match(await h.run('nc 80 "\\x07"'), /nc: "\\x07" is not a port number/);
    // …and C1 controls, bidi overrides and lone surrogates can be typed (or pasted) as they are.
    await h.run('\u009b31mx\u009d0;pwned\u009c \u202eevil\ud800');
    await h.run('recv --\u009b2J');
    await h.run('history');
    assert.deepEqual(foreignControls(h.raw.slice(before)), []);
    h.shell.dispose();
  });

  it('sends \\xNN in double quotes as that one byte, and text as UTF-8', async (t) => {
    const received: Buffer[] = [];
    let ended: () => void = () => {};
    const end = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const port = await serverForTest(t, (socket) => {
      socket.on('data', (chunk) => received.push(chunk));
      socket.on('end', () => {
        socket.end();
        ended();
      });
    });
    const h = new ShellHarness([echo.info]);
    // Even when an assertion fails: an open socket would keep the test file from ever exiting.
    t.after(() => h.shell.dispose());
    await h.run(`connect ${port}`);
    assert.match(await h.run('send "\\xff\\x80"'), /send\(fd 3, 2 bytes\) = 2 +"\\xff\\x80"/);
    assert.match(await h.run('send "héllo"'), /send\(fd 3, 6 bytes\) = 6 +"héllo"/);
    assert.match(await h.run('send "a\\xffb"'), /send\(fd 3, 3 bytes\) = 3 +"a\\xffb"/);
    assert.match(await h.run('send -n "\\xc3\\xa9"'), /send\(fd 3, 3 bytes\) = 3 +"é\\n"/);
    await h.run('close');
    await end;
    assert.equal(
      Buffer.concat(received).toString('hex'),
      ['ff80', Buffer.from('héllo').toString('hex'), '61ff62', 'c3a90a'].join(''),
    );
  });

  it('interrupts a waiting recv with Ctrl-C', async () => {
    const h = new ShellHarness([echo.info]);
    await h.run('connect echo');
    const before = h.raw.length;
    h.shell.input('recv --wait 30\r');
    await new Promise((r) => setTimeout(r, 50));
    h.shell.input('\x03');
    const deadline = Date.now() + 5000;
    while (!strip(h.raw.slice(before)).includes('EINTR') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    assert.match(strip(h.raw.slice(before)), /recv\(fd 3, 1024\) = -1 EINTR/);
    // Said once: a C program without a signal handler would have been ended by Ctrl-C instead.
    await h.run('');
    assert.match(h.text, /the lab shell lets Ctrl-C interrupt the call, as a signal handler would/);
    h.shell.dispose();
  });

  it('runs nc interactively: lines go out with a newline, replies show as they arrive', async () => {
    const h = new ShellHarness([echo.info]);
    await h.typeUntil('nc echo\r', /type lines to send/);
    await h.typeUntil('ping\r', /^ping\nping\n/m);
    const out = await h.typeUntil('\x03', /close\(fd 3\) = 0.*\n.*\$ $/);
    assert.match(out, /close\(fd 3\) = 0 +FIN sent/);
    assert.equal(h.shell.openSockets, 0);
    h.shell.dispose();
  });

  it('ends nc once both FINs have gone: Ctrl-D sends ours, the echo server answers with its own', async () => {
    const h = new ShellHarness([echo.info]);
    await h.typeUntil('nc echo\r', /type lines to send/);
    const out = await h.typeUntil('\x04', /\$ $/);
    assert.match(out, /shutdown\(fd 3, SHUT_WR\) = 0 +FIN sent; waiting for the peer's FIN/);
    assert.match(out, /both sides have sent FIN: the connection is over, so nc ends/);
    assert.match(out, /close\(fd 3\) = 0 +your FIN already went with shutdown; both sides are closed/);
    assert.equal(h.shell.openSockets, 0);
    assert.match(await h.run('status'), /no open sockets/);
    h.shell.dispose();
  });

  it('stays in nc after the peer’s FIN alone, sending no FIN of its own until Ctrl-D', async (t) => {
    let clientFin = false;
    const port = await serverForTest(
      t,
      (socket) => {
        socket.on('end', () => {
          clientFin = true;
        });
        socket.resume();
        socket.end('bye\n');
      },
      { allowHalfOpen: true },
    );
    const h = new ShellHarness([echo.info]);
    t.after(() => h.shell.dispose());
    const fin = await h.typeUntil(`nc ${port}\r`, /peer closed its side/);
    assert.match(fin, /bye/);
    assert.match(fin, /Ctrl-D sends your FIN and ends nc/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.doesNotMatch(h.text.slice(h.text.lastIndexOf('peer closed')), /\$ $/, 'still in nc');
    // As a C program's socket in CLOSE_WAIT: the peer's FIN does not make this side send its own.
    assert.equal(clientFin, false, 'no FIN before Ctrl-D');
    const out = await h.typeUntil('\x04', /\$ $/);
    assert.match(out, /both sides have sent FIN/);
    assert.match(out, /close\(fd 3\) = 0 +your FIN already went with shutdown; both sides are closed/);
    assert.equal(h.shell.openSockets, 0);
    const deadline = Date.now() + 5000;
    while (!clientFin && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(clientFin, true, 'the FIN went with Ctrl-D');
  });

  it('does not claim a second FIN when closing after shutdown', async () => {
    const h = new ShellHarness([echo.info]);
    await h.run('connect echo');
    assert.match(await h.run('send --shutdown hi'), /shutdown\(fd 3, SHUT_WR\) = 0 +FIN sent/);
    await h.run('recv');
    assert.match(await h.run('recv'), /= 0 +end of stream/);
    assert.match(await h.run('close'), /close\(fd 3\) = 0 +your FIN already went with shutdown; both sides are closed/);
    h.shell.dispose();
  });

  it('keeps the fd after both FINs until close, which says its FIN went with shutdown', async (t) => {
    const port = await serverForTest(t, (socket) => socket.on('end', () => socket.end()).resume(), {
      allowHalfOpen: true,
    });
    const h = new ShellHarness([echo.info]);
    t.after(() => h.shell.dispose());
    await h.run(`connect ${port}`);
    await h.run('shutdown');
    const deadline = Date.now() + 5000;
    while (!h.text.includes('recv will return 0') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    // Time for the connection to end on both sides, as it does in the kernel: the fd is still the student's.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(await h.run('status'), /3 +tcp +fin-sent/);
    assert.match(await h.run('close'), /close\(fd 3\) = 0 +your FIN already went with shutdown; both sides are closed/);
  });

  it('stops at 16 sockets with EMFILE, and dispose closes them all', async () => {
    const h = new ShellHarness([echo.info]);
    for (let i = 0; i < 16; i++) await h.run('connect echo');
    assert.match(await h.run('connect echo'), /= -1 EMFILE/);
    assert.equal(h.shell.openSockets, 16);
    h.shell.dispose();
    assert.equal(h.shell.openSockets, 0);
  });

  it('exit closes the sockets as close would, says goodbye, and Enter starts a fresh shell', async () => {
    const h = new ShellHarness([echo.info]);
    await h.run('connect echo');
    await h.run('connect echo');
    const out = await h.typeUntil('exit\r', /fresh lab shell/);
    assert.match(out, /close\(fd 3\) = 0 +FIN sent/);
    assert.match(out, /close\(fd 4\) = 0 +FIN sent/);
    assert.match(out, /Goodbye\. Your sockets are closed; the lab's servers, packets and checks keep running\./);
    assert.match(out, /Press Enter \(or reload the page\) for a fresh lab shell\./);
    assert.equal(h.shell.openSockets, 0);
    assert.doesNotMatch(await h.type('help'), /Commands/, 'the exited shell runs nothing');
    const fresh = await h.typeUntil('\r', /\$ $/);
    assert.match(fresh, /socketlab lab shell — hi/);
    assert.match(await h.run('help'), /Commands/);
    h.shell.dispose();
  });

  it('logs out on logout and on Ctrl-D of an empty line', async () => {
    for (const keys of ['logout\r', '\x04']) {
      const h = new ShellHarness([echo.info]);
      await h.run('connect echo');
      const out = await h.typeUntil(keys, /fresh lab shell/);
      assert.match(out, /close\(fd 3\) = 0/);
      assert.match(out, /Goodbye/);
      assert.equal(h.shell.openSockets, 0);
      h.shell.dispose();
    }
  });

  it('gives a reloaded page a fresh shell after exit', async () => {
    const h = new ShellHarness([echo.info]);
    await h.typeUntil('exit\r', /fresh lab shell/);
    const before = h.raw.length;
    h.shell.redraw();
    await h.type('');
    assert.match(strip(h.raw.slice(before)), /socketlab lab shell — hi[\s\S]*socketlab:tcp-echo\$ $/);
    assert.match(await h.run('help'), /Commands/);
    h.shell.dispose();
  });

  it('completes bash-style: a first Tab the common prefix, a second lists the candidates', async () => {
    const h = new ShellHarness([echo.info]);
    assert.doesNotMatch(strip(await h.type('s\t')), /status/, 'the first Tab lists nothing');
    assert.match(strip(await h.type('\t')), /send +shutdown +status +ss +servers|send.*shutdown.*status.*servers/);
    await h.type('\x03');
    assert.match(strip(await h.type('help con\t')), /help connect $/);
    h.shell.dispose();
  });

  it('says what is wrong with an unknown command or option', async () => {
    const h = new ShellHarness([echo.info]);
    assert.match(await h.run('rm -rf /'), /rm: command not found/);
    assert.match(await h.run('recv --bogus'), /recv: unknown option --bogus/);
    assert.match(await h.run('send'), /nothing to send/);
    h.shell.dispose();
  });

  describe('in Chinese', () => {
    /** Until the shell has printed `pattern` (news arrives between commands), or fails after 5 s. */
    async function waitFor(h: ShellHarness, pattern: RegExp): Promise<void> {
      const deadline = Date.now() + 5000;
      while (!pattern.test(h.text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assert.match(h.text, pattern);
    }

    /** One whole session: the help, an exchange with the echo server, two mistakes, nc, exit. */
    async function session(locale: 'en' | 'zh-Hans'): Promise<string> {
      const h = new ShellHarness([echo.info], undefined, { locale });
      await h.run('help');
      await h.run('connect echo');
      await h.run('send Hello,world!');
      await waitFor(h, /12 bytes arrived|到达 12 字节/);
      await h.run('recv');
      await h.run('close');
      await h.run('rm -rf /');
      await h.run('recv --bogus');
      await h.typeUntil('nc echo\r', /type lines to send|输入一行就发送一行/);
      await h.typeUntil('ping\r', /^ping\nping\n/m);
      await h.typeUntil('\x04', /\$ $/);
      await h.typeUntil('exit\r', /Enter/);
      h.shell.dispose();
      return h.text;
    }

    /** `call = result` of each narrated call, with ports left out (each run has its own). */
    function calls(text: string): string[] {
      return text
        .split('\n')
        .map((line) => /^([a-z]+\(.*?\)) = (fd \d+|-1 [A-Z]+|\d+ bytes|\d+)/.exec(line))
        .filter((match) => match !== null)
        .map((match) => `${match[1]} = ${match[2]}`.replace(/:\d+\)/, ':PORT)'));
    }

    const USAGES = new Set(COMMANDS.map((command) => `  ${command.usage}`));
    const HAN = /\p{Script=Han}/u;

    const TYPED = new Set(['help', 'connect echo', 'send Hello,world!', 'recv', 'close', 'rm -rf /', 'recv --bogus']);

    /**
     * Lines that say nothing in words: what was typed (after the prompt; news printed over a prompt still counts),
     * bare calls, quoted data, a usage, nc's lines.
     */
    function technical(line: string): boolean {
      const shown = line.replace(/^socketlab:tcp-echo\$ /, '');
      return (
        shown === '' ||
        TYPED.has(shown) ||
        ['nc echo', 'ping', 'exit'].includes(shown) ||
        USAGES.has(shown) ||
        /^[a-z]+\(.*\) = (fd \d+|-1 [A-Z]+|\d+ bytes|\d+)( +"[^"]*")?$/.test(shown)
      );
    }

    it('explains a whole session in Chinese and narrates the same calls as in English', async () => {
      const [english, chinese] = [await session('en'), await session('zh-Hans')];
      assert.deepEqual(calls(chinese), calls(english));
      assert.ok(calls(chinese).includes('connect(fd 3, 127.0.0.1:PORT) = 0'));
      assert.ok(calls(chinese).includes('shutdown(fd 3, SHUT_WR) = 0'));
      const explained = chinese.split('\n').filter((line) => !technical(line));
      assert.ok(explained.length > 25, `${explained.length} lines explain something`);
      for (const line of explained) assert.match(line, HAN, `"${line}" is in Chinese`);
      assert.doesNotMatch(english, HAN);
      for (const said of [
        /connect\(fd 3, 127\.0\.0\.1:\d+\) = 0 +connect\(\) 在 \d+\.\d ms 后返回；本地地址 127\.0\.0\.1:\d+/,
        /（实验 shell 像普通进程那样给 fd 编号：0、1、2 是 stdin、stdout 和 stderr，所以套接字从 3 开始）/,
        /\[fd 3：到达 12 字节，输入 recv 读取\]/,
        /recv\(fd 3, 1024\) = 12 bytes +"Hello,world!"/,
        /close\(fd 3\) = 0 +FIN 已发出/,
        /rm: 未找到命令 — 输入 help 查看命令列表/,
        /recv: 未知选项 --bogus\n用法：recv \[--fd N\]/,
        /shutdown\(fd 3, SHUT_WR\) = 0 +FIN 已发出；正在等待对端的 FIN/,
        /close\(fd 3\) = 0 +你的 FIN 已经随 shutdown 发出；双方都已关闭，fd 已释放/,
        /再见。你的套接字已经关闭/,
      ]) {
        assert.match(chinese, said);
      }
    });

    it('speaks the language set mid-session from the next line on, news included', async () => {
      const h = new ShellHarness([echo.info]);
      const run = async (line: string) => (await h.run(line)).replaceAll('\r', '');
      assert.match(await run('connect echo'), /connect\(\) returned after .*\n.*the lab shell timed the call/);
      h.shell.setLocale('zh-Hans');
      await h.run('send Hello,world!');
      await waitFor(h, /\[fd 3：到达 12 字节，输入 recv 读取\]/);
      assert.match(await h.run('recv --wait 0.1'), /recv\(fd 3, 1024\) = 12 bytes +"Hello,world!"/);
      assert.match(await h.run('recv --wait 0.1'), /recv: 0\.1 秒内没有收到数据（这是实验 shell 自己的超时/);
      const second = await h.run('connect echo');
      assert.match(second, /connect\(\) 在 \d+\.\d ms 后返回/);
      assert.doesNotMatch(second, /给 fd 编号|timed the call/, 'a note said once in English is not said again');
      assert.match(await h.run('status'), /状态/);
      h.shell.setLocale('en');
      assert.match(await run('close --all'), /close\(fd 3\) = 0 +FIN sent\n.*close\(fd 4\) = 0 +FIN sent/);
      assert.match(await h.run('help'), /Commands \(each one narrates/);
      assert.doesNotMatch(h.text.slice(h.text.lastIndexOf('close --all')), HAN);
      h.shell.dispose();
    });

    it('explains one command and lines up the status table in Chinese, headings two columns a character', async () => {
      const h = new ShellHarness([echo.info], undefined, { cols: 80, locale: 'zh-Hans' });
      const help = (await h.run('help close')).replaceAll('\r', '');
      assert.match(help, /close \[--fd N \| --all \| CLIENT\] {2}— 关闭套接字（发出 FIN；丢弃了未读数据时发出/);
      assert.match(help, /\n {2}带着未读数据关闭，内核会发出 RST 而不是 FIN（RFC 2525 §2\.17）/);
      await h.run('connect echo');
      const [heading, row] = (await h.run('status')).replaceAll('\r', '').split('\n').slice(1, 3);
      assert.match(heading ?? '', /^fd +协议 +状态 +本地地址 +远端地址 +已发送 +已接收 +未读$/);
      assert.match(row ?? '', /^3 +tcp +established +127\.0\.0\.1:\d+ +127\.0\.0\.1:\d+ +0 +0 +0$/);
      assert.equal(displayWidth(heading ?? ''), displayWidth(row ?? ''), 'the last column ends where its heading does');
      assert.ok(displayWidth(heading ?? '') <= 80);
      await h.run('close');
      h.shell.dispose();
    });

    it('lays help out in Chinese at 80 and 40 columns: summaries in their column, whole words, no mark starting a line', async () => {
      for (const cols of [80, 40]) {
        const h = new ShellHarness([echo.info], undefined, { cols, locale: 'zh-Hans' });
        const lines = (await h.run('help')).replaceAll('\r', '').split('\n');
        h.shell.dispose();
        const table = lines.slice(
          lines.findIndex((line) => line.startsWith('  connect')),
          lines.findIndex((line) => line.startsWith('实验服务器')),
        );
        assert.ok(table.length > COMMANDS.length, `${table.length} lines in the table`);
        for (const line of lines) {
          assert.ok(displayWidth(line) <= cols, `"${line}" fits ${cols} columns`);
          assert.doesNotMatch(line.trimStart(), /^[，。、；：？！）」』》]/, `"${line}" at ${cols} columns`);
          assert.doesNotMatch(line, /[（「『《]$/, `"${line}" at ${cols} columns`);
        }
        for (const word of ['connect', 'TARGET', 'HOST:PORT', '--shutdown', '--hex', 'Ctrl-D', 'shell']) {
          assert.ok(
            table.some((line) => line.includes(word)),
            `"${word}" is whole on a line at ${cols} columns`,
          );
        }
        // Where each line's summary text starts: column 49 beside the usages at 80 columns, 4 under them at 40.
        const column = cols === 80 ? 49 : 4;
        for (const line of table.filter((each) => HAN.test(each))) {
          const start = line.startsWith(' '.repeat(column)) ? column : displayWidth(line.slice(0, line.search(HAN)));
          assert.equal(start, column, `"${line}" at ${cols} columns`);
        }
      }
    });
  });
});
