/**
 * `connect TARGET`: socket() then connect(), narrated. What the shell times is the call, from its start to its
 * return, which is not the handshake: that happens in the kernel, and the capture times it from the packets.
 * Failures print the errno a C program would get and what it means; the shell's own timeout is said as its
 * own, since a blocking connect() would keep resending the SYN for minutes before ETIMEDOUT.
 */

import { localized } from '../../../src/common/localized';
import { style } from '../ansi';
import { type CommandContext, checkOptions, printModelNote, type ShellCommand, withModelNote } from '../command';
import type { ParsedLine } from '../command-line';
import { explainErrno } from '../errno';
import type { ShellSocket } from '../shell-socket';
import { joinText, mapText } from '../shell-text';
import { MAX_SOCKETS } from '../socket-table';
import { resolveTarget } from '../target-policy';
import { visible } from '../visible-text';

const TEXT = localized({
  en: {
    summary: 'open a TCP connection (TARGET: a lab server name like echo, PORT, or HOST:PORT)',
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
    reset: (fd: number, errno: string, meaning: string) => `[fd ${fd}: ${errno} — ${meaning}]`,
  },
  'zh-Hans': {
    summary: '建立 TCP 连接（TARGET：实验服务器的名字，如 echo，或者 PORT、HOST:PORT）',
    handshake: '创建一个套接字并发起连接：内核发出 SYN，服务器回应 SYN-ACK，内核再发出 ACK。',
    examples: '例如：connect echo    connect 127.0.0.1:20417    connect 9000（本地运行时连你自己的服务器）',
    tooMany: `打开的套接字太多：先关掉一个（实验 shell 最多允许 ${MAX_SOCKETS} 个，Linux 进程通常是 1024 个）`,
    connected: (ms, local, what) => `connect() 在 ${ms} ms 后返回；本地地址 ${local}${what}`,
    noAnswer: (name, seconds) => `${name}: ${seconds} 秒内没有回应`,
    gaveUp: '实验 shell 不再等待；fd 已释放',
    arrived: (fd, bytes) => `[fd ${fd}：到达 ${bytes} 字节，输入 recv 读取]`,
    peerFin: (fd) => `[fd ${fd}：对端关闭了它那一侧（FIN），recv 将返回 0]`,
    reset: (fd, errno, meaning) => `[fd ${fd}：${errno}，${meaning}]`,
  },
});

export const connect: ShellCommand = {
  name: 'connect',
  usage: 'connect TARGET',
  summary: TEXT.summary,
  details: [TEXT.handshake, TEXT.examples],
  async run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    await openConnection(context, line, 'connect');
  },
};

/** socket() + connect(), shared with `nc`. Returns the connected socket, or undefined after narrating why not. */
export async function openConnection(
  context: CommandContext,
  line: ParsedLine,
  name: string,
): Promise<ShellSocket | undefined> {
  const resolved = resolveTarget(line.args, context.policy);
  if (!resolved.ok) {
    // The reason quotes the words typed (`"…" is not a port number`); it is one line with no controls of its own.
    context.fail(joinText(`${name}: `, mapText(resolved.why, visible)));
    return undefined;
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
  const failure = await socket.connect(context.connectTimeoutMs, context.signal);
  const call = `connect(fd ${socket.fd}, ${socket.remote})`;
  if (failure !== undefined) {
    context.sockets.release(socket.fd);
    if ('shellTimeout' in failure) {
      const seconds = String(failure.shellTimeout / 1000);
      context.fail(withModelNote(context, TEXT.noAnswer(name, seconds), 'connectTimeout'));
      context.narrate(`close(fd ${socket.fd})`, '0', TEXT.gaveUp);
      return undefined;
    }
    context.narrate(call, `-1 ${failure.errno}`, explainErrno(failure.errno));
    if (failure.errno === 'EINTR') printModelNote(context, 'interrupt');
    context.narrate(`close(fd ${socket.fd})`, '0');
    return undefined;
  }
  const ms = (performance.now() - started).toFixed(1);
  const what = resolved.target.server ? joinText(' — ', resolved.target.server.title) : '';
  context.narrate(call, '0', TEXT.connected(ms, socket.local, what));
  printModelNote(context, 'connectTiming');
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
  socket.onPeerFin(() => {
    if (socket.beingRead) return;
    context.print(style.dim(TEXT.peerFin(socket.fd)));
  });
  socket.onReset((errno) => {
    context.print(style.yellow(TEXT.reset(socket.fd, errno, explainErrno(errno))));
  });
}
