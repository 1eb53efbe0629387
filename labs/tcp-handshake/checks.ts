/**
 * The checks of lab `tcp-handshake`: a complete three-way handshake with the echo server, then `Hello,world!` sent
 * and acknowledged. Both are judged on the session's own packets (RFC 9293 §3.5 for the handshake, §3.4 for the
 * acknowledgement), so they pass for the lab shell, a student's program or a board alike. Without a capture they
 * fall back to what the server saw on its sockets, which proves the same facts less directly: `accept()` returns
 * only established connections, and bytes the server read were accepted, and so acknowledged, by its TCP. A
 * passed check says what the capture shows without the numbers the lab's questions ask for (the SYN-ACK's Ack,
 * the Ack after the greeting): the student reads those in the packets.
 */

import type { CheckContext, CheckDefinition, CheckVerdict } from '../../lab-server/labs/lab-definition';
import { quoteBytes } from '../../src/protocol';
import { addressOf, CAPTURE_OFF, failed, passed, pending } from '../common/capture-notes';
import { GREETING, type GreetingState, greetingState } from '../common/client-stream';
import { handshakeAttempt, handshakesWith } from '../common/handshake';
import { conversationsWith, newest, serverPort } from '../common/tcp-conversation';

export const ECHO = 'echo';

const GREETING_BYTES = new TextEncoder().encode(GREETING);

function startsWithGreeting(bytes: Uint8Array): boolean {
  return bytes.length >= GREETING_BYTES.length && GREETING_BYTES.every((byte, i) => bytes[i] === byte);
}

export const handshake: CheckDefinition = {
  id: 'handshake',
  title: 'Complete a handshake',
  evaluate(context) {
    const address = addressOf(context, ECHO, 'the echo server');
    const port = serverPort(context.servers, ECHO);
    if (!context.captureRunning || port === undefined) {
      const accepted = context.connections.find((record) => record.server === ECHO);
      if (accepted !== undefined) {
        return passed(
          `The echo server accepted a connection from ${accepted.peer}, and accept() returns only once the handshake is complete. ${CAPTURE_OFF}`,
        );
      }
      return pending(
        `${CAPTURE_OFF} Connect anyway (connect echo): the server can still tell that a handshake completed.`,
      );
    }
    const done = newest(handshakesWith(context.packets, port), (match) => match.handshake.ack.id);
    if (done !== undefined) {
      const { syn, ack } = done.handshake;
      // The handshake's own duration, from the capture: the lab shell can only time its connect() call.
      const ms = ((ack.time - syn.time) * 1000).toFixed(2);
      return passed(
        `Your capture has a complete handshake (SYN, SYN-ACK, ACK) from port ${done.conversation.clientPort} to ${port}: ${ms} ms between your SYN and your ACK, by the packets' timestamps.`,
      );
    }
    const attempts = conversationsWith(context.packets, port)
      .map((conversation) => ({ conversation, attempt: handshakeAttempt(conversation) }))
      .filter(({ attempt }) => attempt.syn !== undefined);
    const last = attempts.at(-1);
    if (last === undefined) return pending(`Waiting for a connection to ${address}: type connect echo.`);
    const from = `port ${last.conversation.clientPort}`;
    if (last.attempt.refused !== undefined) {
      return failed(`Your SYN from ${from} was answered with RST: nothing was listening on ${address}. Try again.`);
    }
    if (last.attempt.synAck !== undefined) {
      return pending(`SYN and SYN-ACK seen for ${from}; waiting for the client's ACK.`);
    }
    return pending(`A SYN from ${from} is waiting for the server's SYN-ACK.`);
  },
};

export const greetingAcknowledged: CheckDefinition = {
  id: 'hello-acked',
  title: `Send ${GREETING} and see it acknowledged`,
  evaluate(context) {
    const port = serverPort(context.servers, ECHO);
    if (!context.captureRunning || port === undefined) return withoutCapture(context);
    const matches = handshakesWith(context.packets, port);
    const states = matches.map((match) => ({ match, state: greetingState(match.conversation, match.handshake) }));
    for (const { match, state } of [...states].reverse()) {
      if (state.kind !== 'sent' || state.ack === undefined) continue;
      // A retransmission repeats a segment's sequence number: it is the same segment sent again.
      const sent = state.stream.segments.length;
      const count = new Set(state.stream.segments.map((segment) => segment.tcp.seqRaw)).size;
      const resent = sent > count ? ` (${sent - count} retransmitted)` : '';
      const how = `${count === 1 ? 'in one segment' : `in ${count} segments`}${resent}`;
      return passed(
        `Your ${state.length} bytes from port ${match.conversation.clientPort} went out ${how}, and a segment from the server acknowledges all of them.`,
      );
    }
    const latest = states.at(-1);
    if (latest === undefined) return pending(`Connect first (connect echo), then send ${GREETING}.`);
    return judgeUnacknowledged(latest.state, latest.match.conversation.clientPort);
  },
};

function judgeUnacknowledged(state: GreetingState, clientPort: number): CheckVerdict {
  switch (state.kind) {
    case 'none':
      return pending(`Connected from port ${clientPort}; now send ${GREETING}.`);
    case 'partial':
      return pending(`Seen so far from port ${clientPort}: ${quoteBytes(state.stream.bytes)}…`);
    case 'wrong':
      return failed(
        `Your connection from port ${clientPort} sent ${quoteBytes(state.stream.bytes)} (${state.stream.length} bytes) first; the lab expects ${GREETING} (12 bytes). Connect again and send exactly that.`,
      );
    case 'sent':
      return pending(`${GREETING} went out from port ${clientPort}; waiting for the server's ACK.`);
  }
}

function withoutCapture(context: CheckContext): CheckVerdict {
  const record = context.connections.find(
    (candidate) => candidate.server === ECHO && startsWithGreeting(candidate.received),
  );
  if (record !== undefined) {
    return passed(
      `The echo server read ${GREETING} from ${record.peer}, so its TCP had accepted the 12 bytes, and acknowledged them. ${CAPTURE_OFF}`,
    );
  }
  return pending(`${CAPTURE_OFF} Send ${GREETING} anyway: the server can still tell that it arrived.`);
}

export const checks: readonly CheckDefinition[] = [handshake, greetingAcknowledged];
