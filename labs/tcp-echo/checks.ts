/**
 * The checks of the first lab: connect → send `Hello,world!` → read the echo → close cleanly. "Read the echo"
 * rests on how TCP closes: a client that closes with data still unread in its receive buffer makes its kernel
 * send RST instead of FIN (RFC 2525 §2.17, RFC 9293 §3.6), so a FIN after the echo means the client took it.
 * With capture the check asks the packets for "after": the client's FIN must acknowledge the whole echo. A FIN
 * sent before the echo arrived (shutdown(SHUT_WR), or Node's end(), before reading) proves nothing, because the
 * server's FIN follows it and leaves the client's socket in TIME_WAIT, where close() sends no RST whatever is
 * unread. Both checks also wait for the close to finish: an echo that reaches a socket already closed is
 * answered with RST after the FIN, an RST the echo server never sees, since it has closed its own socket by
 * then. Without packets the checks fall back to what the echo server's sockets saw, and say what that misses.
 */

import { localized, sentences } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import { failed, passed, pending } from '../../src/lab-kit';
import { quoteBytes } from '../../src/protocol';
import { addressOf, CAPTURE_OFF } from '../common/capture-notes';
import { capturedConnection } from '../common/captured-connection';
import { type ClientClose, clientCloseOf } from '../common/client-close';
import { newest } from '../common/tcp-conversation';

export const HELLO = 'Hello,world!';
const HELLO_BYTES = new TextEncoder().encode(HELLO);

