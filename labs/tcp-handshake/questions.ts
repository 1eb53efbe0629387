/**
 * The capture questions of lab `tcp-handshake`. Each is judged against this student's own packets, using the
 * most recent complete handshake with the echo server, so every student has different right answers for the
 * raw numbers. A wrong answer gets a hint that points at the field to read, never the number itself; a
 * recognisable mistake (the relative number for the raw one, the client's ISN for the server's, the byte count
 * for the acknowledgement number) gets a hint about that mistake.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { readNumber, saysNone } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { GREETING, greetingState } from '../common/client-stream';
import { type HandshakeMatch, handshakesWith, latestHandshake } from '../common/handshake';
import { portsOf, serverPort } from '../common/tcp-conversation';
import { ECHO } from './checks';

const TEXT = localized({
  en: {
    noHandshake: 'Make a connection first: connect echo. Then find its three packets in the Packets tab.',
    notANumber: 'Answer with a number, as the packet detail shows it.',
    aNumber: 'a number',
    rawForm: 'That is the raw form. The question asks for the relative one, counted from your own ISN.',
    serverIsnPrompt: 'Which initial sequence number (ISN) did the server choose? Give the raw number.',
    serverIsnFormat: 'a number, like 2864539821 (or in hex, 0x…)',
    isnRight: (ports: string, isn: number) =>
      `Right: the SYN-ACK of your latest connection (${ports}) carried Seq=${isn}, which Wireshark shows as Seq=0 because it counts from it. The server's kernel picked it for this connection alone (RFC 6528), so your neighbour's is different.`,
    lookAtRawSeq: 'Look at the SYN-ACK’s Seq in raw form: the packet detail shows both.',
    isnRelative:
      'That is the relative number: Wireshark counts each direction from its own ISN, so every SYN shows Seq=0.',
    isnOfClient: 'That is your client’s ISN, from its SYN. The server chose its own and sent it in the SYN-ACK.',
    isnAckNumber:
      'That is the SYN-ACK’s acknowledgement number (your ISN + 1). The server’s own ISN is the SYN-ACK’s sequence number.',
    isnOffByOne: 'Off by one: that is the ISN + 1 your ACK acknowledged. The ISN itself is in the SYN-ACK.',
    isnEarlier: (port: number, ports: string) =>
      `That is the server’s ISN from an earlier connection (port ${port}). The question is about your latest one, ${ports}: every connection gets a new ISN.`,
    isnOther: (ports: string) => `Not the ISN of your latest connection (${ports}).`,
    synAckAckPrompt: 'What acknowledgement number (relative) did the server’s SYN-ACK carry, and why?',
    synAckAckFormat: 'a number, then “because …” (only the number is graded)',
    synAckAckRight: (ack: number, ackRaw: number, isn: number) =>
      `Right: Ack=${ack}. Your SYN carried no data, yet it used one sequence number (your ISN, relative 0), so the next one the server expects is ${ack}. In raw form: ${ackRaw} = your ISN ${isn} + 1.`,
    ackZero:
      'That is where your SYN sits. An acknowledgement number names the next sequence number expected, and the SYN itself used one.',
    ackIsSeq: 'That is the SYN-ACK’s sequence number, the server’s ISN. Look at its Ack field instead.',
    synAckAckOther:
      'Look at the SYN-ACK’s Ack field. Hint: it names the next sequence number the server expects from you, and your SYN used one.',
    greetingAckPrompt: (greeting: string) =>
      `After your ${greeting}, which relative acknowledgement number did the server send?`,
    greetingOut: (greeting: string) => `${greeting} went out; waiting for the server's ACK.`,
    sendFirst: (greeting: string) => `Send ${greeting} on a connection first: connect echo, then send ${greeting}.`,
    greetingAckRight: (ack: number, bytes: number) =>
      `Right: Ack=${ack}. Your ${bytes} bytes used relative sequence numbers 1 to ${bytes} (the SYN used 0), so the next byte the server expects is ${ack}.`,
    byteCount:
      'That is how many bytes you sent. The ACK names the next byte expected, and your data did not start at 0: the SYN used sequence number 0.',
    handshakeAck:
      'That is the acknowledgement from before your data (the handshake’s). Look at the server’s first packet after your data segment.',
    greetingAckOther:
      'Find the server’s first packet after your data segment and read its Ack. Hint: your data started at relative sequence number 1.',
    mssPrompt: 'What MSS did your client announce in its SYN?',
    mssFormat: 'a number of bytes',
    noMssRight: (assumed: number) =>
      `Right: your SYN carried no MSS option, so the server must assume ${assumed} bytes (RFC 9293 §3.7.1).`,
    noMssWrong: 'Look again at the options of your SYN: is there a Maximum segment size among them?',
    mssRight: (mss: number) => `Right: MSS=${mss}.`,
    mssOfLoopback:
      'Loopback’s MTU is 65536, but an IPv4 packet is at most 65535 bytes long (its length field has 16 bits): 65535 − 20 (IP header) − 20 (TCP header) = 65495.',
    mssOfInterface:
      'It is the largest segment your side can receive: the interface’s MTU minus the IP and TCP headers (1500 − 40 = 1460 on Ethernet).',
    mssOfServer: 'That is the MSS in the server’s SYN-ACK. The question asks what your client announced in its SYN.',
    mssDefault:
      'That is the default a TCP assumes when the SYN carries no MSS option (RFC 9293 §3.7.1). Your SYN did carry one.',
    mssOfEthernet:
      '1460 is the usual MSS on Ethernet (1500 − 40), but your connection may run over another interface. Read the option in your own SYN.',
    mssWindowScale: 'That is the window scale option. The MSS is another option of the same SYN.',
    mssWindow:
      'That is the SYN’s window field, a different number that can look alike. Look among the TCP options instead.',
    mssOther:
      'Open your SYN (the first packet of your latest connection) and find Maximum segment size among its TCP options; the Info column shows it too.',
  },
  'zh-Hans': {
    noHandshake: '先建立一条连接：connect echo。然后在「数据包」标签页里找到它的三个数据包。',
    notANumber: '请用数字作答，按数据包详情里显示的那样写。',
    aNumber: '一个数字',
    rawForm: '这是原始值。问题问的是相对值，也就是从你自己的 ISN 开始计数的那个。',
    serverIsnPrompt: '服务器选择的初始序列号（ISN）是多少？请给出原始序号。',
    serverIsnFormat: '一个数字，例如 2864539821（也可以用十六进制，0x…）',
    isnRight: (ports, isn) =>
      `正确：你最近一条连接（${ports}）的 SYN-ACK 携带的是 Seq=${isn}，Wireshark 把它显示为 Seq=0，因为它从这个值开始计数。服务器的内核只为这一条连接选了这个值（RFC 6528），所以你旁边同学的会不一样。`,
    lookAtRawSeq: '请看 SYN-ACK 的 Seq 的原始值：数据包详情里两种都有。',
    isnRelative: '这是相对序号：Wireshark 对每个方向都从该方向自己的 ISN 开始计数，所以每个 SYN 都显示 Seq=0。',
    isnOfClient: '这是你的客户端的 ISN，来自它的 SYN。服务器选了自己的 ISN，并放在 SYN-ACK 里发了出来。',
    isnAckNumber: '这是 SYN-ACK 的确认号（你的 ISN + 1）。服务器自己的 ISN 是 SYN-ACK 的序列号。',
    isnOffByOne: '差了一：这是你的 ACK 所确认的 ISN + 1。ISN 本身在 SYN-ACK 里。',
    isnEarlier: (port, ports) =>
      `这是服务器在之前一条连接（端口 ${port}）上的 ISN。问题问的是你最近的那条连接，${ports}：每条连接都会得到一个新的 ISN。`,
    isnOther: (ports) => `这不是你最近一条连接（${ports}）的 ISN。`,
    synAckAckPrompt: '服务器的 SYN-ACK 携带的确认号（相对序号）是多少，为什么？',
    synAckAckFormat: '一个数字，后面接“因为……”（只评判数字）',
    synAckAckRight: (ack, ackRaw, isn) =>
      `正确：Ack=${ack}。你的 SYN 没有携带数据，却占用了一个序列号（你的 ISN，相对序号 0），所以服务器期待的下一个序号是 ${ack}。换成原始值：${ackRaw} = 你的 ISN ${isn} + 1。`,
    ackZero: '这是你的 SYN 所在的位置。确认号表示期待收到的下一个序列号，而 SYN 本身就占用了一个序号。',
    ackIsSeq: '这是 SYN-ACK 的序列号，也就是服务器的 ISN。请改看它的 Ack 字段。',
    synAckAckOther: '请看 SYN-ACK 的 Ack 字段。提示：它表示服务器期待你发来的下一个序列号，而你的 SYN 占用了一个序号。',
    greetingAckPrompt: (greeting) => `你发送 ${greeting} 之后，服务器发出的相对确认号是多少？`,
    greetingOut: (greeting) => `${greeting} 已经发出；正在等待服务器的 ACK。`,
    sendFirst: (greeting) => `先在一条连接上发送 ${greeting}：connect echo，然后 send ${greeting}。`,
    greetingAckRight: (ack, bytes) =>
      `正确：Ack=${ack}。你的 ${bytes} 个字节占用了相对序列号 1 到 ${bytes}（SYN 占用了 0），所以服务器期待的下一个字节是 ${ack}。`,
    byteCount: '这是你发送的字节数。ACK 表示期待收到的下一个字节，而你的数据并不是从 0 开始的：SYN 占用了序列号 0。',
    handshakeAck: '这是你发送数据之前的那个确认（握手时的）。请看你的数据报文段之后服务器发出的第一个数据包。',
    greetingAckOther: '找到你的数据报文段之后服务器发出的第一个数据包，读它的 Ack。提示：你的数据从相对序列号 1 开始。',
    mssPrompt: '你的客户端在它的 SYN 里通告的 MSS 是多少？',
    mssFormat: '一个字节数',
    noMssRight: (assumed) =>
      `正确：你的 SYN 没有携带 MSS 选项，所以服务器只能假定为 ${assumed} 字节（RFC 9293 §3.7.1）。`,
    noMssWrong: '再看看你的 SYN 的选项：里面有 Maximum segment size 吗？',
    mssRight: (mss) => `正确：MSS=${mss}。`,
    mssOfLoopback:
      '环回接口的 MTU 是 65536，但一个 IPv4 数据包最长只有 65535 字节（它的长度字段是 16 位）：65535 − 20（IP 首部）− 20（TCP 首部）= 65495。',
    mssOfInterface: '这是你这一侧能接收的最大报文段：接口的 MTU 减去 IP 和 TCP 首部（以太网上是 1500 − 40 = 1460）。',
    mssOfServer: '这是服务器的 SYN-ACK 里的 MSS。问题问的是你的客户端在它的 SYN 里通告了什么。',
    mssDefault: '这是 SYN 不带 MSS 选项时 TCP 所假定的默认值（RFC 9293 §3.7.1）。你的 SYN 是带了这个选项的。',
    mssOfEthernet:
      '1460 是以太网上常见的 MSS（1500 − 40），但你的连接可能走的是别的接口。请读你自己的 SYN 里的这个选项。',
    mssWindowScale: '这是窗口缩放（window scale）选项。MSS 是同一个 SYN 里的另一个选项。',
    mssWindow: '这是 SYN 的窗口字段，是另一个数字，只是看起来可能差不多。请到 TCP 选项里去找。',
    mssOther:
      '打开你的 SYN（你最近一条连接的第一个数据包），在它的 TCP 选项里找到 Maximum segment size；Info 列里也能看到。',
  },
});

/** Sequence and acknowledgement numbers may be given in hex, as the packet bytes show them. */
const SEQUENCE_NUMBER = { hex: true } as const;

