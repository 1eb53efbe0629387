/**
 * The checks of the UDP lab. UDP has no connection, so the echo server's observations come per datagram, and
 * its "connections" are flows: one per source address and port, numbered as it first hears from them. The
 * records fold a flow's datagrams together, which is enough to see that a datagram arrived and which sockets
 * sent one; they lose where one datagram ended and the next began. That boundary is what UDP keeps (RFC 768:
 * one datagram, one length field), so the check about it reads the session's packets, datagram by datagram,
 * and without capture it stays open and says so.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, ConnectionRecord } from '../../src/lab-kit';
import { passed, pending } from '../../src/lab-kit';
import { type Packet, quoteBytes } from '../../src/protocol';
import { addressOf, CAPTURE_OFF } from '../common/capture-notes';
import { resentDatagram } from './resent-datagram';

const TEXT = localized({
  en: {
    echoServer: 'the echo server',
    sentTitle: 'Send a datagram to the echo server',
    waitingForDatagram: (address: string) => `Waiting for a datagram sent to ${address}.`,
    received: (quoted: string, peer: string) =>
      `The server received ${quoted} from ${peer}, and sent each datagram back to the address it came from.`,
    twoTitle: 'Send two datagrams of different sizes from one socket',
    sendFirst: 'Send a datagram first; this check then looks at the next ones from the same socket.',
    oneSoFar: (port: number) =>
      `One datagram from port ${port} so far; send another of a different size from the same socket.`,
    sameSizes: (port: number, bytes: number) =>
      `The datagrams from port ${port} are all ${bytes} bytes long, so they cannot show where one ends; send one of another size from the same socket.`,
    echoAwaited: (port: number) => `Waiting for the echoes of the datagrams from port ${port}.`,
    keptApart: (port: number, first: number, second: number) =>
      `From port ${port} the server received a ${first}-byte and a ${second}-byte datagram, and echoed each as a datagram of its own size: two sendto() calls, two datagrams, never one run of bytes.`,
    needsPackets: 'Where one datagram ends and the next begins shows only in the packets.',
    noPackets: (port: number) =>
      `The capture has no datagrams from port ${port} (it comes from another machine, or the packets are still on their way).`,
    secondTitle: 'Send from a second socket',
    sendFromOne: 'Send a datagram from one socket first.',
    onlyOneFlow: (peer: string) =>
      `Every datagram so far came from ${peer}; send one from another socket, whose port the kernel picks anew.`,
    twoFlows: (first: string, second: string) =>
      `Datagrams came from ${first} and from ${second}: the server tells the two sockets apart by their source port alone, since there is no connection to tell them by.`,
  },
  'zh-Hans': {
    echoServer: '回显服务器',
    sentTitle: '向回显服务器发送一个数据报',
    waitingForDatagram: (address) => `等待发往 ${address} 的数据报。`,
    received: (quoted, peer) => `服务器收到了来自 ${peer} 的 ${quoted}，并把每个数据报都发回了它的来源地址。`,
    twoTitle: '用同一个套接字发送两个大小不同的数据报',
    sendFirst: '先发送一个数据报；之后这一项会看同一个套接字发出的后续数据报。',
    oneSoFar: (port) => `目前只有来自端口 ${port} 的一个数据报；再从同一个套接字发一个大小不同的。`,
    sameSizes: (port, bytes) =>
      `来自端口 ${port} 的数据报都是 ${bytes} 字节，看不出一个在哪里结束；从同一个套接字再发一个大小不同的。`,
    echoAwaited: (port) => `正在等待端口 ${port} 所发数据报的回显。`,
    keptApart: (port, first, second) =>
      `服务器从端口 ${port} 收到了一个 ${first} 字节和一个 ${second} 字节的数据报，并把它们各自按原来的大小作为一个数据报发回：两次 sendto()，就是两个数据报，绝不会合成一串字节。`,
    needsPackets: '一个数据报在哪里结束、下一个从哪里开始，只有在数据包里才看得到。',
    noPackets: (port) => `抓包里没有来自端口 ${port} 的数据报（它来自另一台机器，或者数据包还在路上）。`,
    secondTitle: '从第二个套接字发送',
    sendFromOne: '先从一个套接字发送一个数据报。',
    onlyOneFlow: (peer) => `到目前为止所有数据报都来自 ${peer}；再从另一个套接字发一个，内核会为它另选一个端口。`,
    twoFlows: (first, second) =>
      `数据报分别来自 ${first} 和 ${second}：没有连接可以区分它们，服务器只能靠源端口把这两个套接字分开。`,
  },
});

const ECHO = 'echo';

/** The flows that sent the echo server at least one datagram, oldest first. */
function flows(context: CheckContext): ConnectionRecord[] {
  return context.connections.filter((record) => record.server === ECHO && record.receivedBytes > 0);
}