const TEXT = localized({
  en: {
    echoServer: 'the echo server',
    connectedTitle: 'Connect to the echo server',
    waitingForClient: (address: string) => `Waiting for a client to connect to ${address}.`,
    clientConnected: (peer: string) => `A client connected from ${peer}.`,
    sendTitle: (greeting: string) => `Send ${greeting}`,
    received: (quoted: string, peer: string) => `The server received ${quoted} from ${peer}.`,
    connectFirst: 'Connect first, then send the greeting.',
    nowSend: (greeting: string) => `Connected; now send ${greeting} (12 bytes).`,
    receivedSoFar: (quoted: string) => `Received ${quoted} so far…`,
    wrongGreeting: (quoted: string, bytes: number, greeting: string) =>
      `The server received ${quoted} (${bytes} bytes); the lab expects exactly "${greeting}".`,
    readThenClose: (bytes: number) => `Call recv() until you have all ${bytes} bytes, then close.`,
    onItsWay: 'The echo is on its way back: read it, then close the connection.',
    awaitingPackets: 'Waiting for the packets of this connection, to see how it ended.',
    notDelivered: 'The connection ended before the echo was delivered.',
    finOutRstMayFollow: (port: number) =>
      `Your FIN from port ${port} is out; waiting for the rest of the close, since an RST may still follow.`,
    serverReset: (port: number) => `The server reset the connection from port ${port} (RST).`,
    tryAgain: 'Try again.',
    unreadAtClose: (port: number) =>
      `Your program closed with the echo still unread: the kernel answered with RST instead of FIN (port ${port}).`,
    rstAfterFin: (port: number) =>
      `Your program sent FIN (port ${port}), and then its kernel answered with RST: the echo was never read, because it arrived after close(), or was still unread at close().`,
    finBeforeEcho: (port: number) =>
      `Your program sent FIN (port ${port}) before the echo reached it: shutdown(SHUT_WR), or end() in Node, before reading. The server then closed its side, and from then on your kernel stays silent whether the echo is read or not, so nothing shows that it was.`,
    echoAcknowledged: (port: number, bytes: number) =>
      `Your FIN from port ${port} acknowledged all ${bytes} bytes of the echo, so they were in your kernel when your program closed, and it closed with FIN, not with the RST that close() sends when the echo is left unread.`,
    unreadReset:
      'Your program closed with the echo still unread: the kernel answered with RST instead of FIN, and the server read ECONNRESET.',
    notCaptured: 'The capture does not see this connection (it comes from another machine).',
    echoWentBack: (peer: string) => `The echo went back to ${peer}, and your side then closed with FIN, not RST.`,
    onlyPackets:
      'Only packets could show whether that FIN came before the echo reached you (shutdown before reading), which would prove nothing.',
    readTitle: 'Read the echo',
    sendForEcho: (greeting: string) => `Send ${greeting} and the server will echo it back.`,
    closeWhenDone: 'When you are done, close the socket.',
    reset: 'The connection was reset (RST) rather than closed with FIN; close() after reading everything.',
    serverClosedFirst: 'The server closed the connection before the client did.',
    finNotReset: (peer: string) => `${peer} closed with FIN: an orderly close, not a reset.`,
    closeTitle: 'Close the connection cleanly',
    finOutAwaitingServer: (port: number) =>
      `Your FIN from port ${port} is out; waiting for the server's FIN and the last ACK.`,
    orderlyClose: (peer: string) =>
      `${peer} closed with FIN, and both FINs were acknowledged with no RST: an orderly close.`,
  },
  'zh-Hans': {
    echoServer: '回显服务器',
    connectedTitle: '连接回显服务器',
    waitingForClient: (address) => `等待客户端连接到 ${address}。`,
    clientConnected: (peer) => `一个客户端从 ${peer} 连接了进来。`,
    sendTitle: (greeting) => `发送 ${greeting}`,
    received: (quoted, peer) => `服务器收到了来自 ${peer} 的 ${quoted}。`,
    connectFirst: '先建立连接，再发送问候语。',
    nowSend: (greeting) => `已连接；现在发送 ${greeting}（12 字节）。`,
    receivedSoFar: (quoted) => `目前已收到 ${quoted}……`,
    wrongGreeting: (quoted, bytes, greeting) =>
      `服务器收到的是 ${quoted}（${bytes} 字节）；实验要求的正好是 "${greeting}"。`,
    readThenClose: (bytes) => `反复调用 recv()，直到收齐全部 ${bytes} 个字节，然后再关闭。`,
    onItsWay: '回显正在返回的路上：先读取它，再关闭连接。',
    awaitingPackets: '正在等待这条连接的数据包，以便看清它是怎样结束的。',
    notDelivered: '回显送达之前，连接就已经结束了。',
    finOutRstMayFollow: (port) =>
      `你的 FIN 已从端口 ${port} 发出；正在等待关闭过程的其余部分，因为之后仍可能出现 RST。`,
    serverReset: (port) => `服务器复位了来自端口 ${port} 的连接（RST）。`,
    tryAgain: '请再试一次。',
    unreadAtClose: (port) => `你的程序在回显还没读的时候就关闭了：内核用 RST 而不是 FIN 作了回应（端口 ${port}）。`,
    rstAfterFin: (port) =>
      `你的程序发出了 FIN（端口 ${port}），随后它的内核又回了 RST：回显根本没有被读取，因为它是在 close() 之后才到的，或者在 close() 时还没读。`,
    finBeforeEcho: (port) =>
      `你的程序在回显到达之前就发出了 FIN（端口 ${port}）：在读取之前调用了 shutdown(SHUT_WR)，或者 Node 里的 end()。随后服务器关闭了它那一侧，从那以后不管回显读没读，你的内核都不会再发出什么，所以没有任何迹象表明回显被读过。`,
    echoAcknowledged: (port, bytes) =>
      `你从端口 ${port} 发出的 FIN 确认了回显的全部 ${bytes} 个字节，说明程序关闭时这些字节已经在你的内核里；而且它是以 FIN 关闭的，而不是回显没读时 close() 发出的 RST。`,
    unreadReset: '你的程序在回显还没读的时候就关闭了：内核用 RST 而不是 FIN 作了回应，服务器读到的是 ECONNRESET。',
    notCaptured: '抓包看不到这条连接（它来自另一台机器）。',
    echoWentBack: (peer) => `回显已经发回 ${peer}，随后你这一侧以 FIN 而不是 RST 关闭。`,
    onlyPackets:
      '只有数据包才能说明这个 FIN 是不是在回显到达你之前就发出了（读取之前就调用了 shutdown），那样的话它什么也证明不了。',
    readTitle: '读取回显',
    sendForEcho: (greeting) => `发送 ${greeting}，服务器会把它原样发回来。`,
    closeWhenDone: '用完之后，关闭套接字。',
    reset: '连接被复位（RST），而不是以 FIN 关闭；请在读完所有数据之后再 close()。',
    serverClosedFirst: '服务器先于客户端关闭了连接。',
    finNotReset: (peer) => `${peer} 以 FIN 关闭：这是一次有序的关闭，而不是复位。`,
    closeTitle: '干净地关闭连接',
    finOutAwaitingServer: (port) => `你的 FIN 已从端口 ${port} 发出；正在等待服务器的 FIN 和最后一个 ACK。`,
    orderlyClose: (peer) => `${peer} 以 FIN 关闭，双方的 FIN 都得到了确认，没有 RST：这是一次有序的关闭。`,
  },
});

