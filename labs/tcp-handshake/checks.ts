/**
 * The checks of lab `tcp-handshake`: a complete three-way handshake with the echo server, then `Hello,world!` sent
 * and acknowledged. Both are judged on the session's own packets (RFC 9293 §3.5 for the handshake, §3.4 for the
 * acknowledgement), so they pass for the lab shell, a student's program or a board alike. Without a capture they
 * fall back to what the server saw on its sockets, which proves the same facts less directly: `accept()` returns
 * only established connections, and bytes the server read were accepted, and so acknowledged, by its TCP. A
 * passed check says what the capture shows without the numbers the lab's questions ask for (the SYN-ACK's Ack,
 * the Ack after the greeting): the student reads those in the packets.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, CheckVerdict } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { quoteBytes } from '../../src/protocol';
import { addressOf, CAPTURE_OFF } from '../common/capture-notes';
import { GREETING, type GreetingState, greetingState } from '../common/client-stream';
import { handshakeAttempt, handshakesWith } from '../common/handshake';
import { conversationsWith, newest, serverPort } from '../common/tcp-conversation';

const TEXT = localized({
  en: {
    echoServer: 'the echo server',
    handshakeTitle: 'Complete a handshake',
    acceptedWithoutCapture: (peer: string) =>
      `The echo server accepted a connection from ${peer}, and accept() returns only once the handshake is complete.`,
    connectAnyway: 'Connect anyway (connect echo): the server can still tell that a handshake completed.',
    handshakeSeen: (clientPort: number, serverPort: number, ms: string) =>
      `Your capture has a complete handshake (SYN, SYN-ACK, ACK) from port ${clientPort} to ${serverPort}: ${ms} ms between your SYN and your ACK, by the packets' timestamps.`,
    waitingForConnection: (address: string) => `Waiting for a connection to ${address}: type connect echo.`,
    refused: (port: number, address: string) =>
      `Your SYN from port ${port} was answered with RST: nothing was listening on ${address}. Try again.`,
    synAckSeen: (port: number) => `SYN and SYN-ACK seen for port ${port}; waiting for the client's ACK.`,
    synWaiting: (port: number) => `A SYN from port ${port} is waiting for the server's SYN-ACK.`,
    greetingTitle: (greeting: string) => `Send ${greeting} and see it acknowledged`,
    oneSegment: 'in one segment',
    segments: (count: number) => `in ${count} segments`,
    retransmitted: (how: string, count: number) => `${how} (${count} retransmitted)`,
    greetingAcknowledged: (bytes: number, port: number, how: string) =>
      `Your ${bytes} bytes from port ${port} went out ${how}, and a segment from the server acknowledges all of them.`,
    connectThenSend: (greeting: string) => `Connect first (connect echo), then send ${greeting}.`,
    nowSend: (port: number, greeting: string) => `Connected from port ${port}; now send ${greeting}.`,
    seenSoFar: (port: number, quoted: string) => `Seen so far from port ${port}: ${quoted}…`,
    wrongGreeting: (port: number, quoted: string, bytes: number, greeting: string) =>
      `Your connection from port ${port} sent ${quoted} (${bytes} bytes) first; the lab expects ${greeting} (12 bytes). Connect again and send exactly that.`,
    greetingOut: (greeting: string, port: number) =>
      `${greeting} went out from port ${port}; waiting for the server's ACK.`,
    readWithoutCapture: (greeting: string, peer: string) =>
      `The echo server read ${greeting} from ${peer}, so its TCP had accepted the 12 bytes, and acknowledged them.`,
    sendAnyway: (greeting: string) => `Send ${greeting} anyway: the server can still tell that it arrived.`,
  },
  'zh-Hans': {
    echoServer: '回显服务器',
    handshakeTitle: '完成一次握手',
    acceptedWithoutCapture: (peer) => `回显服务器接受了来自 ${peer} 的连接，而 accept() 只有在握手完成之后才会返回。`,
    connectAnyway: '照样可以连接（connect echo）：服务器仍然能判断出握手已经完成。',
    handshakeSeen: (clientPort, serverPort, ms) =>
      `你的抓包里有从端口 ${clientPort} 到 ${serverPort} 的完整握手（SYN、SYN-ACK、ACK）：按数据包的时间戳，你的 SYN 和你的 ACK 相隔 ${ms} ms。`,
    waitingForConnection: (address) => `正在等待到 ${address} 的连接：输入 connect echo。`,
    refused: (port, address) => `你从端口 ${port} 发出的 SYN 收到的是 RST：${address} 上没有程序在监听。请再试一次。`,
    synAckSeen: (port) => `端口 ${port} 的 SYN 和 SYN-ACK 都已看到；正在等待客户端的 ACK。`,
    synWaiting: (port) => `来自端口 ${port} 的 SYN 正在等待服务器的 SYN-ACK。`,
    greetingTitle: (greeting) => `发送 ${greeting} 并看到它被确认`,
    oneSegment: '只用了单个报文段',
    segments: (count) => `分成了 ${count} 个报文段`,
    retransmitted: (how, count) => `${how}（重传了 ${count} 次）`,
    greetingAcknowledged: (bytes, port, how) =>
      `你的 ${bytes} 个字节从端口 ${port} 发出，${how}；服务器发回的报文段确认了全部这些字节。`,
    connectThenSend: (greeting) => `先建立连接（connect echo），再发送 ${greeting}。`,
    nowSend: (port, greeting) => `已从端口 ${port} 连接；现在发送 ${greeting}。`,
    seenSoFar: (port, quoted) => `目前从端口 ${port} 看到的是：${quoted}……`,
    wrongGreeting: (port, quoted, bytes, greeting) =>
      `你从端口 ${port} 建立的连接最先发出的是 ${quoted}（${bytes} 字节）；实验要求的是 ${greeting}（12 字节）。请重新连接，并且只发送这些内容。`,
    greetingOut: (greeting, port) => `${greeting} 已从端口 ${port} 发出；正在等待服务器的 ACK。`,
    readWithoutCapture: (greeting, peer) =>
      `回显服务器从 ${peer} 读到了 ${greeting}，说明它的 TCP 已经接收了这 12 个字节，并且确认了它们。`,
    sendAnyway: (greeting) => `照样可以发送 ${greeting}：服务器仍然能判断出它已经到达。`,
  },
});

export const ECHO = 'echo';

const GREETING_BYTES = new TextEncoder().encode(GREETING);

function startsWithGreeting(bytes: Uint8Array): boolean {
  return bytes.length >= GREETING_BYTES.length && GREETING_BYTES.every((byte, i) => bytes[i] === byte);
}

export const handshake: CheckDefinition = {
  id: 'handshake',
  title: TEXT.handshakeTitle,
  evaluate(context) {
    const address = addressOf(context, ECHO, TEXT.echoServer);
    const port = serverPort(context.servers, ECHO);
    if (!context.captureRunning || port === undefined) {
      const accepted = context.connections.find((record) => record.server === ECHO);
      if (accepted !== undefined) {
        return passed(sentences(TEXT.acceptedWithoutCapture(accepted.peer), CAPTURE_OFF));
      }
      return pending(sentences(CAPTURE_OFF, TEXT.connectAnyway));
    }
    const done = newest(handshakesWith(context.packets, port), (match) => match.handshake.ack.id);
    if (done !== undefined) {
      const { syn, ack } = done.handshake;
      // The handshake's own duration, from the capture: the lab shell can only time its connect() call.
      const ms = ((ack.time - syn.time) * 1000).toFixed(2);
      return passed(TEXT.handshakeSeen(done.conversation.clientPort, port, ms));
    }
    const attempts = conversationsWith(context.packets, port)
      .map((conversation) => ({ conversation, attempt: handshakeAttempt(conversation) }))
      .filter(({ attempt }) => attempt.syn !== undefined);
    const last = attempts.at(-1);
    if (last === undefined) return pending(TEXT.waitingForConnection(address));
    const from = last.conversation.clientPort;
    if (last.attempt.refused !== undefined) return failed(TEXT.refused(from, address));
    if (last.attempt.synAck !== undefined) return pending(TEXT.synAckSeen(from));
    return pending(TEXT.synWaiting(from));
  },
};

export const greetingAcknowledged: CheckDefinition = {
  id: 'hello-acked',
  title: TEXT.greetingTitle(GREETING),
  evaluate(context) {
    const port = serverPort(context.servers, ECHO);
    if (!context.captureRunning || port === undefined) return withoutCapture(context);
    const matches = handshakesWith(context.packets, port);
    const states = matches.map((match) => ({ match, state: greetingState(match.conversation, match.handshake) }));
    for (const { match, state } of [...states].reverse()) {
      if (state.kind !== 'sent' || state.ack === undefined) continue;
      // A retransmission repeats a segment's sequence number: it is the same segment sent again.
      const sent = state.stream.segments.length;
      const count = new Set(state.stream.segments.map((segment) => segment.tcp.seqRaw)).size;
      const segments = count === 1 ? TEXT.oneSegment : TEXT.segments(count);
      const how = sent > count ? TEXT.retransmitted(segments, sent - count) : segments;
      return passed(TEXT.greetingAcknowledged(state.length, match.conversation.clientPort, how));
    }
    const latest = states.at(-1);
    if (latest === undefined) return pending(TEXT.connectThenSend(GREETING));
    return judgeUnacknowledged(latest.state, latest.match.conversation.clientPort);
  },
};

function judgeUnacknowledged(state: GreetingState, clientPort: number): CheckVerdict {
  switch (state.kind) {
    case 'none':
      return pending(TEXT.nowSend(clientPort, GREETING));
    case 'partial':
      return pending(TEXT.seenSoFar(clientPort, quoteBytes(state.stream.bytes)));
    case 'wrong':
      return failed(TEXT.wrongGreeting(clientPort, quoteBytes(state.stream.bytes), state.stream.length, GREETING));
    case 'sent':
      return pending(TEXT.greetingOut(GREETING, clientPort));
  }
}

function withoutCapture(context: CheckContext): CheckVerdict {
  const record = context.connections.find(
    (candidate) => candidate.server === ECHO && startsWithGreeting(candidate.received),
  );
  if (record !== undefined) {
    return passed(sentences(TEXT.readWithoutCapture(GREETING, record.peer), CAPTURE_OFF));
  }
  return pending(sentences(CAPTURE_OFF, TEXT.sendAnyway(GREETING)));
}

export const checks: readonly CheckDefinition[] = [handshake, greetingAcknowledged];
