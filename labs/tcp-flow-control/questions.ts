/**
 * The capture questions of lab `tcp-flow-control`, each judged against this student's own packets: the window
 * the server offered after the handshake, in bytes once scaled (RFC 7323 §2.2), the Ack of its first zero
 * window (how much it held unread), and how many probes the student's side sent while the window was zero
 * (RFC 9293 §3.8.6.1). The first asks about the newest connection to the slow reader, the others about the
 * newest one that met a zero window. A wrong answer gets a hint at the field to read, never the number; the
 * recognisable mistakes (the unscaled field, the SYN-ACK's own window, the byte count for the Ack, the server's
 * answers counted as probes) get a hint of their own.
 */

import { type Localized, localized } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { readNumber } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { type Conversation, conversationsWith, serverPort } from '../common/tcp-conversation';
import { READER } from './checks';
import { relativeAck, type WindowStory, windowStory } from './window';

const TEXT = localized({
  en: {
    notANumber: 'Answer with a number, as the packet detail shows it.',
    noConnection:
      'Connect to the slow reader and send something first (one of the senders under the lab), then read the packets of that connection.',
    noZeroWindow:
      'No zero window captured yet: send more than the server’s receive buffer holds, then read the packets.',
    scaledPrompt:
      'In bytes, what window did the server advertise in its first segment after the SYN-ACK? (Its Win field, scaled as the SYN-ACK’s window-scale option says.)',
    bytesFormat: 'a number of bytes',
    scaledRight: (field: number, factor: number, bytes: number) =>
      `Right: the field on the wire says ${field}, and the window-scale option of both SYNs makes every later window ${factor} times that: ${bytes} bytes. The Packets tab’s Info column shows this calculated window as Win=.`,
    scaledUnscaled:
      'That is the window field as it was sent. Multiply it by the factor the SYN-ACK’s window-scale option (WS=) announced.',
    scaledSynAck:
      'That is the SYN-ACK’s own window, which is never scaled (RFC 7323 §2.2). The question asks about the server’s next segment.',
    scaledFactor:
      'That is the scale itself (the shift or the factor). Multiply the window field of the server’s next segment by the factor.',
    scaledClient: 'That is a window your side advertised. Read a segment that comes from the server’s port.',
    scaledOther:
      'Open the server’s first segment after its SYN-ACK (its ACK of your first data) and read its window: the field, times the factor from WS=.',
    zeroAckPrompt: 'Which relative acknowledgement number did the server’s first Win=0 segment carry?',
    aNumber: 'a number',
    zeroAckRight: (ack: number, held: number) =>
      `Right: Ack=${ack}. The server’s kernel had accepted ${held} bytes of yours (relative 1 to ${held}; your SYN used 0), all still unread by its program, and had room for no more.`,
    zeroAckBytes:
      'That is how many bytes the server held. The Ack names the next byte it expects, and your SYN used sequence number 0.',
    rawForm: 'That is the raw form. The question asks for the relative one, counted from your own ISN.',
    zeroAckWindow: 'That is the window of that segment. Read its Ack field.',
    zeroAckOther:
      'Find the server’s first segment with Win=0 (Wireshark marks it TCP ZeroWindow) and read its Ack, in relative form.',
    probesPrompt: 'How many window probes did your side send while the server’s window was zero?',
    probesFormat: 'a number of segments',
    probesWait: 'The window is still zero, and your side is still probing: wait for the window update, then count.',
    probesRight: (count: number) =>
      `Right: ${count}. Each probe asks the server to answer with its current window; Linux’s has no data and repeats the last byte already acknowledged (Seq one below the server’s Ack), which is why Wireshark calls it TCP Keep-Alive.`,
    probesNoneRight:
      'Right: none. The window opened again before your side’s first probe was due, so there was nothing to ask.',
    probesWithAnswers:
      'That counts the server’s Win=0 segments too. Count only the segments from your port, between the first Win=0 and the window update.',
    probesNone:
      'Look between the server’s first Win=0 and its window update: the short segments from your port there (Len=0, marked TCP Keep-Alive) are the probes.',
    probesOther:
      'Count the segments from your port marked TCP Keep-Alive (or TCP ZeroWindowProbe) between the server’s first Win=0 and its window update.',
  },
  'zh-Hans': {
    notANumber: '请用数字作答，按数据包详情里显示的那样写。',
    noConnection: '先连接慢读服务器并发送一些数据（用实验下方的某个发送程序），然后读这条连接的数据包。',
    noZeroWindow: '还没有抓到零窗口：请发送超过服务器接收缓冲区容量的数据，然后再读数据包。',
    scaledPrompt:
      '服务器在 SYN-ACK 之后的第一个报文段里通告的窗口是多少字节？（即它的 Win 字段，按 SYN-ACK 的窗口缩放选项换算之后的值。）',
    bytesFormat: '一个字节数',
    scaledRight: (field, factor, bytes) =>
      `正确：线路上的字段值是 ${field}，而两个 SYN 都带了窗口缩放选项，所以之后的每个窗口都要乘以 ${factor}：${bytes} 字节。「数据包」标签页的 Info 列里 Win= 显示的就是换算后的窗口。`,
    scaledUnscaled: '这是发送时的窗口字段原值。请把它乘以 SYN-ACK 的窗口缩放选项（WS=）给出的倍数。',
    scaledSynAck: '这是 SYN-ACK 自己的窗口，它永远不做缩放（RFC 7323 §2.2）。问题问的是服务器的下一个报文段。',
    scaledFactor: '这是缩放本身（移位数或倍数）。请把服务器下一个报文段的窗口字段乘以这个倍数。',
    scaledClient: '这是你这一端通告的窗口。请读一个从服务器端口发出的报文段。',
    scaledOther:
      '打开服务器在 SYN-ACK 之后的第一个报文段（它对你第一批数据的 ACK），读它的窗口：字段值乘以 WS= 给出的倍数。',
    zeroAckPrompt: '服务器第一个 Win=0 的报文段携带的相对确认号是多少？',
    aNumber: '一个数字',
    zeroAckRight: (ack, held) =>
      `正确：Ack=${ack}。服务器的内核已经收下了你的 ${held} 个字节（相对序号 1 到 ${held}；SYN 占用了 0），它的程序一个都还没读，再也放不下更多了。`,
    zeroAckBytes: '这是服务器收下的字节数。Ack 表示它期待的下一个字节，而你的 SYN 占用了序列号 0。',
    rawForm: '这是原始值。问题问的是相对值，也就是从你自己的 ISN 开始计数的那个。',
    zeroAckWindow: '这是那个报文段的窗口。请读它的 Ack 字段。',
    zeroAckOther: '找到服务器第一个 Win=0 的报文段（Wireshark 把它标成 TCP ZeroWindow），读它的相对 Ack。',
    probesPrompt: '在服务器窗口为零期间，你这一端发送了多少个窗口探测报文？',
    probesFormat: '报文段的个数',
    probesWait: '窗口仍然是零，你这一端还在探测：等窗口更新出现之后再数。',
    probesRight: (count) =>
      `正确：${count} 个。每个探测报文都请服务器回复它当前的窗口；Linux 的探测报文不带数据，重复的是已被确认的最后一个字节（Seq 比服务器的 Ack 小一），所以 Wireshark 把它叫作 TCP Keep-Alive。`,
    probesNoneRight: '正确：一个也没有。在你这一端的第一个探测报文该发出之前，窗口就重新打开了，所以没什么可问的。',
    probesWithAnswers:
      '这把服务器那些 Win=0 的报文段也算进去了。只数从你的端口发出的、位于第一个 Win=0 和窗口更新之间的报文段。',
    probesNone:
      '请看服务器第一个 Win=0 和它的窗口更新之间：那里从你的端口发出的短报文段（Len=0，标为 TCP Keep-Alive）就是探测报文。',
    probesOther:
      '数一数在服务器第一个 Win=0 和窗口更新之间，从你的端口发出、标为 TCP Keep-Alive（或 TCP ZeroWindowProbe）的报文段。',
  },
});

