/**
 * `status` and `servers`: what is open and where the lab's servers listen — the shell's `ss -t` and the
 * panel's address list, for students who prefer the keyboard. A UDP socket's remote is its default peer (`*` until
 * connect fixes one), its local address `*` until its first sendto binds it, as `ss -u` shows them. A TLS
 * connection gets a line under the table: its version, suite and how its server was verified.
 */

import { localized } from '../../../src/common/localized';
import { style } from '../ansi';
import { checkOptions, type ShellCommand } from '../command';
import { joinText } from '../shell-text';
import { type Column, tableHeader, tableRow } from '../table';

const TEXT = localized({
  en: {
    statusSummary: 'list your open sockets: protocol, state, addresses, byte counts',
    serversSummary: "list this lab's servers and their addresses",
    none: 'no open sockets (connect echo opens one)',
    protocol: 'proto',
    state: 'state',
    local: 'local',
    remote: 'remote',
    sent: 'sent',
    received: 'recvd',
    unread: 'unread',
    server: (title: string, address: string) => `${title} at ${address}`,
    assistant: (fds: string) => `${fds}: the assistant's sockets (listen); clients lists them`,
  },
  'zh-Hans': {
    statusSummary: '列出你打开的套接字：协议、状态、地址和收发字节数',
    serversSummary: '列出本实验的服务器及其地址',
    none: '没有打开的套接字（connect echo 会打开一个）',
    protocol: '协议',
    state: '状态',
    local: '本地地址',
    remote: '远端地址',
    sent: '已发送',
    received: '已接收',
    unread: '未读',
    server: (title, address) => `${title}，监听在 ${address}`,
    assistant: (fds) => `${fds}：助手的套接字（listen）；clients 会列出它们`,
  },
});

/**
 * The table's columns: width in display columns (a Chinese heading takes two a character), and alignment; 76
 * columns in all, so a row fits an 80-column terminal with an IPv4 address and port in each address column.
 */
const COLUMNS: readonly Column[] = [
  { width: 3, side: 'end' },
  { width: 5, side: 'end' },
  { width: 11, side: 'end' },
  { width: 16, side: 'end' },
  { width: 16, side: 'end' },
  { width: 6, side: 'start' },
  { width: 6, side: 'start' },
  { width: 6, side: 'start' },
];

const row = (cells: readonly string[]): string => tableRow(COLUMNS, cells);

const HEADER = tableHeader(COLUMNS, [
  'fd',
  TEXT.protocol,
  TEXT.state,
  TEXT.local,
  TEXT.remote,
  TEXT.sent,
  TEXT.received,
  TEXT.unread,
]);

export const status: ShellCommand = {
  name: 'status',
  aliases: ['ss'],
  usage: 'status',
  summary: TEXT.statusSummary,
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const sockets = context.sockets.list();
    const assistant = [
      ...context.assistants.listening.map((listening) => listening.fd),
      ...context.assistants.rows().map((client) => client.fd),
    ];
    const fds = [...new Set(assistant)].sort((a, b) => a - b);
    if (fds.length > 0) context.print(style.dim(TEXT.assistant(fds.map((fd) => `fd ${fd}`).join(', '))));
    if (sockets.length === 0) {
      if (fds.length === 0) context.print(TEXT.none);
      return;
    }
    context.print(style.bold(HEADER));
    for (const socket of sockets) {
      context.print(
        row([
          String(socket.fd),
          socket.protocol,
          socket.state,
          socket.local,
          socket.remote,
          String(socket.sentBytes),
          String(socket.receivedBytes),
          String(socket.unread),
        ]),
      );
    }
    // What runs over a TLS connection does not fit the table's columns: a line of its own under it.
    for (const socket of sockets) {
      if (socket.protocol === 'tcp' && socket.security !== undefined) {
        context.print(joinText(`fd ${socket.fd}: `, socket.security));
      }
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
      const address = style.bold(`${server.host}:${server.port}`);
      context.print(joinText(style.cyan(server.id.padEnd(8)), ' ', TEXT.server(server.title, address)));
    }
  },
};
