/**
 * The checks of lab `tcp-reliability`: data sent while the loss fault was on, seen as the client's own
 * retransmissions in the capture (what the questions then ask about); and every byte back, in order, despite the loss, seen in the echo server's records. Neither asks for
 * a fast retransmit: on loopback Linux repairs a loss by a timer, by three duplicate ACKs or, with SACK, after
 * fewer (RACK, RFC 8985), and which one it does depends on where a segment was lost, so the lesson's questions
 * ask the student which it was instead. The records keep the first 4096 bytes a client sent, enough for the
 * lesson's 200 numbered lines, so the check can say they arrived whole and in order.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import { failed, OBSERVED_BYTES, passed, pending } from '../../src/lab-kit';
import { addressOf, CAPTURE_OFF } from '../common/capture-notes';
import { capturedConnection } from '../common/captured-connection';
import { conversationsWith, serverPort } from '../common/tcp-conversation';
import { type ConnectionLoss, connectionLoss, retransmittedSegments } from './retransmissions';

const TEXT = localized({
  en: {
    echoServer: 'the echo server',
    lossTitle: 'Send data while loss is on, and see it retransmitted',
    sendAnyway:
      'Set loss to 20 % (the lab panel, or loss 20) and send anyway: the server still sees whether your bytes arrived.',
    waitingForData: (address: string) =>
      `Set loss to 20 % (the lab panel, or loss 20), then run the sender against ${address}.`,
    noneResent: (port: number, segments: number) =>
      `Port ${port} sent ${segments} data segments and none had to be sent again. Is loss on? Set it to 20 % and send again: with few segments, loss may miss them all.`,
    onlyServerResent: (port: number, server: number) =>
      `On port ${port} the server had to send ${server} of its echo segments again, but none of your client's: send more, with loss still on, until some of your own data is lost too.`,
    notCaptured: (peer: string) =>
      `The echo server hears from ${peer}, which is not on the lab server's machine, and the capture sees only this machine's own traffic: the loss applies to that client too, but only a capture on its side could show it. Run a sender here to see the retransmissions.`,
    resent: (port: number, client: number, server: number) =>
      `On port ${port}, segments were lost on the way, and TCP noticed and sent them again: ${client} retransmitted by your client, ${server} by the server. Find them in the Packets tab.`,
    backTitle: 'Get every byte back, in order, despite the loss',
    sendFirst: 'Send your data, then close your sending side (shutdown or close): the server then knows you are done.',
    stillSending: (peer: string, bytes: number) =>
      `${bytes} bytes from ${peer} so far; when your program has sent everything, it closes its sending side (shutdown or close).`,
    echoOwed: (peer: string, sent: number, received: number) =>
      `The server has written back ${sent} of the ${received} bytes from ${peer}; the rest is on its way (a retransmission takes time).`,
    resetInstead: (peer: string) =>
      `The connection from ${peer} ended with RST, before every byte could come back. Send again and let your program read the echo to the end.`,
    packetsAwaited: (peer: string) => `Waiting for the packets of the connection from ${peer}.`,
    noLossThere: (peer: string) =>
      `Everything from ${peer} came back, but the capture shows no retransmission on that connection: loss was off. Set loss to 20 % and send again.`,
    lines: (count: number) => `${count} numbered lines, 1 to ${count}, each once and in order`,
    bytes: (count: number) => `all ${count} bytes`,
    linesOutOfOrder: (expected: number, line: number) =>
      `The server received line ${line} where line ${expected} belonged: your program sent them so, since TCP delivers bytes in the order they were sent. Send the lines in order, from line 1.`,
    allBack: (what: string, peer: string, resent: number) =>
      `The server received ${what} from ${peer} and wrote every byte back, although the capture shows retransmissions on that connection (${resent} in all).`,
    allBackUncaptured: (what: string, peer: string) =>
      `The server received ${what} from ${peer} and wrote every byte back; the capture cannot show the loss on that connection.`,
  },
  'zh-Hans': {
    echoServer: '回显服务器',
    lossTitle: '在开启丢包时发送数据，并看到重传',
    sendAnyway: '把丢包率设为 20%（实验面板，或 loss 20），照样发送：服务器仍然能看出你的字节是否到达。',
    waitingForData: (address) => `先把丢包率设为 20%（实验面板，或 loss 20），再让发送程序连接 ${address}。`,
    noneResent: (port, segments) =>
      `端口 ${port} 发出了 ${segments} 个数据报文段，没有一个需要重发。丢包开了吗？把丢包率设为 20% 再发一次：报文段太少时，丢包可能一个也没碰上。`,
    onlyServerResent: (port, server) =>
      `在端口 ${port} 的连接上，服务器重发了 ${server} 个回显报文段，但你的客户端一个也没有重发：保持丢包，再多发一些，直到你自己的数据也丢上几个。`,
    notCaptured: (peer) =>
      `回显服务器收到了来自 ${peer} 的连接，它不在实验服务器这台机器上，而抓包只看得到本机自己的流量：丢包对那个客户端同样有效，但只有在它那一侧抓包才看得到。请在这台机器上运行发送程序来观察重传。`,
    resent: (port, client, server) =>
      `在端口 ${port} 的连接上，有报文段在路上丢了，TCP 发现后又发了一遍：你的客户端重传了 ${client} 个，服务器重传了 ${server} 个。去「数据包」标签页里找到它们。`,
    backTitle: '尽管丢包，每个字节都按顺序回来',
    sendFirst: '先发送你的数据，再关闭你的发送方向（shutdown 或 close）：这样服务器才知道你发完了。',
    stillSending: (peer, bytes) =>
      `目前收到来自 ${peer} 的 ${bytes} 字节；你的程序发完所有数据后，要关闭它的发送方向（shutdown 或 close）。`,
    echoOwed: (peer, sent, received) =>
      `服务器已经把来自 ${peer} 的 ${received} 字节写回了 ${sent} 字节；其余的还在路上（重传需要时间）。`,
    resetInstead: (peer) => `来自 ${peer} 的连接以 RST 结束，没等所有字节都回来。请再发一次，并让你的程序把回显读完。`,
    packetsAwaited: (peer) => `正在等待来自 ${peer} 的连接的数据包。`,
    noLossThere: (peer) =>
      `来自 ${peer} 的数据全部回来了，但抓包里这条连接上没有重传：丢包没有开。把丢包率设为 20% 再发一次。`,
    lines: (count) => `全部 ${count} 行编号的文本，从 1 到 ${count}，每行一次，顺序不乱`,
    bytes: (count) => `全部 ${count} 字节`,
    linesOutOfOrder: (expected, line) =>
      `服务器在本该是第 ${expected} 行的位置收到了第 ${line} 行：这是你的程序发送的顺序，因为 TCP 按字节发送的顺序交付。请从第 1 行开始按顺序发送。`,
    allBack: (what, peer, resent) =>
      `服务器从 ${peer} 收到了${what}，并把每个字节都写了回去，尽管抓包显示这条连接上发生过重传（共 ${resent} 次）。`,
    allBackUncaptured: (what, peer) =>
      `服务器从 ${peer} 收到了${what}，并把每个字节都写了回去；抓包看不到这条连接上的丢包。`,
  },
});

export const ECHO = 'echo';

/** The lesson's line format: `line 0001` … `line 0200`, each ended by a newline. */
const LINE = /^line (\d+)$/;

