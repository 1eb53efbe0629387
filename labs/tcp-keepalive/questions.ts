/**
 * The capture questions of lab `tcp-keepalive`, judged on the server's first keepalive probe of the student's
 * newest connection that has one: how long the connection had been idle when it came (from the last segment with
 * data, read off the Time column), and which sequence number it carried. The idle time is the server's
 * TCP_KEEPIDLE as its kernel keeps it, so an answer within 50 ms of the measured gap is right, and so is the gap in
 * whole seconds; the sequence number is exact. A recognisable mistake (Linux's default idle time, the student's own
 * probes, the next sequence number instead of the one the probe carries, the raw number) gets a hint about it.
 */

import { localized } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { readNumber } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { type Conversation, conversationsWith, serverPort, type TcpPacket } from '../common/tcp-conversation';
import { ECHO } from './checks';
import { type KeepaliveProbe, probesFrom } from './probes';

const TEXT = localized({
  en: {
    noProbe:
      'Wait for the server to probe a connection of yours first: connect echo, send a line, then send nothing. The probe is marked TCP Keep-Alive in the Packets tab.',
    notANumber: 'Answer with a number, as the packet detail shows it.',
    delayPrompt:
      'How many seconds passed between the last segment that carried data and the server’s first keepalive probe?',
    delayFormat: 'a number of seconds, such as 4.02',
    noData:
      'Nothing on that connection carried data before the probe: send a line on a new connection, then wait for the probe.',
    delayRight: (seconds: string) =>
      `Right: ${seconds} s with nothing received, and the server’s kernel probed. That is the idle time the lab server set on its sockets (TCP_KEEPIDLE); the Linux default is 7200 s, two hours.`,
    delayDefault:
      'That is Linux’s default idle time (net.ipv4.tcp_keepalive_time). The lab server set a much shorter one on its own sockets: read it off the Time column.',
    delayInterval:
      'That is Linux’s default time between unanswered probes (net.ipv4.tcp_keepalive_intvl), not the idle time before the first one.',
    delayOwnProbe:
      'That is how long your own side waited before its probe. The question is about the server’s first probe, from the server’s port.',
    delayOther:
      'Find the server’s first packet marked TCP Keep-Alive (from the server’s port) and the last packet before it with Len > 0, and subtract their times.',
    seqPrompt: 'What relative sequence number did the server’s first keepalive probe carry?',
    seqFormat: 'a number',
    seqRight: (seq: number, next: number) =>
      `Right: Seq=${seq}, one below the ${next} the server would send next. It is a byte your kernel had already acknowledged, so the segment falls outside your window, and a TCP answers such a segment with an ACK of where it stands (RFC 9293 §3.10.7.4): that ACK is the proof your side is still there.`,
    seqNext:
      'Off by one: that is the next sequence number the server would use, the one your ACKs acknowledge. A probe deliberately carries the number before it.',
    seqRaw: 'That is the raw form. The question asks for the relative one, as the Info column shows it.',
    seqAck: 'That is the probe’s acknowledgement number, where your side’s stream stands. Look at its Seq.',
    seqOther:
      'Open the server’s first packet marked TCP Keep-Alive and read its Seq. Hint: compare it with the last byte the server sent before it.',
  },
  'zh-Hans': {
    noProbe:
      '先等服务器探测你的某条连接：connect echo，发送一行，然后什么也别再发。在「数据包」标签页里，这个探测标着 TCP Keep-Alive。',
    notANumber: '请用数字作答，按数据包详情里显示的那样写。',
    delayPrompt: '从最后一个携带数据的报文段到服务器的第一个保活探测，中间过了多少秒？',
    delayFormat: '一个秒数，例如 4.02',
    noData: '那条连接上在探测之前没有任何报文段携带数据：在一条新连接上发送一行，然后等待探测。',
    delayRight: (seconds) =>
      `正确：${seconds} 秒内什么也没收到，服务器的内核就发出了探测。这是实验服务器给自己的套接字设置的空闲时间（TCP_KEEPIDLE）；Linux 的默认值是 7200 秒，也就是两小时。`,
    delayDefault:
      '这是 Linux 默认的空闲时间（net.ipv4.tcp_keepalive_time）。实验服务器给自己的套接字设了一个短得多的值：请从 Time 列里读出来。',
    delayInterval:
      '这是 Linux 默认的两次未获应答的探测之间的间隔（net.ipv4.tcp_keepalive_intvl），不是第一个探测之前的空闲时间。',
    delayOwnProbe: '这是你自己这一端在发出探测之前等待的时间。问题问的是服务器的第一个探测，它来自服务器的端口。',
    delayOther:
      '找到服务器发出的第一个标着 TCP Keep-Alive 的数据包（来自服务器的端口），再找到它之前最后一个 Len > 0 的数据包，把两者的时间相减。',
    seqPrompt: '服务器的第一个保活探测携带的相对序列号是多少？',
    seqFormat: '一个数字',
    seqRight: (seq, next) =>
      `正确：Seq=${seq}，比服务器下一个要发的 ${next} 小一。这是你的内核早已确认过的一个字节，所以这个报文段落在你的窗口之外，而 TCP 对这样的报文段要回一个 ACK，说明自己的位置（RFC 9293 §3.10.7.4）：这个 ACK 就证明了你这一端还在。`,
    seqNext: '差了一：这是服务器下一个要用的序列号，也就是你的 ACK 所确认的那个。探测故意携带它前面的那个序号。',
    seqRaw: '这是原始值。问题问的是相对值，也就是 Info 列里显示的那个。',
    seqAck: '这是探测的确认号，表示你这一端的数据流到了哪里。请看它的 Seq。',
    seqOther:
      '打开服务器发出的第一个标着 TCP Keep-Alive 的数据包，读它的 Seq。提示：把它和服务器在它之前发出的最后一个字节比一比。',
  },
});

