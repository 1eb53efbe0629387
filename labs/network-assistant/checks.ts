/**
 * The checks of the network-assistant lab, where the lab's servers play the PC's "network assistant" and the
 * student's program (or board) is the client. The assistant answers only what the student types in the lab
 * terminal, so no check waits for an answer: each grades what the program itself did — it connected and sent
 * `Hello,world!`; two of its clients were connected at once (the assistant then has to be told whom to send
 * to); three messages went on three connections of their own, each closed by the program with FIN (the seed
 * course's short-connection homework); a datagram reached the UDP assistant, a "server" that is only a bound
 * socket.
 *
 * The assistant's sockets listen from the session's start, but they read only once the lab terminal's `listen`
 * accepts (assistant-console.ts): before that a client's handshake completes and its bytes wait in the kernel,
 * as they do for any server that has not called accept() yet (RFC 9293 §3.10.2). So each check reads the
 * assistant's records (what the listening program read) and, where those are silent, the packets: the bytes
 * the kernel acknowledged, the first FIN and who sent it (RFC 9293 §3.6), the datagrams that reached the port.
 * The packets also say what the records cannot once two connections have closed: that they were open at once.
 */

import { type Localized, localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import { passed, pending } from '../../src/lab-kit';
import { formatHostPort, type Packet, quoteBytes } from '../../src/protocol';
import { addressOf, CAPTURE_OFF } from '../common/capture-notes';
import { capturedConnection } from '../common/captured-connection';
import { greetingState } from '../common/client-stream';
import { handshakesWith } from '../common/handshake';
import {
  type Conversation,
  conversationsWith,
  FIN,
  hasFlag,
  RST,
  serverPort,
  sideOf,
} from '../common/tcp-conversation';
import { teardownOf } from '../common/teardown';

export const HELLO = 'Hello,world!';
/** How many short connections the homework asks for. */
export const SHORT_CONNECTIONS = 3;

const TEXT = localized({
  en: {
    assistant: 'the TCP assistant',
    udpAssistant: 'the UDP assistant',
    helloTitle: (greeting: string) => `Connect to the assistant and send ${greeting}`,
    waitingForClient: (address: string) => `Waiting for your program to connect to ${address}.`,
    nowSend: (peer: string, greeting: string) => `A client connected from ${peer}; now send ${greeting} (12 bytes).`,
    notHello: (quoted: string, greeting: string) =>
      `The assistant received ${quoted} so far; this check waits for a connection that sends exactly ${greeting}.`,
    hello: (peer: string, quoted: string) =>
      `Your program connected from ${peer} and sent ${quoted}, and the assistant read it: your program is the client, the assistant the server it connected to.`,
    helloWaits: (port: number, greeting: string) =>
      `Your program connected from port ${port} and sent ${greeting}, and the assistant's kernel acknowledged the bytes: your program is the client. No program has read them yet; they wait in the receive buffer until listen, in the lab terminal, accepts the connection.`,
    unreadNeedsListen:
      'Until a program at the assistant reads them, only the packets show the bytes a client sent: type listen in the lab terminal to accept the connections that wait and read what they sent.',
    twoTitle: 'Keep two clients connected at once',
    connectOne: 'Connect a client to the assistant first.',
    oneOpen: (peer: string) =>
      `One client is connected (${peer}); connect a second while it stays open, from another program or terminal.`,
    noneOpen: 'No client is connected now; connect two and keep both open.',
    twoOpen: (first: string, second: string) =>
      `Two clients are connected at once, from ${first} and from ${second}: one listening port, two connections, told apart by the client's port. In the lab terminal, clients lists them and send --to picks one.`,
    overlapped: (first: number, second: number) =>
      `The connection from port ${second} was made while the one from port ${first} was still open: two clients at once on one listening port.`,
    overlapNeedsPackets:
      'Whether two connections that have both closed were open at the same time shows only in the packets.',
    shortTitle: (count: number) => `Send ${count} messages on ${count} short connections`,
    shortNone: (count: number) =>
      `Connect, send one message and close, ${count} times: each message on a connection of its own.`,
    shortSoFar: (done: number, count: number) =>
      `${done} of ${count} short connections so far: each must carry data and be closed by your program with FIN.`,
    shortDone: (count: number, ports: string) =>
      `${count} connections, from ports ${ports}, each carried a message and each was closed by your program with FIN: ${count} handshakes and ${count} teardowns for ${count} messages, and your side, which closed first, is the one that waits in TIME_WAIT once each teardown completes.`,
    closedByAssistant: (port: number) =>
      `The assistant closed the connection from port ${port} first; in a short connection your program closes, once it has sent its message.`,
    resetBy: (port: number) =>
      `The connection from port ${port} ended with RST, not FIN: close() after sending, and with nothing left unread.`,
    udpTitle: 'Send a datagram to the UDP assistant',
    waitingForDatagram: (address: string) => `Waiting for a datagram sent to ${address}.`,
    udpNeedsListen:
      'Datagrams wait in the UDP assistant’s receive queue until listen udp, in the lab terminal, reads them; before that only the packets show them.',
    datagram: (quoted: string, peer: string) =>
      `The UDP assistant read ${quoted} from ${peer}: no connection was made, the assistant's "server" is a socket bound to a port, and the datagram's source address is where an answer goes.`,
    datagramWaits: (bytes: number, peer: string) =>
      `A ${bytes}-byte datagram from ${peer} reached the UDP assistant's port, with no connection made: the "server" is a socket bound to a port. It waits in the receive queue until listen udp reads it.`,
  },
  'zh-Hans': {
    assistant: 'TCP 网络助手',
    udpAssistant: 'UDP 网络助手',
    helloTitle: (greeting) => `连接网络助手并发送 ${greeting}`,
    waitingForClient: (address) => `等待你的程序连接到 ${address}。`,
    nowSend: (peer, greeting) => `一个客户端从 ${peer} 连了进来；现在发送 ${greeting}（12 字节）。`,
    notHello: (quoted, greeting) => `网络助手目前收到的是 ${quoted}；这一项要等一条正好发送 ${greeting} 的连接。`,
    hello: (peer, quoted) =>
      `你的程序从 ${peer} 连了进来，发送了 ${quoted}，网络助手也读到了：你的程序是客户端，网络助手是它连接的服务器。`,
    helloWaits: (port, greeting) =>
      `你的程序从端口 ${port} 连了进来，发送了 ${greeting}，网络助手的内核确认了这些字节：你的程序是客户端。还没有程序读取它们；它们留在接收缓冲区里，直到你在实验终端里用 listen 接受这条连接。`,
    unreadNeedsListen:
      '在网络助手这边有程序读取之前，客户端发来的字节只有数据包里才看得到：在实验终端里输入 listen，接受排队等候的连接并读出它们发来的内容。',
    twoTitle: '让两个客户端同时保持连接',
    connectOne: '先让一个客户端连接网络助手。',
    oneOpen: (peer) => `已有一个客户端连着（${peer}）；在它保持连接的同时，再从另一个程序或终端连一个。`,
    noneOpen: '现在没有客户端连着；连上两个，并让它们都保持连接。',
    twoOpen: (first, second) =>
      `两个客户端同时连着，分别来自 ${first} 和 ${second}：一个监听端口，两条连接，靠客户端的端口区分。在实验终端里，clients 会列出它们，send --to 选择发给哪一个。`,
    overlapped: (first, second) =>
      `来自端口 ${second} 的连接建立时，来自端口 ${first} 的连接还开着：一个监听端口上同时有两个客户端。`,
    overlapNeedsPackets: '两条都已关闭的连接是否曾经同时开着，只有数据包才看得出来。',
    shortTitle: (count) => `用 ${count} 条短连接发送 ${count} 条消息`,
    shortNone: (count) => `连接、发送一条消息、关闭，重复 ${count} 次：每条消息都走自己的一条连接。`,
    shortSoFar: (done, count) =>
      `目前完成了 ${done} 条短连接，共需 ${count} 条：每条都要带上数据，并由你的程序以 FIN 关闭。`,
    shortDone: (count, ports) =>
      `${count} 条连接（端口 ${ports}）各自带了一条消息，并且都由你的程序以 FIN 关闭：${count} 条消息，就是 ${count} 次三次握手加 ${count} 次四次挥手；先关闭的是你这一侧，所以每次挥手完成后进入 TIME_WAIT 的也是你这一侧。`,
    closedByAssistant: (port) => `来自端口 ${port} 的连接是网络助手先关闭的；短连接应当由你的程序在发完消息之后关闭。`,
    resetBy: (port) => `来自端口 ${port} 的连接以 RST 而不是 FIN 结束：发送之后再 close()，并且不要留下未读的数据。`,
    udpTitle: '向 UDP 网络助手发送一个数据报',
    waitingForDatagram: (address) => `等待发往 ${address} 的数据报。`,
    udpNeedsListen:
      '数据报会留在 UDP 网络助手的接收队列里，直到你在实验终端里用 listen udp 读取；在那之前，只有数据包里才看得到它们。',
    datagram: (quoted, peer) =>
      `UDP 网络助手读到了来自 ${peer} 的 ${quoted}：没有建立任何连接，网络助手的“服务器”只是一个绑定了端口的套接字，数据报的源地址就是回复要发往的地方。`,
    datagramWaits: (bytes, peer) =>
      `一个来自 ${peer} 的 ${bytes} 字节数据报到达了 UDP 网络助手的端口，其间没有建立任何连接：这个“服务器”只是一个绑定了端口的套接字。它留在接收队列里，直到 listen udp 把它读出来。`,
  },
});

const ASSISTANT = 'assistant';
const UDP = 'udp';
const HELLO_BYTES = new TextEncoder().encode(HELLO);

function recordsOf(context: CheckContext, server: string): ConnectionRecord[] {
  return context.connections.filter((record) => record.server === server);
}

function portOf(peer: string): number {
  return Number(peer.slice(peer.lastIndexOf(':') + 1));
}

/** `Hello,world!`, allowing the newline that `nc`, `print` and the assistant tools' "send with newline" add. */
function isHello(received: Uint8Array): boolean {
  const text = new TextDecoder().decode(received);
  return text === HELLO || text === `${HELLO}\n` || text === `${HELLO}\r\n`;
}

/** A connection neither side has begun to close, as the assistant's sockets know it. */
function isOpen(record: ConnectionRecord): boolean {
  return !record.closed && !record.peerFin && !record.reset;
}

/** The verdict, with the sentence on reading that capture off makes necessary (the records miss what waits). */
function pendingUnread(context: CheckContext, detail: Localized, unread: Localized): CheckVerdict {
  return pending(context.captureRunning ? detail : sentences(detail, unread, CAPTURE_OFF));
}

/**
 * What the captured connections to the assistant sent: the client port of one that sent the greeting and had it
 * acknowledged, or else the first bytes of the newest one that sent something else.
 */
function greetingsInPackets(context: CheckContext): { readonly hello?: number; readonly other?: Uint8Array } {
  const port = serverPort(context.servers, ASSISTANT);
  if (port === undefined) return {};
  let other: Uint8Array | undefined;
  for (const { conversation, handshake } of handshakesWith(context.packets, port)) {
    const greeting = greetingState(conversation, handshake);
    if (greeting.kind === 'sent' && greeting.ack !== undefined && greeting.stream.length === greeting.length) {
      return { hello: conversation.clientPort };
    }
    if (greeting.kind === 'wrong' || (greeting.kind === 'sent' && greeting.stream.length > greeting.length)) {
      other = greeting.stream.bytes;
    }
  }
  return other === undefined ? {} : { other };
}

const sentHello: CheckDefinition = {
  id: 'sent-hello',
  title: TEXT.helloTitle(HELLO),
  evaluate(context) {
    const records = recordsOf(context, ASSISTANT);
    const hello = records.find((record) => isHello(record.received));
    if (hello !== undefined) return passed(TEXT.hello(hello.peer, quoteBytes(hello.received)));
    const captured = greetingsInPackets(context);
    if (captured.hello !== undefined) return passed(TEXT.helloWaits(captured.hello, HELLO));
    const latest = records.at(-1);
    if (latest === undefined) return pending(TEXT.waitingForClient(addressOf(context, ASSISTANT, TEXT.assistant)));
    const talked = [...records].reverse().find((record) => record.receivedBytes > 0);
    if (talked === undefined) {
      if (captured.other !== undefined) return pending(TEXT.notHello(quoteBytes(captured.other), HELLO));
      return pendingUnread(context, TEXT.nowSend(latest.peer, HELLO), TEXT.unreadNeedsListen);
    }
    // A student at the assistant sends what they like; this check only waits for the greeting, it fails nothing.
    const prefix = HELLO_BYTES.subarray(0, talked.received.length);
    const isStart = talked.received.length < HELLO_BYTES.length && prefix.every((b, i) => talked.received[i] === b);
    if (isStart && !talked.closed) return pending(TEXT.nowSend(talked.peer, HELLO));
    return pending(TEXT.notHello(quoteBytes(talked.received), HELLO));
  },
};

/** Where a connection stops being open in the packets: its first FIN or RST, from either side. */
function endOf(conversation: Conversation): number {
  const end = conversation.packets.find((packet) => hasFlag(packet, FIN) || hasFlag(packet, RST));
  return end?.id ?? Number.POSITIVE_INFINITY;
}

/** Two captured connections to the assistant that were open at the same time, as their client ports. */
function overlapInPackets(context: CheckContext): readonly [number, number] | undefined {
  const port = serverPort(context.servers, ASSISTANT);
  if (port === undefined) return undefined;
  const conversations = conversationsWith(context.packets, port);
  for (const [index, first] of conversations.entries()) {
    const firstEnd = endOf(first);
    for (const second of conversations.slice(index + 1)) {
      const start = second.packets[0]?.id;
      if (start !== undefined && start < firstEnd) return [first.clientPort, second.clientPort];
    }
  }
  return undefined;
}

/**
 * Whether a client is connected now. The records say a connection is open until the assistant's program has read
 * its FIN, which before `listen` it never does, so a client that has long closed still looks open there; where the
 * packets show the connection, its first FIN or RST says when it stopped being open.
 */
function openNow(record: ConnectionRecord, context: CheckContext): boolean {
  if (!isOpen(record)) return false;
  const captured = capturedConnection(record, context, ASSISTANT);
  if (captured.kind === 'awaited') return false;
  return captured.kind === 'uncaptured' || endOf(captured.conversation) === Number.POSITIVE_INFINITY;
}

const twoClients: CheckDefinition = {
  id: 'two-clients',
  title: TEXT.twoTitle,
  evaluate(context) {
    const records = recordsOf(context, ASSISTANT);
    const open = records.filter((record) => openNow(record, context));
    const [first, second] = open;
    if (first !== undefined && second !== undefined) return passed(TEXT.twoOpen(first.peer, second.peer));
    // The checks are graded a little after the events, so two short-lived clients may never be seen open together
    // in the records; the packets keep the order in which the connections began and ended.
    const overlap = overlapInPackets(context);
    if (overlap !== undefined) return passed(TEXT.overlapped(overlap[0], overlap[1]));
    if (records.length === 0) return pending(TEXT.connectOne);
    const now = first === undefined ? TEXT.noneOpen : TEXT.oneOpen(first.peer);
    if (records.length >= 2 && !context.captureRunning) {
      return pending(sentences(now, TEXT.overlapNeedsPackets, CAPTURE_OFF));
    }
    return pending(now);
  },
};

type Short =
  | { readonly kind: 'short' }
  /** Not a finished short connection, yet: no data, or no FIN from the client so far. */
  | { readonly kind: 'open' }
  /** Closed, but not as a short connection closes: `why` says how. */
  | { readonly kind: 'bad'; readonly why: Localized };

/**
 * A captured connection as a short one: the client sent data and then the first FIN, which the assistant's kernel
 * acknowledged, with no RST. The assistant's own FIN is not asked for: it comes once a program there reads the
 * end of file, and until `listen` nobody does.
 */
function shortInPackets(conversation: Conversation): Short {
  const teardown = teardownOf(conversation);
  const port = conversation.clientPort;
  if (conversation.packets.some((packet) => hasFlag(packet, RST))) return { kind: 'bad', why: TEXT.resetBy(port) };
  if (teardown === undefined) return { kind: 'open' };
  if (teardown.firstSide === 'server') return { kind: 'bad', why: TEXT.closedByAssistant(port) };
  const data = conversation.packets.some(
    (packet) => sideOf(packet, conversation) === 'client' && packet.tcp.len > 0 && packet.id < teardown.firstFin.id,
  );
  return data && teardown.firstFinAck !== undefined ? { kind: 'short' } : { kind: 'open' };
}

/** One connection as a short one, from its packets when captured, else from what the assistant read. */
function shortConnection(record: ConnectionRecord, context: CheckContext): Short {
  const captured = capturedConnection(record, context, ASSISTANT);
  if (captured.kind === 'captured') return shortInPackets(captured.conversation);
  if (captured.kind === 'awaited') return { kind: 'open' };
  if (record.reset) return { kind: 'bad', why: TEXT.resetBy(portOf(record.peer)) };
  // The listening program read data, then the end of file, and closed: no RST came on the way.
  return record.receivedBytes > 0 && record.peerFin && record.closed ? { kind: 'short' } : { kind: 'open' };
}

const shortConnections: CheckDefinition = {
  id: 'short-connections',
  title: TEXT.shortTitle(SHORT_CONNECTIONS),
  evaluate(context) {
    const judged = recordsOf(context, ASSISTANT).map((record) => ({ record, short: shortConnection(record, context) }));
    const done = judged.filter(({ short }) => short.kind === 'short').map(({ record }) => record);
    if (done.length >= SHORT_CONNECTIONS) {
      const ports = done.slice(-SHORT_CONNECTIONS).map((record) => portOf(record.peer));
      return passed(TEXT.shortDone(SHORT_CONNECTIONS, ports.join(', ')));
    }
    const progress =
      done.length === 0 ? TEXT.shortNone(SHORT_CONNECTIONS) : TEXT.shortSoFar(done.length, SHORT_CONNECTIONS);
    // What went wrong last is what the student is working on.
    const latest = judged.at(-1)?.short;
    const detail = latest?.kind === 'bad' ? sentences(latest.why, progress) : progress;
    return judged.length === 0 ? pending(detail) : pendingUnread(context, detail, TEXT.unreadNeedsListen);
  },
};

/** The first datagram captured on its way to the UDP assistant. */
function datagramInPackets(context: CheckContext): Packet | undefined {
  const port = serverPort(context.servers, UDP);
  return context.packets.find((packet) => packet.protocol === 'udp' && packet.dstPort === port);
}

const udpDatagram: CheckDefinition = {
  id: 'udp-datagram',
  title: TEXT.udpTitle,
  evaluate(context) {
    const flow = recordsOf(context, UDP)[0];
    if (flow !== undefined) return passed(TEXT.datagram(quoteBytes(flow.received), flow.peer));
    const datagram = datagramInPackets(context);
    if (datagram !== undefined) {
      return passed(TEXT.datagramWaits(datagram.payload.length, formatHostPort(datagram.src, datagram.srcPort)));
    }
    const waiting = TEXT.waitingForDatagram(addressOf(context, UDP, TEXT.udpAssistant));
    return pendingUnread(context, waiting, TEXT.udpNeedsListen);
  },
};

export const checks: readonly CheckDefinition[] = [sentHello, twoClients, shortConnections, udpDatagram];
