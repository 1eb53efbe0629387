/**
 * `close` and `shutdown`: the two ways to end a connection. close(2) releases the fd (FIN, or RST when unread
 * data is thrown away); shutdown(SHUT_WR) sends FIN but keeps reading — the half-close of RFC 9293 §3.6.
 */

import { checkOptions, fdOption, type ShellCommand } from '../command';

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
    if (fd === 'invalid') return context.fail('close: --fd takes a number, like --fd 3');
    const targets = line.options.has('--all')
      ? context.sockets.list()
      : [context.sockets.pick(fd)].filter((s) => s !== undefined);
    if (targets.length === 0) return context.narrate(`close(fd ${fd ?? '?'})`, '-1 EBADF', 'no open socket');
    for (const socket of targets) {
      const result = socket.close();
      context.sockets.release(socket.fd);
      const call = `close(fd ${socket.fd})`;
      if (result.how === 'rst') {
        context.narrate(call, '0', `${result.discarded} unread bytes discarded, so the kernel sent RST, not FIN`);
      } else if (result.how === 'fin-earlier') {
        const peer = socket.peerFin ? 'both sides are closed' : 'the peer has not closed yet';
        context.narrate(call, '0', `your FIN already went with shutdown; ${peer}, and the fd is released`);
      } else if (result.how === 'fin') {
        context.narrate(call, '0', socket.peerFin ? 'FIN sent; both sides are closed' : 'FIN sent');
      } else {
        context.narrate(call, '0', 'the connection was already gone; the fd is released');
      }
    }
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
    if (fd === 'invalid') return context.fail('shutdown: --fd takes a number, like --fd 3');
    const socket = context.sockets.pick(fd);
    if (socket === undefined)
      return context.narrate(`shutdown(fd ${fd ?? '?'}, SHUT_WR)`, '-1 EBADF', 'no open socket');
    const call = `shutdown(fd ${socket.fd}, SHUT_WR)`;
    if (socket.shutdown()) context.narrate(call, '0', 'FIN sent; you can still recv');
    else context.narrate(call, '-1 ENOTCONN', 'the socket is not in a state that can send');
  },
};
