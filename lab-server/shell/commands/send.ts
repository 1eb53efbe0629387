/**
 * `send DATA`: send(2) on a connected socket. The payload is exactly what was typed (no newline unless `-n`),
 * with `\xNN` in double quotes as one raw byte, or bytes given as hex with `--hex`, so a student can send
 * binary protocols as easily as text.
 */

import { hexToBytes } from '../../../src/protocol';
import { checkOptions, fdOption, type ShellCommand } from '../command';
import { explainErrno } from '../errno';
import { quoteText } from '../visible-text';

const encoder = new TextEncoder();

const TEXT = {
  summary: 'send text (or --hex bytes) on a socket',
  details: [
    'DATA is sent exactly as typed, in UTF-8. In "double quotes" \\n \\r \\t \\0 are escapes and \\xNN is the byte NN.',
    '-n adds a newline (\\n), --crlf adds \\r\\n, --hex takes bytes as hex: send --hex 48 65 6c 6c 6f',
    '--fd N picks the socket; the default is the one used last.',
    '--shutdown half-closes right after sending (FIN follows the data at once), as a program would.',
  ],
  badFd: 'send: --fd takes a number, like --fd 3',
  badHex: 'send: --hex wants pairs of hex digits, like 48 65 6c 6c 6f',
  nothing: (usage: string) => `send: nothing to send\r\nusage: ${usage}`,
  noSocket: 'no open socket; connect first',
  shutdownDone: 'FIN sent; you can still recv',
} as const;

export const send: ShellCommand = {
  name: 'send',
  usage: 'send [--fd N] [--hex] [-n|--crlf] [--shutdown] DATA',
  summary: TEXT.summary,
  details: TEXT.details,
  valueOptions: new Set(['--fd']),
  optionAliases: { '-x': '--hex', '-f': '--fd' },
  async run(context, line) {
    if (!checkOptions(context, this, line, ['--fd', '--hex', '-n', '--crlf', '--shutdown'])) return;
    const fd = fdOption(line);
    if (fd === 'invalid') return context.fail(TEXT.badFd);
    let bytes: Uint8Array;
    if (line.options.has('--hex')) {
      const parsed = hexToBytes(line.rest);
      if (parsed === undefined) return context.fail(TEXT.badHex);
      bytes = parsed;
    } else {
      const end = (line.options.has('-n') ? '\n' : '') + (line.options.has('--crlf') ? '\r\n' : '');
      bytes = Buffer.concat([line.payload, encoder.encode(end)]);
    }
    if (bytes.length === 0) return context.fail(TEXT.nothing(this.usage));
    const socket = context.sockets.pick(fd);
    if (socket === undefined) {
      return context.narrate(`send(fd ${fd ?? '?'}, ${bytes.length} bytes)`, '-1 EBADF', TEXT.noSocket);
    }
    const result = await socket.send(bytes);
    const call = `send(fd ${socket.fd}, ${bytes.length} bytes)`;
    if (typeof result !== 'number') return context.narrate(call, `-1 ${result.errno}`, explainErrno(result.errno));
    context.narrate(call, String(result), quoteText(bytes));
    if (line.options.has('--shutdown')) {
      const done = socket.shutdown();
      context.narrate(`shutdown(fd ${socket.fd}, SHUT_WR)`, done ? '0' : '-1 ENOTCONN', done ? TEXT.shutdownDone : '');
    }
  },
};
