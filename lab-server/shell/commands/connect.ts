/**
 * `connect TARGET`: socket() then connect(), narrated. What the shell times is the call, from its start to its
 * return, which is not the handshake: that happens in the kernel, and the capture times it from the packets.
 * Failures print the errno a C program would get and what it means; the shell's own timeout is said as its
 * own, since a blocking connect() would keep resending the SYN for minutes before ETIMEDOUT. On a UDP socket
 * (`--udp`, `--fd N`) connect sends nothing: it fixes the peer, and says so. With `--tls` the connection then
 * carries a TLS handshake, narrated and verified step by step (tls-handshake.ts), and send and recv go through it.
 */

import { localized } from '../../../src/common/localized';
import { formatHostPort } from '../../../src/protocol';
import { style } from '../ansi';
import {
  type CommandContext,
  checkOptions,
  fdOption,
  fdOptionError,
  numberOption,
  printModelNote,
  type ShellCommand,
  withModelNote,
  withUsage,
} from '../command';
import type { ParsedLine } from '../command-line';
import { explainErrno } from '../errno';
import type { ShellSocket } from '../shell-socket';
import { joinText, mapText } from '../shell-text';
import { MAX_SOCKETS } from '../socket-table';
import { resolveTarget } from '../target-policy';
import { printAdvice, startTls, tlsUnavailable } from '../tls-handshake';
import {
  speaksTls,
  TLS_FLAGS,
  TLS_VALUE_OPTIONS,
  tlsAlertName,
  tlsOptionMisuse,
  tlsRequest,
  wantsTls,
} from '../tls-options';
import type { UdpShellSocket } from '../udp-socket';
import { visible } from '../visible-text';
import { keepaliveTimedOut } from './keepalive';
import { datagramTarget, narrateDatagramError } from './sendto';
import { openUdpSocket } from './socket';

