/**
 * The UDP lab's check on loss: with packet loss set on the echo server, a client that waits with a timeout
 * and sends again leaves the same datagram in the capture more than once. The check finds such a datagram and
 * says where its copies went. The lab server's loss fault drops packets in the kernel's input path, after the
 * capture has seen them (on loopback the capture sees a packet as it is sent). So every copy the client sent
 * is in the capture, and so is every echo the server sent. Each copy that reached the server got an echo, so
 * copies without an echo were lost on the way there. The echoes beyond the one the program took were lost on
 * the way back, or came late. UDP itself never says which: only the two ends, side by side, show it.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition } from '../../src/lab-kit';
import { passed, pending } from '../../src/lab-kit';
import { hexToBytes, type Packet, quoteBytes } from '../../src/protocol';
import { CAPTURE_OFF } from '../common/capture-notes';

const TEXT = localized({
  en: {
    title: 'Send a datagram again when its echo does not come',
    needsPackets: 'A datagram sent twice shows only in the packets.',
    waiting:
      'Set a loss rate on the echo server (`loss 30` in the lab terminal, or the control in the lab panel), then send numbered datagrams from a client that sends again when no echo comes within its timeout. This check waits for a datagram sent a second time.',
    resent: (quoted: string, port: number, copies: number, echoes: number) =>
      `From port ${port} your program sent ${quoted} ${copies} times, and the server sent ${echoes === 1 ? '1 echo' : `${echoes} echoes`} of it.`,
    lostThere: (count: number) =>
      count === 1
        ? '1 copy never reached the server: the kernel dropped it on the way there.'
        : `${count} copies never reached the server: the kernel dropped them on the way there.`,
    lostBack: (count: number) =>
      count === 1
        ? '1 echo was lost on the way back, or came after your program had given up on it.'
        : `${count} echoes were lost on the way back, or came after your program had given up on them.`,
  },
  'zh-Hans': {
    title: '收不到回显时重发数据报',
    needsPackets: '一个数据报是否发了两次，只有在数据包里才看得到。',
    waiting:
      '先给回显服务器设置丢包率（在实验终端里输入 `loss 30`，或者用实验面板上的控件），然后用一个超时收不到回显就重发的客户端发送带编号的数据报。这一项等的是被再次发送的数据报。',
    resent: (quoted, port, copies, echoes) =>
      `你的程序从端口 ${port} 把 ${quoted} 发了 ${copies} 次，服务器为它发回了 ${echoes} 个回显。`,
    lostThere: (count) => `有 ${count} 份没有到达服务器：内核在去程上把它丢掉了。`,
    lostBack: (count) => `有 ${count} 个回显在回程上丢了，或者在你的程序放弃等待之后才到。`,
  },
});

const ECHO = 'echo';

interface Copies {
  readonly port: number;
  readonly hex: string;
  toServer: number;
  fromServer: number;
}

/** Datagrams by client port and payload: how many copies went to the server, how many echoes came from it. */
function copiesOf(packets: readonly Packet[], serverPort: number): Copies[] {
  const byKey = new Map<string, Copies>();
  for (const packet of packets) {
    if (packet.protocol !== 'udp' || packet.payload.length === 0) continue;
    const toServer = packet.dstPort === serverPort;
    if (!toServer && packet.srcPort !== serverPort) continue;
    const port = toServer ? packet.srcPort : packet.dstPort;
    if (port === undefined) continue;
    const key = `${port}/${packet.payload.hex}`;
    let copies = byKey.get(key);
    if (copies === undefined) {
      copies = { port, hex: packet.payload.hex, toServer: 0, fromServer: 0 };
      byKey.set(key, copies);
    }
    if (toServer) copies.toServer += 1;
    else copies.fromServer += 1;
  }
  return [...byKey.values()];
}

export const resentDatagram: CheckDefinition = {
  id: 'resent-datagram',
  title: TEXT.title,
  evaluate(context: CheckContext) {
    if (!context.captureRunning) return pending(sentences(TEXT.needsPackets, CAPTURE_OFF));
    const server = context.servers.find((candidate) => candidate.id === ECHO);
    if (server === undefined) return pending(TEXT.waiting);
    // The latest datagram sent more than once is the one the student is looking at.
    const resent = copiesOf(context.packets, server.port).filter((copies) => copies.toServer >= 2);
    const latest = resent.at(-1);
    if (latest === undefined) return pending(TEXT.waiting);
    const lostThere = Math.max(0, latest.toServer - latest.fromServer);
    const lostBack = Math.max(0, Math.min(latest.fromServer, latest.toServer) - 1);
    return passed(
      sentences(
        TEXT.resent(
          quoteBytes(hexToBytes(latest.hex) ?? new Uint8Array(0)),
          latest.port,
          latest.toServer,
          latest.fromServer,
        ),
        lostThere > 0 ? TEXT.lostThere(lostThere) : undefined,
        lostBack > 0 ? TEXT.lostBack(lostBack) : undefined,
      ),
    );
  },
};
