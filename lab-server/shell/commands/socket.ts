/**
 * `socket udp`: socket(AF_INET, SOCK_DGRAM), narrated. Nothing goes on the wire: UDP has no handshake, and the
 * socket is not even bound until its first `sendto` or `connect`. TCP needs no such command, since `connect`
 * makes its socket and connects it in one go. The news a UDP socket brings between prompts (a datagram, an ICMP
 * port unreachable, a datagram dropped for a full queue) is told here too, for every way a UDP socket is made.
 */

import { localized } from '../../../src/common/localized';
import { style } from '../ansi';
import { type CommandContext, checkOptions, printModelNote, type ShellCommand, withUsage } from '../command';
import { explainErrno } from '../errno';
import type { UdpShellSocket } from '../udp-socket';
import { visible } from '../visible-text';

const TEXT = localized({
  en: {
    summary: 'make a UDP socket: then sendto TARGET DATA, recvfrom',
    details: 'socket(AF_INET, SOCK_DGRAM): no connection and no handshake; each sendto is one datagram on its own.',
    connectDetails: 'connect --fd N TARGET fixes its peer (no packet sent); then send and recv need no address.',
    made: 'a UDP socket: nothing is sent until sendto',
    tcp: 'socket: for TCP, connect TARGET makes the socket and connects it in one go',
    unknown: (typed: string) => `socket: "${typed}" is not a kind of socket the lab shell makes; say udp`,
    which: 'socket: say which kind of socket: socket udp',
    arrived: (fd: number, bytes: number, from: string, read: string) =>
      `[fd ${fd}: a ${bytes}-byte datagram from ${from} — type ${read} to read it]`,
    refused: (fd: number, errno: string) =>
      `[fd ${fd}: ${errno} — an ICMP port unreachable came back; the next call on fd ${fd} returns it]`,
    dropped: (fd: number, bytes: number, from: string) =>
      `[fd ${fd}: the receive queue is full, so a ${bytes}-byte datagram from ${from} was dropped, as the kernel drops it]`,
  },
  'zh-Hans': {
    summary: '创建 UDP 套接字：之后用 sendto TARGET DATA 发送、recvfrom 接收',
    details: 'socket(AF_INET, SOCK_DGRAM)：没有连接，也没有握手；每次 sendto 都是一个独立的数据报。',
    connectDetails: 'connect --fd N TARGET 固定它的对端（不发任何数据包）；之后 send 和 recv 都不用写地址。',
    made: 'UDP 套接字：在 sendto 之前什么也不会发出',
    tcp: 'socket: TCP 不需要这一步，connect TARGET 会创建套接字并一次完成连接',
    unknown: (typed) => `socket: 实验 shell 不创建 "${typed}" 这种套接字；请写 udp`,
    which: 'socket: 请指明套接字的种类：socket udp',
    arrived: (fd, bytes, from, read) => `[fd ${fd}：收到来自 ${from} 的 ${bytes} 字节数据报，输入 ${read} 读取]`,
    refused: (fd, errno) => `[fd ${fd}：${errno}，收到了 ICMP 端口不可达；fd ${fd} 上的下一次调用会返回这个错误]`,
    dropped: (fd, bytes, from) =>
      `[fd ${fd}：接收队列已满，来自 ${from} 的 ${bytes} 字节数据报被丢弃了，内核也会这样丢弃]`,
  },
});

export const socket: ShellCommand = {
  name: 'socket',
  usage: 'socket udp',
  summary: TEXT.summary,
  details: [TEXT.details, TEXT.connectDetails],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const kind = line.args[0];
    if (kind === undefined) return context.fail(withUsage(TEXT.which, this));
    if (kind === 'tcp') return context.fail(TEXT.tcp);
    if (kind !== 'udp' || line.args.length > 1) return context.fail(withUsage(TEXT.unknown(visible(line.rest)), this));
    openUdpSocket(context);
  },
};

/** socket(AF_INET, SOCK_DGRAM), narrated, shared with `connect --udp`. Undefined after narrating EMFILE. */
export function openUdpSocket(context: CommandContext): UdpShellSocket | undefined {
  const call = 'socket(AF_INET, SOCK_DGRAM)';
  const udp = context.sockets.openUdp();
  if (udp === undefined) {
    context.narrate(call, '-1 EMFILE', explainErrno('EMFILE'));
    return undefined;
  }
  context.narrate(call, `fd ${udp.fd}`, TEXT.made);
  printModelNote(context, 'fdNumbers');
  watchDatagrams(context, udp);
  return udp;
}

/** Datagrams announced one by one while this many wait at most; beyond, a flood would bury the prompt. */
const ANNOUNCED_WAITING = 3;

/** Tells the student, between prompts, of datagrams and errors on a UDP socket they are not reading. */
function watchDatagrams(context: CommandContext, udp: UdpShellSocket): void {
  // One line for a run of drops, for the same reason.
  let dropSaid = false;
  udp.onDatagram(({ datagram, beingRead }) => {
    dropSaid = false;
    if (beingRead || udp.unreadDatagrams > ANNOUNCED_WAITING) return;
    const read = udp.state === 'connected' ? 'recv' : 'recvfrom';
    context.print(style.dim(TEXT.arrived(udp.fd, datagram.data.length, datagram.from, read)));
  });
  udp.onError((errno) => {
    if (!udp.beingRead) context.print(style.yellow(TEXT.refused(udp.fd, errno)));
  });
  udp.onDrop((datagram) => {
    if (dropSaid) return;
    dropSaid = true;
    context.print(style.yellow(TEXT.dropped(udp.fd, datagram.data.length, datagram.from)));
  });
}