interface Judged {
  readonly conversation: Conversation;
  readonly story: WindowStory;
}

/** The newest connection to the slow reader whose story `has`, or the verdict when there is none. */
function newestWhere(
  context: CheckContext,
  has: (story: WindowStory) => boolean,
  none: Localized,
): Judged | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  const port = serverPort(context.servers, READER);
  const found = (port === undefined ? [] : conversationsWith(context.packets, port))
    .map((conversation) => ({ conversation, story: windowStory(conversation) }))
    .filter(({ story }) => has(story))
    .at(-1);
  return found ?? pending(none);
}

/**
 * One question's judging: the connection it asks about, then the answer read as a number and compared by
 * `judge`, which returns undefined to give `otherwise`. A hedge or no number at all is refused the same way by
 * every question.
 */
function judgeNumber(
  answer: string,
  judged: Judged | CheckVerdict,
  judge: (value: number, about: Judged) => CheckVerdict | undefined,
  otherwise: Localized,
  options: { readonly hex?: boolean } = {},
): CheckVerdict {
  if ('state' in judged) return judged;
  const reading = readNumber(answer, options);
  if (reading.kind === 'unread') return failed(reading.why ?? TEXT.notANumber);
  return judge(reading.value, judged) ?? failed(otherwise);
}

const hasFirstWindow = (story: WindowStory) => story.firstWindowBytes !== undefined;
const hasZeroWindow = (story: WindowStory) => story.zeroWindows.length > 0;