/** Every connection to the echo server with its retransmissions and duplicate ACKs, oldest first. */
export function lossesWith(context: CheckContext): ConnectionLoss[] {
  const port = serverPort(context.servers, ECHO);
  if (port === undefined) return [];
  return conversationsWith(context.packets, port).map(connectionLoss);
}

export const retransmitted: CheckDefinition = {
  id: 'retransmitted',
  title: TEXT.lossTitle,
  evaluate(context) {
    if (!context.captureRunning) return pending(sentences(CAPTURE_OFF, TEXT.sendAnyway));
    const losses = lossesWith(context);
    const resent = losses.filter((loss) => loss.client.retransmissions.length > 0).at(-1);
    if (resent !== undefined) {
      return passed(
        TEXT.resent(
          resent.conversation.clientPort,
          resent.client.retransmissions.length,
          resent.server.retransmissions.length,
        ),
      );
    }
    const echoResent = losses.filter((loss) => loss.server.retransmissions.length > 0).at(-1);
    if (echoResent !== undefined) {
      return pending(
        TEXT.onlyServerResent(echoResent.conversation.clientPort, echoResent.server.retransmissions.length),
      );
    }
    const sent = losses.filter((loss) => loss.client.dataSegments > 0).at(-1);
    if (sent === undefined) {
      const remote = context.connections
        .filter((record) => record.server === ECHO && record.receivedBytes > 0)
        .find((record) => capturedConnection(record, context, ECHO).kind === 'uncaptured');
      if (remote !== undefined) return pending(TEXT.notCaptured(remote.peer));
      return pending(TEXT.waitingForData(addressOf(context, ECHO, TEXT.echoServer)));
    }
    return pending(TEXT.noneResent(sent.conversation.clientPort, sent.client.dataSegments));
  },
};

