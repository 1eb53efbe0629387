/**
 * `clients`: who is connected to the shell's assistant, as NetAssist's client list shows it — each client's
 * number (for `send --to N` and `close N`), its fd, its address, its state and the bytes each way — under the
 * sockets the shell listens on and what still waits in their backlog.
 */

import { localized, pick } from '../../../src/common/localized';
import { style } from '../ansi';
import { checkOptions, type ShellCommand } from '../command';
import { eachLocale } from '../shell-text';
import { type Column, tableHeader, tableRow } from '../table';

const TEXT = localized({
  en: {
    summary: "list the clients of the shell's assistant: number, fd, address, bytes each way",
    notListening: (waiting: string) => `not listening: listen opens the assistant${waiting}`,
    waitingTcp: (count: number) => `; ${count} ${count === 1 ? 'client waits' : 'clients wait'} in the backlog`,
    listening: (fd: number, transport: string, address: string, title: string) =>
      `fd ${fd}: listening (${transport}) on ${address} — ${title}`,
    none: 'no client yet: connect your program or board to the address above',
    client: 'client',
    protocol: 'proto',
    peer: 'peer',
    state: 'state',
    received: 'recvd',
    sent: 'sent',
  },
  'zh-Hans': {
    summary: '列出助手的客户端：编号、fd、地址和收发字节数',
    notListening: (waiting) => `还没有监听：listen 会打开助手${waiting}`,
    waitingTcp: (count) => `；有 ${count} 个客户端在积压队列（backlog）里等待`,
    listening: (fd, transport, address, title) => `fd ${fd}：正在监听（${transport}），地址 ${address}，${title}`,
    none: '还没有客户端：让你的程序或开发板连接上面的地址',
    client: '客户端',
    protocol: '协议',
    peer: '对端',
    state: '状态',
    received: '已接收',
    sent: '已发送',
  },
});

/** Columns as `status` lays them out: width in display columns and alignment. */
const COLUMNS: readonly Column[] = [
  { width: 6, side: 'end' },
  { width: 3, side: 'end' },
  { width: 5, side: 'end' },
  { width: 22, side: 'end' },
  { width: 11, side: 'end' },
  { width: 8, side: 'start' },
  { width: 8, side: 'start' },
];

const HEADER = tableHeader(COLUMNS, [
  TEXT.client,
  'fd',
  TEXT.protocol,
  TEXT.peer,
  TEXT.state,
  TEXT.received,
  TEXT.sent,
]);

export const clients: ShellCommand = {
  name: 'clients',
  usage: 'clients',
  summary: TEXT.summary,
  details: [],
  run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    const { assistants } = context;
    if (assistants.listening.length === 0) {
      const waiting = assistants.assistants.reduce((sum, a) => sum + a.console.waiting().connections, 0);
      return context.print(TEXT.notListening(waiting > 0 ? TEXT.waitingTcp(waiting) : ''));
    }
    for (const { fd, assistant } of assistants.listening) {
      const { console, server } = assistant;
      const waiting = console.waiting().connections;
      context.print(
        eachLocale(
          (locale) =>
            pick(TEXT.listening(fd, console.transport, console.local, server.title), locale) +
            (waiting > 0 ? pick(TEXT.waitingTcp(waiting), locale) : ''),
        ),
      );
    }
    const rows = assistants.rows();
    if (rows.length === 0) return context.print(style.dim(TEXT.none));
    context.print(style.bold(HEADER));
    for (const client of rows) {
      context.print(
        tableRow(COLUMNS, [
          `#${client.number}`,
          String(client.fd),
          client.listening.assistant.console.transport,
          client.peer,
          client.state,
          String(client.receivedBytes),
          String(client.sentBytes),
        ]),
      );
    }
  },
};
