/**
 * `status` and `servers`: what is open and where the lab's servers listen — the shell's `ss -t` and the
 * panel's address list, for students who prefer the keyboard.
 */

import { style } from '../ansi';
import { checkOptions, type ShellCommand } from '../command';

const TEXT = {
  statusSummary: 'list your open sockets with their state and byte counts',
  serversSummary: "list this lab's servers and their addresses",
  none: 'no open sockets (connect echo opens one)',
  header: 'fd  state        local                  remote                 sent  recvd  unread',
  server: (title: string, address: string) => `${title} at ${address}`,
} as const;

export const status: ShellCommand = {
  name: 'status',
  aliases: ['ss'],
  usage: 'status',
  summary: TEXT.statusSummary,
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const sockets = context.sockets.list();
    if (sockets.length === 0) return context.print(TEXT.none);
    context.print(style.bold(TEXT.header));
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
  summary: TEXT.serversSummary,
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    for (const server of context.servers) {
      context.print(
        `${style.cyan(server.id.padEnd(8))} ${TEXT.server(server.title, style.bold(`${server.host}:${server.port}`))}`,
      );
    }
  },
};