const ECHO = 'echo';
const READ_THEN_CLOSE = TEXT.readThenClose(HELLO_BYTES.length);

/** The payload is the greeting, allowing the newline that `nc` and `print`-style senders add. */
function isHello(received: Uint8Array): boolean {
  const text = new TextDecoder().decode(received);
  return text === HELLO || text === `${HELLO}\n` || text === `${HELLO}\r\n`;
}

function helloConnections(context: CheckContext): ConnectionRecord[] {
  return context.connections.filter((record) => isHello(record.received));
}

function latest(records: readonly ConnectionRecord[]): ConnectionRecord | undefined {
  return newest(records, (record) => record.updated);
}

/** A check judged per connection: passed if any connection passes it, otherwise what the latest one shows. */
function acrossConnections(
  records: readonly ConnectionRecord[],
  judge: (record: ConnectionRecord) => CheckVerdict,
): CheckVerdict | undefined {
  const verdicts = records.map((record) => ({ record, verdict: judge(record) }));
  const pass = verdicts.find(({ verdict }) => verdict.state === 'passed');
  return (pass ?? newest(verdicts, ({ record }) => record.updated))?.verdict;
}

const connected: CheckDefinition = {
  id: 'connected',
  title: TEXT.connectedTitle,
  evaluate(context) {
    const first = context.connections[0];
    if (first === undefined) return pending(TEXT.waitingForClient(addressOf(context, ECHO, TEXT.echoServer)));
    return { state: 'passed', detail: TEXT.clientConnected(first.peer) };
  },
};

const sentHello: CheckDefinition = {
  id: 'sent-hello',
  title: TEXT.sendTitle(HELLO),
  evaluate(context) {
    const hello = helloConnections(context)[0];
    if (hello !== undefined) {
      return { state: 'passed', detail: TEXT.received(quoteBytes(hello.received), hello.peer) };
    }
    const attempt = latest(context.connections.filter((record) => record.receivedBytes > 0));
    if (attempt === undefined) {
      return pending(context.connections.length === 0 ? TEXT.connectFirst : TEXT.nowSend(HELLO));
    }
    // A greeting can arrive in several segments: while the bytes so far are a prefix of it, keep waiting.
    const prefix = HELLO_BYTES.subarray(0, attempt.received.length);
    const isPrefix = attempt.received.length < HELLO_BYTES.length && prefix.every((b, i) => attempt.received[i] === b);
    if (isPrefix && !attempt.closed) return pending(TEXT.receivedSoFar(quoteBytes(attempt.received)));
    return { state: 'failed', detail: TEXT.wrongGreeting(quoteBytes(attempt.received), attempt.receivedBytes, HELLO) };
  },
};

