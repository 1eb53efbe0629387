/**
 * The capture questions of lab `tcp-teardown`, judged against this student's own packets: the teardown questions
 * use the last connection to the echo server whose close finished (both FINs acknowledged), the flags question
 * the last SYN the closed port refused. Wrong answers get a hint about where to look, or about the recognisable
 * mistake (the passive side for TIME_WAIT), never the answer itself: three packets and four get the same hint, since
 * a hint for each would tell which one is right.
 */

import { localized } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { readFlags, readNumber, readSide, sameFlags } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { handshakeAttempt } from '../common/handshake';
import { conversationsWith, flagList, newest, portsOf, serverPort, sideName } from '../common/tcp-conversation';
import { describeTeardown, latestCompleteTeardown, type TeardownMatch, teardownsWith } from '../common/teardown';
import { CLOSED, ECHO } from './checks';

const TEXT = localized({
  en: {
    noEchoServer: 'This lab has no echo server to close a connection with.',
    closeFirst: 'Close a connection first: connect echo, then close.',
    notFinished: (port: number) =>
      `The close of port ${port} has not finished yet: wait for both FINs and the last ACK.`,
    oneSide: 'Answer client or server.',
    firstFinPrompt: 'Who sent the first FIN in your last connection: the client or the server?',
    firstFinFormat: 'client or server',
    clientClosedFirst: 'the client closed first, and the echo server closed its side when its read returned 0',
    serverClosedFirst: 'the server closed first, and your side answered with its own FIN',
    firstFinRight: (side: string, port: number, flags: string, seq: number, closer: string) =>
      `Right: the ${side} (port ${port}) sent ${flags} Seq=${seq} first: ${closer}.`,
    findFirstFin: (ports: string, serverPort: number) =>
      `Find the first packet with FIN in your last connection (${ports}) and see which port sent it. The server’s port is ${serverPort}.`,
    resetFlagsPrompt: 'Which flags did the reply to your SYN to the closed port carry?',
    resetFlagsFormat: 'flag names, like SYN, ACK',
    connectClosedFirst: 'Connect to the closed port first: connect closed.',
    listening:
      'Your SYN to the closed port was answered with SYN-ACK: a program is listening there now. Stop it and connect again.',
    noReply: 'Your SYN to the closed port has no reply yet.',
    flagNames: 'Answer with flag names such as SYN, ACK, FIN, RST or PSH.',
    resetFlagsRight: (flags: string) =>
      `Right: ${flags}. RST refuses the connection. ACK is set because the reset acknowledges your SYN (Ack = your ISN + 1), which tells your TCP that this reset answers that SYN (RFC 9293 §3.10.7.1).`,
    synInReply:
      'A SYN in the reply is what a listening server sends. Nothing listens on that port: look at the reply again.',
    moreFlags: 'Close: the reply carries more flags than that. Read the Flags line of the reply in the packet detail.',
    notQuite: (port: number) =>
      `Not quite. Open the reply to your SYN, the packet from port ${port}, and read its Flags line.`,
    packetsPrompt: 'How many packets did your last teardown take, from the first FIN to the last ACK?',
    aNumber: 'a number',
    answerNumber: 'Answer with a number.',
    withData: (data: number) =>
      `including ${data} data segment${data === 1 ? '' : 's'} the server still sent after the first FIN (a half-close)`,
    inThree: 'the second FIN also acknowledged the first, so one packet did two jobs',
    inFour: 'each FIN was acknowledged in a packet of its own',
    packetsRight: (count: number, why: string, ladder: string) => `Right: ${count} packets, ${why}: ${ladder}.`,
    countAgain:
      'Count again, and look at the Ack field of the second FIN: does it acknowledge the first FIN too, or does a packet of its own do that?',
    countData:
      'Count every packet of this connection from the first FIN to the last ACK, data included: the server still sent data after the first FIN.',
    countPackets: (ports: string) =>
      `Count this connection’s packets (${ports}) from the first FIN to the ACK of the second FIN, both included. The Ladder tab shows them in order.`,
    timeWaitPrompt: 'In your last connection, which side goes into TIME_WAIT?',
    timeWaitFormat: 'client, server or both',
    answerSides: 'Answer client, server or both.',
    bothClosedActively: 'both sides: their FINs crossed, so each closed actively',
    activeCloser: (side: string) => `the ${side}, because it sent the first FIN (the active close)`,
    timeWaitRight: (who: string) =>
      `Right: ${who}. TIME_WAIT lasts 2×MSL (60 s on Linux) so that the last ACK can be sent again if the peer's FIN is repeated, and so that stray segments of this connection die out before the same ports can carry a new one (RFC 9293 §3.6.1).`,
    onlyOneActive: 'Only one side closed actively here. TIME_WAIT is for the side that sent the first FIN.',
    closedActively:
      'TIME_WAIT is for the side that closed actively. Which side sent the first FIN in your last connection?',
  },
  'zh-Hans': {
    noEchoServer: '这个实验没有可以用来关闭连接的回显服务器。',
    closeFirst: '先关闭一条连接：connect echo，然后 close。',
    notFinished: (port) => `端口 ${port} 的关闭还没有结束：请等待两个 FIN 和最后一个 ACK。`,
    oneSide: '请回答客户端或服务器。',
    firstFinPrompt: '在你最近的一条连接中，谁发出了第一个 FIN：客户端还是服务器？',
    firstFinFormat: '客户端或服务器',
    clientClosedFirst: '客户端先关闭，回显服务器在读取返回 0 时关闭了它那一侧',
    serverClosedFirst: '服务器先关闭，你这一侧用自己的 FIN 作了回应',
    firstFinRight: (side, port, flags, seq, closer) =>
      `正确：${side}（端口 ${port}）最先发出了 ${flags} Seq=${seq}，也就是${closer}。`,
    findFirstFin: (ports, serverPort) =>
      `在你最近的一条连接（${ports}）中找到第一个带 FIN 的数据包，看它是从哪个端口发出的。服务器的端口是 ${serverPort}。`,
    resetFlagsPrompt: '你发往关闭端口的 SYN 收到的回复带了哪些标志？',
    resetFlagsFormat: '标志名，例如 SYN, ACK',
    connectClosedFirst: '先连接关闭的端口：connect closed。',
    listening: '你发往关闭端口的 SYN 收到的是 SYN-ACK：现在那里有程序在监听。请停掉它，再重新连接。',
    noReply: '你发往关闭端口的 SYN 还没有收到回复。',
    flagNames: '请用标志名作答，例如 SYN、ACK、FIN、RST 或 PSH。',
    resetFlagsRight: (flags) =>
      `正确：${flags}。RST 拒绝了这条连接。ACK 置位，是因为这个复位确认了你的 SYN（Ack = 你的 ISN + 1），你的 TCP 由此知道这个复位是对那个 SYN 的回应（RFC 9293 §3.10.7.1）。`,
    synInReply: '回复里带 SYN，是正在监听的服务器才会发的。那个端口上没有程序在监听：再看一遍这个回复。',
    moreFlags: '接近了：这个回复带的标志不止这些。请在数据包详情里读这个回复的 Flags 一行。',
    notQuite: (port) => `不太对。打开对你的 SYN 的回复，也就是来自端口 ${port} 的那个数据包，读它的 Flags 一行。`,
    packetsPrompt: '你最近的一次挥手，从第一个 FIN 到最后一个 ACK，一共用了几个包？',
    aNumber: '一个数字',
    answerNumber: '请用数字作答。',
    withData: (data) => `其中包括服务器在第一个 FIN 之后仍然发出的 ${data} 个数据报文段（半关闭）`,
    inThree: '第二个 FIN 同时确认了第一个 FIN，一个包干了两件事',
    inFour: '每个 FIN 都由单独的一个包来确认',
    packetsRight: (count, why, ladder) => `正确：${count} 个包，${why}：${ladder}。`,
    countAgain: '再数一遍，并看看第二个 FIN 的 Ack 字段：它是否同时确认了第一个 FIN，还是由一个单独的包来确认？',
    countData:
      '把这条连接从第一个 FIN 到最后一个 ACK 的每个包都数上，数据也算在内：服务器在第一个 FIN 之后还发送了数据。',
    countPackets: (ports) =>
      `数一数这条连接（${ports}）从第一个 FIN 到第二个 FIN 的 ACK 之间的包，两头都算。「时序图」标签页按顺序列出了它们。`,
    timeWaitPrompt: '在你最近的一条连接中，哪一方会进入 TIME_WAIT？',
    timeWaitFormat: '客户端、服务器或双方',
    answerSides: '请回答客户端、服务器或双方。',
    bothClosedActively: '双方都会进入，因为它们的 FIN 交错而过，每一方都是主动关闭',
    activeCloser: (side) => `${side}，因为它发出了第一个 FIN（主动关闭）`,
    timeWaitRight: (who) =>
      `正确：${who}。TIME_WAIT 持续 2×MSL（Linux 上是 60 s），这样对端的 FIN 重传时还能再发一次最后的 ACK，也让这条连接残留的报文段在同样的端口承载新连接之前消失（RFC 9293 §3.6.1）。`,
    onlyOneActive: '这里只有一方是主动关闭的。进入 TIME_WAIT 的是发出第一个 FIN 的那一方。',
    closedActively: '进入 TIME_WAIT 的是主动关闭的那一方。在你最近的一条连接中，是哪一方发出了第一个 FIN？',
  },
});

