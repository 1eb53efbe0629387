/**
 * The checks of lab `tcp-handshake`: a complete three-way handshake with the echo server, then `Hello,world!` sent
 * and acknowledged. Both are judged on the session's own packets (RFC 9293 §3.5 for the handshake, §3.4 for the
 * acknowledgement), so they pass for the lab shell, a student's program or a board alike. Without a capture they
 * fall back to what the server saw on its sockets, which proves the same facts less directly: `accept()` returns
 * only established connections, and bytes the server read were accepted, and so acknowledged, by its TCP.
 */

import type { CheckContext, CheckDefinition, CheckVerdict } from '../../lab-server/labs/lab-definition';
import { quoteBytes } from '../../src/protocol';
import { addressOf, CAPTURE_OFF, failed, passed, pending } from '../common/capture-notes';
import { GREETING, type GreetingState, greetingState } from '../common/client-stream';
import { handshakeAttempt, handshakesWith } from '../common/handshake';
import { conversationsWith, newest, serverPort, type TcpPacket } from '../common/tcp-conversation';

export const ECHO = 'echo';

const GREETING_BYTES = new TextEncoder().encode(GREETING);

function startsWithGreeting(bytes: Uint8Array): boolean {
  return bytes.length >= GREETING_BYTES.length && GREETING_BYTES.every((byte, i) => bytes[i] === byte);
}

function segmentText(packet: TcpPacket): string {
  return `Seq=${packet.tcp.seq} Len=${packet.tcp.len}`;
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
      const { syn, synAck, ack } = done.handshake;
      const ms = ((ack.time - syn.time) * 1000).toFixed(2);
      return passed(
        `Port ${done.conversation.clientPort} → ${port}: [SYN] Seq=0, [SYN, ACK] Seq=0 Ack=${synAck.tcp.ack}, [ACK] Seq=${ack.tcp.seq} Ack=${ack.tcp.ack}, in ${ms} ms.`,
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
      const segments = state.stream.segments;
      const how =
        segments.length === 1
          ? `went out as ${segmentText(segments[0]!)}`
          : `went out in ${segments.length} segments (${segments.map(segmentText).join(', ')})`;
      return passed(
        `Your ${state.length} bytes from port ${match.conversation.clientPort} ${how}, and the server acknowledged them with Ack=${state.ack.tcp.ack}: the next byte it expects.`,
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
