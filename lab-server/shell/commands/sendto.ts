/**
 * `sendto TARGET DATA`: sendto(2) on a UDP socket, one datagram to the address given, with no connection. What
 * the student types for DATA is what `send` takes (quotes, `\xNN`, `--hex`, `-n`), and what a UDP socket says
 * when it fails is said here for `send` and `connect` on one too: ECONNREFUSED as the ICMP port unreachable it
 * is, and which lab servers a datagram may go to (the same policy as TCP's, `target-policy.ts`).
 */

import { localized } from '../../../src/common/localized';
import { formatHostPort } from '../../../src/protocol';
import { style } from '../ansi';
import {
  type CommandContext,
  checkOptions,
  fdOption,
  fdOptionError,
  printModelNote,
  type ShellCommand,
  withModelNote,
  withUsage,
} from '../command';
import { CommandLineError, type ParsedLine, parseLine } from '../command-line';
import { explainDatagramErrno } from '../errno';
import { joinText, mapText } from '../shell-text';
import { resolveTarget, type Target } from '../target-policy';
import type { UdpShellSocket } from '../udp-socket';
import { quoteText, visible } from '../visible-text';
import { bytesToSend } from './send';

const TEXT = localized({
  en: {
    summary: 'send one datagram from a UDP socket to TARGET (a lab server name like echo, or HOST:PORT)',
    datagram: 'Each sendto is one datagram, kept whole: two sendtos are two recvfroms at the other end.',
    data: 'DATA is written as for send: "double quotes" with \\n and \\xNN, --hex bytes, -n adds a newline.',
    noTarget: 'sendto: say where to send: a lab server name (echo) or HOST:PORT, then the data',
    nothing: 'sendto: nothing to send',
    noSocket: 'no open UDP socket; socket udp makes one',
    tcpFd: (command: string, fd: number, use: string) =>
      `${command}: fd ${fd} is a TCP socket (SOCK_STREAM), connected to its one peer: use ${use}; ${command} is for UDP sockets (socket udp makes one, --fd N picks one)`,
    tcpServer: (command: string, id: string) => `${command}: ${id} is a TCP server: connect ${id}, then send`,
    bound: (fd: number, local: string) => `fd ${fd} is bound now: local address ${local}, a port the kernel picked`,
  },
  'zh-Hans': {
    summary: '从 UDP 套接字向 TARGET 发送一个数据报（TARGET：实验服务器的名字，如 echo，或者 HOST:PORT）',
    datagram: '每次 sendto 发出一个数据报，边界保持不变：发两次 sendto，对端就要 recvfrom 两次。',
    data: 'DATA 的写法和 send 一样："双引号" 里可以用 \\n 和 \\xNN，--hex 给出字节，-n 追加换行符。',
    noTarget: 'sendto: 请指明发往哪里：实验服务器的名字（echo）或 HOST:PORT，后面再跟数据',
    nothing: 'sendto: 没有要发送的内容',
    noSocket: '没有打开的 UDP 套接字；socket udp 会创建一个',
    tcpFd: (command, fd, use) =>
      `${command}: fd ${fd} 是 TCP 套接字（SOCK_STREAM），只连着它唯一的对端：请用 ${use}；${command} 是给 UDP 套接字用的（socket udp 创建一个，--fd N 选择一个）`,
    tcpServer: (command, id) => `${command}: ${id} 是 TCP 服务器：请先 connect ${id}，再 send`,
    bound: (fd, local) => `fd ${fd} 现在绑定了地址：本地地址 ${local}，端口由内核选定`,
  },
});