/** The latest handshake, or the verdict to give when there is none to judge against. */
function latestOrWhy(context: CheckContext): HandshakeMatch | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  const port = serverPort(context.servers, ECHO);
  const match = port === undefined ? undefined : latestHandshake(context.packets, port);
  return match ?? pending(TEXT.noHandshake);
}

function isVerdict(value: HandshakeMatch | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

export const serverIsn: QuestionDefinition = {
  id: 'server-isn',
  prompt: TEXT.serverIsnPrompt,
  format: TEXT.serverIsnFormat,
  evaluate(context, answer) {
    const match = latestOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readNumber(answer, SEQUENCE_NUMBER);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    const value = reading.value;
    const { syn, synAck, ack } = match.handshake;
    const isn = synAck.tcp.seqRaw;
    const ports = portsOf(match.conversation);
    if (value === isn) return passed(TEXT.isnRight(ports, isn));
    if (value === 0) return failed(sentences(TEXT.isnRelative, TEXT.lookAtRawSeq));
    if (value === syn.tcp.seqRaw) return failed(TEXT.isnOfClient);
    if (value === synAck.tcp.ackRaw) return failed(TEXT.isnAckNumber);
    if (value === ack.tcp.ackRaw) return failed(TEXT.isnOffByOne);
    const earlier = earlierServerIsn(context, match, value);
    if (earlier !== undefined) return failed(TEXT.isnEarlier(earlier, ports));
    return failed(sentences(TEXT.isnOther(ports), TEXT.lookAtRawSeq));
  },
};

/** The client port of an older connection whose server ISN is `value`, if any. */
function earlierServerIsn(context: CheckContext, latest: HandshakeMatch, value: number): number | undefined {
  const older = handshakesWith(context.packets, latest.conversation.serverPort).find(
    (match) => match !== latest && match.handshake.synAck.tcp.seqRaw === value,
  );
  return older?.conversation.clientPort;
}

export const synAckAck: QuestionDefinition = {
  id: 'syn-ack-ack',
  prompt: TEXT.synAckAckPrompt,
  // Only the number is graded: the why is for the student to think through, and follows "because".
  format: TEXT.synAckAckFormat,
  evaluate(context, answer) {
    const match = latestOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readNumber(answer, SEQUENCE_NUMBER);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    const value = reading.value;
    const { syn, synAck } = match.handshake;
    const expected = synAck.tcp.ack;
    if (value === expected) return passed(TEXT.synAckAckRight(expected, synAck.tcp.ackRaw, syn.tcp.seqRaw));
    if (value === synAck.tcp.ackRaw) return failed(TEXT.rawForm);
    if (value === 0) return failed(TEXT.ackZero);
    if (value === synAck.tcp.seqRaw) return failed(TEXT.ackIsSeq);
    return failed(TEXT.synAckAckOther);
  },
};

export const greetingAck: QuestionDefinition = {
  id: 'hello-ack',
  prompt: TEXT.greetingAckPrompt(GREETING),
  format: TEXT.aNumber,
  evaluate(context, answer) {
    const off = captureOff(context);
    if (off !== undefined) return off;
    const port = serverPort(context.servers, ECHO);
    const states = (port === undefined ? [] : handshakesWith(context.packets, port)).map((match) => ({
      match,
      state: greetingState(match.conversation, match.handshake),
    }));
    const acknowledged = states.filter(({ state }) => state.kind === 'sent' && state.ack !== undefined).at(-1);
    if (acknowledged === undefined || acknowledged.state.kind !== 'sent' || acknowledged.state.ack === undefined) {
      const waiting = states.some(({ state }) => state.kind === 'sent');
      return pending(waiting ? TEXT.greetingOut(GREETING) : TEXT.sendFirst(GREETING));
    }
    const reading = readNumber(answer, SEQUENCE_NUMBER);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    const value = reading.value;
    const { length, ack } = acknowledged.state;
    const expected = ack.tcp.ack;
    if (value === expected) return passed(TEXT.greetingAckRight(expected, length));
    if (value === length) return failed(TEXT.byteCount);
    if (value === ack.tcp.ackRaw) return failed(TEXT.rawForm);
    if (value === 1) return failed(TEXT.handshakeAck);
    return failed(TEXT.greetingAckOther);
  },
};

export const clientMss: QuestionDefinition = {
  id: 'client-mss',
  prompt: TEXT.mssPrompt,
  format: TEXT.mssFormat,
  evaluate(context, answer) {
    const match = latestOrWhy(context);
    if (isVerdict(match)) return match;
    const { syn, synAck } = match.handshake;
    const mss = syn.tcp.options.mss;
    // RFC 9293 §3.7.1: without the option the peer assumes 536 bytes (IPv4) or 1220 (IPv6).
    const assumed = syn.ipVersion === 6 ? 1220 : 536;
    const reading = readNumber(answer);
    if (mss === undefined) {
      if (saysNone(answer) || (reading.kind === 'answer' && reading.value === assumed)) {
        return passed(TEXT.noMssRight(assumed));
      }
      return failed(TEXT.noMssWrong);
    }
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    const value = reading.value;
    if (value === mss) {
      return passed(sentences(TEXT.mssRight(mss), mss === 65495 ? TEXT.mssOfLoopback : TEXT.mssOfInterface));
    }
    if (synAck.tcp.options.mss !== undefined && value === synAck.tcp.options.mss) return failed(TEXT.mssOfServer);
    if (value === 536 || value === 1220) return failed(TEXT.mssDefault);
    if (value === 1460) return failed(TEXT.mssOfEthernet);
    const scale = syn.tcp.options.windowScale;
    if (scale !== undefined && (value === scale || value === 2 ** scale)) return failed(TEXT.mssWindowScale);
    if (value === syn.tcp.windowValue) return failed(TEXT.mssWindow);
    return failed(TEXT.mssOther);
  },
};

export const questions: readonly QuestionDefinition[] = [serverIsn, synAckAck, greetingAck, clientMss];
