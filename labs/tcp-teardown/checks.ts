/**
 * The checks of lab `tcp-teardown`, judged on the session's own packets: an orderly close with FIN in both
 * directions (RFC 9293 §3.6), an RST from a port where nothing listens (§3.10.7.1), and, optionally, a half-close
 * (§3.6.1). In packets a half-close looks like any close unless data still flows after the first FIN, so that
 * check asks for exactly that: the server's data arriving after the client's FIN and being acknowledged, not
 * answered with RST as a fully closed socket would answer it. Without a capture only the first check can fall
 * back to the server's own view (it read end-of-file, not a reset); the other two need packets. A passed check
 * says what the capture shows without what the lab's questions ask (how many packets the close took, which side
 * sent the first FIN, the flags of the closed port's reply): the student reads those in the packets.
 */

import type { CheckContext, CheckDefinition, CheckVerdict } from '../../lab-server/labs/lab-definition';
import { addressOf, CAPTURE_OFF, failed, passed, pending } from '../common/capture-notes';
import { handshakeAttempt } from '../common/handshake';
import { conversationsWith, hasFlag, newest, RST, serverPort, sideOf } from '../common/tcp-conversation';
import { latestCompleteTeardown, teardownOf, teardownsWith } from '../common/teardown';

export const ECHO = 'echo';
export const CLOSED = 'closed';

export const finClose: CheckDefinition = {
  id: 'fin-close',
  title: 'Close with FIN (four-way or three-way teardown seen)',
  evaluate(context) {
    const port = serverPort(context.servers, ECHO);
    if (!context.captureRunning || port === undefined) return finWithoutCapture(context);
    const done = latestCompleteTeardown(context.packets, port);
    if (done !== undefined) {
      return passed(
        `Your capture has an orderly close of port ${done.conversation.clientPort}: FIN in both directions, each acknowledged, and no RST.`,
      );
    }
    const conversations = conversationsWith(context.packets, port);
    const last = conversations.at(-1);
    if (last === undefined)
      return pending('Connect to the echo server and close the connection: connect echo, then close.');
    const reset = last.packets.find((packet) => hasFlag(packet, RST));
    if (reset !== undefined) {
      const who = sideOf(reset, last);
      return failed(
        who === 'client'
          ? `Your connection from port ${last.clientPort} ended with RST, not FIN: it was closed with data still unread, so the kernel reset it. Read everything (recv), then close.`
          : `The server reset your connection from port ${last.clientPort} (RST). Connect again and close it with close.`,
      );
    }
    if (teardownOf(last) !== undefined) {
      return pending(`A FIN went out on port ${last.clientPort}; waiting for the other FIN and the last ACK.`);
    }
    return pending(`Connected from port ${last.clientPort}; now close it: close.`);
  },
};

function finWithoutCapture(context: CheckContext): CheckVerdict {
  const clean = context.connections.find((record) => record.server === ECHO && record.peerFin && !record.reset);
  if (clean !== undefined) {
    return passed(`The echo server read end-of-file from ${clean.peer}: your side closed with FIN. ${CAPTURE_OFF}`);
  }
  const reset = context.connections.filter((record) => record.server === ECHO && record.reset).at(-1);
  if (reset !== undefined) {
    return failed(`The connection from ${reset.peer} was reset (RST), not closed with FIN. ${CAPTURE_OFF}`);
  }
  return pending(
    `${CAPTURE_OFF} Close a connection anyway (connect echo, then close): the server can tell FIN from RST.`,
  );
}

export const resetFromClosedPort: CheckDefinition = {
  id: 'rst-closed-port',
  title: 'Provoke an RST: connect to the closed port',
  evaluate(context) {
    const address = addressOf(context, CLOSED, 'the closed port');
    const port = serverPort(context.servers, CLOSED);
    if (!context.captureRunning || port === undefined) {
      return pending(
        `${CAPTURE_OFF} The ECONNREFUSED the shell prints for connect closed is that RST as the socket API reports it, but the lab can only confirm it in packets.`,
      );
    }
    const attempts = conversationsWith(context.packets, port)
      .map((conversation) => ({ conversation, attempt: handshakeAttempt(conversation) }))
      .filter(({ attempt }) => attempt.syn !== undefined);
    const refused = newest(
      attempts.filter(({ attempt }) => attempt.refused !== undefined),
      ({ attempt }) => attempt.refused?.id ?? 0,
    );
    if (refused?.attempt.refused !== undefined) {
      return passed(
        `Your SYN from port ${refused.conversation.clientPort} to ${address} was refused: nothing listens there, so the kernel answered it with a reset (RFC 9293 §3.10.7.1), and connect() failed with ECONNREFUSED.`,
      );
    }
    const last = attempts.at(-1);
    if (last === undefined) return pending(`Connect to the closed port at ${address}: connect closed.`);
    if (last.attempt.synAck !== undefined) {
      return failed(
        `Something answered your SYN to ${address} with SYN-ACK: a program is listening there now. Stop it and try again.`,
      );
    }
    return pending(`Your SYN from port ${last.conversation.clientPort} to ${address} has no answer yet.`);
  },
};

export const halfClose: CheckDefinition = {
  id: 'half-close',
  title: 'Half-close: shutdown, then read until recv returns 0 (optional)',
  evaluate(context) {
    const port = serverPort(context.servers, ECHO);
    if (!context.captureRunning || port === undefined) {
      return pending(`${CAPTURE_OFF} A half-close can only be told from a close in packets.`);
    }
    const teardowns = teardownsWith(context.packets, port);
    const half = newest(
      teardowns.filter(
        ({ teardown }) => teardown.complete && teardown.firstSide === 'client' && teardown.dataAfterFirstFin.length > 0,
      ),
      ({ teardown }) => teardown.firstFin.id,
    );
    if (half !== undefined) {
      return passed(
        `On port ${half.conversation.clientPort} the server's data still arrived after you shut down your sending side, and your kernel acknowledged it: your socket kept receiving after it stopped sending, which is the half-close. Your kernel acknowledges what arrives whether or not your program reads it, so the packets cannot show your recv() calls.`,
      );
    }
    const closed = teardowns.filter(({ teardown }) => teardown.complete && teardown.firstSide === 'client').at(-1);
    if (closed !== undefined) {
      return pending(
        `The close of port ${closed.conversation.clientPort} looks like any close on the wire: the echo came back before the close began. For a half-close to show, send and shut down at once so the echo arrives after your shutdown, then read until recv returns 0 (the lesson shows how).`,
      );
    }
    return pending(
      'Send Hello,world!, shut down your sending side at once (shutdown, not close), then read until recv returns 0.',
    );
  },
};

export const checks: readonly CheckDefinition[] = [finClose, resetFromClosedPort, halfClose];
