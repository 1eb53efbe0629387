/**
 * `send DATA`: send(2) on a connected socket. The payload is exactly what was typed (no newline unless `-n`),
 * with `\xNN` in double quotes as one raw byte, or bytes given as hex with `--hex`, so a student can send
 * binary protocols as easily as text. On a UDP socket that `connect` gave a peer, send is one datagram to it.
 */

import { localized } from '../../../src/common/localized';
import { hexToBytes } from '../../../src/protocol';
import { checkOptions, fdOption, fdOptionError, type ShellCommand, withUsage } from '../command';
import type { ParsedLine } from '../command-line';
import { explainErrno } from '../errno';
import { quoteText } from '../visible-text';
import { sendDatagram } from './sendto';

const encoder = new TextEncoder();

const TEXT = localized({
  en: {
    summary: 'send text (or --hex bytes) on a socket',
    data: 'DATA is sent exactly as typed, in UTF-8. In "double quotes" \\n \\r \\t \\0 are escapes and \\xNN is the byte NN.',
    endings: '-n adds a newline (\\n), --crlf adds \\r\\n, --hex takes bytes as hex: send --hex 48 65 6c 6c 6f',
    fd: '--fd N picks the socket; the default is the one used last.',
    shutdown: '--shutdown half-closes right after sending (FIN follows the data at once), as a program would.',
    badHex: 'send: --hex wants pairs of hex digits, like 48 65 6c 6c 6f',
    nothing: 'send: nothing to send',
    noSocket: 'no open socket; connect first',
    shutdownDone: 'FIN sent; you can still recv',
    udpShutdown: (fd: number) => `send: fd ${fd} is a UDP socket: it has no connection to half-close, and no FIN`,
  },
  'zh-Hans': {
    summary: '在套接字上发送文本（或用 --hex 发送字节）',
    data: 'DATA 按输入的原样以 UTF-8 发送。在 "双引号" 里，\\n \\r \\t \\0 是转义，\\xNN 表示字节 NN。',
    endings: '-n 追加换行符（\\n），--crlf 追加 \\r\\n，--hex 以十六进制给出字节：send --hex 48 65 6c 6c 6f',
    fd: '--fd N 选择套接字；默认是上一次用过的那个。',
    shutdown: '--shutdown 在发送之后立即半关闭（FIN 紧跟着数据发出），就像程序里那样。',
    badHex: 'send: --hex 需要成对的十六进制数字，例如 48 65 6c 6c 6f',
    nothing: 'send: 没有要发送的内容',
    noSocket: '没有打开的套接字；请先 connect',
    shutdownDone: 'FIN 已发出；你仍然可以 recv',
    udpShutdown: (fd) => `send: fd ${fd} 是 UDP 套接字：没有可以半关闭的连接，也没有 FIN`,
  },
});

export const send: ShellCommand = {
  name: 'send',
  usage: 'send [--fd N] [--hex] [-n|--crlf] [--shutdown] DATA',
  summary: TEXT.summary,
  details: [TEXT.data, TEXT.endings, TEXT.fd, TEXT.shutdown],
  valueOptions: new Set(['--fd']),
  optionAliases: { '-x': '--hex', '-f': '--fd' },
  async run(context, line) {
    if (!checkOptions(context, this, line, ['--fd', '--hex', '-n', '--crlf', '--shutdown'])) return;
    const fd = fdOption(line);
    if (fd === 'invalid') return context.fail(fdOptionError(this));
    const bytes = bytesToSend(line);
    if (bytes === 'bad-hex') return context.fail(TEXT.badHex);
    if (bytes.length === 0) return context.fail(withUsage(TEXT.nothing, this));
    const socket = context.sockets.pick(fd);
    if (socket === undefined) {
      return context.narrate(`send(fd ${fd ?? '?'}, ${bytes.length} bytes)`, '-1 EBADF', TEXT.noSocket);
    }
    if (socket.protocol === 'udp') {
      if (line.options.has('--shutdown')) return context.fail(TEXT.udpShutdown(socket.fd));
      // send(2) on a UDP socket goes to the peer connect() fixed; without one the kernel says EDESTADDRREQ.
      return sendDatagram(context, socket, bytes, undefined);
    }
    const result = await socket.send(bytes);
    const call = `send(fd ${socket.fd}, ${bytes.length} bytes)`;
    if (typeof result !== 'number') return context.narrate(call, `-1 ${result.errno}`, explainErrno(result.errno));
    context.narrate(call, String(result), quoteText(bytes));
    if (line.options.has('--shutdown')) {
      const done = socket.shutdown();
      context.narrate(
        `shutdown(fd ${socket.fd}, SHUT_WR)`,
        done ? '0' : '-1 ENOTCONN',
        done ? TEXT.shutdownDone : undefined,
      );
    }
  },
};

/** The bytes a line asks to send: its payload as typed and the line end asked for, or `--hex` bytes. */
export function bytesToSend(line: Pick<ParsedLine, 'options' | 'rest' | 'payload'>): Uint8Array | 'bad-hex' {
  if (line.options.has('--hex')) return hexToBytes(line.rest) ?? 'bad-hex';
  const end = (line.options.has('-n') ? '\n' : '') + (line.options.has('--crlf') ? '\r\n' : '');
  return Buffer.concat([line.payload, encoder.encode(end)]);
}
