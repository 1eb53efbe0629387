/**
 * The capture question of lab `tcp-reconnect`, judged against this student's own packets: how many of their
 * program's attempts the port refused during the last outage, each a SYN answered by `RST, ACK`. Every wrong
 * number gets the same hint (what to count and what not to), since a hint per mistake would tell the answer.
 * Until the outage is over the count may still grow, so the question waits for the program to be back.
 */

import { localized } from '../../src/common/localized';
import type { QuestionDefinition } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { readNumber } from '../common/answer-parsing';
import { captureOff } from '../common/capture-notes';
import { serverPort } from '../common/tcp-conversation';
import { attemptsTo, outagesOf } from './attempts';

const TEXT = localized({
  en: {
    prompt:
      'During the last outage, how many of your program’s connection attempts did the port refuse (a SYN answered by RST, ACK)?',
    format: 'a number',
    noEchoServer: 'This lab has no echo server to restart.',
    restartFirst: 'No attempt has been refused yet: restart the server while your program runs.',
    stillAway: 'The port is still refusing your program: wait until it is back online, then count.',
    answerNumber: 'Answer with a number.',
    right: (refused: number, port: number) =>
      `Right: ${refused} of your SYNs were answered by RST, ACK, and the next one, from port ${port}, by SYN-ACK.`,
    rightSilent: (refused: number) =>
      `Right: ${refused} of your SYNs were answered by RST, ACK; the next one got no answer at all.`,
    countAgain: (port: number) =>
      `Count again: in the Packets tab, your SYNs to port ${port} that the server answered by RST, ACK in the last outage, one per attempt. Count neither the RST packets as well, nor the SYN answered by SYN-ACK at the end.`,
  },
  'zh-Hans': {
    prompt: '在最近的一次中断期间，你的程序有几次连接尝试被端口拒绝了（SYN 被回以 RST, ACK）？',
    format: '一个数字',
    noEchoServer: '这个实验没有可以重启的回显服务器。',
    restartFirst: '还没有哪次尝试被拒绝：在你的程序运行时重启服务器。',
    stillAway: '端口仍在拒绝你的程序：等它重新上线之后再数。',
    answerNumber: '请用数字作答。',
    right: (refused, port) =>
      `正确：你有 ${refused} 个 SYN 被回以 RST, ACK，下一个从端口 ${port} 发出的 SYN 得到了 SYN-ACK。`,
    rightSilent: (refused) => `正确：你有 ${refused} 个 SYN 被回以 RST, ACK；下一个则根本没有得到应答。`,
    countAgain: (port) =>
      `再数一遍：在「数据包」标签页里，数一数最近一次中断期间你发往端口 ${port}、被服务器回以 RST, ACK 的 SYN，每次尝试算一个。RST 数据包不要再算一遍，最后得到 SYN-ACK 的那个 SYN 也不算。`,
  },
});

export const refusedAttempts: QuestionDefinition = {
  id: 'refused-attempts',
  prompt: TEXT.prompt,
  format: TEXT.format,
  evaluate(context, answer) {
    const off = captureOff(context);
    if (off !== undefined) return off;
    const port = serverPort(context.servers, 'echo');
    if (port === undefined) return pending(TEXT.noEchoServer);
    const outage = outagesOf(attemptsTo(context.packets, port)).at(-1);
    if (outage === undefined) return pending(TEXT.restartFirst);
    const next = outage.attempts[outage.refused];
    if (next === undefined) return pending(TEXT.stillAway);
    const reading = readNumber(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? TEXT.answerNumber);
    if (reading.value !== outage.refused) return failed(TEXT.countAgain(port));
    return passed(
      next.outcome === 'accepted' ? TEXT.right(outage.refused, next.clientPort) : TEXT.rightSilent(outage.refused),
    );
  },
};

export const questions: readonly QuestionDefinition[] = [refusedAttempts];
