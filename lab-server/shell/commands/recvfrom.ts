/**
 * `recvfrom`: recvfrom(2) on a UDP socket — one whole datagram and who sent it, waiting up to the shell's
 * timeout for one. A datagram is never split across calls nor joined to the next: what does not fit the buffer
 * is discarded, as the kernel discards it (MSG_TRUNC), which is the boundary a TCP stream does not keep. `recv`
 * on a UDP socket reads the same way, without the address.
 */

import { localized } from '../../../src/common/localized';
import { hexDump } from '../../../src/protocol';
import {
  type CommandContext,
  READ_OPTIONS,
  type ReadOptions,
  readOptions,
  type ShellCommand,
  withModelNote,
} from '../command';
import { joinText } from '../shell-text';
import type { UdpShellSocket } from '../udp-socket';
import { quoteText } from '../visible-text';
import { narrateDatagramError, pickUdp } from './sendto';

const TEXT = localized({
  en: {
    summary: 'receive one datagram and its sender (the lab shell waits up to 5 s)',
    reads:
      'Reads the next datagram whole, at most --max bytes (default 2048), like recvfrom(fd, buf, 2048, 0, &addr, &len).',
    cut: 'A datagram longer than --max is cut: the rest is discarded (MSG_TRUNC), never left for the next call.',
    noData: (command: string, seconds: string) => `${command}: no datagram within ${seconds} s`,
    noDataWaiting: (command: string) => `${command}: no datagram waiting`,
    truncated: (size: number, discarded: number) =>
      ` (the datagram had ${size} bytes: the other ${discarded} were discarded, MSG_TRUNC)`,
    more: (count: number) => ` (${count} more ${count === 1 ? 'datagram' : 'datagrams'} waiting)`,
  },
  'zh-Hans': {
    summary: '接收一个数据报及其发送方（实验 shell 最多等 5 秒）',
    reads: '完整读取下一个数据报，最多 --max 字节（默认 2048），相当于 recvfrom(fd, buf, 2048, 0, &addr, &len)。',
    cut: '超过 --max 的数据报会被截断：其余部分被丢弃（MSG_TRUNC），不会留给下一次调用。',
    noData: (command, seconds) => `${command}: ${seconds} 秒内没有收到数据报`,
    noDataWaiting: (command) => `${command}: 没有等待读取的数据报`,
    truncated: (size, discarded) => `（这个数据报有 ${size} 字节：其余 ${discarded} 字节被丢弃了，MSG_TRUNC）`,
    more: (count) => `（还有 ${count} 个数据报等待读取）`,
  },
});

export const recvfrom: ShellCommand = {
  name: 'recvfrom',
  usage: 'recvfrom [--fd N] [--hex] [--max BYTES] [--wait SECONDS]',
  summary: TEXT.summary,
  details: [TEXT.reads, TEXT.cut],
  ...READ_OPTIONS,
  async run(context, line) {
    const options = readOptions(context, this, line, 2048);
    if (options === undefined) return;
    const udp = pickUdp(context, options.fd, this.name, String(options.max));
    if (udp === undefined) return;
    await receiveDatagram(context, udp, 'recvfrom', options);
  },
};

/** recvfrom(2), or recv(2) without the sender, on a UDP socket: narrated, with a cut datagram said as cut. */
export async function receiveDatagram(
  context: CommandContext,
  udp: UdpShellSocket,
  name: 'recv' | 'recvfrom',
  { max, wait, hex }: ReadOptions,
): Promise<void> {
  const call = `${name}(fd ${udp.fd}, ${max})`;
  const result = await udp.recv(Math.floor(max), wait * 1000, context.signal);
  if ('shellTimeout' in result) {
    if (wait === 0) return context.print(withModelNote(context, TEXT.noDataWaiting(name), 'recvNoWait'));
    const topic = udp.state === 'connected' ? 'recvTimeout' : 'udpTimeout';
    return context.print(withModelNote(context, TEXT.noData(name, String(wait)), topic));
  }
  if ('errno' in result) return narrateDatagramError(context, call, result.errno);
  const length = result.data.length;
  // The call's result, as technical as the call: the same in every language.
  const value = name === 'recvfrom' ? `${length} bytes from ${result.from}` : `${length} bytes`;
  const notes = joinText(
    result.size > length ? TEXT.truncated(result.size, result.size - length) : '',
    udp.unreadDatagrams > 0 ? TEXT.more(udp.unreadDatagrams) : '',
  );
  if (hex) {
    context.narrate(call, joinText(value, notes));
    for (const row of hexDump(result.data)) context.print(`  ${row}`);
  } else {
    context.narrate(call, value, joinText(quoteText(result.data, 200), notes));
  }
}