function isVerdict(value: TeardownMatch | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

/** The last finished close with the echo server, or the verdict to give when there is none to judge against. */
function lastTeardownOrWhy(context: CheckContext): TeardownMatch | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  const port = serverPort(context.servers, ECHO);
  if (port === undefined) return pending(TEXT.noEchoServer);
  const match = latestCompleteTeardown(context.packets, port);
  if (match !== undefined) return match;
  const closing = teardownsWith(context.packets, port).at(-1);
  return pending(closing === undefined ? TEXT.closeFirst : TEXT.notFinished(closing.conversation.clientPort));
}

export const firstFin: QuestionDefinition = {
  id: 'first-fin',
  prompt: TEXT.firstFinPrompt,
  format: TEXT.firstFinFormat,
  evaluate(context, answer) {
    const match = lastTeardownOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readSide(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.oneSide);
    const side = reading.value;
    if (side === 'both') return failed(TEXT.oneSide);
    const { firstSide, firstFin: fin } = match.teardown;
    if (side === firstSide) {
      const closer = firstSide === 'client' ? TEXT.clientClosedFirst : TEXT.serverClosedFirst;
      return passed(TEXT.firstFinRight(sideName(firstSide), fin.srcPort, flagList(fin), fin.tcp.seq, closer));
    }
    return failed(TEXT.findFirstFin(portsOf(match.conversation), match.conversation.serverPort));
  },
};