const TEXT = localized({
  en: {
    summary:
      'open a TCP connection (with --tls, a TLS one, its handshake narrated), or with --udp fix a UDP socket’s peer (TARGET: a lab server name like echo, PORT, or HOST:PORT)',
    handshake:
      'Makes a socket and connects it: the kernel sends SYN, the server answers SYN-ACK, the kernel sends ACK.',
    examples: 'Examples:  connect echo    connect 127.0.0.1:20417    connect 9000 (a server of your own, locally)',
    tooMany: `too many open sockets: close one first (the lab shell allows ${MAX_SOCKETS}; a Linux process usually 1024)`,
    connected: (ms: string, local: string, what: string) =>
      `connect() returned after ${ms} ms; local address ${local}${what}`,
    noAnswer: (name: string, seconds: string) => `${name}: no answer within ${seconds} s`,
    gaveUp: 'the lab shell gave up waiting; the fd is released',
    arrived: (fd: number, bytes: number) => `[fd ${fd}: ${bytes} bytes arrived — type recv to read them]`,
    peerFin: (fd: number) => `[fd ${fd}: the peer closed its side (FIN) — recv will return 0]`,
    finAfterError: (fd: number) =>
      `[fd ${fd}: the peer closed its side (FIN) after that error — recv will return -1 ECONNRESET]`,
    reset: (fd: number, errno: string, meaning: string) => `[fd ${fd}: ${errno} — ${meaning}]`,
    timeout:
      'connect --timeout 1 TARGET gives up after 1 s with ETIMEDOUT (0.1 to 60 s), as a program with its own connect timeout does; without it the lab shell waits 5 s.',
    badTimeout: 'connect: --timeout takes seconds from 0.1 to 60, like --timeout 1',
    udpTimeout: 'connect: --timeout is for TCP: a UDP connect sends nothing, so there is nothing to wait for',
    timedOut: (seconds: string) =>
      `no SYN-ACK within ${seconds} s, so your --timeout gave up; the kernel alone would resend the SYN for about two minutes`,
    udp: 'connect --udp TARGET makes a UDP socket and fixes its peer; connect --fd N TARGET fixes the peer of UDP socket N. No packet is sent.',
    udpOrFd: 'connect: --udp makes a new socket, --fd N names one: give one of them',
    udpServer: (name: string, id: string) =>
      `${name}: ${id} is a UDP server: connect --udp ${id}, or socket udp and then sendto ${id} DATA`,
    tcpConnected: (fd: number) => `fd ${fd} is a TCP socket and already connected; connect TARGET makes a new one`,
    udpConnected: (fd: number, local: string, what: string) =>
      `no packet sent: fd ${fd} now sends to this peer only, and hears only from it${local}${what}`,
    udpLocal: (local: string) => `; local address ${local}`,
    tls: 'connect --tls TARGET then speaks TLS and narrates the handshake: ClientHello → ServerHello → Certificate → each verification step → Finished; send and recv go through TLS.',
    tlsOptions:
      "--tls1.2 or --tls1.3 allows that version only. --ca class (the default) trusts the class root, --ca system Node's bundled roots, --ca none nothing at all. --cert mine presents your session's client certificate (mutual TLS). --servername NAME sets the SNI and the name checked.",
    plainToTls: (fd: number, id: string) =>
      `[fd ${fd}: ${id} speaks TLS: it read your bytes as a TLS record, found none, and closed the connection — connect --tls ${id} speaks TLS to it]`,
    speaksTls: (id: string) =>
      `[${id} speaks TLS: what you send must be a TLS record, or it closes; connect --tls ${id} does the handshake]`,
    tlsEnded: (fd: number, code: string, alert: string) =>
      `[fd ${fd}: ${code} — the server ended the connection with the alert ${alert}]`,
    tlsError: (fd: number, code: string) => `[fd ${fd}: ${code} — the TLS connection failed]`,
    ownServer:
      '[is your server running? One started again at once may fail in bind() with EADDRINUSE while its old connections wait in TIME_WAIT, unless it sets SO_REUSEADDR first]',
  },
  'zh-Hans': {
    summary:
      '建立 TCP 连接（加 --tls 则建立 TLS 连接并逐步讲解握手），或者用 --udp 固定 UDP 套接字的对端（TARGET：实验服务器的名字，如 echo，或者 PORT、HOST:PORT）',
    handshake: '创建一个套接字并发起连接：内核发出 SYN，服务器回应 SYN-ACK，内核再发出 ACK。',
    examples: '例如：connect echo    connect 127.0.0.1:20417    connect 9000（本地运行时连你自己的服务器）',
    tooMany: `打开的套接字太多：先关掉一个（实验 shell 最多允许 ${MAX_SOCKETS} 个，Linux 进程通常是 1024 个）`,
    connected: (ms, local, what) => `connect() 在 ${ms} ms 后返回；本地地址 ${local}${what}`,
    noAnswer: (name, seconds) => `${name}: ${seconds} 秒内没有回应`,
    gaveUp: '实验 shell 不再等待；fd 已释放',
    arrived: (fd, bytes) => `[fd ${fd}：到达 ${bytes} 字节，输入 recv 读取]`,
    peerFin: (fd) => `[fd ${fd}：对端关闭了它那一侧（FIN），recv 将返回 0]`,
    finAfterError: (fd) => `[fd ${fd}：出错之后对端关闭了它那一侧（FIN），recv 将返回 -1 ECONNRESET]`,
    reset: (fd, errno, meaning) => `[fd ${fd}：${errno}，${meaning}]`,
    timeout:
      'connect --timeout 1 TARGET 在 1 秒后以 ETIMEDOUT 放弃（0.1 到 60 秒），就像自己设置了连接超时的程序那样；不加它时实验 shell 等 5 秒。',
    badTimeout: 'connect: --timeout 后面要跟 0.1 到 60 之间的秒数，例如 --timeout 1',
    udpTimeout: 'connect: --timeout 只用于 TCP：UDP 的 connect 不发任何数据包，没有什么可等的',
    timedOut: (seconds) =>
      `${seconds} 秒内没有收到 SYN-ACK，你的 --timeout 放弃了；如果只靠内核，它会在大约两分钟内反复重发 SYN`,
    udp: 'connect --udp TARGET 创建一个 UDP 套接字并固定它的对端；connect --fd N TARGET 固定 UDP 套接字 N 的对端。都不发任何数据包。',
    udpOrFd: 'connect: --udp 是新建套接字，--fd N 是指定已有的套接字：二者选一',
    udpServer: (name, id) =>
      `${name}: ${id} 是 UDP 服务器：请用 connect --udp ${id}，或者先 socket udp，再 sendto ${id} DATA`,
    tcpConnected: (fd) => `fd ${fd} 是 TCP 套接字，已经连接过了；connect TARGET 会新建一个`,
    udpConnected: (fd, local, what) =>
      `没有发出数据包：fd ${fd} 从此只发往这个对端，也只接收它发来的数据${local}${what}`,
    udpLocal: (local) => `；本地地址 ${local}`,
    tls: 'connect --tls TARGET 接着进行 TLS 握手并逐步讲解：ClientHello → ServerHello → Certificate → 每一步验证 → Finished；之后 send 和 recv 都经过 TLS。',
    tlsOptions:
      '--tls1.2 或 --tls1.3 只允许那一个版本。--ca class（默认）信任班级根证书，--ca system 信任 Node 自带的根证书，--ca none 什么都不信任也不验证。--cert mine 出示你的会话的客户端证书（双向 TLS）。--servername NAME 设置 SNI 和要核对的主机名。',
    plainToTls: (fd, id) =>
      `[fd ${fd}：${id} 说的是 TLS：它把你发的字节当作 TLS 记录来读，读不出来，就关闭了连接——用 connect --tls ${id} 和它进行 TLS 握手]`,
    speaksTls: (id) => `[${id} 说的是 TLS：发给它的必须是 TLS 记录，否则它会关闭连接；connect --tls ${id} 会进行握手]`,
    tlsEnded: (fd, code, alert) => `[fd ${fd}：${code}，服务器发出告警 ${alert} 后结束了连接]`,
    tlsError: (fd, code) => `[fd ${fd}：${code}，TLS 连接出错]`,
    ownServer:
      '[你的服务器在运行吗？服务器刚退出就立刻重启时，旧连接还处在 TIME_WAIT，bind() 可能以 EADDRINUSE 失败，除非它先设置了 SO_REUSEADDR]',
  },
});

