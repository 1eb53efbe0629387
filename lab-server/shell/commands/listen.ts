/**
 * `listen [tcp|udp]`: the lab shell becomes a network assistant (NetAssist, SSCOM, LLCOM, netlab.luatos.com in
 * server mode) on the lab's assistant server, which the student's own program or board connects to. It narrates
 * the calls a C server makes — socket, SO_REUSEADDR, bind, listen (UDP: socket, bind) — honestly as the lab
 * server's, made when the session started, then accepts what waited in the backlog; from then on connections,
 * reads and FINs are narrated between prompts (assistant-sockets.ts) while the student types other commands.
 */

import { localized } from '../../../src/common/localized';
import { formatHostPort } from '../../../src/protocol';
import { style } from '../ansi';
import type { ShellAssistant } from '../assistant-sockets';
import { type CommandContext, checkOptions, printModelNote, type ShellCommand, withUsage } from '../command';
import { explainErrno } from '../errno';
import { visible } from '../visible-text';

const TEXT = localized({
  en: {
    summary: "be a network assistant: listen for your program's or board's connections on the lab's assistant server",
    assistant:
      'Like NetAssist or SSCOM in server mode: clients connect to the address shown, what they send appears as it arrives, and send --to N (or --all) answers.',
    more: 'clients lists them, close N closes one, reply MATCH ANSWER answers by itself, hex on (or listen --hex) shows reads in hex; exit stops listening.',
    none: "listen: this lab has no network-assistant server (the network assistant lesson's lab has one)",
    unknown: (typed: string, names: string) =>
      `listen: "${typed}" is not an assistant server of this lab (${names}); say tcp or udp`,
    already: (fd: number, address: string) =>
      `listen: already listening on fd ${fd} (${address}); clients lists who is connected`,
    reuseaddr: 'so that a restarted server may bind its port again while connections of its last run wait in TIME_WAIT',
    tcpWaiting: (title: string, waiting: number) =>
      `${title}; ${waiting === 0 ? 'no client waits in the backlog yet' : `${waiting} ${waiting === 1 ? 'client has' : 'clients have'} completed the handshake already and ${waiting === 1 ? 'waits' : 'wait'} in the backlog`}`,
    udpWaiting: (title: string, waiting: number) =>
      `${title}; ${waiting === 0 ? 'no datagram waits yet' : `${waiting} ${waiting === 1 ? 'datagram waits' : 'datagrams wait'} in the receive queue`}`,
    hint: (address: string) =>
      `[clients reach you at ${address}; what they send appears here. clients, send --to N DATA, close N, reply, hex on; exit stops]`,
    busy: 'another lab shell of this session is listening there; exit it first',
  },
  'zh-Hans': {
    summary: '充当网络调试助手：在实验的助手服务器上监听你的程序或开发板发起的连接',
    assistant:
      '就像服务器模式下的 NetAssist 或 SSCOM：客户端连接到显示的地址，它发来的数据一到就显示出来，用 send --to N（或 --all）回复。',
    more: 'clients 列出客户端，close N 关闭其中一个，reply MATCH ANSWER 自动回复，hex on（或 listen --hex）以十六进制显示收到的数据；exit 停止监听。',
    none: 'listen: 这个实验没有网络调试助手服务器（「网络调试助手」一课的实验里有）',
    unknown: (typed, names) => `listen: "${typed}" 不是本实验的助手服务器（${names}）；请写 tcp 或 udp`,
    already: (fd, address) => `listen: 已经在 fd ${fd} 上监听了（${address}）；clients 会列出已连接的客户端`,
    reuseaddr: '这样服务器重启后，即使上一次运行的连接还处在 TIME_WAIT，也能再次绑定这个端口',
    tcpWaiting: (title, waiting) =>
      `${title}；${waiting === 0 ? '积压队列（backlog）里还没有等待的客户端' : `已有 ${waiting} 个客户端完成了三次握手，正在积压队列（backlog）里等待`}`,
    udpWaiting: (title, waiting) =>
      `${title}；${waiting === 0 ? '还没有等待读取的数据报' : `接收队列里有 ${waiting} 个数据报等待读取`}`,
    hint: (address) =>
      `[客户端连接 ${address}，它发来的数据会显示在这里。可用 clients、send --to N DATA、close N、reply、hex on；exit 停止]`,
    busy: '这个会话的另一个实验 shell 正在那里监听；请先让它 exit',
  },
});

export const listen: ShellCommand = {
  name: 'listen',
  usage: 'listen [--hex] [tcp|udp|SERVER]',
  summary: TEXT.summary,
  details: [TEXT.assistant, TEXT.more],
  optionAliases: { '-x': '--hex' },
  run(context, line) {
    if (!checkOptions(context, this, line, ['--hex'])) return;
    const assistant = pickAssistant(context, line.args[0]);
    if (assistant === undefined) return;
    if (line.options.has('--hex')) context.assistants.hex = true;
    const { console, server } = assistant;
    const listening = context.assistants.listeningOn(assistant);
    if (listening !== undefined) return context.fail(TEXT.already(listening.fd, console.local));
    const family = console.local.startsWith('[') ? 'AF_INET6' : 'AF_INET';
    const type = console.transport === 'tcp' ? 'SOCK_STREAM' : 'SOCK_DGRAM';
    const fd = context.sockets.reserve();
    if (fd === undefined) return context.narrate(`socket(${family}, ${type})`, '-1 EMFILE', explainErrno('EMFILE'));
    context.narrate(`socket(${family}, ${type})`, `fd ${fd}`);
    const waiting = console.waiting();
    if (console.transport === 'tcp') {
      context.narrate(`setsockopt(fd ${fd}, SOL_SOCKET, SO_REUSEADDR, 1)`, '0', TEXT.reuseaddr);
      context.narrate(`bind(fd ${fd}, ${console.local})`, '0');
      context.narrate(`listen(fd ${fd}, ${console.backlog})`, '0', TEXT.tcpWaiting(server.title, waiting.connections));
    } else {
      context.narrate(`bind(fd ${fd}, ${console.local})`, '0', TEXT.udpWaiting(server.title, waiting.datagrams));
    }
    printModelNote(context, console.transport === 'tcp' ? 'assistantBacklog' : 'assistantQueue');
    context.print(style.dim(TEXT.hint(formatHostPort(server.host, server.port))));
    if (!context.assistants.listen(assistant, fd)) {
      context.sockets.release(fd);
      context.fail(TEXT.busy);
    }
  },
};

/** The assistant `listen` names: by transport, by server id, or the lab's first (TCP before UDP). */
function pickAssistant(context: CommandContext, word: string | undefined): ShellAssistant | undefined {
  const { assistants } = context.assistants;
  if (assistants.length === 0) {
    context.fail(TEXT.none);
    return undefined;
  }
  const byTransport = (transport: string) => assistants.find((a) => a.console.transport === transport);
  const chosen =
    word === undefined
      ? (byTransport('tcp') ?? assistants[0])
      : word === 'tcp' || word === 'udp'
        ? byTransport(word)
        : assistants.find((a) => a.server.id === word);
  if (chosen === undefined) {
    const names = assistants.map((a) => `${a.server.id} (${a.console.transport})`).join(', ');
    context.fail(withUsage(TEXT.unknown(visible([...(word ?? '')].slice(0, 40).join('')), names), listen));
  }
  return chosen;
}