export const sendto: ShellCommand = {
  name: 'sendto',
  usage: 'sendto [--fd N] [--hex] [-n|--crlf] TARGET DATA',
  summary: TEXT.summary,
  details: [TEXT.datagram, TEXT.data],
  valueOptions: new Set(['--fd']),
  optionAliases: { '-x': '--hex', '-f': '--fd' },
  async run(context, line) {
    if (!checkOptions(context, this, line, ['--fd', '--hex', '-n', '--crlf'])) return;
    const fd = fdOption(line);
    if (fd === 'invalid') return context.fail(fdOptionError(this));
    const word = line.args[0];
    if (word === undefined) return context.fail(withUsage(TEXT.noTarget, this));
    // DATA is what follows the target word, read as `send` reads its payload.
    const typed = line.args.length < 2 ? '' : line.rest.slice(/^\S+/.exec(line.rest)?.[0].length ?? 0).trimStart();
    let data: ParsedLine;
    try {
      data = parseLine(`sendto -- ${typed}`);
    } catch (error) {
      // A quoted TARGET leaves DATA with its quote unbalanced: said as the parser says it of a whole line.
      if (!(error instanceof CommandLineError)) throw error;
      return context.fail(joinText('sendto: ', mapText(error.text, visible)));
    }
    const bytes = bytesToSend({ ...data, options: line.options });
    if (bytes === 'bad-hex') return context.fail(withUsage(TEXT.data, this));
    if (bytes.length === 0) return context.fail(withUsage(TEXT.nothing, this));
    const target = datagramTarget(context, [word], this.name);
    if (target === undefined) return;
    const udp = pickUdp(context, fd, this.name, `${bytes.length} bytes, ${formatHostPort(target.host, target.port)}`);
    if (udp === undefined) return;
    await sendDatagram(context, udp, bytes, target);
  },
};

/** Where a datagram may go, by the lab's policy; undefined after saying why not. */
export function datagramTarget(context: CommandContext, words: readonly string[], name: string): Target | undefined {
  const resolved = resolveTarget(words, context.policy, 'udp');
  if (!resolved.ok) {
    // The reason quotes the words typed; it is one line with no controls of its own.
    context.fail(joinText(`${name}: `, mapText(resolved.why, visible)));
    return undefined;
  }
  const server = resolved.target.server;
  if (server !== undefined && server.transport !== 'udp') {
    context.fail(TEXT.tcpServer(name, server.id));
    return undefined;
  }
  return resolved.target;
}

/**
 * The UDP socket `--fd N` names, or the one used last; undefined after saying why not: no such fd (EBADF, the
 * call narrated with `args`), or a TCP socket, for which `use` is the call to make instead.
 */
export function pickUdp(
  context: CommandContext,
  fd: number | undefined,
  name: string,
  args: string,
  use = name === 'recvfrom' ? 'recv' : 'send',
): UdpShellSocket | undefined {
  const picked = context.sockets.pick(fd);
  if (picked === undefined) {
    context.narrate(`${name}(fd ${fd ?? '?'}, ${args})`, '-1 EBADF', TEXT.noSocket);
    return undefined;
  }
  if (picked.protocol === 'tcp') {
    context.fail(TEXT.tcpFd(name, picked.fd, use));
    return undefined;
  }
  return picked;
}

/**
 * sendto(2), or send(2) to the connected peer when `target` is undefined; narrated, with the bind it caused.
 * Resolves whether the datagram went out.
 */
export async function sendDatagram(
  context: CommandContext,
  udp: UdpShellSocket,
  bytes: Uint8Array,
  target: Target | undefined,
): Promise<boolean> {
  const wasBound = udp.bound;
  const result = await udp.send(bytes, target);
  const call =
    target === undefined
      ? `send(fd ${udp.fd}, ${bytes.length} bytes)`
      : `sendto(fd ${udp.fd}, ${bytes.length} bytes, ${formatHostPort(target.host, target.port)})`;
  if (typeof result !== 'number') {
    narrateDatagramError(context, call, result.errno);
    return false;
  }
  context.narrate(call, String(result), quoteText(bytes));
  if (!wasBound && udp.bound)
    context.print(style.dim(withModelNote(context, TEXT.bound(udp.fd, udp.local), 'udpBind')));
  return true;
}

/** A failed call on a UDP socket: `call = -1 ERRNO  meaning`, and why only a connected socket hears ECONNREFUSED. */
export function narrateDatagramError(context: CommandContext, call: string, errno: string): void {
  context.narrate(call, `-1 ${errno}`, explainDatagramErrno(errno));
  if (errno === 'ECONNREFUSED') printModelNote(context, 'udpRefused');
  if (errno === 'EINTR') printModelNote(context, 'interrupt');
}