export const resetFlags: QuestionDefinition = {
  id: 'rst-flags',
  prompt: TEXT.resetFlagsPrompt,
  format: TEXT.resetFlagsFormat,
  evaluate(context, answer) {
    const off = captureOff(context);
    if (off !== undefined) return off;
    const port = serverPort(context.servers, CLOSED);
    const attempts = (port === undefined ? [] : conversationsWith(context.packets, port))
      .map((conversation) => handshakeAttempt(conversation))
      .filter((attempt) => attempt.syn !== undefined);
    const reply = newest(
      attempts.map((attempt) => attempt.refused).filter((packet) => packet !== undefined),
      (packet) => packet.id,
    );
    if (reply === undefined) {
      if (attempts.length === 0) return pending(TEXT.connectClosedFirst);
      return pending(attempts.some((attempt) => attempt.synAck !== undefined) ? TEXT.listening : TEXT.noReply);
    }
    const reading = readFlags(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.flagNames);
    const given = reading.value;
    const expected = new Set(reply.tcp.flagNames.split(','));
    if (sameFlags(given, expected)) return passed(TEXT.resetFlagsRight(flagList(reply)));
    if (given.has('SYN') && !expected.has('SYN')) return failed(TEXT.synInReply);
    if ([...given].every((flag) => expected.has(flag))) return failed(TEXT.moreFlags);
    return failed(TEXT.notQuite(reply.srcPort));
  },
};

export const teardownPackets: QuestionDefinition = {
  id: 'teardown-packets',
  prompt: TEXT.packetsPrompt,
  format: TEXT.aNumber,
  evaluate(context, answer) {
    const match = lastTeardownOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readNumber(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.answerNumber);
    const value = reading.value;
    const expected = match.teardown.packets.length;
    const data = match.teardown.dataAfterFirstFin.length;
    if (value === expected) {
      const why = data > 0 ? TEXT.withData(data) : expected === 3 ? TEXT.inThree : TEXT.inFour;
      return passed(TEXT.packetsRight(expected, why, describeTeardown(match)));
    }
    // One hint for both mistakes: a hint that differed between 3 and 4 would tell which one is right.
    if (data === 0 && (value === 3 || value === 4)) return failed(TEXT.countAgain);
    if (data > 0 && value < expected) return failed(TEXT.countData);
    return failed(TEXT.countPackets(portsOf(match.conversation)));
  },
};

export const timeWait: QuestionDefinition = {
  id: 'time-wait',
  prompt: TEXT.timeWaitPrompt,
  format: TEXT.timeWaitFormat,
  evaluate(context, answer) {
    const match = lastTeardownOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readSide(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.answerSides);
    const side = reading.value;
    const { firstSide, simultaneous } = match.teardown;
    const expected = simultaneous ? 'both' : firstSide;
    if (side === expected) {
      const who = simultaneous ? TEXT.bothClosedActively : TEXT.activeCloser(sideName(firstSide));
      return passed(TEXT.timeWaitRight(who));
    }
    if (side === 'both') return failed(TEXT.onlyOneActive);
    return failed(TEXT.closedActively);
  },
};

export const questions: readonly QuestionDefinition[] = [firstFin, resetFlags, teardownPackets, timeWait];
