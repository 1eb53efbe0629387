/**
 * `send DATA`: send(2) on a connected socket. The payload is exactly what was typed (no newline unless `-n`),
 * with `\xNN` in double quotes as one raw byte, or bytes given as hex with `--hex`, so a student can send
 * binary protocols as easily as text. On a UDP socket that `connect` gave a peer, send is one datagram to it.
 * To the clients of the shell's assistant (`listen`) it sends with `--to N` or `--all`, and `--every 1s
 * --count 10` sends again and again in the background (timed-send.ts), to a client or on a socket of one's own.
 * `--bytes N` sends N bytes of a pattern in one blocking send() (send-bytes.ts).
 */

import { localized } from '../../../src/common/localized';
import { hexToBytes } from '../../../src/protocol';
import { style } from '../ansi';
import { noClient, type ShellClient } from '../assistant-sockets';
import { type CommandContext, checkOptions, fdOption, fdOptionError, type ShellCommand, withUsage } from '../command';
import type { ParsedLine } from '../command-line';
import { explainErrno } from '../errno';
import type { TableSocket } from '../socket-table';
import { parseCount, parseInterval, TIMED_SEND, type TimedSendEnd, type TimedSendProgress } from '../timed-send';
import { quoteText, visible } from '../visible-text';
import { explainStreamErrno } from './keepalive';
import { SEND_BYTES_DETAILS, sendBytes } from './send-bytes';
import { sendDatagram } from './sendto';

const encoder = new TextEncoder();

