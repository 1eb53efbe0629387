/**
 * The capture questions of lab `tcp-handshake`. Each is judged against this student's own packets, using the
 * most recent complete handshake with the echo server, so every student has different right answers for the
 * raw numbers. A wrong answer gets a hint that points at the field to read, never the number itself; a
 * recognisable mistake (the relative number for the raw one, the client's ISN for the server's, the byte count
 * for the acknowledgement number) gets a hint about that mistake.
 */

import type { CheckContext, CheckVerdict, QuestionDefinition } from '../../lab-server/labs/lab-definition';
import { readNumber, saysNone } from '../common/answer-parsing';
import { captureOff, failed, passed, pending } from '../common/capture-notes';
import { GREETING, greetingState } from '../common/client-stream';
import { type HandshakeMatch, handshakesWith, latestHandshake } from '../common/handshake';
import { serverPort } from '../common/tcp-conversation';
import { ECHO } from './checks';

const NO_HANDSHAKE = 'Make a connection first: connect echo. Then find its three packets in the Packets tab.';
const NOT_A_NUMBER = 'Answer with a number, as the packet detail shows it.';
/** Sequence and acknowledgement numbers may be given in hex, as the packet bytes show them. */
const SEQUENCE_NUMBER = { hex: true } as const;

/** The latest handshake, or the verdict to give when there is none to judge against. */
function latestOrWhy(context: CheckContext): HandshakeMatch | CheckVerdict {
  const off = captureOff(context);
  if (off !== undefined) return off;
  const port = serverPort(context.servers, ECHO);
  const match = port === undefined ? undefined : latestHandshake(context.packets, port);
  return match ?? pending(NO_HANDSHAKE);
}

function isVerdict(value: HandshakeMatch | CheckVerdict): value is CheckVerdict {
  return 'state' in value;
}

function connectionName(match: HandshakeMatch): string {
  return `port ${match.conversation.clientPort} ↔ ${match.conversation.serverPort}`;
}

export const serverIsn: QuestionDefinition = {
  id: 'server-isn',
  prompt: 'Which initial sequence number (ISN) did the server choose? Give the raw number.',
  format: 'a number, like 2864539821 (or in hex, 0x…)',
  evaluate(context, answer) {
    const match = latestOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readNumber(answer, SEQUENCE_NUMBER);
    if (reading.kind === 'unread') return failed(reading.why ?? NOT_A_NUMBER);
    const value = reading.value;
    const { syn, synAck, ack } = match.handshake;
    const isn = synAck.tcp.seqRaw;
    if (value === isn) {
      return passed(
        `Right: the SYN-ACK of your latest connection (${connectionName(match)}) carried Seq=${isn}, which Wireshark shows as Seq=0 because it counts from it. The server's kernel picked it for this connection alone (RFC 6528), so your neighbour's is different.`,
      );
    }
    if (value === 0) {
      return failed(
        'That is the relative number: Wireshark counts each direction from its own ISN, so every SYN shows Seq=0. Look at the SYN-ACK’s Seq in raw form: the packet detail shows both.',
      );
    }
    if (value === syn.tcp.seqRaw) {
      return failed('That is your client’s ISN, from its SYN. The server chose its own and sent it in the SYN-ACK.');
    }
    if (value === synAck.tcp.ackRaw) {
      return failed(
        'That is the SYN-ACK’s acknowledgement number (your ISN + 1). The server’s own ISN is the SYN-ACK’s sequence number.',
      );
    }
    if (value === ack.tcp.ackRaw) {
      return failed('Off by one: that is the ISN + 1 your ACK acknowledged. The ISN itself is in the SYN-ACK.');
    }
    const earlier = earlierServerIsn(context, match, value);
    if (earlier !== undefined) {
      return failed(
        `That is the server’s ISN from an earlier connection (port ${earlier}). The question is about your latest one, ${connectionName(match)}: every connection gets a new ISN.`,
      );
    }
    return failed(
      `Not the ISN of your latest connection (${connectionName(match)}). Look at the SYN-ACK’s Seq in raw form: the packet detail shows both.`,
    );
  },
};

/** The client port of an older connection whose server ISN is `value`, if any. */
function earlierServerIsn(context: CheckContext, latest: HandshakeMatch, value: number): number | undefined {
  const older = handshakesWith(context.packets, latest.conversation.serverPort).find(
    (match) => match !== latest && match.handshake.synAck.tcp.seqRaw === value,
  );
  return older?.conversation.clientPort;
}

export const synAckAck: QuestionDefinition = {
  id: 'syn-ack-ack',
  prompt: 'What acknowledgement number (relative) did the server’s SYN-ACK carry, and why?',
  // Only the number is graded: the why is for the student to think through, and follows "because".
  format: 'a number, then “because …” (only the number is graded)',
  evaluate(context, answer) {
    const match = latestOrWhy(context);
    if (isVerdict(match)) return match;
    const reading = readNumber(answer, SEQUENCE_NUMBER);
    if (reading.kind === 'unread') return failed(reading.why ?? NOT_A_NUMBER);
    const value = reading.value;
    const { syn, synAck } = match.handshake;
    const expected = synAck.tcp.ack;
    if (value === expected) {
      return passed(
        `Right: Ack=${expected}. Your SYN carried no data, yet it used one sequence number (your ISN, relative 0), so the next one the server expects is ${expected}. In raw form: ${synAck.tcp.ackRaw} = your ISN ${syn.tcp.seqRaw} + 1.`,
      );
    }
    if (value === synAck.tcp.ackRaw) {
      return failed('That is the raw form. The question asks for the relative one, counted from your own ISN.');
    }
    if (value === 0) {
      return failed(
        'That is where your SYN sits. An acknowledgement number names the next sequence number expected, and the SYN itself used one.',
      );
    }
    if (value === synAck.tcp.seqRaw) {
      return failed('That is the SYN-ACK’s sequence number, the server’s ISN. Look at its Ack field instead.');
    }
    return failed(
      'Look at the SYN-ACK’s Ack field. Hint: it names the next sequence number the server expects from you, and your SYN used one.',
    );
  },
};

