/**
 * The checks of lab `tcp-keepalive`, read from the student's own packets, since keepalive happens in the two
 * kernels and neither program sees a probe: the server's probes answered by the student's side, probes of the
 * student's own socket, and those probes going unanswered while the server is silenced until the student's kernel
 * gives up. Giving up is what the capture can show: Linux ends a connection whose keepalive probes all went
 * unanswered with a RST (which the silent server never receives), at the moment the program's read fails with
 * ETIMEDOUT. The server's connection records see none of it, so without capture every check stays open and says so.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition } from '../../src/lab-kit';
import { passed, pending } from '../../src/lab-kit';
import { addressOf, CAPTURE_OFF } from '../common/capture-notes';
import {
  type Conversation,
  conversationsWith,
  hasFlag,
  portsOf,
  RST,
  type Side,
  serverPort,
  sideOf,
} from '../common/tcp-conversation';
import { probesFrom } from './probes';

const TEXT = localized({
  en: {
    echoServer: 'the echo server',
    inPackets: 'Keepalive probes are never seen by a program, only in the packets.',
    connectFirst: (address: string) =>
      `Connect to the echo server at ${address} and send a line, then send nothing more.`,
    serverTitle: 'Let the server probe your idle connection',
    waitIdle: (ports: string) =>
      `Connected (${ports}). Now send nothing and wait: once the connection has been idle for a while, the server's kernel probes it.`,
    serverUnanswered: (ports: string) =>
      `The server probed your connection (${ports}) and nothing answered: the echo server is silenced, or your side is gone. Turn Peer silent off in the lab panel and connect again.`,
    serverAnswered: (ports: string) =>
      `The server's kernel probed your idle connection (${ports}) with an ACK that repeats a byte you already had, and your kernel answered with an ACK at once. Your program did nothing: it did not even have to be reading.`,
    ownTitle: 'Turn on keepalive in your own program',
    noOwnProbes:
      'No probe from your side yet. The lab shell cannot turn keepalive on: run one of the lesson’s programs, which sets SO_KEEPALIVE with short times, and leave it idle.',
    ownAnswered: (ports: string) =>
      `Your socket sent keepalive probes of its own (${ports}), and the server's kernel answered them: your side now finds out by itself whether the server is still there.`,
    ownUnanswered: (ports: string) =>
      `Your socket sent keepalive probes of its own (${ports}); none was answered, because the server is silenced.`,
    gaveUpTitle: 'Silence the server and let your keepalive give up',
    ownFirst: 'First turn keepalive on in your program (the check above), then make the server silent.',
    silenceNow: (ports: string) =>
      `Your probes on ${ports} are answered. Now make the server silent: turn Peer silent on in the lab panel (or type fault silence echo on in the lab terminal), and leave your program waiting.`,
    unansweredSoFar: (ports: string, count: number) =>
      `Probes of yours on ${ports} that went unanswered so far: ${count}. Your kernel gives up after TCP_KEEPCNT of them.`,
    gaveUp: (ports: string, count: number) =>
      `On ${ports} your last ${count} probes went unanswered, and then your kernel gave up: it sent RST, which the silent server never received, and your program's read failed with ETIMEDOUT.`,
  },
  'zh-Hans': {
    echoServer: '回显服务器',
    inPackets: '程序永远看不到保活探测，只有在数据包里才看得到。',
    connectFirst: (address) => `连接到 ${address} 上的回显服务器，发送一行，然后什么也别再发。`,
    serverTitle: '让服务器探测你空闲的连接',
    waitIdle: (ports) => `已连接（${ports}）。现在什么也别发，等着：连接空闲一段时间后，服务器的内核就会探测它。`,
    serverUnanswered: (ports) =>
      `服务器探测了你的连接（${ports}），却没有任何应答：回显服务器被设成了沉默，或者你这一端已经不在了。在实验面板上关闭「对端静默」，再连接一次。`,
    serverAnswered: (ports) =>
      `服务器的内核用一个 ACK 探测了你空闲的连接（${ports}），这个 ACK 重复了一个你早已收到的字节，你的内核立刻回了一个 ACK。你的程序什么也没做，甚至不需要正在读。`,
    ownTitle: '在你自己的程序里打开 keepalive',
    noOwnProbes:
      '你这一端还没有发出探测。实验 shell 打不开 keepalive：运行本课的某个程序，它会用很短的时间设置 SO_KEEPALIVE，然后让它空闲着。',
    ownAnswered: (ports) =>
      `你的套接字自己发出了保活探测（${ports}），服务器的内核应答了它们：现在你这一端能自己发现服务器还在不在。`,
    ownUnanswered: (ports) => `你的套接字自己发出了保活探测（${ports}）；一个都没有得到应答，因为服务器被设成了沉默。`,
    gaveUpTitle: '让服务器沉默，等你的 keepalive 放弃',
    ownFirst: '先在你的程序里打开 keepalive（上一项检查），然后让服务器沉默。',
    silenceNow: (ports) =>
      `你在 ${ports} 上的探测都得到了应答。现在让服务器沉默：在实验面板上打开「对端静默」（或者在实验终端里输入 fault silence echo on），让你的程序继续等着。`,
    unansweredSoFar: (ports, count) =>
      `你在 ${ports} 上至今没有得到应答的探测：${count} 个。内核在 TCP_KEEPCNT 个探测都落空后放弃。`,
    gaveUp: (ports, count) =>
      `在 ${ports} 上，你最后的 ${count} 个探测都没有得到应答，随后你的内核放弃了：它发出 RST（沉默的服务器永远收不到），你的程序的读操作以 ETIMEDOUT 失败。`,
  },
});

export const ECHO = 'echo';

/** The connections to the echo server, newest first: the student's latest attempt is judged first. */
function newestFirst(context: CheckContext): readonly Conversation[] {
  const port = serverPort(context.servers, ECHO);
  return port === undefined ? [] : [...conversationsWith(context.packets, port)].reverse();
}

