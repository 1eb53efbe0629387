/**
 * `recv`: recv(2) on a socket — up to MAX bytes, waiting up to a timeout for the first ones. It shows what TCP
 * really delivers: a stream, so one `send` may need several `recv`s, and 0 bytes means the peer closed. The
 * timeout is the shell's, not the kernel's (a blocking recv() waits for ever), so running out of it is said as
 * the shell giving up, never as an errno. On a UDP socket it reads one datagram, as `recvfrom` does.
 */

import { localized } from '../../../src/common/localized';
import { hexDump } from '../../../src/protocol';
import { printModelNote, READ_OPTIONS, readOptions, type ShellCommand, withModelNote } from '../command';
import { joinText } from '../shell-text';
import { quoteText } from '../visible-text';
import { explainStreamErrno } from './keepalive';
import { receiveDatagram } from './recvfrom';

const TEXT = localized({
  en: {
    summary: 'receive bytes from a socket (the lab shell waits up to 5 s)',
    reads: 'Reads what has arrived, at most --max bytes (default 1024), like recv(fd, buf, 1024, 0).',
    zero: 'recv = 0 means the peer closed its side (FIN). --hex shows a hex dump. Ctrl-C stops waiting.',
    noSocket: 'no open socket; connect first',
    noData: (seconds: string) => `recv: no data within ${seconds} s`,
    noDataWaiting: 'recv: no data waiting',
    endOfStream: 'end of stream: the peer closed its side (FIN)',
    timedOut: 'the connection is over: its ETIMEDOUT was reported once, and nothing more will arrive',
    more: (unread: number) => ` (${unread} more bytes waiting)`,
  },
  'zh-Hans': {
    summary: '从套接字接收字节（实验 shell 最多等 5 秒）',
    reads: '读取已经到达的数据，最多 --max 字节（默认 1024），相当于 recv(fd, buf, 1024, 0)。',
    zero: 'recv = 0 表示对端关闭了它那一侧（FIN）。--hex 以十六进制显示。Ctrl-C 停止等待。',
    noSocket: '没有打开的套接字；请先 connect',
    noData: (seconds) => `recv: ${seconds} 秒内没有收到数据`,
    noDataWaiting: 'recv: 没有等待读取的数据',
    endOfStream: '流结束：对端关闭了它那一侧（FIN）',
    timedOut: '连接已经结束：它的 ETIMEDOUT 已经报告过一次，不会再有数据到达',
    more: (unread) => `（还有 ${unread} 字节等待读取）`,
  },
});

export const recv: ShellCommand = {
  name: 'recv',
  usage: 'recv [--fd N] [--hex] [--max BYTES] [--wait SECONDS]',
  summary: TEXT.summary,
  details: [TEXT.reads, TEXT.zero],
  ...READ_OPTIONS,
  async run(context, line) {
    const options = readOptions(context, this, line, 1024);
    if (options === undefined) return;
    const { fd, max, wait } = options;
    const socket = context.sockets.pick(fd);
    if (socket === undefined) return context.narrate(`recv(fd ${fd ?? '?'})`, '-1 EBADF', TEXT.noSocket);
    // A UDP socket gives one datagram per call, connected or not.
    if (socket.protocol === 'udp') return receiveDatagram(context, socket, 'recv', options);
    const call = `recv(fd ${socket.fd}, ${max})`;
    const result = await socket.recv(Math.floor(max), wait * 1000, context.signal);
    if ('shellTimeout' in result) {
      if (wait === 0) return context.print(withModelNote(context, TEXT.noDataWaiting, 'recvNoWait'));
      return context.print(withModelNote(context, TEXT.noData(String(wait)), 'recvTimeout'));
    }
    if ('errno' in result) {
      context.narrate(call, `-1 ${result.errno}`, explainStreamErrno(socket, result.errno));
      if (result.errno === 'EINTR') printModelNote(context, 'interrupt');
      return;
    }
    if (result.length === 0) return context.narrate(call, '0', socket.timedOut ? TEXT.timedOut : TEXT.endOfStream);
    const more = socket.unread > 0 ? TEXT.more(socket.unread) : '';
    if (line.options.has('--hex')) {
      context.narrate(call, joinText(`${result.length} bytes`, more));
      for (const row of hexDump(result)) context.print(`  ${row}`);
    } else {
      context.narrate(call, `${result.length} bytes`, joinText(quoteText(result, 200), more));
    }
  },
};
