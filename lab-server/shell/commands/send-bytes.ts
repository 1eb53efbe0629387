/**
 * `send --bytes N [--fd N]`: one send(2) of N bytes of a repeating pattern (bulk-send.ts), narrated as a C
 * program's call returns: at once when the kernel's send buffer had room, after a while when it was full and the
 * call blocked until the peer read (a zero window), with the count taken so far when Ctrl-C interrupts it. On a
 * connected UDP socket it is one datagram of N bytes, as send() of a buffer that size would be.
 */

import { localized } from '../../../src/common/localized';
import { style } from '../ansi';
import { BULK_SEND, parseByteCount, patternBytes, sendBulk } from '../bulk-send';
import { type CommandContext, printModelNote, type ShellCommand, withUsage } from '../command';
import type { ParsedLine } from '../command-line';
import { explainErrno } from '../errno';
import type { ShellSocket } from '../shell-socket';
import { explainStreamErrno } from './keepalive';
import { sendDatagram } from './sendto';

const MAX_MIB = BULK_SEND.maxBytes / (1024 * 1024);

const TEXT = localized({
  en: {
    details: `--bytes N sends N bytes of "abc…xyz" again and again in one send() (N like 65536, 64K, 8M; at most ${MAX_MIB}M): it blocks while the kernel's send buffer is full, and says how long.`,
    alone:
      'send: --bytes makes the data itself: give no DATA, --hex, -n, --crlf or --shutdown, and send it on a socket of your own (--fd N), once',
    bad: (word: string) =>
      `send: --bytes takes a byte count from 1 to ${MAX_MIB}M (${BULK_SEND.maxBytes} bytes), like 65536, 64K or 8M; not "${word}"`,
    client: 'send: --bytes sends on a socket of your own (connect); the assistant’s clients take send --to N DATA',
    noSocket: 'no open socket; connect first',
    atOnce: (ms: string) => `in ${ms} ms: the kernel's send buffer had room for all of it`,
    blocked: (seconds: string) => `blocked ${seconds} s: the kernel's send buffer was full until the server read`,
    interrupted: (seconds: string, total: number) =>
      `interrupted by Ctrl-C after ${seconds} s: send() returns the bytes the kernel took before the signal (of the ${total} asked for)`,
    pending: (bytes: number) =>
      `[${bytes} more bytes were on their way into the kernel's send buffer, and go once it has room]`,
    timeout: (seconds: number, accepted: number, total: number) =>
      `send: the lab shell stopped waiting after ${seconds} s, with ${accepted} of ${total} bytes in the kernel (its own limit: a blocking send() would keep waiting for the peer to read)`,
    failed: (accepted: number, errno: string, meaning: string) =>
      `${accepted} bytes went, then ${errno}: ${meaning} The next call reports it.`,
  },
  'zh-Hans': {
    details: `--bytes N 用一次 send() 发送 N 字节反复出现的 "abc…xyz"（N 写作 65536、64K、8M，最多 ${MAX_MIB}M）：内核的发送缓冲区满了它就阻塞，并告诉你阻塞了多久。`,
    alone:
      'send: --bytes 自己生成数据：不要再给 DATA、--hex、-n、--crlf 或 --shutdown，只能在你自己的套接字上（--fd N）发送一次',
    bad: (word) =>
      `send: --bytes 要跟 1 到 ${MAX_MIB}M（${BULK_SEND.maxBytes} 字节）之间的字节数，例如 65536、64K 或 8M；"${word}" 不行`,
    client: 'send: --bytes 在你自己的套接字（connect）上发送；发给助手的客户端请用 send --to N DATA',
    noSocket: '没有打开的套接字；请先 connect',
    atOnce: (ms) => `耗时 ${ms} ms：内核的发送缓冲区放得下全部数据`,
    blocked: (seconds) => `阻塞了 ${seconds} 秒：内核的发送缓冲区一直是满的，直到服务器开始读`,
    interrupted: (seconds, total) =>
      `${seconds} 秒后被 Ctrl-C 中断：send() 返回信号到来之前内核已经收下的字节数（要求发送的是 ${total} 字节）`,
    pending: (bytes) => `[还有 ${bytes} 字节正在进入内核的发送缓冲区，等缓冲区有空位就会发出]`,
    timeout: (seconds, accepted, total) =>
      `send: 实验 shell 等了 ${seconds} 秒后不再等待，内核收下了 ${total} 字节中的 ${accepted} 字节（这是实验 shell 自己的限制：阻塞的 send() 会一直等到对端读取）`,
    failed: (accepted, errno, meaning) => `发出 ${accepted} 字节之后出现 ${errno}：${meaning}下一次调用会报告它。`,
  },
});

export const SEND_BYTES_DETAILS = TEXT.details;

/** `send --bytes`: checks the line, then sends on the socket `--fd` names (or the last one used). */
export async function sendBytes(
  context: CommandContext,
  command: ShellCommand,
  line: ParsedLine,
  fd: number | undefined,
): Promise<void> {
  const clash = ['--hex', '-n', '--crlf', '--shutdown', '--to', '--all', '--every', '--count'].some((name) =>
    line.options.has(name),
  );
  if (clash || line.rest !== '') return context.fail(withUsage(TEXT.alone, command));
  const word = line.options.get('--bytes');
  const total = typeof word === 'string' ? parseByteCount(word) : undefined;
  if (total === undefined || total < 1 || total > BULK_SEND.maxBytes) {
    return context.fail(TEXT.bad(typeof word === 'string' ? word.slice(0, 20) : ''));
  }
  if (fd !== undefined && context.assistants.clientOnFd(fd) !== undefined) return context.fail(TEXT.client);
  const socket = context.sockets.pick(fd);
  if (socket === undefined) {
    return context.narrate(`send(fd ${fd ?? '?'}, ${total} bytes)`, '-1 EBADF', TEXT.noSocket);
  }
  if (socket.protocol === 'udp') {
    await sendDatagram(context, socket, patternBytes(0, total), undefined);
    return;
  }
  await sendOnStream(context, socket, total);
}

async function sendOnStream(context: CommandContext, socket: ShellSocket, total: number): Promise<void> {
  const call = `send(fd ${socket.fd}, ${total} bytes)`;
  const result = await sendBulk(socket, total, context.signal);
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  const { accepted, end } = result;
  if (end === 'done') {
    const note = result.blocked ? TEXT.blocked(seconds) : TEXT.atOnce(result.elapsedMs.toFixed(1));
    return context.narrate(call, String(accepted), note);
  }
  if (end === 'timeout') {
    context.print(TEXT.timeout(BULK_SEND.timeoutMs / 1000, accepted, total));
  } else if (end === 'interrupted') {
    if (accepted === 0) context.narrate(call, '-1 EINTR', explainErrno('EINTR'));
    else context.narrate(call, String(accepted), TEXT.interrupted(seconds, total));
    printModelNote(context, 'interrupt');
  } else if (accepted === 0) {
    context.narrate(call, `-1 ${end.errno}`, explainStreamErrno(socket, end.errno));
  } else {
    context.narrate(call, String(accepted), TEXT.failed(accepted, end.errno, explainStreamErrno(socket, end.errno)));
  }
  if (result.pending > 0) context.print(style.dim(TEXT.pending(result.pending)));
}
