/**
 * `recv`: recv(2) on a socket — up to MAX bytes, waiting up to a timeout for the first ones. It shows what TCP
 * really delivers: a stream, so one `send` may need several `recv`s, and 0 bytes means the peer closed. The
 * timeout is the shell's, not the kernel's (a blocking recv() waits for ever), so running out of it is said as
 * the shell giving up, never as an errno.
 */

import { localized } from '../../../src/common/localized';
import { hexDump } from '../../../src/protocol';
import {
  checkOptions,
  fdOption,
  numberOption,
  printModelNote,
  type ShellCommand,
  withModelNote,
  withUsage,
} from '../command';
import { explainErrno } from '../errno';
import { joinText } from '../shell-text';
import { quoteText, visible } from '../visible-text';

const TEXT = localized({
  en: {
    summary: 'receive bytes from a socket (the lab shell waits up to 5 s)',
    reads: 'Reads what has arrived, at most --max bytes (default 1024), like recv(fd, buf, 1024, 0).',
    zero: 'recv = 0 means the peer closed its side (FIN). --hex shows a hex dump. Ctrl-C stops waiting.',
    unexpected: (word: string) => `recv: unexpected "${word}"`,
    badOptions: 'recv: --fd N, --max 1–65536 and --wait 0–60 seconds take numbers',
    noSocket: 'no open socket; connect first',
    noData: (seconds: string) => `recv: no data within ${seconds} s`,
    noDataWaiting: 'recv: no data waiting',
    endOfStream: 'end of stream: the peer closed its side (FIN)',
    more: (unread: number) => ` (${unread} more bytes waiting)`,
  },
  'zh-Hans': {
    summary: '从套接字接收字节（实验 shell 最多等 5 秒）',
    reads: '读取已经到达的数据，最多 --max 字节（默认 1024），相当于 recv(fd, buf, 1024, 0)。',
    zero: 'recv = 0 表示对端关闭了它那一侧（FIN）。--hex 以十六进制显示。Ctrl-C 停止等待。',
    unexpected: (word) => `recv: 多余的参数 "${word}"`,
    badOptions: 'recv: --fd N、--max 1–65536 和 --wait 0–60（秒）后面都要跟数字',
    noSocket: '没有打开的套接字；请先 connect',
    noData: (seconds) => `recv: ${seconds} 秒内没有收到数据`,
    noDataWaiting: 'recv: 没有等待读取的数据',
    endOfStream: '流结束：对端关闭了它那一侧（FIN）',
    more: (unread) => `（还有 ${unread} 字节等待读取）`,
  },
});

export const recv: ShellCommand = {
  name: 'recv',
  usage: 'recv [--fd N] [--hex] [--max BYTES] [--wait SECONDS]',
  summary: TEXT.summary,
  details: [TEXT.reads, TEXT.zero],
  valueOptions: new Set(['--fd', '--max', '--wait']),
  optionAliases: { '-x': '--hex', '-f': '--fd' },
  async run(context, line) {
    if (!checkOptions(context, this, line, ['--fd', '--hex', '--max', '--wait'])) return;
    const unexpected = line.args[0];
    if (unexpected !== undefined) return context.fail(withUsage(TEXT.unexpected(visible(unexpected)), this));
    const fd = fdOption(line);
    const max = numberOption(line, '--max', 1024, { min: 1, max: 65536 });
    const wait = numberOption(line, '--wait', 5, { min: 0, max: 60 });
    if (fd === 'invalid' || max === 'invalid' || wait === 'invalid') return context.fail(TEXT.badOptions);
    const socket = context.sockets.pick(fd);
    if (socket === undefined) return context.narrate(`recv(fd ${fd ?? '?'})`, '-1 EBADF', TEXT.noSocket);
    const call = `recv(fd ${socket.fd}, ${max})`;
    const result = await socket.recv(Math.floor(max), wait * 1000, context.signal);
    if ('shellTimeout' in result) {
      if (wait === 0) return context.print(withModelNote(context, TEXT.noDataWaiting, 'recvNoWait'));
      return context.print(withModelNote(context, TEXT.noData(String(wait)), 'recvTimeout'));
    }
    if ('errno' in result) {
      context.narrate(call, `-1 ${result.errno}`, explainErrno(result.errno));
      if (result.errno === 'EINTR') printModelNote(context, 'interrupt');
      return;
    }
    if (result.length === 0) return context.narrate(call, '0', TEXT.endOfStream);
    const more = socket.unread > 0 ? TEXT.more(socket.unread) : '';
    if (line.options.has('--hex')) {
      context.narrate(call, joinText(`${result.length} bytes`, more));
      for (const row of hexDump(result)) context.print(`  ${row}`);
    } else {
      context.narrate(call, `${result.length} bytes`, joinText(quoteText(result, 200), more));
    }
  },
};
