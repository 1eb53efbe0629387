/**
 * The checks of lab `tcp-teardown`, judged on the session's own packets: an orderly close with FIN in both
 * directions (RFC 9293 §3.6), an RST from a port where nothing listens (§3.10.7.1), and, optionally, a half-close
 * (§3.6.1). In packets a half-close looks like any close unless data still flows after the first FIN, so that
 * check asks for exactly that: the server's data arriving after the client's FIN and being acknowledged, not
 * answered with RST as a fully closed socket would answer it. Without a capture only the first check can fall
 * back to the server's own view (it read end-of-file, not a reset); the other two need packets. A passed check
 * says what the capture shows without what the lab's questions ask (how many packets the close took, which side
 * sent the first FIN, the flags of the closed port's reply): the student reads those in the packets.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, CheckVerdict } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { addressOf, CAPTURE_OFF } from '../common/capture-notes';
import { handshakeAttempt } from '../common/handshake';
import { conversationsWith, hasFlag, newest, RST, serverPort, sideOf } from '../common/tcp-conversation';
import { latestCompleteTeardown, teardownOf, teardownsWith } from '../common/teardown';

const TEXT = localized({
  en: {
    finCloseTitle: 'Close with FIN (four-way or three-way teardown seen)',
    orderlyClose: (port: number) =>
      `Your capture has an orderly close of port ${port}: FIN in both directions, each acknowledged, and no RST.`,
    connectAndClose: 'Connect to the echo server and close the connection: connect echo, then close.',
    resetByClient: (port: number) =>
      `Your connection from port ${port} ended with RST, not FIN: it was closed with data still unread, so the kernel reset it. Read everything (recv), then close.`,
    resetByServer: (port: number) =>
      `The server reset your connection from port ${port} (RST). Connect again and close it with close.`,
    finOut: (port: number) => `A FIN went out on port ${port}; waiting for the other FIN and the last ACK.`,
    nowClose: (port: number) => `Connected from port ${port}; now close it: close.`,
    endOfFile: (peer: string) => `The echo server read end-of-file from ${peer}: your side closed with FIN.`,
    resetWithoutCapture: (peer: string) => `The connection from ${peer} was reset (RST), not closed with FIN.`,
    closeAnyway: 'Close a connection anyway (connect echo, then close): the server can tell FIN from RST.',
    resetTitle: 'Provoke an RST: connect to the closed port',
    closedPort: 'the closed port',
    refusedInPacketsOnly:
      'The ECONNREFUSED the shell prints for connect closed is that RST as the socket API reports it, but the lab can only confirm it in packets.',
    refused: (port: number, address: string) =>
      `Your SYN from port ${port} to ${address} was refused: nothing listens there, so the kernel answered it with a reset (RFC 9293 §3.10.7.1), and connect() failed with ECONNREFUSED.`,
    connectClosed: (address: string) => `Connect to the closed port at ${address}: connect closed.`,
    somethingListens: (address: string) =>
      `Something answered your SYN to ${address} with SYN-ACK: a program is listening there now. Stop it and try again.`,
    noAnswerYet: (port: number, address: string) => `Your SYN from port ${port} to ${address} has no answer yet.`,
    halfCloseTitle: 'Half-close: shutdown, then read until recv returns 0 (optional)',
    halfCloseInPacketsOnly: 'A half-close can only be told from a close in packets.',
    halfClosed: (port: number) =>
      `On port ${port} the server's data still arrived after you shut down your sending side, and your kernel acknowledged it: your socket kept receiving after it stopped sending, which is the half-close. Your kernel acknowledges what arrives whether or not your program reads it, so the packets cannot show your recv() calls.`,
    likeAnyClose: (port: number) =>
      `The close of port ${port} looks like any close on the wire: the echo came back before the close began. For a half-close to show, send and shut down at once so the echo arrives after your shutdown, then read until recv returns 0 (the lesson shows how).`,
    howToHalfClose:
      'Send Hello,world!, shut down your sending side at once (shutdown, not close), then read until recv returns 0.',
  },
  'zh-Hans': {
    finCloseTitle: '以 FIN 关闭（看到四次或三次挥手）',
    orderlyClose: (port) => `你的抓包里有端口 ${port} 的有序关闭：两个方向都有 FIN，各自都被确认，并且没有 RST。`,
    connectAndClose: '连接回显服务器，然后关闭这条连接：connect echo，然后 close。',
    resetByClient: (port) =>
      `你从端口 ${port} 建立的连接以 RST 而不是 FIN 结束：关闭时还有数据没读，所以内核复位了它。先读完所有数据（recv），再 close。`,
    resetByServer: (port) => `服务器复位了你从端口 ${port} 建立的连接（RST）。请重新连接，并用 close 关闭它。`,
    finOut: (port) => `端口 ${port} 上已经发出了一个 FIN；正在等待另一个 FIN 和最后一个 ACK。`,
    nowClose: (port) => `已从端口 ${port} 连接；现在关闭它：close。`,
    endOfFile: (peer) => `回显服务器从 ${peer} 读到了文件结束：你这一侧以 FIN 关闭。`,
    resetWithoutCapture: (peer) => `来自 ${peer} 的连接被复位（RST），而不是以 FIN 关闭。`,
    closeAnyway: '照样可以关闭一条连接（connect echo，然后 close）：服务器能区分 FIN 和 RST。',
    resetTitle: '引出 RST：连接关闭的端口',
    closedPort: '关闭的端口',
    refusedInPacketsOnly:
      'shell 对 connect closed 打印的 ECONNREFUSED，正是套接字 API 所报告的那个 RST，但实验只能在数据包里确认它。',
    refused: (port, address) =>
      `你从端口 ${port} 发往 ${address} 的 SYN 被拒绝了：那里没有程序在监听，所以内核用复位作了回应（RFC 9293 §3.10.7.1），connect() 以 ECONNREFUSED 失败。`,
    connectClosed: (address) => `连接位于 ${address} 的关闭端口：connect closed。`,
    somethingListens: (address) =>
      `有程序用 SYN-ACK 回应了你发往 ${address} 的 SYN：现在那里有程序在监听。请停掉它，再试一次。`,
    noAnswerYet: (port, address) => `你从端口 ${port} 发往 ${address} 的 SYN 还没有收到回应。`,
    halfCloseTitle: '半关闭：先 shutdown，再一直读到 recv 返回 0（可选）',
    halfCloseInPacketsOnly: '只有在数据包里才能把半关闭和普通关闭区分开。',
    halfClosed: (port) =>
      `在端口 ${port} 上，你关闭了自己的发送方向之后，服务器的数据仍然到达，并且你的内核确认了它：你的套接字停止发送之后还在接收，这就是半关闭。不管你的程序读没读，内核都会确认到达的数据，所以数据包显示不出你的 recv() 调用。`,
    likeAnyClose: (port) =>
      `端口 ${port} 的关闭在线路上看起来和普通关闭没有区别：回显在关闭开始之前就回来了。要让半关闭显现出来，请在发送之后立即 shutdown，让回显在你 shutdown 之后才到达，然后一直读到 recv 返回 0（课程里讲了做法）。`,
    howToHalfClose: '发送 Hello,world!，随即关闭你的发送方向（用 shutdown，不是 close），然后一直读到 recv 返回 0。',
  },
});

export const ECHO = 'echo';
export const CLOSED = 'closed';

export const finClose: CheckDefinition = {
  id: 'fin-close',
  title: TEXT.finCloseTitle,
  evaluate(context) {
    const port = serverPort(context.servers, ECHO);
    if (!context.captureRunning || port === undefined) return finWithoutCapture(context);
    const done = latestCompleteTeardown(context.packets, port);
    if (done !== undefined) {
      return passed(TEXT.orderlyClose(done.conversation.clientPort));
    }
    const conversations = conversationsWith(context.packets, port);
    const last = conversations.at(-1);
    if (last === undefined) return pending(TEXT.connectAndClose);
    const reset = last.packets.find((packet) => hasFlag(packet, RST));
    if (reset !== undefined) {
      const who = sideOf(reset, last);
      return failed(who === 'client' ? TEXT.resetByClient(last.clientPort) : TEXT.resetByServer(last.clientPort));
    }
    if (teardownOf(last) !== undefined) return pending(TEXT.finOut(last.clientPort));
    return pending(TEXT.nowClose(last.clientPort));
  },
};

function finWithoutCapture(context: CheckContext): CheckVerdict {
  const clean = context.connections.find((record) => record.server === ECHO && record.peerFin && !record.reset);
  if (clean !== undefined) {
    return passed(sentences(TEXT.endOfFile(clean.peer), CAPTURE_OFF));
  }
  const reset = context.connections.filter((record) => record.server === ECHO && record.reset).at(-1);
  if (reset !== undefined) return failed(sentences(TEXT.resetWithoutCapture(reset.peer), CAPTURE_OFF));
  return pending(sentences(CAPTURE_OFF, TEXT.closeAnyway));
}

export const resetFromClosedPort: CheckDefinition = {
  id: 'rst-closed-port',
  title: TEXT.resetTitle,
  evaluate(context) {
    const address = addressOf(context, CLOSED, TEXT.closedPort);
    const port = serverPort(context.servers, CLOSED);
    if (!context.captureRunning || port === undefined) {
      return pending(sentences(CAPTURE_OFF, TEXT.refusedInPacketsOnly));
    }
    const attempts = conversationsWith(context.packets, port)
      .map((conversation) => ({ conversation, attempt: handshakeAttempt(conversation) }))
      .filter(({ attempt }) => attempt.syn !== undefined);
    const refused = newest(
      attempts.filter(({ attempt }) => attempt.refused !== undefined),
      ({ attempt }) => attempt.refused?.id ?? 0,
    );
    if (refused?.attempt.refused !== undefined) {
      return passed(TEXT.refused(refused.conversation.clientPort, address));
    }
    const last = attempts.at(-1);
    if (last === undefined) return pending(TEXT.connectClosed(address));
    if (last.attempt.synAck !== undefined) return failed(TEXT.somethingListens(address));
    return pending(TEXT.noAnswerYet(last.conversation.clientPort, address));
  },
};

export const halfClose: CheckDefinition = {
  id: 'half-close',
  title: TEXT.halfCloseTitle,
  evaluate(context) {
    const port = serverPort(context.servers, ECHO);
    if (!context.captureRunning || port === undefined) {
      return pending(sentences(CAPTURE_OFF, TEXT.halfCloseInPacketsOnly));
    }
    const teardowns = teardownsWith(context.packets, port);
    const half = newest(
      teardowns.filter(
        ({ teardown }) => teardown.complete && teardown.firstSide === 'client' && teardown.dataAfterFirstFin.length > 0,
      ),
      ({ teardown }) => teardown.firstFin.id,
    );
    if (half !== undefined) {
      return passed(TEXT.halfClosed(half.conversation.clientPort));
    }
    const closed = teardowns.filter(({ teardown }) => teardown.complete && teardown.firstSide === 'client').at(-1);
    if (closed !== undefined) return pending(TEXT.likeAnyClose(closed.conversation.clientPort));
    return pending(TEXT.howToHalfClose);
  },
};

export const checks: readonly CheckDefinition[] = [finClose, resetFromClosedPort, halfClose];
