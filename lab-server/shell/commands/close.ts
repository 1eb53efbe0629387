/**
 * `close` and `shutdown`: the two ways to end a connection. close(2) releases the fd (FIN, or RST when unread
 * data is thrown away); shutdown(SHUT_WR) sends FIN but keeps reading — the half-close of RFC 9293 §3.6. The
 * narration of a close is shared with the other ways a socket gets closed (leaving `nc`, `exit`), so each says
 * the same true thing about what went on the wire.
 */

import { type CommandContext, checkOptions, fdOption, printModelNote, type ShellCommand } from '../command';
import type { ShellSocket } from '../shell-socket';

const TEXT = {
  closeBadFd: 'close: --fd takes a number, like --fd 3',
  shutdownBadFd: 'shutdown: --fd takes a number, like --fd 3',
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
} as const;

/** close(2) on one socket, narrated: what went on the wire (FIN, RST, nothing more), and the fd released. */
export function closeAndNarrate(
  context: Pick<CommandContext, 'narrate' | 'sockets' | 'print' | 'modelNote'>,
  socket: ShellSocket,
): void {
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
  usage: 'close [--fd N | --all]',
  summary: 'close a socket (FIN; RST if unread data is discarded)',
  details: ['Closing with unread data makes the kernel send RST instead of FIN (RFC 2525 §2.17): recv first.'],
  valueOptions: new Set(['--fd']),
  optionAliases: { '-f': '--fd', '-a': '--all' },
  run(context, line) {
    if (!checkOptions(context, this, line, ['--fd', '--all'])) return;
    const fd = fdOption(line);
    if (fd === 'invalid') return context.fail(TEXT.closeBadFd);
    const targets = line.options.has('--all')
      ? context.sockets.list()
      : [context.sockets.pick(fd)].filter((s) => s !== undefined);
    if (targets.length === 0) return context.narrate(`close(fd ${fd ?? '?'})`, '-1 EBADF', TEXT.noSocket);
    for (const socket of targets) closeAndNarrate(context, socket);
  },
};

export const shutdown: ShellCommand = {
  name: 'shutdown',
  usage: 'shutdown [--fd N]',
  summary: 'half-close: send FIN but keep receiving',
  details: ['shutdown(fd, SHUT_WR): the peer reads end-of-stream, and can still send to you.'],
  valueOptions: new Set(['--fd']),
  optionAliases: { '-f': '--fd' },
  run(context, line) {
    if (!checkOptions(context, this, line, ['--fd'])) return;
    const fd = fdOption(line);
    if (fd === 'invalid') return context.fail(TEXT.shutdownBadFd);
    const socket = context.sockets.pick(fd);
    if (socket === undefined) return context.narrate(`shutdown(fd ${fd ?? '?'}, SHUT_WR)`, '-1 EBADF', TEXT.noSocket);
    const call = `shutdown(fd ${socket.fd}, SHUT_WR)`;
    if (socket.shutdown()) context.narrate(call, '0', TEXT.shutdownDone);
    else context.narrate(call, '-1 ENOTCONN', TEXT.shutdownRefused);
  },
};