export const connect: ShellCommand = {
  name: 'connect',
  usage:
    'connect [--udp | --fd N] [--timeout SECONDS] [--tls [--tls1.2|--tls1.3] [--ca class|system|none] [--cert mine] [--servername NAME]] TARGET',
  summary: TEXT.summary,
  details: [TEXT.handshake, TEXT.examples, TEXT.timeout, TEXT.udp, TEXT.tls, TEXT.tlsOptions],
  valueOptions: new Set(['--fd', '--timeout', ...TLS_VALUE_OPTIONS]),
  optionAliases: { '-f': '--fd', '-u': '--udp' },
  async run(context, line) {
    const known = ['--fd', '--udp', '--timeout', ...TLS_FLAGS, ...TLS_VALUE_OPTIONS];
    if (!checkOptions(context, this, line, known)) return;
    const fd = fdOption(line);
    if (fd === 'invalid') return context.fail(fdOptionError(this));
    const timeout = numberOption(line, '--timeout', 0, { min: 0.1, max: 60 });
    if (timeout === 'invalid') return context.fail(TEXT.badTimeout);
    const misuse = tlsOptionMisuse(line);
    if (misuse !== undefined) return context.fail(misuse);
    if (fd === undefined && !line.options.has('--udp')) {
      await openConnection(context, line, 'connect', timeout === 0 ? undefined : timeout * 1000);
      return;
    }
    if (timeout !== 0) return context.fail(TEXT.udpTimeout);
    if (fd !== undefined && line.options.has('--udp')) return context.fail(withUsage(TEXT.udpOrFd, this));
    await connectDatagram(context, line, fd);
  },
};

/**
 * connect(2) on a UDP socket, `--fd N`'s or a new one (`--udp`): no packet, only the default peer fixed, after
 * which send and recv need no address and only that peer's datagrams arrive.
 */
async function connectDatagram(context: CommandContext, line: ParsedLine, fd: number | undefined): Promise<void> {
  const target = datagramTarget(context, line.args, 'connect');
  if (target === undefined) return;
  const call = (fdShown: number | string) => `connect(fd ${fdShown}, ${formatHostPort(target.host, target.port)})`;
  let udp: UdpShellSocket | undefined;
  if (fd === undefined) {
    udp = openUdpSocket(context);
    if (udp === undefined) return;
  } else {
    const picked = context.sockets.pick(fd);
    if (picked === undefined) return context.narrate(call(fd), '-1 EBADF', explainErrno('EBADF'));
    // A TCP socket connects once: the fd already has its peer, as `connect` gave it.
    if (picked.protocol === 'tcp') return context.narrate(call(fd), '-1 EISCONN', TEXT.tcpConnected(fd));
    udp = picked;
  }
  const wasBound = udp.bound;
  const failure = await udp.connect(target);
  if (failure !== undefined) return narrateDatagramError(context, call(udp.fd), failure.errno);
  const what = target.server ? joinText(' — ', target.server.title) : '';
  context.narrate(call(udp.fd), '0', TEXT.udpConnected(udp.fd, wasBound ? '' : TEXT.udpLocal(udp.local), what));
  printModelNote(context, 'udpConnect');
}

/**
 * socket() + connect(), shared with `nc`. Returns the connected socket, or undefined after narrating why not.
 * With `timeoutMs` (`--timeout`) the connect gives up with ETIMEDOUT as a program's own timeout makes it;
 * without, the shell waits its own limit and says so as its own.
 */