export const greetingAck: QuestionDefinition = {
  id: 'hello-ack',
  prompt: `After your ${GREETING}, which relative acknowledgement number did the server send?`,
  format: 'a number',
  evaluate(context, answer) {
    const off = captureOff(context);
    if (off !== undefined) return off;
    const port = serverPort(context.servers, ECHO);
    const states = (port === undefined ? [] : handshakesWith(context.packets, port)).map((match) => ({
      match,
      state: greetingState(match.conversation, match.handshake),
    }));
    const acknowledged = states.filter(({ state }) => state.kind === 'sent' && state.ack !== undefined).at(-1);
    if (acknowledged === undefined || acknowledged.state.kind !== 'sent' || acknowledged.state.ack === undefined) {
      const waiting = states.some(({ state }) => state.kind === 'sent');
      return pending(
        waiting
          ? `${GREETING} went out; waiting for the server's ACK.`
          : `Send ${GREETING} on a connection first: connect echo, then send ${GREETING}.`,
      );
    }
    const reading = readNumber(answer, SEQUENCE_NUMBER);
    if (reading.kind === 'unread') return failed(reading.why ?? NOT_A_NUMBER);
    const value = reading.value;
    const { length, ack } = acknowledged.state;
    const expected = ack.tcp.ack;
    if (value === expected) {
      return passed(
        `Right: Ack=${expected}. Your ${length} bytes used relative sequence numbers 1 to ${length} (the SYN used 0), so the next byte the server expects is ${expected}.`,
      );
    }
    if (value === length) {
      return failed(
        'That is how many bytes you sent. The ACK names the next byte expected, and your data did not start at 0: the SYN used sequence number 0.',
      );
    }
    if (value === ack.tcp.ackRaw) {
      return failed('That is the raw form. The question asks for the relative one, counted from your own ISN.');
    }
    if (value === 1) {
      return failed(
        'That is the acknowledgement from before your data (the handshake’s). Look at the server’s first packet after your data segment.',
      );
    }
    return failed(
      'Find the server’s first packet after your data segment and read its Ack. Hint: your data started at relative sequence number 1.',
    );
  },
};

export const clientMss: QuestionDefinition = {
  id: 'client-mss',
  prompt: 'What MSS did your client announce in its SYN?',
  format: 'a number of bytes',
  evaluate(context, answer) {
    const match = latestOrWhy(context);
    if (isVerdict(match)) return match;
    const { syn, synAck } = match.handshake;
    const mss = syn.tcp.options.mss;
    // RFC 9293 §3.7.1: without the option the peer assumes 536 bytes (IPv4) or 1220 (IPv6).
    const assumed = syn.ipVersion === 6 ? 1220 : 536;
    const reading = readNumber(answer);
    if (mss === undefined) {
      if (saysNone(answer) || (reading.kind === 'answer' && reading.value === assumed)) {
        return passed(
          `Right: your SYN carried no MSS option, so the server must assume ${assumed} bytes (RFC 9293 §3.7.1).`,
        );
      }
      return failed('Look again at the options of your SYN: is there a Maximum segment size among them?');
    }
    if (reading.kind === 'unread') return failed(reading.why ?? NOT_A_NUMBER);
    const value = reading.value;
    if (value === mss) {
      const why =
        mss === 65495
          ? 'Loopback’s MTU is 65536, but an IPv4 packet is at most 65535 bytes long (its length field has 16 bits): 65535 − 20 (IP header) − 20 (TCP header) = 65495.'
          : 'It is the largest segment your side can receive: the interface’s MTU minus the IP and TCP headers (1500 − 40 = 1460 on Ethernet).';
      return passed(`Right: MSS=${mss}. ${why}`);
    }
    if (synAck.tcp.options.mss !== undefined && value === synAck.tcp.options.mss) {
      return failed(
        'That is the MSS in the server’s SYN-ACK. The question asks what your client announced in its SYN.',
      );
    }
    if (value === 536 || value === 1220) {
      return failed(
        'That is the default a TCP assumes when the SYN carries no MSS option (RFC 9293 §3.7.1). Your SYN did carry one.',
      );
    }
    if (value === 1460) {
      return failed(
        '1460 is the usual MSS on Ethernet (1500 − 40), but your connection may run over another interface. Read the option in your own SYN.',
      );
    }
    const scale = syn.tcp.options.windowScale;
    if (scale !== undefined && (value === scale || value === 2 ** scale)) {
      return failed('That is the window scale option. The MSS is another option of the same SYN.');
    }
    if (value === syn.tcp.windowValue) {
      return failed(
        'That is the SYN’s window field, a different number that can look alike. Look among the TCP options instead.',
      );
    }
    return failed(
      'Open your SYN (the first packet of your latest connection) and find Maximum segment size among its TCP options; the Info column shows it too.',
    );
  },
};

export const questions: readonly QuestionDefinition[] = [serverIsn, synAckAck, greetingAck, clientMss];