interface FirstProbe {
  readonly conversation: Conversation;
  readonly probe: KeepaliveProbe;
}

/** The server's first probe on the newest connection that has one, or the verdict when there is none to judge. */
function firstServerProbe(context: CheckContext): FirstProbe | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  const port = serverPort(context.servers, ECHO);
  const conversations = port === undefined ? [] : conversationsWith(context.packets, port);
  for (const conversation of [...conversations].reverse()) {
    const [probe] = probesFrom(conversation, 'server');
    if (probe !== undefined) return { conversation, probe };
  }
  return pending(TEXT.noProbe);
}

function isVerdict(value: FirstProbe | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

/** The last segment with data before `packet` on its connection, either side's. */
function lastDataBefore(conversation: Conversation, packet: TcpPacket): TcpPacket | undefined {
  return conversation.packets.filter((candidate) => candidate.id < packet.id && candidate.tcp.len > 0).at(-1);
}

/** Seconds as the Time column shows a gap, to the millisecond. */
function formatSeconds(seconds: number): string {
  return seconds.toFixed(3);
}

export const probeDelay: QuestionDefinition = {
  id: 'probe-delay',
  prompt: TEXT.delayPrompt,
  format: TEXT.delayFormat,
  evaluate(context, answer) {
    const found = firstServerProbe(context);
    if (isVerdict(found)) return found;
    const { conversation, probe } = found;
    const data = lastDataBefore(conversation, probe.packet);
    if (data === undefined) return pending(TEXT.noData);
    const reading = readNumber(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    const value = reading.value;
    const gap = probe.packet.time - data.time;
    // The kernel's timer, not a person's reading, sets the gap: the Time column gives it to the microsecond, and
    // whole seconds are what the server was told to wait.
    if (Math.abs(value - gap) <= 0.05 || value === Math.round(gap)) return passed(TEXT.delayRight(formatSeconds(gap)));
    if (value === 7200) return failed(TEXT.delayDefault);
    if (value === 75) return failed(TEXT.delayInterval);
    const [own] = probesFrom(conversation, 'client');
    const ownData = own === undefined ? undefined : lastDataBefore(conversation, own.packet);
    if (own !== undefined && ownData !== undefined) {
      const ownGap = own.packet.time - ownData.time;
      if (Math.abs(value - ownGap) <= 0.05 || value === Math.round(ownGap)) return failed(TEXT.delayOwnProbe);
    }
    return failed(TEXT.delayOther);
  },
};

export const probeSeq: QuestionDefinition = {
  id: 'probe-seq',
  prompt: TEXT.seqPrompt,
  format: TEXT.seqFormat,
  evaluate(context, answer) {
    const found = firstServerProbe(context);
    if (isVerdict(found)) return found;
    const { tcp } = found.probe.packet;
    const reading = readNumber(answer, { hex: true });
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
    const value = reading.value;
    if (value === tcp.seq) return passed(TEXT.seqRight(tcp.seq, tcp.seq + 1));
    if (value === tcp.seq + 1) return failed(TEXT.seqNext);
    if (value === tcp.seqRaw) return failed(TEXT.seqRaw);
    if (value === tcp.ack || value === tcp.ackRaw) return failed(TEXT.seqAck);
    return failed(TEXT.seqOther);
  },
};

export const questions: readonly QuestionDefinition[] = [probeDelay, probeSeq];
