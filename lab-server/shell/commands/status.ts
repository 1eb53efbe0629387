/**
 * `status` and `servers`: what is open and where the lab's servers listen — the shell's `ss -t` and the
 * panel's address list, for students who prefer the keyboard.
 */

import { style } from '../ansi';
import { checkOptions, type ShellCommand } from '../command';

export const status: ShellCommand = {
  name: 'status',
  aliases: ['ss'],
  usage: 'status',
  summary: 'list your open sockets with their state and byte counts',
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const sockets = context.sockets.list();
    if (sockets.length === 0) return context.print('no open sockets (connect echo opens one)');
    context.print(style.bold('fd  state        local                  remote                 sent  recvd  unread'));
    for (const socket of sockets) {
      context.print(
        [
          String(socket.fd).padEnd(3),
          socket.state.padEnd(12),
          socket.local.padEnd(22),
          socket.remote.padEnd(22),
          String(socket.sentBytes).padStart(5),
          String(socket.receivedBytes).padStart(6),
          String(socket.unread).padStart(7),
        ].join(' '),
      );
    }
  },
};

export const servers: ShellCommand = {
  name: 'servers',
  usage: 'servers',
  summary: "list this lab's servers and their addresses",
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    for (const server of context.servers) {
      context.print(
        `${style.cyan(server.id.padEnd(8))} ${server.title} at ${style.bold(`${server.host}:${server.port}`)}`,
      );
    }
  },
};
