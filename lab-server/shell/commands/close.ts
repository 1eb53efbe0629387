/**
 * `close` and `shutdown`: the two ways to end a connection. close(2) releases the fd (FIN, or RST when unread
 * data is thrown away); shutdown(SHUT_WR) sends FIN but keeps reading — the half-close of RFC 9293 §3.6. The
 * narration of a close is shared with the other ways a socket gets closed (leaving `nc`, `exit`), so each says
 * the same true thing about what went on the wire. A UDP socket has no connection to end: its close sends nothing.
 */

import { localized } from '../../../src/common/localized';
import { noClient } from '../assistant-sockets';
import {
  type CommandContext,
  checkOptions,
  fdOption,
  fdOptionError,
  printModelNote,
  type ShellCommand,
  withUsage,
} from '../command';
import { joinText } from '../shell-text';
import type { TableSocket } from '../socket-table';
import { visible } from '../visible-text';

const TEXT = localized({
  en: {
    closeSummary: 'close a socket (FIN; RST if unread data is discarded), or client N of the assistant',
    closeDetails: 'Closing with unread data makes the kernel send RST instead of FIN (RFC 2525 §2.17): recv first.',
    clientDetails: 'close N closes client N of the assistant (listen, clients); --all closes those too.',
    listening: (fd: number) =>
      `close: fd ${fd} is the assistant's listening socket: exit closes it, and the lab server keeps listening for the next program`,
    badClient:
      'close: CLIENT is a client number of the assistant, like close 1 (clients lists them); --fd N names a socket',
    shutdownSummary: 'half-close: send FIN but keep receiving',
    shutdownDetails: 'shutdown(fd, SHUT_WR): the peer reads end-of-stream, and can still send to you.',
    noSocket: 'no open socket',
    reset: (discarded: number) => `${discarded} unread bytes discarded, so the kernel sent RST, not FIN`,
    finEarlier: (peer: string) => `your FIN already went with shutdown; ${peer}, and the fd is released`,
    bothClosed: 'both sides are closed',
    peerOpen: 'the peer has not closed yet',
    finSent: 'FIN sent',
    finSentBothClosed: 'FIN sent; both sides are closed',
    alreadyGone: 'the connection was already gone; the fd is released',
    shutdownDone: 'FIN sent; you can still recv',
    shutdownRefused: 'the socket is not in a state that can send',
    udpClosed: 'the fd is released; UDP has no connection to end, so nothing is sent',
    udpDiscarded: (datagrams: number) =>
      `${datagrams} unread ${datagrams === 1 ? 'datagram' : 'datagrams'} discarded and the fd released; UDP tells the peer nothing`,
    udpShutdown: 'a UDP socket has no FIN: nothing is sent, and the peer is not told',
  },
  'zh-Hans': {
    closeSummary: '关闭套接字（发出 FIN；丢弃了未读数据时发出 RST），或者助手的第 N 个客户端',
    closeDetails: '带着未读数据关闭，内核会发出 RST 而不是 FIN（RFC 2525 §2.17）：先 recv 再关闭。',
    clientDetails: 'close N 关闭助手（listen、clients）的第 N 个客户端；--all 也会关闭它们。',
    listening: (fd) => `close: fd ${fd} 是助手的监听套接字：exit 会关闭它，实验服务器会继续监听，等下一个程序`,
    badClient: 'close: CLIENT 是助手的客户端编号，例如 close 1（clients 会列出它们）；--fd N 指定套接字',
    shutdownSummary: '半关闭：发出 FIN，但继续接收',
    shutdownDetails: 'shutdown(fd, SHUT_WR)：对端会读到流结束，但仍然可以给你发数据。',
    noSocket: '没有打开的套接字',
    reset: (discarded) => `丢弃了 ${discarded} 字节未读数据，所以内核发出的是 RST 而不是 FIN`,
    finEarlier: (peer) => `你的 FIN 已经随 shutdown 发出；${peer}，fd 已释放`,
    bothClosed: '双方都已关闭',
    peerOpen: '对端还没有关闭',
    finSent: 'FIN 已发出',
    finSentBothClosed: 'FIN 已发出；双方都已关闭',
    alreadyGone: '连接早已断开；fd 已释放',
    shutdownDone: 'FIN 已发出；你仍然可以 recv',
    shutdownRefused: '套接字当前的状态不能发送数据',
    udpClosed: 'fd 已释放；UDP 没有需要结束的连接，所以什么也不发',
    udpDiscarded: (datagrams) => `丢弃了 ${datagrams} 个未读数据报，fd 已释放；UDP 不会通知对端`,
    udpShutdown: 'UDP 套接字没有 FIN：什么也不会发出，对端也不会得到通知',
  },
});

