/**
 * The capture questions of lab `tcp-teardown`, judged against this student's own packets: the teardown questions
 * use the last connection to the echo server whose close finished (both FINs acknowledged), the flags question
 * the last SYN the closed port refused. Wrong answers get a hint about where to look, or about the recognisable
 * mistake (the passive side for TIME_WAIT), never the answer itself: three packets and four get the same hint, since
 * a hint for each would tell which one is right.
 */

import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../lab-server/labs/lab-definition';
import { readFlags, readNumber, readSide, sameFlags } from '../common/answer-parsing';
import { captureOff, failed, passed, pending } from '../common/capture-notes';
import { handshakeAttempt } from '../common/handshake';
import { conversationsWith, flagList, newest, serverPort } from '../common/tcp-conversation';
import { describeTeardown, latestCompleteTeardown, type TeardownMatch, teardownsWith } from '../common/teardown';
import { CLOSED, ECHO } from './checks';

function isVerdict(value: TeardownMatch | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

/** The last finished close with the echo server, or the verdict to give when there is none to judge against. */
function lastTeardownOrWhy(context: CheckContext): TeardownMatch | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  const port = serverPort(context.servers, ECHO);
  if (port === undefined) return pending('This lab has no echo server to close a connection with.');
  const match = latestCompleteTeardown(context.packets, port);
  if (match !== undefined) return match;
  const closing = teardownsWith(context.packets, port).at(-1);
  return pending(
    closing === undefined
      ? 'Close a connection first: connect echo, then close.'
      : `The close of port ${closing.conversation.clientPort} has not finished yet: wait for both FINs and the last ACK.`,
  );
}

const ONE_SIDE = 'Answer client or server.';

function portsOf(match: TeardownMatch): string {
  return `port ${match.conversation.clientPort} ↔ ${match.conversation.serverPort}`;
}

export const firstFin: QuestionDefinition = {
  id: 'first-fin',
  prompt: 'Who sent the first FIN in your last connection: the client or the server?',
  format: 'client or server',
  evaluate(context, answer) {
    const match = lastTeardownOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readSide(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? ONE_SIDE);
    const side = reading.value;
    if (side === 'both') return failed(ONE_SIDE);
    const { firstSide, firstFin: fin } = match.teardown;
    if (side === firstSide) {
      const closer =
        firstSide === 'client'
          ? 'the client closed first, and the echo server closed its side when its read returned 0'
          : 'the server closed first, and your side answered with its own FIN';
      return passed(
        `Right: the ${firstSide} (port ${fin.srcPort}) sent ${flagList(fin)} Seq=${fin.tcp.seq} first: ${closer}.`,
      );
    }
    return failed(
      `Find the first packet with FIN in your last connection (${portsOf(match)}) and see which port sent it. The server’s port is ${match.conversation.serverPort}.`,
    );
  },
};

export const resetFlags: QuestionDefinition = {
  id: 'rst-flags',
  prompt: 'Which flags did the reply to your SYN to the closed port carry?',
  format: 'flag names, like SYN, ACK',
  evaluate(context, answer) {
    const off = captureOff(context);
    if (off !== undefined) return off;
    const port = serverPort(context.servers, CLOSED);
    const attempts = (port === undefined ? [] : conversationsWith(context.packets, port))
      .map((conversation) => handshakeAttempt(conversation))
      .filter((attempt) => attempt.syn !== undefined);
    const reply = newest(
      attempts.map((attempt) => attempt.refused).filter((packet) => packet !== undefined),
      (packet) => packet.id,
    );
    if (reply === undefined) {
      if (attempts.length === 0) return pending('Connect to the closed port first: connect closed.');
      return pending(
        attempts.some((attempt) => attempt.synAck !== undefined)
          ? 'Your SYN to the closed port was answered with SYN-ACK: a program is listening there now. Stop it and connect again.'
          : 'Your SYN to the closed port has no reply yet.',
      );
    }
    const reading = readFlags(answer);
    if (reading.kind === 'unread') {
      return failed(reading.why ?? 'Answer with flag names such as SYN, ACK, FIN, RST or PSH.');
    }
    const given = reading.value;
    const expected = new Set(reply.tcp.flagNames.split(','));
    if (sameFlags(given, expected)) {
      return passed(
        `Right: ${flagList(reply)}. RST refuses the connection. ACK is set because the reset acknowledges your SYN (Ack = your ISN + 1), which tells your TCP that this reset answers that SYN (RFC 9293 §3.10.7.1).`,
      );
    }
    if (given.has('SYN') && !expected.has('SYN')) {
      return failed(
        'A SYN in the reply is what a listening server sends. Nothing listens on that port: look at the reply again.',
      );
    }
    if ([...given].every((flag) => expected.has(flag))) {
      return failed(
        'Close: the reply carries more flags than that. Read the Flags line of the reply in the packet detail.',
      );
    }
    return failed(
      `Not quite. Open the reply to your SYN, the packet from port ${reply.srcPort}, and read its Flags line.`,
    );
  },
};