function portOf(peer: string): number {
  return Number(peer.slice(peer.lastIndexOf(':') + 1));
}

const sentDatagram: CheckDefinition = {
  id: 'sent-datagram',
  title: TEXT.sentTitle,
  evaluate(context) {
    const first = flows(context)[0];
    if (first === undefined) return pending(TEXT.waitingForDatagram(addressOf(context, ECHO, TEXT.echoServer)));
    // The record holds the flow's datagrams run together: quoted as what the flow sent, not as one datagram.
    return passed(TEXT.received(quoteBytes(first.received), first.peer));
  },
};

/** Payload lengths of the UDP datagrams between the echo server and one client port, each way. */
function datagramSizes(packets: readonly Packet[], serverPort: number, clientPort: number) {
  const toServer: number[] = [];
  const fromServer: number[] = [];
  for (const packet of packets) {
    if (packet.protocol !== 'udp') continue;
    if (packet.dstPort === serverPort && packet.srcPort === clientPort) toServer.push(packet.payload.length);
    else if (packet.srcPort === serverPort && packet.dstPort === clientPort) fromServer.push(packet.payload.length);
  }
  return { toServer, fromServer };
}

const twoDatagrams: CheckDefinition = {
  id: 'two-datagrams',
  title: TEXT.twoTitle,
  evaluate(context) {
    const senders = flows(context);
    const latest = senders.reduce<ConnectionRecord | undefined>(
      (best, record) => (best === undefined || record.updated > best.updated ? record : best),
      undefined,
    );
    if (latest === undefined) return pending(TEXT.sendFirst);
    if (!context.captureRunning) return pending(sentences(TEXT.needsPackets, CAPTURE_OFF));
    const server = context.servers.find((candidate) => candidate.id === ECHO);
    if (server === undefined) return pending(TEXT.sendFirst);
    let verdict = pending(TEXT.noPackets(portOf(latest.peer)));
    for (const record of senders) {
      const port = portOf(record.peer);
      const { toServer, fromServer } = datagramSizes(context.packets, server.port, port);
      const sizes = [...new Set(toServer)];
      const echoed = sizes.filter((size) => fromServer.includes(size));
      const [first, second] = echoed;
      if (first !== undefined && second !== undefined) return passed(TEXT.keptApart(port, first, second));
      // What the latest flow lacks is what the student is working on.
      if (record !== latest) continue;
      if (toServer.length === 0) verdict = pending(TEXT.noPackets(port));
      else if (toServer.length === 1) verdict = pending(TEXT.oneSoFar(port));
      else if (sizes.length === 1) verdict = pending(TEXT.sameSizes(port, sizes[0] ?? 0));
      else verdict = pending(TEXT.echoAwaited(port));
    }
    return verdict;
  },
};

const secondFlow: CheckDefinition = {
  id: 'second-flow',
  title: TEXT.secondTitle,
  evaluate(context) {
    const [first, ...others] = flows(context);
    if (first === undefined) return pending(TEXT.sendFromOne);
    const second = others.find((record) => record.peer !== first.peer);
    if (second === undefined) return pending(TEXT.onlyOneFlow(first.peer));
    return passed(TEXT.twoFlows(first.peer, second.peer));
  },
};

export const checks: readonly CheckDefinition[] = [sentDatagram, twoDatagrams, secondFlow, resentDatagram];
