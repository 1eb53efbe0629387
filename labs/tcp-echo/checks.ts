/**
 * The checks of the first lab: connect → send `Hello,world!` → read the echo → close cleanly. Each looks only at
 * what the echo server observed. "Read the echo" is observable from the server's side because of how TCP
 * closes: a client that closes with data still unread in its receive buffer makes its kernel send RST instead
 * of FIN (RFC 2525 §2.17, RFC 9293 §3.6), so a clean FIN after the echo means the client took it.
 */

import type { ConnectionRecord } from '../../lab-server/grading/connection-record';
import type { CheckContext, CheckDefinition, CheckVerdict } from '../../lab-server/labs/lab-definition';
import { quoteBytes } from '../../src/protocol';

export const HELLO = 'Hello,world!';
const HELLO_BYTES = new TextEncoder().encode(HELLO);

function pending(detail: string): CheckVerdict {
  return { state: 'pending', detail };
}

function echoAddress(context: CheckContext): string {
  const echo = context.servers.find((server) => server.id === 'echo');
  return echo === undefined ? 'the echo server' : `${echo.host}:${echo.port}`;
}

/** The payload is the greeting, allowing the newline that `nc` and `print`-style senders add. */
function isHello(received: Uint8Array): boolean {
  const text = new TextDecoder().decode(received);
  return text === HELLO || text === `${HELLO}\n` || text === `${HELLO}\r\n`;
}

function helloConnections(context: CheckContext): ConnectionRecord[] {
  return context.connections.filter((record) => isHello(record.received));
}

function latest(records: readonly ConnectionRecord[]): ConnectionRecord | undefined {
  let newest: ConnectionRecord | undefined;
  for (const record of records) if (newest === undefined || record.updated > newest.updated) newest = record;
  return newest;
}

const connected: CheckDefinition = {
  id: 'connected',
  title: 'Connect to the echo server',
  evaluate(context) {
    const first = context.connections[0];
    if (first === undefined) return pending(`Waiting for a client to connect to ${echoAddress(context)}.`);
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

const readEcho: CheckDefinition = {
  id: 'read-echo',
  title: 'Read the echo',
  evaluate(context) {
    const hellos = helloConnections(context);
    const good = hellos.find((r) => r.sentBytes >= r.receivedBytes && r.peerFin && !r.reset);
    if (good !== undefined) {
      return { state: 'passed', detail: `The echo went back to ${good.peer} and was read before the client closed.` };
    }
    const attempt = latest(hellos);
    if (attempt === undefined) return pending(`Send ${HELLO} and the server will echo it back.`);
    if (attempt.reset) {
      return {
        state: 'failed',
        detail:
          'Connected but closed before reading the echo: the reply was still unread, so the client’s kernel reset the connection (RST) instead of closing it. Call recv() until you have all 12 bytes, then close.',
      };
    }
    if (attempt.closed) return { state: 'failed', detail: 'The connection ended before the echo was delivered.' };
    return pending('The echo is on its way back: read it, then close the connection.');
  },
};

const closedCleanly: CheckDefinition = {
  id: 'closed-cleanly',
  title: 'Close the connection cleanly',
  evaluate(context) {
    const clean = context.connections.find((r) => r.peerFin && !r.reset);
    if (clean !== undefined) {
      return { state: 'passed', detail: `${clean.peer} closed with FIN: an orderly close, not a reset.` };
    }
    const attempt = latest(context.connections);
    if (attempt === undefined || !attempt.closed) return pending('When you are done, close the socket.');
    if (attempt.reset) {
      return {
        state: 'failed',
        detail: 'The connection was reset (RST) rather than closed with FIN; close() after reading everything.',
      };
    }
    return { state: 'failed', detail: 'The server closed the connection before the client did.' };
  },
};

export const checks: readonly CheckDefinition[] = [connected, sentHello, readEcho, closedCleanly];