const TEXT = localized({
  en: {
    summary:
      'send text (or --hex bytes, or --bytes N of a pattern) on a socket, or to the assistant’s clients (--to N, --all)',
    data: 'DATA is sent exactly as typed, in UTF-8. In "double quotes" \\n \\r \\t \\0 are escapes and \\xNN is the byte NN.',
    endings: '-n adds a newline (\\n), --crlf adds \\r\\n, --hex takes bytes as hex: send --hex 48 65 6c 6c 6f',
    fd: '--fd N picks the socket; the default is the one used last.',
    to: '--to N sends to client N of the assistant (listen, clients), --all to every client.',
    every: `--every 1s --count 10 sends again every second, 10 times, in the background (at least ${TIMED_SEND.minIntervalMs} ms apart, at most ${TIMED_SEND.maxCount} times); stop or Ctrl-C ends it.`,
    shutdown: '--shutdown half-closes right after sending (FIN follows the data at once), as a program would.',
    badHex: 'send: --hex wants pairs of hex digits, like 48 65 6c 6c 6f',
    nothing: 'send: nothing to send',
    noSocket: 'no open socket; connect first',
    noSocketListening: 'no open socket of yours; the assistant’s clients take send --to N or send --all',
    shutdownDone: 'FIN sent; you can still recv',
    udpShutdown: (fd: number) => `send: fd ${fd} is a UDP socket: it has no connection to half-close, and no FIN`,
    oneTarget: 'send: --fd N, --to N and --all each say where to send: give one of them',
    badTo: 'send: --to takes a client number, like --to 1 (clients lists them)',
    noClients: 'send: the assistant has no client yet (listen, then connect your program or board)',
    listeningTcp: (fd: number) => `fd ${fd} is the listening socket, which has no peer: send --to N names a client`,
    listeningUdp: (fd: number) => `fd ${fd} is the assistant's UDP socket: send --to N names the peer to send to`,
    notWithTimed: 'send: --shutdown ends the connection, so it cannot be repeated with --every',
    notForClients: "send: --shutdown is for your own sockets; close N ends a client's connection",
    countNeedsEvery: 'send: --count says how many times to send with --every, like --every 1s --count 10',
    badEvery: (min: number, max: number) =>
      `send: --every takes an interval from ${min} ms to ${max} s, like --every 1s or --every 500ms: the lab shell sends at most ${1000 / min} times a second`,
    badCount: (max: number) => `send: --count takes a whole number from 1 to ${max}`,
    running: (sent: number, count: number, every: string) =>
      `send: a timed send is running (${sent} of ${count} sent, every ${every}): stop ends it`,
    started: (every: string, count: number) =>
      `[sending every ${every}, ${count} ${count === 1 ? 'time' : 'times'} in all; stop or Ctrl-C ends it]`,
    done: (sent: number, count: number, every: string) => `[timed send done: ${sent} of ${count} sent, every ${every}]`,
    stopped: (sent: number, count: number) => `[timed send stopped: ${sent} of ${count} sent]`,
    failed: (sent: number, count: number) => `[timed send ended: it failed after ${sent} of ${count}]`,
  },
  'zh-Hans': {
    summary:
      '在套接字上发送文本（或用 --hex 发送字节，或用 --bytes N 发送 N 字节的重复字符），或者发给助手的客户端（--to N、--all）',
    data: 'DATA 按输入的原样以 UTF-8 发送。在 "双引号" 里，\\n \\r \\t \\0 是转义，\\xNN 表示字节 NN。',
    endings: '-n 追加换行符（\\n），--crlf 追加 \\r\\n，--hex 以十六进制给出字节：send --hex 48 65 6c 6c 6f',
    fd: '--fd N 选择套接字；默认是上一次用过的那个。',
    to: '--to N 发给助手（listen、clients）的第 N 个客户端，--all 发给所有客户端。',
    every: `--every 1s --count 10 在后台每秒发送一次，共 10 次（间隔至少 ${TIMED_SEND.minIntervalMs} ms，最多 ${TIMED_SEND.maxCount} 次）；stop 或 Ctrl-C 结束。`,
    shutdown: '--shutdown 在发送之后立即半关闭（FIN 紧跟着数据发出），就像程序里那样。',
    badHex: 'send: --hex 需要成对的十六进制数字，例如 48 65 6c 6c 6f',
    nothing: 'send: 没有要发送的内容',
    noSocket: '没有打开的套接字；请先 connect',
    noSocketListening: '你自己没有打开的套接字；发给助手的客户端请用 send --to N 或 send --all',
    shutdownDone: 'FIN 已发出；你仍然可以 recv',
    udpShutdown: (fd) => `send: fd ${fd} 是 UDP 套接字：没有可以半关闭的连接，也没有 FIN`,
    oneTarget: 'send: --fd N、--to N 和 --all 都是指定发往哪里：只能给出其中一个',
    badTo: 'send: --to 后面要跟客户端编号，例如 --to 1（clients 会列出它们）',
    noClients: 'send: 助手还没有客户端（先 listen，再让你的程序或开发板连接）',
    listeningTcp: (fd) => `fd ${fd} 是监听套接字，没有对端：用 send --to N 指定客户端`,
    listeningUdp: (fd) => `fd ${fd} 是助手的 UDP 套接字：用 send --to N 指定发往哪个对端`,
    notWithTimed: 'send: --shutdown 会结束连接，所以不能和 --every 一起重复',
    notForClients: 'send: --shutdown 只用于你自己的套接字；要结束客户端的连接请用 close N',
    countNeedsEvery: 'send: --count 指定 --every 发送的次数，例如 --every 1s --count 10',
    badEvery: (min, max) =>
      `send: --every 的间隔要在 ${min} ms 到 ${max} s 之间，例如 --every 1s 或 --every 500ms：实验 shell 每秒最多发送 ${1000 / min} 次`,
    badCount: (max) => `send: --count 要跟 1 到 ${max} 之间的整数`,
    running: (sent, count, every) =>
      `send: 已经有一个定时发送在进行（已发 ${sent}/${count} 次，每 ${every} 一次）：stop 可以结束它`,
    started: (every, count) => `[每 ${every} 发送一次，共 ${count} 次；stop 或 Ctrl-C 结束]`,
    done: (sent, count, every) => `[定时发送完成：已发 ${sent}/${count} 次，每 ${every} 一次]`,
    stopped: (sent, count) => `[定时发送已停止：已发 ${sent}/${count} 次]`,
    failed: (sent, count) => `[定时发送中止：发送失败，之前已发 ${sent}/${count} 次]`,
  },
});

/** One round of a send: to a socket of one's own, or to clients of the assistant; resolves whether it went out. */
type Round = (context: CommandContext) => Promise<boolean>;