/** close(2) on one socket, narrated: what went on the wire (FIN, RST, nothing more), and the fd released. */
export function closeAndNarrate(
  context: Pick<CommandContext, 'narrate' | 'sockets' | 'print' | 'modelNote'>,
  socket: TableSocket,
): void {
  if (socket.protocol === 'udp') {
    const discarded = socket.close();
    context.sockets.release(socket.fd);
    const note = discarded > 0 ? TEXT.udpDiscarded(discarded) : TEXT.udpClosed;
    context.narrate(`close(fd ${socket.fd})`, '0', note);
    return;
  }
  const result = socket.close();
  context.sockets.release(socket.fd);
  const call = `close(fd ${socket.fd})`;
  if (result.how === 'rst') {
    context.narrate(call, '0', TEXT.reset(result.discarded));
    printModelNote(context, 'resetOnClose');
  } else if (result.how === 'fin-earlier') {
    context.narrate(call, '0', TEXT.finEarlier(socket.peerFin ? TEXT.bothClosed : TEXT.peerOpen));
  } else if (result.how === 'fin') {
    context.narrate(call, '0', socket.peerFin ? TEXT.finSentBothClosed : TEXT.finSent);
  } else {
    context.narrate(call, '0', TEXT.alreadyGone);
  }
}

export const close: ShellCommand = {
  name: 'close',
  usage: 'close [--fd N | --all | CLIENT]',
  summary: TEXT.closeSummary,
  details: [TEXT.closeDetails, TEXT.clientDetails],
  valueOptions: new Set(['--fd']),
  optionAliases: { '-f': '--fd', '-a': '--all' },
  run(context, line) {
    if (!checkOptions(context, this, line, ['--fd', '--all'])) return;
    const fd = fdOption(line);
    if (fd === 'invalid') return context.fail(fdOptionError(this));
    const { assistants } = context;
    const word = line.args[0];
    if (word !== undefined) {
      if (fd !== undefined || line.options.has('--all') || line.args.length > 1 || !/^#?\d{1,9}$/.test(word)) {
        return context.fail(withUsage(TEXT.badClient, this));
      }
      const client = assistants.client(Number(word.replace('#', '')));
      if (client === undefined) return context.fail(joinText('close: ', noClient(visible(word))));
      return assistants.close(client, context);
    }
    const client = fd === undefined ? undefined : assistants.clientOnFd(fd);
    if (client !== undefined) return assistants.close(client, context);
    if (assistants.listening.some((listening) => listening.fd === fd)) return context.fail(TEXT.listening(fd!));
    const all = line.options.has('--all');
    const targets = all ? context.sockets.list() : [context.sockets.pick(fd)].filter((s) => s !== undefined);
    // --all closes the assistant's connections too; its listening sockets stay until exit.
    const clients = all ? assistants.rows().filter((row) => row.listening.assistant.console.transport === 'tcp') : [];
    if (targets.length === 0 && clients.length === 0) {
      return context.narrate(`close(fd ${fd ?? '?'})`, '-1 EBADF', TEXT.noSocket);
    }
    for (const socket of targets) closeAndNarrate(context, socket);
    for (const each of clients) assistants.close(each, context);
  },
};

export const shutdown: ShellCommand = {
  name: 'shutdown',
  usage: 'shutdown [--fd N]',
  summary: TEXT.shutdownSummary,
  details: [TEXT.shutdownDetails],
  valueOptions: new Set(['--fd']),
  optionAliases: { '-f': '--fd' },
  run(context, line) {
    if (!checkOptions(context, this, line, ['--fd'])) return;
    const fd = fdOption(line);
    if (fd === 'invalid') return context.fail(fdOptionError(this));
    const socket = context.sockets.pick(fd);
    if (socket === undefined) return context.narrate(`shutdown(fd ${fd ?? '?'}, SHUT_WR)`, '-1 EBADF', TEXT.noSocket);
    const call = `shutdown(fd ${socket.fd}, SHUT_WR)`;
    if (socket.protocol === 'udp') {
      // Linux accepts it on a connected UDP socket, but nothing goes on the wire: UDP has no FIN to send.
      return context.narrate(call, socket.state === 'connected' ? '0' : '-1 ENOTCONN', TEXT.udpShutdown);
    }
    if (socket.shutdown()) context.narrate(call, '0', TEXT.shutdownDone);
    else context.narrate(call, '-1 ENOTCONN', TEXT.shutdownRefused);
  },
};