/** What the server received, said as the lesson's numbered lines when it is them; a failure when they are out of order. */
function describeReceived(record: ConnectionRecord): { readonly what: ReturnType<typeof TEXT.bytes> } | CheckVerdict {
  // Only a stream the record holds whole can be read line by line.
  if (record.receivedBytes > OBSERVED_BYTES || record.received.length !== record.receivedBytes) {
    return { what: TEXT.bytes(record.receivedBytes) };
  }
  const text = new TextDecoder().decode(record.received);
  if (!text.endsWith('\n')) return { what: TEXT.bytes(record.receivedBytes) };
  const numbers: number[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    const match = LINE.exec(line.trimEnd());
    if (match === null) return { what: TEXT.bytes(record.receivedBytes) };
    numbers.push(Number(match[1]));
  }
  for (let i = 0; i < numbers.length; i++) {
    const expected = i + 1;
    if (numbers[i] !== expected) return failed(TEXT.linesOutOfOrder(expected, numbers[i] ?? 0));
  }
  return { what: TEXT.lines(numbers.length) };
}

function judgeRecord(record: ConnectionRecord, context: CheckContext): CheckVerdict {
  const peer = record.peer;
  if (record.reset) return pending(TEXT.resetInstead(peer));
  if (!record.peerFin) return pending(TEXT.stillSending(peer, record.receivedBytes));
  if (record.sentBytes < record.receivedBytes)
    return pending(TEXT.echoOwed(peer, record.sentBytes, record.receivedBytes));
  const described = describeReceived(record);
  if ('state' in described) return described;
  const captured = capturedConnection(record, context, ECHO);
  switch (captured.kind) {
    case 'uncaptured':
      return passed(
        context.captureRunning
          ? TEXT.allBackUncaptured(described.what, peer)
          : sentences(TEXT.allBackUncaptured(described.what, peer), CAPTURE_OFF),
      );
    case 'awaited':
      return pending(TEXT.packetsAwaited(peer));
    case 'captured': {
      const resent = retransmittedSegments(connectionLoss(captured.conversation));
      if (resent === 0) return pending(TEXT.noLossThere(peer));
      return passed(TEXT.allBack(described.what, peer, resent));
    }
  }
}

export const allBack: CheckDefinition = {
  id: 'all-back',
  title: TEXT.backTitle,
  evaluate(context) {
    const records = context.connections.filter((record) => record.server === ECHO && record.receivedBytes > 0);
    if (records.length === 0) return pending(TEXT.sendFirst);
    const verdicts = records.map((record) => judgeRecord(record, context));
    // Any connection that did it is enough; otherwise the latest says what is missing.
    return verdicts.find((verdict) => verdict.state === 'passed') ?? verdicts.at(-1) ?? pending(TEXT.sendFirst);
  },
};

export const checks: readonly CheckDefinition[] = [retransmitted, allBack];