/** What the packets say about the echo: the client's FIN must acknowledge all of it, and no RST may follow. */
function readEchoInPackets(record: ConnectionRecord, close: ClientClose, clientPort: number): CheckVerdict {
  switch (close.kind) {
    case 'open':
      return pending(TEXT.onItsWay);
    case 'closing':
      return pending(TEXT.finOutRstMayFollow(clientPort));
    case 'reset':
      if (close.by === 'server') return failed(sentences(TEXT.serverReset(clientPort), TEXT.tryAgain));
      return failed(
        sentences(
          close.fin === undefined ? TEXT.unreadAtClose(clientPort) : TEXT.rstAfterFin(clientPort),
          READ_THEN_CLOSE,
        ),
      );
    case 'closed':
      if (record.sentBytes < record.receivedBytes) return failed(TEXT.notDelivered);
      if (!close.finAfterData) return failed(sentences(TEXT.finBeforeEcho(clientPort), READ_THEN_CLOSE));
      return passed(TEXT.echoAcknowledged(clientPort, record.sentBytes));
  }
}

/** What the echo server's sockets saw, when there are no packets: a FIN and no RST, but not which came first. */
function readEchoFromSockets(record: ConnectionRecord, context: CheckContext): CheckVerdict {
  if (record.reset) {
    return failed(sentences(TEXT.unreadReset, READ_THEN_CLOSE));
  }
  if (!record.closed) return pending(TEXT.onItsWay);
  if (!record.peerFin || record.sentBytes < record.receivedBytes) return failed(TEXT.notDelivered);
  const why = context.captureRunning ? TEXT.notCaptured : CAPTURE_OFF;
  return passed(sentences(TEXT.echoWentBack(record.peer), why, TEXT.onlyPackets));
}

/**
 * Neither a FIN nor an RST from the client has reached the server, and the server has not closed: the close the
 * checks judge has not begun. Checks are graded up to 20 times a second while packets flow, so they skip the
 * packet scan until then. (A client's RST after the server closed is never seen by it, but then it is closed.)
 */
function stillOpen(record: ConnectionRecord): boolean {
  return !record.closed && !record.peerFin && !record.reset;
}

const readEcho: CheckDefinition = {
  id: 'read-echo',
  title: TEXT.readTitle,
  evaluate(context) {
    const verdict = acrossConnections(helloConnections(context), (record) => {
      // Until the client closes, nothing in its packets can decide, so they are not looked at (see stillOpen).
      if (stillOpen(record)) return pending(TEXT.onItsWay);
      const captured = capturedConnection(record, context, ECHO);
      if (captured.kind === 'awaited') return pending(record.closed ? TEXT.awaitingPackets : TEXT.onItsWay);
      if (captured.kind === 'uncaptured') return readEchoFromSockets(record, context);
      const { conversation } = captured;
      return readEchoInPackets(record, clientCloseOf(conversation), conversation.clientPort);
    });
    return verdict ?? pending(TEXT.sendForEcho(HELLO));
  },
};

function closedCleanlyFromSockets(record: ConnectionRecord): CheckVerdict {
  if (record.reset) return failed(TEXT.reset);
  if (!record.closed) return pending(TEXT.closeWhenDone);
  if (!record.peerFin) return failed(TEXT.serverClosedFirst);
  return passed(TEXT.finNotReset(record.peer));
}

const closedCleanly: CheckDefinition = {
  id: 'closed-cleanly',
  title: TEXT.closeTitle,
  evaluate(context) {
    const verdict = acrossConnections(context.connections, (record) => {
      if (stillOpen(record)) return pending(TEXT.closeWhenDone);
      const captured = capturedConnection(record, context, ECHO);
      if (captured.kind === 'awaited') return pending(record.closed ? TEXT.awaitingPackets : TEXT.closeWhenDone);
      if (captured.kind === 'uncaptured') return closedCleanlyFromSockets(record);
      const close = clientCloseOf(captured.conversation);
      const port = captured.conversation.clientPort;
      switch (close.kind) {
        case 'open':
          return pending(TEXT.closeWhenDone);
        case 'closing':
          return pending(TEXT.finOutAwaitingServer(port));
        case 'reset':
          return failed(close.by === 'client' ? TEXT.reset : TEXT.serverReset(port));
        case 'closed':
          return passed(TEXT.orderlyClose(record.peer));
      }
    });
    return verdict ?? pending(TEXT.closeWhenDone);
  },
};

export const checks: readonly CheckDefinition[] = [connected, sentHello, readEcho, closedCleanly];