export const send: ShellCommand = {
  name: 'send',
  usage: 'send [--fd N | --to N | --all] [--hex] [-n|--crlf] [--shutdown] [--every T [--count N]] DATA | --bytes N',
  summary: TEXT.summary,
  details: [TEXT.data, TEXT.endings, TEXT.fd, TEXT.to, TEXT.every, TEXT.shutdown, SEND_BYTES_DETAILS],
  valueOptions: new Set(['--fd', '--to', '--every', '--count', '--bytes']),
  optionAliases: { '-x': '--hex', '-f': '--fd', '-a': '--all' },
  async run(context, line) {
    const known = ['--fd', '--hex', '-n', '--crlf', '--shutdown', '--to', '--all', '--every', '--count', '--bytes'];
    if (!checkOptions(context, this, line, known)) return;
    const fd = fdOption(line);
    if (fd === 'invalid') return context.fail(fdOptionError(this));
    if (line.options.has('--bytes')) return sendBytes(context, this, line, fd);
    const bytes = bytesToSend(line);
    if (bytes === 'bad-hex') return context.fail(TEXT.badHex);
    if (bytes.length === 0) return context.fail(withUsage(TEXT.nothing, this));
    const timing = timingOf(context, line);
    if (timing === 'invalid') return;
    const round = roundOf(context, line, fd, bytes);
    if (round === undefined) return;
    if (timing === undefined) {
      await round(context);
      return;
    }
    await startTimed(context, timing, round);
  },
};

/** `--every` and `--count`, checked against their bounds; undefined for a single send. */
function timingOf(
  context: CommandContext,
  line: ParsedLine,
): { readonly intervalMs: number; readonly count: number } | undefined | 'invalid' {
  const every = line.options.get('--every');
  const count = line.options.get('--count');
  if (every === undefined) {
    if (count === undefined) return undefined;
    context.fail(TEXT.countNeedsEvery);
    return 'invalid';
  }
  const { minIntervalMs, maxIntervalMs, maxCount } = TIMED_SEND;
  const intervalMs = typeof every === 'string' ? parseInterval(every) : undefined;
  if (intervalMs === undefined || intervalMs < minIntervalMs || intervalMs > maxIntervalMs) {
    context.fail(TEXT.badEvery(minIntervalMs, maxIntervalMs / 1000));
    return 'invalid';
  }
  const times = count === undefined ? maxCount : typeof count === 'string' ? parseCount(count) : undefined;
  if (times === undefined || times < 1 || times > maxCount) {
    context.fail(TEXT.badCount(maxCount));
    return 'invalid';
  }
  if (line.options.has('--shutdown')) {
    context.fail(TEXT.notWithTimed);
    return 'invalid';
  }
  const running = context.timedSend.progress;
  if (running !== undefined) {
    context.fail(TEXT.running(running.sent, running.count, formatInterval(running.intervalMs)));
    return 'invalid';
  }
  return { intervalMs, count: times };
}

/** Where the bytes go, fixed now for every round; undefined after saying why they cannot go anywhere. */
function roundOf(
  context: CommandContext,
  line: ParsedLine,
  fd: number | undefined,
  bytes: Uint8Array,
): Round | undefined {
  const to = line.options.get('--to');
  const all = line.options.has('--all');
  if ([fd !== undefined, to !== undefined, all].filter(Boolean).length > 1) {
    context.fail(withUsage(TEXT.oneTarget, send));
    return undefined;
  }
  const { assistants } = context;
  const toClients = all || to !== undefined || (fd !== undefined && assistants.clientOnFd(fd) !== undefined);
  if (toClients && line.options.has('--shutdown')) {
    // Half-closing a client's connection is not the assistant's way: close N ends it.
    context.fail(TEXT.notForClients);
    return undefined;
  }
  if (all) {
    if (assistants.rows().length === 0) {
      context.fail(TEXT.noClients);
      return undefined;
    }
    return async (round) => {
      const clients = assistants.rows().filter((client) => client.state === 'open');
      if (clients.length === 0) {
        round.fail(TEXT.noClients);
        return false;
      }
      let sent = false;
      for (const client of clients) {
        if (await assistants.send(client, bytes, round, { signal: round.signal })) sent = true;
      }
      return sent;
    };
  }
  if (to !== undefined) {
    const number = typeof to === 'string' && /^#?\d{1,9}$/.test(to) ? Number(to.replace('#', '')) : undefined;
    if (number === undefined) {
      context.fail(TEXT.badTo);
      return undefined;
    }
    const client = assistants.client(number);
    if (client === undefined) {
      context.fail(noClient(visible(String(to))));
      return undefined;
    }
    return toClient(client, bytes);
  }
  if (fd !== undefined) {
    const client = assistants.clientOnFd(fd);
    if (client !== undefined) return toClient(client, bytes);
    const listening = assistants.listening.find((candidate) => candidate.fd === fd);
    if (listening !== undefined) {
      const tcp = listening.assistant.console.transport === 'tcp';
      const call = `send(fd ${fd}, ${bytes.length} bytes)`;
      if (tcp) context.narrate(call, '-1 ENOTCONN', TEXT.listeningTcp(fd));
      else context.narrate(call, '-1 EDESTADDRREQ', TEXT.listeningUdp(fd));
      return undefined;
    }
  }
  const socket = context.sockets.pick(fd);
  if (socket === undefined) {
    const note = assistants.listening.length > 0 ? TEXT.noSocketListening : TEXT.noSocket;
    context.narrate(`send(fd ${fd ?? '?'}, ${bytes.length} bytes)`, '-1 EBADF', note);
    return undefined;
  }
  if (socket.protocol === 'udp' && line.options.has('--shutdown')) {
    context.fail(TEXT.udpShutdown(socket.fd));
    return undefined;
  }
  return (round) => sendOnSocket(round, socket, bytes, line.options.has('--shutdown'));
}

