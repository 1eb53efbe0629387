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

import type { ConnectionRecord } from '../../lab-server/grading/connection-record';
import type { CheckContext, CheckDefinition, CheckVerdict } from '../../lab-server/labs/lab-definition';
import { quoteBytes } from '../../src/protocol';
import { addressOf, CAPTURE_OFF, failed, passed, pending } from '../common/capture-notes';
import { capturedConnection } from '../common/captured-connection';
import { type ClientClose, clientCloseOf } from '../common/client-close';
import { newest } from '../common/tcp-conversation';

export const HELLO = 'Hello,world!';
const HELLO_BYTES = new TextEncoder().encode(HELLO);

const ECHO = 'echo';
const READ_THEN_CLOSE = `Call recv() until you have all ${HELLO_BYTES.length} bytes, then close.`;
const ON_ITS_WAY = 'The echo is on its way back: read it, then close the connection.';
const AWAITING_PACKETS = 'Waiting for the packets of this connection, to see how it ended.';
const NOT_DELIVERED = 'The connection ended before the echo was delivered.';

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
  title: 'Connect to the echo server',
  evaluate(context) {
    const first = context.connections[0];
    if (first === undefined)
      return pending(`Waiting for a client to connect to ${addressOf(context, ECHO, 'the echo server')}.`);
    return { state: 'passed', detail: `A client connected from ${first.peer}.` };
  },
};

const sentHello: CheckDefinition = {
  id: 'sent-hello',
  title: `Send ${HELLO}`,
  evaluate(context) {
    const hello = helloConnections(context)[0];
    if (hello !== undefined) {
      return { state: 'passed', detail: `The server received ${quoteBytes(hello.received)} from ${hello.peer}.` };
    }
    const attempt = latest(context.connections.filter((record) => record.receivedBytes > 0));
    if (attempt === undefined) {
      return pending(
        context.connections.length === 0
          ? 'Connect first, then send the greeting.'
          : `Connected; now send ${HELLO} (12 bytes).`,
      );
    }
    // A greeting can arrive in several segments: while the bytes so far are a prefix of it, keep waiting.
    const prefix = HELLO_BYTES.subarray(0, attempt.received.length);
    const isPrefix = attempt.received.length < HELLO_BYTES.length && prefix.every((b, i) => attempt.received[i] === b);
    if (isPrefix && !attempt.closed) return pending(`Received ${quoteBytes(attempt.received)} so far…`);
    return {
      state: 'failed',
      detail: `The server received ${quoteBytes(attempt.received)} (${attempt.receivedBytes} bytes); the lab expects exactly "${HELLO}".`,
    };
  },
};

/** What the packets say about the echo: the client's FIN must acknowledge all of it, and no RST may follow. */
function readEchoInPackets(record: ConnectionRecord, close: ClientClose, clientPort: number): CheckVerdict {
  const from = `port ${clientPort}`;
  switch (close.kind) {
    case 'open':
      return pending(ON_ITS_WAY);
    case 'closing':
      return pending(`Your FIN from ${from} is out; waiting for the rest of the close, since an RST may still follow.`);
    case 'reset':
      if (close.by === 'server') return failed(`The server reset the connection from ${from} (RST). Try again.`);
      return failed(
        close.fin === undefined
          ? `Your program closed with the echo still unread: the kernel answered with RST instead of FIN (${from}). ${READ_THEN_CLOSE}`
          : `Your program sent FIN (${from}), and then its kernel answered with RST: the echo was never read, because it arrived after close(), or was still unread at close(). ${READ_THEN_CLOSE}`,
      );
    case 'closed':
      if (record.sentBytes < record.receivedBytes) return failed(NOT_DELIVERED);
      if (!close.finAfterData) {
        return failed(
          `Your program sent FIN (${from}) before the echo reached it: shutdown(SHUT_WR), or end() in Node, before reading. The server then closed its side, and from then on your kernel stays silent whether the echo is read or not, so nothing shows that it was. ${READ_THEN_CLOSE}`,
        );
      }
      return passed(
        `Your FIN from ${from} acknowledged all ${record.sentBytes} bytes of the echo, so they were in your kernel when your program closed, and it closed with FIN, not with the RST that close() sends when the echo is left unread.`,
      );
  }
}