function connectFirst(context: CheckContext) {
  return pending(TEXT.connectFirst(addressOf(context, ECHO, TEXT.echoServer)));
}

/** The newest connection with an answered probe from `side`, and the newest with any probe from it. */
function probedBy(conversations: readonly Conversation[], side: Side) {
  const probed = conversations.map((conversation) => ({ conversation, probes: probesFrom(conversation, side) }));
  return {
    answered: probed.find(({ probes }) => probes.some((probe) => probe.answer !== undefined))?.conversation,
    any: probed.find(({ probes }) => probes.length > 0)?.conversation,
  };
}

const serverProbe: CheckDefinition = {
  id: 'server-probe',
  title: TEXT.serverTitle,
  evaluate(context) {
    if (!context.captureRunning) return pending(sentences(TEXT.inPackets, CAPTURE_OFF));
    const conversations = newestFirst(context);
    const { answered, any } = probedBy(conversations, 'server');
    if (answered !== undefined) return passed(TEXT.serverAnswered(portsOf(answered)));
    if (any !== undefined) return pending(TEXT.serverUnanswered(portsOf(any)));
    const [latest] = conversations;
    return latest === undefined ? connectFirst(context) : pending(TEXT.waitIdle(portsOf(latest)));
  },
};

const ownProbes: CheckDefinition = {
  id: 'own-probes',
  title: TEXT.ownTitle,
  evaluate(context) {
    if (!context.captureRunning) return pending(sentences(TEXT.inPackets, CAPTURE_OFF));
    const conversations = newestFirst(context);
    const { answered, any } = probedBy(conversations, 'client');
    if (answered !== undefined) return passed(TEXT.ownAnswered(portsOf(answered)));
    // Probes nobody answered are still probes of the student's own: the check is about sending them.
    if (any !== undefined) return passed(TEXT.ownUnanswered(portsOf(any)));
    return conversations.length === 0 ? connectFirst(context) : pending(TEXT.noOwnProbes);
  },
};

/** How the client's keepalive stands on one connection: the probes at the end that got no answer, and its RST. */
function givingUp(conversation: Conversation) {
  const reset = conversation.packets.find(
    (packet) => sideOf(packet, conversation) === 'client' && hasFlag(packet, RST),
  );
  const probes = probesFrom(conversation, 'client').filter(
    (probe) => reset === undefined || probe.packet.id < reset.id,
  );
  let unanswered = 0;
  for (let i = probes.length - 1; i >= 0 && probes[i]?.answer === undefined; i--) unanswered++;
  return { probes: probes.length, unanswered, reset: reset !== undefined };
}

const gaveUp: CheckDefinition = {
  id: 'gave-up',
  title: TEXT.gaveUpTitle,
  evaluate(context) {
    if (!context.captureRunning) return pending(sentences(TEXT.inPackets, CAPTURE_OFF));
    const states = newestFirst(context).map((conversation) => ({ conversation, ...givingUp(conversation) }));
    const done = states.find((state) => state.reset && state.unanswered > 0);
    if (done !== undefined) return passed(TEXT.gaveUp(portsOf(done.conversation), done.unanswered));
    const waiting = states.find((state) => !state.reset && state.unanswered > 0);
    if (waiting !== undefined) return pending(TEXT.unansweredSoFar(portsOf(waiting.conversation), waiting.unanswered));
    const probing = states.find((state) => !state.reset && state.probes > 0);
    if (probing !== undefined) return pending(TEXT.silenceNow(portsOf(probing.conversation)));
    return pending(TEXT.ownFirst);
  },
};

export const checks: readonly CheckDefinition[] = [serverProbe, ownProbes, gaveUp];
