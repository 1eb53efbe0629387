/**
 * The checks of lab `tcp-flow-control`. The slow reader leaves a new connection's bytes unread for a few seconds,
 * then reads everything: a client that sends more than the server's receive buffer holds fills it, the server's
 * TCP advertises a zero window, and the client's TCP stops until a window update (RFC 9293 §3.8.6). What the
 * server read comes from its connection records, so the first check works for a board on the network and without
 * capture; the zero window and the update show only in the packets, so those checks read the capture and say so
 * when it is off. No passed check names the numbers the capture questions ask for (the scaled window, the Ack of
 * the first zero window, the probe count): the student reads those in the packets.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, ConnectionRecord } from '../../src/lab-kit';
import { passed, pending } from '../../src/lab-kit';
import { addressOf, CAPTURE_OFF } from '../common/capture-notes';
import { capturedConnection } from '../common/captured-connection';
import { type Conversation, conversationsWith, serverPort } from '../common/tcp-conversation';
import { windowStory } from './window';

const TEXT = localized({
  en: {
    reader: 'the slow reader',
    sentTitle: 'Send more than the server’s receive buffer holds',
    waitingFor: (address: string) =>
      `Waiting for a connection to ${address}: run one of the senders under the lab against it.`,
    connectedNothingRead: (peer: string) =>
      `Connected from ${peer}. The server has read nothing yet: it leaves a new connection unread for its first seconds, so keep sending.`,
    tooLittle: (bytes: number, needed: number) =>
      `The server has read ${bytes} bytes: send at least ${needed} bytes on one connection, far more than its receive buffer holds.`,
    sentMore: (peer: string, bytes: number) =>
      `The server read ${bytes} bytes from ${peer}: far more than its receive buffer can hold, so your side had to wait for room.`,
    zeroTitle: 'See the server’s window close to zero (Win=0)',
    zeroNeedsPackets: 'A zero window shows only in the packets.',
    notCaptured: (peer: string) =>
      `Your connection from ${peer} is not in the capture (the lab captures this machine’s loopback only), so its window cannot be seen here.`,
    windowOpen: (port: number) =>
      `The connection from port ${port} has not met a zero window yet: send more than the receive buffer holds, without waiting for the server to read.`,
    zeroSeen: (port: number) =>
      `The server advertised Win=0 to port ${port}: its receive buffer was full, and your TCP stopped sending data and started probing instead.`,
    reopenedTitle: 'See the window open again and every byte arrive',
    firstClose: 'First let the window close: the check above says how.',
    stillZero: (port: number) =>
      `The window to port ${port} is still zero. The server reads again after a few seconds, and its TCP then sends a window update.`,
    reopenedWaiting: (read: number, sent: number) =>
      `The window opened again. The server has read ${read} of the ${sent} bytes your side sent; close or shut down your socket once everything is sent, so that a FIN marks the end.`,
    reopened: (port: number, bytes: number) =>
      `After the window update, the server read all ${bytes} bytes sent from port ${port}, then the FIN after them: flow control slowed the transfer down and lost nothing.`,
    finishWithoutCapture:
      'Without packets the update cannot be seen; this check passes once the server has read at least 1 MiB and then the FIN after it.',
    readAllWithoutCapture: (peer: string, bytes: number) =>
      `The server read all ${bytes} bytes from ${peer}, then the FIN after them, so its window must have opened again, though without packets the update itself cannot be seen.`,
  },
  'zh-Hans': {
    reader: '慢读服务器',
    sentTitle: '发送超过服务器接收缓冲区容量的数据',
    waitingFor: (address) => `等待连接到 ${address}：用实验下方的某个发送程序连上它。`,
    connectedNothingRead: (peer) =>
      `已从 ${peer} 建立连接。服务器还一个字节都没读：新连接建立后的头几秒它故意不读，所以请继续发送。`,
    tooLittle: (bytes, needed) =>
      `服务器已读到 ${bytes} 字节：请在同一条连接上至少发送 ${needed} 字节，远远超过它的接收缓冲区能装下的量。`,
    sentMore: (peer, bytes) =>
      `服务器从 ${peer} 读到了 ${bytes} 字节：远远超过它的接收缓冲区的容量，所以你这一端不得不等待空间腾出来。`,
    zeroTitle: '看到服务器的窗口关闭为零（Win=0）',
    zeroNeedsPackets: '零窗口只有在数据包里才看得到。',
    notCaptured: (peer) => `你来自 ${peer} 的连接不在抓包里（实验只抓本机的环回接口），所以这里看不到它的窗口。`,
    windowOpen: (port) => `来自端口 ${port} 的连接还没有遇到零窗口：请发送超过接收缓冲区容量的数据，不要等服务器读取。`,
    zeroSeen: (port) =>
      `服务器向端口 ${port} 通告了 Win=0：它的接收缓冲区满了，你这一端的 TCP 停止发送数据，转而发送探测报文。`,
    reopenedTitle: '看到窗口重新打开，所有字节都已送达',
    firstClose: '先让窗口关闭：上面那一项写明了做法。',
    stillZero: (port) => `发往端口 ${port} 的窗口仍然是零。服务器过几秒会重新开始读取，它的 TCP 随后会发出窗口更新。`,
    reopenedWaiting: (read, sent) =>
      `窗口已经重新打开。你这一端发出的 ${sent} 字节里，服务器已读到 ${read} 字节；全部发完后请关闭套接字或调用 shutdown，让 FIN 标出数据的结尾。`,
    reopened: (port, bytes) =>
      `窗口更新之后，服务器读完了从端口 ${port} 发出的全部 ${bytes} 字节，随后读到了 FIN：流量控制让传输慢了下来，但没有丢失任何数据。`,
    finishWithoutCapture: '没有数据包就看不到窗口更新；服务器读到至少 1 MiB 数据、随后又读到 FIN 时，这一项就会通过。',
    readAllWithoutCapture: (peer, bytes) =>
      `服务器读完了来自 ${peer} 的全部 ${bytes} 字节，随后读到了 FIN，所以它的窗口一定重新打开过，只是没有数据包就看不到窗口更新本身。`,
  },
});

export const READER = 'reader';
/** 1 MiB: several times what the slow reader's receive buffer holds on loopback (a few hundred KB at most). */
export const MORE_THAN_WINDOW = 1 << 20;