/** What the echo server's sockets saw, when there are no packets: a FIN and no RST, but not which came first. */
function readEchoFromSockets(record: ConnectionRecord, context: CheckContext): CheckVerdict {
  if (record.reset) {
    return failed(
      `Your program closed with the echo still unread: the kernel answered with RST instead of FIN, and the server read ECONNRESET. ${READ_THEN_CLOSE}`,
    );
  }
  if (!record.closed) return pending(ON_ITS_WAY);
  if (!record.peerFin || record.sentBytes < record.receivedBytes) return failed(NOT_DELIVERED);
  const why = context.captureRunning
    ? 'The capture does not see this connection (it comes from another machine).'
    : CAPTURE_OFF;
  return passed(
    `The echo went back to ${record.peer}, and your side then closed with FIN, not RST. ${why} Only packets could show whether that FIN came before the echo reached you (shutdown before reading), which would prove nothing.`,
  );
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
  title: 'Read the echo',
  evaluate(context) {
    const verdict = acrossConnections(helloConnections(context), (record) => {
      // Until the client closes, nothing in its packets can decide, so they are not looked at (see stillOpen).
      if (stillOpen(record)) return pending(ON_ITS_WAY);
      const captured = capturedConnection(record, context, ECHO);
      if (captured.kind === 'awaited') return pending(record.closed ? AWAITING_PACKETS : ON_ITS_WAY);
      if (captured.kind === 'uncaptured') return readEchoFromSockets(record, context);
      const { conversation } = captured;
      return readEchoInPackets(record, clientCloseOf(conversation), conversation.clientPort);
    });
    return verdict ?? pending(`Send ${HELLO} and the server will echo it back.`);
  },
};

const CLOSE_WHEN_DONE = 'When you are done, close the socket.';
const RESET = 'The connection was reset (RST) rather than closed with FIN; close() after reading everything.';

function closedCleanlyFromSockets(record: ConnectionRecord): CheckVerdict {
  if (record.reset) return failed(RESET);
  if (!record.closed) return pending(CLOSE_WHEN_DONE);
  if (!record.peerFin) return failed('The server closed the connection before the client did.');
  return passed(`${record.peer} closed with FIN: an orderly close, not a reset.`);
}

const closedCleanly: CheckDefinition = {
  id: 'closed-cleanly',
  title: 'Close the connection cleanly',
  evaluate(context) {
    const verdict = acrossConnections(context.connections, (record) => {
      if (stillOpen(record)) return pending(CLOSE_WHEN_DONE);
      const captured = capturedConnection(record, context, ECHO);
      if (captured.kind === 'awaited') return pending(record.closed ? AWAITING_PACKETS : CLOSE_WHEN_DONE);
      if (captured.kind === 'uncaptured') return closedCleanlyFromSockets(record);
      const close = clientCloseOf(captured.conversation);
      const from = `port ${captured.conversation.clientPort}`;
      switch (close.kind) {
        case 'open':
          return pending(CLOSE_WHEN_DONE);
        case 'closing':
          return pending(`Your FIN from ${from} is out; waiting for the server's FIN and the last ACK.`);
        case 'reset':
          return failed(close.by === 'client' ? RESET : `The server reset the connection from ${from} (RST).`);
        case 'closed':
          return passed(
            `${record.peer} closed with FIN, and both FINs were acknowledged with no RST: an orderly close.`,
          );
      }
    });
    return verdict ?? pending(CLOSE_WHEN_DONE);
  },
};

export const checks: readonly CheckDefinition[] = [connected, sentHello, readEcho, closedCleanly];
