/**
 * The capture questions of lab `tcp-reliability`, judged against this student's own packets: on the latest
 * connection where the client sent a data segment again, the relative Seq of the first such segment, and how
 * many duplicate ACKs the server had sent before it. The second answer says how the loss was found: three or
 * more is RFC 5681's fast retransmit; one or two is Linux's SACK-based loss detection (RACK, RFC 8985) deciding
 * before the third, which on loopback is the usual case; none is a timer, or an ACK with SACK blocks that changed
 * the window and so is not counted as a duplicate.
 * A wrong answer gets a hint about where to look, never the number.
 */

import { localized } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { readNumber } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { newest, portsOf, type TcpPacket } from '../common/tcp-conversation';
import { lossesWith } from './checks';
import type { ConnectionLoss } from './retransmissions';

const TEXT = localized({
  en: {
    noRetransmission:
      'Your client has not had to send a segment again yet: set loss to 20 % (the lab panel, or loss 20) and run the sender.',
    notANumber: 'Answer with a number, as the Packets tab shows it.',
    aNumber: 'a number',
    rawForm: 'That is the raw form. The question asks for the relative Seq, as the Packets tab shows it.',
    seqPrompt: 'What relative sequence number (Seq) did the first segment your client sent again carry?',
    seqRight: (ports: string, seq: number, len: number) =>
      `Right: on your latest lossy connection (${ports}) your client first resent Seq=${seq}, ${len} bytes it had already sent once: the first copy was lost, and TCP sends the same bytes under the same numbers.`,
    seqLater:
      'Your client resent a segment before that one. Look for the first of its data segments whose Seq is below one it had already sent: on loopback the Packets tab may label it [TCP Out-Of-Order] rather than [TCP Retransmission].',
    seqOfServer:
      'That is a segment the server sent again (its echo, numbered in its own direction). The question asks about your client’s segments.',
    seqEnd: 'That is where the segment ends (Seq + Len). The question asks for its Seq, the number of its first byte.',
    seqOther:
      'Find your client’s first data segment marked [TCP Retransmission] (or Fast Retransmission, or Out-Of-Order) on your latest lossy connection, and read its Seq.',
    dupPrompt:
      'How many duplicate ACKs had the server sent on that connection before your client’s first retransmission?',
    dupFormat: 'a number, 0 if none',
    noDuplicates: (ms: string) =>
      `Right: none. Your client resent the bytes ${ms} ms after their first copy. Without duplicate ACKs, either a timer ran out (the retransmission timeout, at least 200 ms on Linux, or the shorter tail loss probe for the last segments in flight), or an ACK whose window had changed carried SACK blocks naming the bytes that arrived after the hole: the Packets tab marks such an ACK [TCP Window Update], not [TCP Dup ACK], and Linux's RACK (RFC 8985) reads its SACK blocks all the same.`,
    rack: (count: number) =>
      `Right: ${count}. Fewer than the three of classic fast retransmit: with SACK, Linux saw exactly which bytes had arrived and resent the missing ones after ${count} (RACK, RFC 8985).`,
    fast: (count: number) =>
      `Right: ${count}. Each one repeated the same Ack because a later segment had arrived after a hole; after three, the sender resends the missing segment at once, without waiting for its timer: fast retransmit (RFC 5681 §3.2).`,
    countedOriginal:
      'One too many: the first ACK with that number is the original acknowledgement. Only the ones that repeat it, marked [TCP Dup ACK], are duplicates.',
    textbookThree:
      'Three is the textbook’s trigger for fast retransmit, but Linux does not always wait for three. Count the [TCP Dup ACK] marks from the server before your client’s first retransmission.',
    dupOther:
      'Count the server’s packets marked [TCP Dup ACK] on that connection before your client’s first retransmission, the first of its segments marked [TCP Retransmission] or Out-Of-Order.',
  },
  'zh-Hans': {
    noRetransmission: '你的客户端还没有重发过报文段：先把丢包率设为 20%（实验面板，或 loss 20），再运行发送程序。',
    notANumber: '请用数字作答，按「数据包」标签页里显示的那样写。',
    aNumber: '一个数字',
    rawForm: '这是原始值。问题问的是相对 Seq，也就是「数据包」标签页里显示的那个。',
    seqPrompt: '你的客户端第一个重发的报文段，携带的相对序列号（Seq）是多少？',
    seqRight: (ports, seq, len) =>
      `正确：在你最近一条有丢包的连接（${ports}）上，你的客户端第一次重发的是 Seq=${seq}，也就是已经发过一次的 ${len} 个字节：第一份丢了，TCP 用同样的序号把同样的字节再发一遍。`,
    seqLater:
      '你的客户端在这个报文段之前就重发过一个。找它的数据报文段里第一个 Seq 低于已发出序号的：在环回接口上，「数据包」标签页可能把它标成 [TCP Out-Of-Order]，而不是 [TCP Retransmission]。',
    seqOfServer: '这是服务器重发的报文段（它的回显，按它自己方向的序号编号）。问题问的是你的客户端的报文段。',
    seqEnd: '这是报文段结束的位置（Seq + Len）。问题问的是它的 Seq，也就是它第一个字节的序号。',
    seqOther:
      '在你最近一条有丢包的连接上，找到你的客户端第一个标着 [TCP Retransmission]（或 Fast Retransmission、Out-Of-Order）的数据报文段，读它的 Seq。',
    dupPrompt: '在你的客户端第一次重传之前，服务器在这条连接上发了多少个重复 ACK？',
    dupFormat: '一个数字，没有就写 0',
    noDuplicates: (ms) =>
      `正确：一个也没有。你的客户端在第一份发出 ${ms} ms 之后重发了这些字节。没有重复 ACK 时，要么是定时器到期了（重传超时，在 Linux 上至少 200 ms；或者是为最后几个在途报文段准备的、更短的尾部丢失探测 TLP），要么是服务器有一个窗口变了的 ACK 带着 SACK 块，指出了空洞之后已经到达的字节：「数据包」标签页把这样的 ACK 标为 [TCP Window Update] 而不是 [TCP Dup ACK]，但 Linux 的 RACK（RFC 8985）照样会读它的 SACK 块。`,
    rack: (count) =>
      `正确：${count} 个。比经典快速重传的三个要少：有了 SACK，Linux 清楚地知道哪些字节已经到达，收到 ${count} 个之后就重发了缺失的部分（RACK，RFC 8985）。`,
    fast: (count) =>
      `正确：${count} 个。每一个都重复同一个 Ack，因为在空洞之后又有后面的报文段到达；收到三个之后，发送方立即重发缺失的报文段，不再等它的定时器：这就是快速重传（RFC 5681 §3.2）。`,
    countedOriginal:
      '多数了一个：带这个确认号的第一个 ACK 是原本的确认。只有重复它的那些、标着 [TCP Dup ACK] 的，才是重复 ACK。',
    textbookThree:
      '三个是教科书里触发快速重传的数目，但 Linux 并不总是等到三个。数一数在你的客户端第一次重传之前，服务器发出的标着 [TCP Dup ACK] 的数据包。',
    dupOther:
      '数一数在你的客户端第一次重传（它第一个标着 [TCP Retransmission] 或 Out-Of-Order 的报文段）之前，服务器在这条连接上发出的标着 [TCP Dup ACK] 的数据包。',
  },
});