export async function openConnection(
  context: CommandContext,
  line: ParsedLine,
  name: string,
  timeoutMs?: number,
): Promise<ShellSocket | undefined> {
  const resolved = resolveTarget(line.args, context.policy);
  if (!resolved.ok) {
    // The reason quotes the words typed (`"…" is not a port number`); it is one line with no controls of its own.
    context.fail(joinText(`${name}: `, mapText(resolved.why, visible)));
    return undefined;
  }
  const server = resolved.target.server;
  if (server !== undefined && server.transport === 'udp') {
    context.fail(TEXT.udpServer(name, server.id));
    return undefined;
  }
  // With --tls, what cannot work is said before a socket is opened.
  let secure: ((socket: ShellSocket) => Promise<boolean>) | undefined;
  if (name === 'connect' && wantsTls(line)) {
    const asked = tlsRequest(line, resolved.target);
    const why = 'why' in asked ? asked.why : tlsUnavailable(context.tls, asked.request);
    if (why !== undefined || !('request' in asked) || context.tls === undefined) {
      if (why !== undefined) context.fail(why);
      return undefined;
    }
    const shellTls = context.tls;
    secure = (socket) => startTls(context, socket, asked.request, shellTls);
  }
  const family = resolved.target.host.includes(':') ? 'AF_INET6' : 'AF_INET';
  const socket = context.sockets.open(resolved.target);
  if (socket === undefined) {
    context.narrate(`socket(${family}, SOCK_STREAM)`, '-1 EMFILE', TEXT.tooMany);
    return undefined;
  }
  context.narrate(`socket(${family}, SOCK_STREAM)`, `fd ${socket.fd}`);
  printModelNote(context, 'fdNumbers');
  const started = performance.now();
  const failure = await socket.connect(timeoutMs ?? context.connectTimeoutMs, context.signal);
  const call = `connect(fd ${socket.fd}, ${socket.remote})`;
  if (failure !== undefined) {
    context.sockets.release(socket.fd);
    if ('shellTimeout' in failure && timeoutMs !== undefined) {
      context.narrate(call, '-1 ETIMEDOUT', TEXT.timedOut(String(timeoutMs / 1000)));
      printModelNote(context, 'connectTimeoutOption');
      context.narrate(`close(fd ${socket.fd})`, '0');
      return undefined;
    }
    if ('shellTimeout' in failure) {
      const seconds = String(failure.shellTimeout / 1000);
      context.fail(withModelNote(context, TEXT.noAnswer(name, seconds), 'connectTimeout'));
      context.narrate(`close(fd ${socket.fd})`, '0', TEXT.gaveUp);
      return undefined;
    }
    context.narrate(call, `-1 ${failure.errno}`, explainErrno(failure.errno));
    if (failure.errno === 'EINTR') printModelNote(context, 'interrupt');
    // A server of the student's own (the board-as-server exercise, played on this machine) that is not there.
    if (failure.errno === 'ECONNREFUSED' && server === undefined) context.print(style.dim(TEXT.ownServer));
    context.narrate(`close(fd ${socket.fd})`, '0');
    return undefined;
  }
  const ms = (performance.now() - started).toFixed(1);
  const what = resolved.target.server ? joinText(' — ', resolved.target.server.title) : '';
  context.narrate(call, '0', TEXT.connected(ms, socket.local, what));
  printModelNote(context, 'connectTiming');
  if (secure !== undefined && !(await secure(socket))) {
    context.sockets.release(socket.fd);
    return undefined;
  }
  if (secure === undefined && server !== undefined && speaksTls(server)) {
    context.print(style.dim(TEXT.speaksTls(server.id)));
  }
  watch(context, socket);
  return socket;
}

/** Tells the student, between prompts, when data or a FIN arrives on a socket they are not reading. */
function watch(context: CommandContext, socket: ShellSocket): void {
  socket.onData(({ arrived, waiting, beingRead }) => {
    // Once per batch: when the queue was empty before these bytes and nobody is reading.
    if (beingRead || arrived !== waiting) return;
    context.print(style.dim(TEXT.arrived(socket.fd, waiting)));
  });
  const server = socket.target.server;
  // The error the connection already ended with: recv reports it (ECONNRESET), not the end of stream that follows.
  let ended = false;
  socket.onPeerFin(() => {
    // A TLS server given plain bytes closes without a word: say why, and what speaks TLS to it.
    if (socket.security === undefined && server !== undefined && speaksTls(server) && socket.sentBytes > 0) {
      context.print(style.yellow(TEXT.plainToTls(socket.fd, server.id)));
    }
    if (socket.beingRead) return;
    context.print(style.dim(ended ? TEXT.finAfterError(socket.fd) : TEXT.peerFin(socket.fd)));
  });
  socket.onReset((errno) => {
    ended = true;
    if (socket.security !== undefined && errno.startsWith('ERR_')) {
      const alert = tlsAlertName(errno);
      context.print(
        style.yellow(alert === undefined ? TEXT.tlsError(socket.fd, errno) : TEXT.tlsEnded(socket.fd, errno, alert)),
      );
      printAdvice(context, errno);
      return;
    }
    const keepalive = errno === 'ETIMEDOUT' ? keepaliveTimedOut(socket) : undefined;
    context.print(style.yellow(keepalive ?? TEXT.reset(socket.fd, errno, explainErrno(errno))));
  });
}