/** The slow reader's connection records, newest change first. */
function readerRecords(context: CheckContext): ConnectionRecord[] {
  return context.connections.filter((record) => record.server === READER).sort((a, b) => b.updated - a.updated);
}

function conversations(context: CheckContext): readonly Conversation[] {
  const port = serverPort(context.servers, READER);
  return port === undefined ? [] : conversationsWith(context.packets, port);
}

/** The captured connection a record describes, when its packets are in the capture. */
function conversationOf(record: ConnectionRecord, context: CheckContext): Conversation | undefined {
  const captured = capturedConnection(record, context, READER);
  return captured.kind === 'captured' ? captured.conversation : undefined;
}

const sentMore: CheckDefinition = {
  id: 'sent-more',
  title: TEXT.sentTitle,
  evaluate(context) {
    const records = readerRecords(context);
    const most = records.reduce<ConnectionRecord | undefined>(
      (best, record) => (best === undefined || record.receivedBytes > best.receivedBytes ? record : best),
      undefined,
    );
    if (most === undefined) return pending(TEXT.waitingFor(addressOf(context, READER, TEXT.reader)));
    if (most.receivedBytes >= MORE_THAN_WINDOW) return passed(TEXT.sentMore(most.peer, most.receivedBytes));
    if (most.receivedBytes === 0) return pending(TEXT.connectedNothingRead(records[0]?.peer ?? most.peer));
    return pending(TEXT.tooLittle(most.receivedBytes, MORE_THAN_WINDOW));
  },
};

const zeroWindow: CheckDefinition = {
  id: 'zero-window',
  title: TEXT.zeroTitle,
  evaluate(context) {
    const records = readerRecords(context);
    if (!context.captureRunning) return pending(sentences(TEXT.zeroNeedsPackets, CAPTURE_OFF));
    const all = conversations(context);
    const closed = all.filter((conversation) => windowStory(conversation).zeroWindows.length > 0).at(-1);
    if (closed !== undefined) return passed(TEXT.zeroSeen(closed.clientPort));
    const latest = all.at(-1);
    if (latest !== undefined) return pending(TEXT.windowOpen(latest.clientPort));
    const newest = records[0];
    if (newest !== undefined && capturedConnection(newest, context, READER).kind === 'uncaptured') {
      return pending(TEXT.notCaptured(newest.peer));
    }
    return pending(TEXT.waitingFor(addressOf(context, READER, TEXT.reader)));
  },
};

const windowReopened: CheckDefinition = {
  id: 'window-reopened',
  title: TEXT.reopenedTitle,
  evaluate(context) {
    const records = readerRecords(context);
    const readAll = (record: ConnectionRecord) => record.peerFin && record.receivedBytes >= MORE_THAN_WINDOW;
    if (!context.captureRunning) {
      const done = records.find(readAll);
      if (done !== undefined) return passed(TEXT.readAllWithoutCapture(done.peer, done.receivedBytes));
      return pending(sentences(TEXT.finishWithoutCapture, CAPTURE_OFF));
    }
    for (const record of records) {
      // A board on the network: its packets are not captured, but what the server read proves the same.
      if (readAll(record) && capturedConnection(record, context, READER).kind === 'uncaptured') {
        return passed(TEXT.readAllWithoutCapture(record.peer, record.receivedBytes));
      }
      const conversation = conversationOf(record, context);
      if (conversation === undefined) continue;
      const story = windowStory(conversation);
      const finished = record.peerFin && story.clientBytes > 0 && record.receivedBytes >= story.clientBytes;
      if (story.update !== undefined && finished) {
        return passed(TEXT.reopened(conversation.clientPort, record.receivedBytes));
      }
    }
    // Nothing finished: say how far the newest connection that met a zero window got.
    for (const conversation of [...conversations(context)].reverse()) {
      const story = windowStory(conversation);
      if (story.zeroWindows.length === 0) continue;
      if (story.update === undefined) return pending(TEXT.stillZero(conversation.clientPort));
      const record = records.find((candidate) => conversationOf(candidate, context) === conversation);
      return pending(TEXT.reopenedWaiting(record?.receivedBytes ?? 0, story.clientBytes));
    }
    return pending(TEXT.firstClose);
  },
};

export const checks: readonly CheckDefinition[] = [sentMore, zeroWindow, windowReopened];