function toClient(client: ShellClient, bytes: Uint8Array): Round {
  return (round) => round.assistants.send(client, bytes, round, { signal: round.signal });
}

/** send(2) on one of the student's own sockets, narrated; a socket closed meanwhile is EBADF. */
async function sendOnSocket(
  context: CommandContext,
  socket: TableSocket,
  bytes: Uint8Array,
  shutdown: boolean,
): Promise<boolean> {
  const call = `send(fd ${socket.fd}, ${bytes.length} bytes)`;
  if (!context.sockets.list().includes(socket)) {
    context.narrate(call, '-1 EBADF', explainErrno('EBADF'));
    return false;
  }
  // send(2) on a UDP socket goes to the peer connect() fixed; without one the kernel says EDESTADDRREQ.
  if (socket.protocol === 'udp') return sendDatagram(context, socket, bytes, undefined);
  const result = await socket.send(bytes);
  if (typeof result !== 'number') {
    context.narrate(call, `-1 ${result.errno}`, explainStreamErrno(socket, result.errno));
    return false;
  }
  context.narrate(call, String(result), quoteText(bytes));
  if (shutdown) {
    const done = socket.shutdown();
    context.narrate(
      `shutdown(fd ${socket.fd}, SHUT_WR)`,
      done ? '0' : '-1 ENOTCONN',
      done ? TEXT.shutdownDone : undefined,
    );
  }
  return true;
}

/** Starts the timed send: the first round now, the others in the background within the output budget. */
async function startTimed(
  context: CommandContext,
  { intervalMs, count }: { readonly intervalMs: number; readonly count: number },
  round: Round,
): Promise<void> {
  const every = formatInterval(intervalMs);
  context.print(style.dim(TEXT.started(every, count)));
  const { background } = context;
  const quiet: CommandContext = {
    ...context,
    print: (text) => background.print(text),
    narrate: (call, result, note) => background.narrate(call, result, note),
    fail: (message) => background.print(style.red(message)),
  };
  const end = (how: TimedSendEnd, { sent, count: total }: TimedSendProgress): void => {
    const text =
      how === 'done'
        ? TEXT.done(sent, total, every)
        : how === 'stopped'
          ? TEXT.stopped(sent, total)
          : TEXT.failed(sent, total);
    context.print(style.dim(text));
  };
  await context.timedSend.start(count, intervalMs, () => round(quiet), end);
}

/** `100 ms`, `1 s`, `1.5 s`: an interval as the shell says it, the same in every language. */
export function formatInterval(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

/** The bytes a line asks to send: its payload as typed and the line end asked for, or `--hex` bytes. */
export function bytesToSend(line: Pick<ParsedLine, 'options' | 'rest' | 'payload'>): Uint8Array | 'bad-hex' {
  if (line.options.has('--hex')) return hexToBytes(line.rest) ?? 'bad-hex';
  const end = (line.options.has('-n') ? '\n' : '') + (line.options.has('--crlf') ? '\r\n' : '');
  return Buffer.concat([line.payload, encoder.encode(end)]);
}