interface FirstRetransmission {
  readonly loss: ConnectionLoss;
  readonly packet: TcpPacket;
}

/** The first client retransmission on the latest connection that has one, or the verdict when there is none. */
function firstRetransmission(context: CheckContext): FirstRetransmission | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  const candidates = lossesWith(context).flatMap((loss) => {
    const packet = loss.client.retransmissions[0];
    return packet === undefined ? [] : [{ loss, packet }];
  });
  return newest(candidates, (candidate) => candidate.packet.id) ?? pending(TEXT.noRetransmission);
}

function isVerdict(value: FirstRetransmission | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

/** Sequence numbers may be given in hex, as the packet bytes show them. */
const SEQUENCE_NUMBER = { hex: true } as const;

export const firstRetransmissionSeq: QuestionDefinition = {
  id: 'first-retransmission-seq',
  prompt: TEXT.seqPrompt,
  format: TEXT.aNumber,
  evaluate(context, answer) {
    const first = firstRetransmission(context);
    if (isVerdict(first)) return first;
    const reading = readNumber(answer, SEQUENCE_NUMBER);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    const value = reading.value;
    const { packet, loss } = first;
    if (value === packet.tcp.seq) return passed(TEXT.seqRight(portsOf(loss.conversation), value, packet.tcp.len));
    if (value === packet.tcp.seqRaw) return failed(TEXT.rawForm);
    if (loss.client.retransmissions.some((later) => later.tcp.seq === value)) return failed(TEXT.seqLater);
    if (loss.server.retransmissions.some((resent) => resent.tcp.seq === value)) return failed(TEXT.seqOfServer);
    if (value === packet.tcp.seq + packet.tcp.len) return failed(TEXT.seqEnd);
    return failed(TEXT.seqOther);
  },
};

export const duplicateAcksBefore: QuestionDefinition = {
  id: 'dup-acks-before',
  prompt: TEXT.dupPrompt,
  format: TEXT.dupFormat,
  evaluate(context, answer) {
    const first = firstRetransmission(context);
    if (isVerdict(first)) return first;
    const reading = readNumber(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    const value = reading.value;
    const { packet, loss } = first;
    const count = loss.server.duplicateAcks.filter((ack) => ack.id < packet.id).length;
    if (value === count) {
      if (count === 0) return passed(TEXT.noDuplicates(sinceOriginalMs(loss, packet)));
      return passed(count < 3 ? TEXT.rack(count) : TEXT.fast(count));
    }
    if (value === count + 1) return failed(TEXT.countedOriginal);
    if (value === 3) return failed(TEXT.textbookThree);
    return failed(TEXT.dupOther);
  },
};

/** Milliseconds from the first capture of the retransmitted bytes to their retransmission. */
function sinceOriginalMs(loss: ConnectionLoss, resent: TcpPacket): string {
  const original = loss.conversation.packets.find(
    (packet) => packet.id < resent.id && packet.dstPort === resent.dstPort && packet.tcp.seqRaw === resent.tcp.seqRaw,
  );
  return original === undefined ? '?' : ((resent.time - original.time) * 1000).toFixed(1);
}

export const questions: readonly QuestionDefinition[] = [firstRetransmissionSeq, duplicateAcksBefore];