export const scaledWindow: QuestionDefinition = {
  id: 'scaled-window',
  prompt: TEXT.scaledPrompt,
  format: TEXT.bytesFormat,
  evaluate(context, answer) {
    return judgeNumber(
      answer,
      newestWhere(context, hasFirstWindow, TEXT.noConnection),
      (value, { conversation, story }) => {
        const { firstAfterSynAck: first, firstWindowBytes: bytes, serverShift, synAck } = story;
        if (first === undefined || bytes === undefined) return pending(TEXT.noConnection);
        const factor = 2 ** (serverShift ?? 0);
        if (value === bytes) return passed(TEXT.scaledRight(first.tcp.windowValue, factor, bytes));
        if (value === first.tcp.windowValue) return failed(TEXT.scaledUnscaled);
        if (value === synAck?.tcp.windowValue) return failed(TEXT.scaledSynAck);
        if (serverShift !== undefined && (value === serverShift || value === factor)) return failed(TEXT.scaledFactor);
        const fromClient = conversation.packets.filter((packet) => packet.dstPort === conversation.serverPort);
        if (fromClient.some(({ tcp }) => value === tcp.windowValue || value === tcp.window)) {
          return failed(TEXT.scaledClient);
        }
        return undefined;
      },
      TEXT.scaledOther,
    );
  },
};

export const zeroWindowAck: QuestionDefinition = {
  id: 'zero-window-ack',
  prompt: TEXT.zeroAckPrompt,
  format: TEXT.aNumber,
  evaluate(context, answer) {
    return judgeNumber(
      answer,
      newestWhere(context, hasZeroWindow, TEXT.noZeroWindow),
      (value, { conversation, story }) => {
        const first = story.zeroWindows[0];
        const ack = first === undefined ? undefined : relativeAck(first, conversation);
        if (first === undefined || ack === undefined) return pending(TEXT.noZeroWindow);
        if (value === ack) return passed(TEXT.zeroAckRight(ack, ack - 1));
        if (value === ack - 1) return failed(TEXT.zeroAckBytes);
        if (value === first.tcp.ackRaw) return failed(TEXT.rawForm);
        if (value === 0) return failed(TEXT.zeroAckWindow);
        return undefined;
      },
      TEXT.zeroAckOther,
      { hex: true },
    );
  },
};

export const probeCount: QuestionDefinition = {
  id: 'probe-count',
  prompt: TEXT.probesPrompt,
  format: TEXT.probesFormat,
  evaluate(context, answer) {
    const judged = newestWhere(context, hasZeroWindow, TEXT.noZeroWindow);
    // Until the update, the count is still growing: there is nothing final to judge against.
    if (!('state' in judged) && judged.story.update === undefined) return pending(TEXT.probesWait);
    return judgeNumber(
      answer,
      judged,
      (value, { story }) => {
        const count = story.probes.length;
        if (value === count) return passed(count === 0 ? TEXT.probesNoneRight : TEXT.probesRight(count));
        const answers = story.zeroWindows.length;
        if (value === count + answers || value === answers) return failed(TEXT.probesWithAnswers);
        if (value === 0) return failed(TEXT.probesNone);
        return undefined;
      },
      TEXT.probesOther,
    );
  },
};

export const questions: readonly QuestionDefinition[] = [scaledWindow, zeroWindowAck, probeCount];