export const teardownPackets: QuestionDefinition = {
  id: 'teardown-packets',
  prompt: 'How many packets did your last teardown take, from the first FIN to the last ACK?',
  format: 'a number',
  evaluate(context, answer) {
    const match = lastTeardownOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readNumber(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? 'Answer with a number.');
    const value = reading.value;
    const expected = match.teardown.packets.length;
    const data = match.teardown.dataAfterFirstFin.length;
    if (value === expected) {
      const why =
        data > 0
          ? `including ${data} data segment${data === 1 ? '' : 's'} the server still sent after the first FIN (a half-close)`
          : expected === 3
            ? 'the second FIN also acknowledged the first, so one packet did two jobs'
            : 'each FIN was acknowledged in a packet of its own';
      return passed(`Right: ${expected} packets, ${why}: ${describeTeardown(match)}.`);
    }
    // One hint for both mistakes: a hint that differed between 3 and 4 would tell which one is right.
    if (data === 0 && (value === 3 || value === 4)) {
      return failed(
        'Count again, and look at the Ack field of the second FIN: does it acknowledge the first FIN too, or does a packet of its own do that?',
      );
    }
    if (data > 0 && value < expected) {
      return failed(
        'Count every packet of this connection from the first FIN to the last ACK, data included: the server still sent data after the first FIN.',
      );
    }
    return failed(
      `Count this connection’s packets (${portsOf(match)}) from the first FIN to the ACK of the second FIN, both included. The Ladder tab shows them in order.`,
    );
  },
};

export const timeWait: QuestionDefinition = {
  id: 'time-wait',
  prompt: 'In your last connection, which side goes into TIME_WAIT?',
  format: 'client, server or both',
  evaluate(context, answer) {
    const match = lastTeardownOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readSide(answer);
    if (reading.kind === 'unread') return failed(reading.why ?? 'Answer client, server or both.');
    const side = reading.value;
    const { firstSide, simultaneous } = match.teardown;
    const expected = simultaneous ? 'both' : firstSide;
    if (side === expected) {
      const who = simultaneous
        ? 'both sides: their FINs crossed, so each closed actively'
        : `the ${firstSide}, because it sent the first FIN (the active close)`;
      return passed(
        `Right: ${who}. TIME_WAIT lasts 2×MSL (60 s on Linux) so that the last ACK can be sent again if the peer's FIN is repeated, and so that stray segments of this connection die out before the same ports can carry a new one (RFC 9293 §3.6.1).`,
      );
    }
    if (side === 'both') {
      return failed('Only one side closed actively here. TIME_WAIT is for the side that sent the first FIN.');
    }
    return failed(
      'TIME_WAIT is for the side that closed actively. Which side sent the first FIN in your last connection?',
    );
  },
};

export const questions: readonly QuestionDefinition[] = [firstFin, resetFlags, teardownPackets, timeWait];
