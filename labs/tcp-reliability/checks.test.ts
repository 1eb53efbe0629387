/**
 * The checks and questions of lab `tcp-reliability` on hand-built captures and records: a lossy exchange (one
 * client segment lost, two duplicate ACKs, the segment sent again) passes both checks and takes its two right
 * answers; an empty attempt passes nothing; an exchange without loss, an echo still owed, a reset, lines out of
 * order and a capture that is off or has not caught up each get their own verdict; the analysis follows tshark's
 * rules (a window update is no duplicate ACK, a 1-byte keep-alive is no retransmission) across the 2^32 wrap;
 * wrong answers get hints that never give the number away, hedges are refused, and every verdict reads in Chinese.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES, pick } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, ConnectionRecord, QuestionDefinition } from '../../src/lab-kit';
import type { Packet } from '../../src/protocol';
import { CAPTURE_OFF } from '../common/capture-notes';
import { conversationsWith } from '../common/tcp-conversation';
import { assertJudgesHedges } from '../testing/hedged-answers';
import {
  ACK,
  CaptureBuilder,
  type ConnectionBuilder,
  contextOf,
  ECHO_PORT,
  echoRecord,
  HOST,
  PSH,
  type Side,
} from '../testing/packets';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks } from './checks';
import lab from './lab';
import { duplicateAcksBefore, firstRetransmissionSeq, questions } from './questions';
import { lossReading } from './retransmissions';

const CLIENT_PORT = 40988;
const CLIENT_ISN = 2_864_539_821;
const SERVER_ISN = 1_019_365_427;
const LINE = (n: number) => `line ${String(n).padStart(4, '0')}\n`;

interface Exchange {
  readonly packets: Packet[];
  readonly connection: ConnectionBuilder;
}

function open(capture = new CaptureBuilder(), clientIsn = CLIENT_ISN): ConnectionBuilder {
  return capture
    .connection({ clientPort: CLIENT_PORT, serverPort: ECHO_PORT, clientIsn, serverIsn: SERVER_ISN })
    .handshake();
}

/**
 * Four lines; the second is lost on the way (captured, never acknowledged), the next two draw duplicate ACKs,
 * the second line is sent again, and all four come back. `duplicates` says how many lines follow the hole.
 */
function lossy(options: { readonly duplicates?: number; readonly clientIsn?: number } = {}): Exchange {
  const capture = new CaptureBuilder();
  const connection = open(capture, options.clientIsn);
  const isn = connection.isn.client;
  const duplicates = options.duplicates ?? 2;
  connection.echo(LINE(1));
  connection.data('client', LINE(2));
  capture.wait(1);
  const hole = (isn + 11) >>> 0;
  for (let n = 3; n < 3 + duplicates; n++) {
    connection.data('client', LINE(n));
    connection.segment({ from: 'server', flags: ACK, ackRaw: hole });
  }
  if (duplicates === 0) capture.wait(210);
  resend(connection, 'client', LINE(2), 11);
  connection.ack('server');
  const rest = Array.from({ length: duplicates + 1 }, (_, i) => LINE(i + 2)).join('');
  connection.data('server', rest);
  connection.ack('client');
  connection.closeInThree();
  return { packets: capture.packets, connection };
}

/** The same bytes sent again by `from`, at relative sequence number `seq` of its direction. */
function resend(connection: ConnectionBuilder, from: Side, payload: string, seq: number): void {
  connection.segment({ from, flags: PSH | ACK, payload, seqRaw: (connection.isn[from] + seq) >>> 0 });
}

function noLoss(): Exchange {
  const capture = new CaptureBuilder();
  const connection = open(capture);
  for (let n = 1; n <= 4; n++) connection.echo(LINE(n));
  connection.closeInThree();
  return { packets: capture.packets, connection };
}

/** The echo server's record of a client that sent `text` and closed, echoed `sent` bytes of it. */
function record(text: string, overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  const received = new TextEncoder().encode(text);
  return echoRecord({
    peer: `${HOST}:${CLIENT_PORT}`,
    received,
    receivedBytes: received.length,
    sentBytes: received.length,
    peerFin: true,
    closed: true,
    ...overrides,
  });
}

const FOUR_LINES = [1, 2, 3, 4].map(LINE).join('');

function solved(): CheckContext {
  return contextOf(lossy().packets, { connections: [record(FOUR_LINES)] });
}

function verdict(id: string, context: CheckContext): CheckVerdict {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, `no check ${id}`);
  return check.evaluate(context);
}

function ask(question: QuestionDefinition, answer: string, context = solved()): CheckVerdict {
  return question.evaluate(context, answer);
}

/** A wrong answer: failed, with the hint asked for, and without the right number anywhere in it. */
function assertHint(result: CheckVerdict, hint: RegExp, secret: number): void {
  assert.equal(result.state, 'failed', result.detail.en);
  assert.match(result.detail.en, hint);
  for (const locale of LOCALES) {
    const detail = pick(result.detail, locale);
    assert.ok(!new RegExp(`(^|\\D)${secret}(\\D|$)`).test(detail), `the hint gives the answer away: ${detail}`);
  }
}

describe('lab tcp-reliability: the analysis', () => {
  it('finds the resent segment and the duplicate ACKs before it, on either side of the 2^32 wrap', () => {
    for (const clientIsn of [CLIENT_ISN, 0xffff_fff0]) {
      const [conversation] = conversationsWith(lossy({ clientIsn }).packets, ECHO_PORT);
      assert.ok(conversation !== undefined);
      const client = lossReading(conversation, 'client');
      assert.deepEqual(
        client.retransmissions.map((packet) => packet.tcp.seq),
        [11],
      );
      assert.equal(client.dataSegments, 5);
      assert.equal(lossReading(conversation, 'server').duplicateAcks.length, 2);
    }
  });

  it('takes an ACK that changes the window for a window update, not a duplicate', () => {
    const capture = new CaptureBuilder();
    const connection = open(capture);
    connection.echo(LINE(1));
    connection.data('client', LINE(2));
    const hole = (connection.isn.client + 11) >>> 0;
    connection.data('client', LINE(3));
    connection.segment({ from: 'server', flags: ACK, ackRaw: hole, windowValue: 80 });
    connection.data('client', LINE(4));
    connection.segment({ from: 'server', flags: ACK, ackRaw: hole, windowValue: 80 });
    const [conversation] = conversationsWith(capture.packets, ECHO_PORT);
    assert.ok(conversation !== undefined);
    assert.equal(lossReading(conversation, 'server').duplicateAcks.length, 1);
  });

  it('takes a 1-byte segment just below the next sequence number for a keep-alive, not a retransmission', () => {
    const capture = new CaptureBuilder();
    const connection = open(capture);
    connection.echo(LINE(1));
    connection.segment({ from: 'client', flags: ACK, payload: '\n', seqRaw: (connection.isn.client + 10) >>> 0 });
    const [conversation] = conversationsWith(capture.packets, ECHO_PORT);
    assert.ok(conversation !== undefined);
    assert.equal(lossReading(conversation, 'client').retransmissions.length, 0);
  });
});

describe('lab tcp-reliability: checks', () => {
  it('both pass on a lossy exchange whose every line came back', () => {
    const context = solved();
    assert.deepEqual(
      checks.map((check) => check.evaluate(context).state),
      ['passed', 'passed'],
    );
    assert.match(verdict('retransmitted', context).detail.en, /1 retransmitted by your client, 0 by the server/);
    assert.match(verdict('all-back', context).detail.en, /4 numbered lines, 1 to 4, each once and in order/);
  });

  it('both stay pending on an empty attempt', () => {
    assert.deepEqual(
      checks.map((check) => check.evaluate(contextOf([])).state),
      ['pending', 'pending'],
    );
  });

  it('without loss, neither passes, and each says to set loss', () => {
    const context = contextOf(noLoss().packets, { connections: [record(FOUR_LINES)] });
    assert.match(verdict('retransmitted', context).detail.en, /sent 4 data segments and none had to be sent again/);
    const back = verdict('all-back', context);
    assert.equal(back.state, 'pending');
    assert.match(back.detail.en, /no retransmission on that connection: loss was off/);
  });

  it('asks for the client’s own retransmission when only the server’s echo was sent again', () => {
    const capture = new CaptureBuilder();
    const connection = open(capture);
    connection.echo(LINE(1));
    connection.data('client', LINE(2));
    connection.ack('server');
    connection.data('server', LINE(2));
    resend(connection, 'server', LINE(2), 11);
    connection.ack('client');
    connection.closeInThree();
    const context = contextOf(capture.packets, { connections: [record(LINE(1) + LINE(2))] });
    const result = verdict('retransmitted', context);
    assert.equal(result.state, 'pending');
    assert.match(result.detail.en, /the server had to send 1 of its echo segments again, but none of your client's/);
    assert.equal(verdict('all-back', context).state, 'passed', 'the echo came back through the loss all the same');
    assertVerdictsTranslated(lab, context);
  });

  it('waits for the client to finish, for the echo, and for the packets; a reset says to send again', () => {
    const { packets } = lossy();
    const states = (connections: ConnectionRecord[], from = packets) =>
      verdict('all-back', contextOf(from, { connections }));
    assert.match(states([record(FOUR_LINES, { peerFin: false })]).detail.en, /40 bytes .* so far/);
    assert.match(states([record(FOUR_LINES, { sentBytes: 20 })]).detail.en, /written back 20 of the 40 bytes/);
    assert.match(states([record(FOUR_LINES, { reset: true })]).detail.en, /ended with RST/);
    assert.match(states([record(FOUR_LINES)], []).detail.en, /Waiting for the packets/);
  });

  it('fails lines that the program sent out of order, naming where', () => {
    const context = contextOf(lossy().packets, { connections: [record([1, 3, 2, 4].map(LINE).join(''))] });
    const result = verdict('all-back', context);
    assert.equal(result.state, 'failed');
    assert.match(result.detail.en, /line 3 where line 2 belonged/);
  });

  it('counts bytes that are not numbered lines', () => {
    const context = contextOf(lossy().packets, { connections: [record('x'.repeat(40))] });
    assert.match(verdict('all-back', context).detail.en, /all 40 bytes/);
  });

  it('passes a board on the network from the records alone, saying the capture cannot show its loss', () => {
    const board = record(FOUR_LINES, { peer: '192.168.1.50:50000' });
    const context = contextOf([], { connections: [board] });
    const result = verdict('all-back', context);
    assert.equal(result.state, 'passed');
    assert.match(result.detail.en, /cannot show the loss/);
    const retransmitted = verdict('retransmitted', context);
    assert.equal(retransmitted.state, 'pending');
    assert.match(retransmitted.detail.en, /192\.168\.1\.50:50000, which is not on the lab server's machine/);
  });

  it('without capture the retransmission check stays open and says capture is off; the echo check passes', () => {
    const context = contextOf([], { captureRunning: false, connections: [record(FOUR_LINES)] });
    assert.deepEqual(
      checks.map((check) => check.evaluate(context).state),
      ['pending', 'passed'],
    );
    for (const check of checks) assert.ok(check.evaluate(context).detail.en.includes(pick(CAPTURE_OFF, 'en')));
  });
});

describe('lab tcp-reliability: questions', () => {
  it('has two questions with distinct ids, a prompt and a format each', () => {
    assert.equal(new Set(questions.map((question) => question.id)).size, 2);
    for (const question of questions) {
      assert.ok(question.prompt.en.endsWith('?'), question.id);
      assert.ok(question.format.en.length > 0, question.id);
    }
  });

  it('accept the first resent Seq, relative, and name the connection', () => {
    const result = ask(firstRetransmissionSeq, '11');
    assert.equal(result.state, 'passed');
    assert.match(result.detail.en, /port 40988 ↔ 20417\) your client first resent Seq=11, 10 bytes/);
    assert.equal(ask(firstRetransmissionSeq, 'Seq=11').state, 'passed');
  });

  it('explain the raw form, a later retransmission, the server’s own, and the segment’s end', () => {
    assertHint(ask(firstRetransmissionSeq, String(CLIENT_ISN + 11)), /raw form/, 11);
    assertHint(ask(firstRetransmissionSeq, '21'), /where the segment ends/, 11);
    assertHint(ask(firstRetransmissionSeq, '5'), /marked \[TCP Retransmission\]/, 11);
    // Two lost segments: the second one's Seq is a later retransmission.
    const capture = new CaptureBuilder();
    const connection = open(capture);
    connection.data('client', LINE(1));
    connection.data('client', LINE(2));
    resend(connection, 'client', LINE(1), 1);
    resend(connection, 'client', LINE(2), 11);
    connection.data('server', LINE(1));
    resend(connection, 'server', LINE(1), 1);
    const context = contextOf(capture.packets);
    assertHint(ask(firstRetransmissionSeq, '11', context), /resent a segment before that one/, 1);
    assert.equal(ask(firstRetransmissionSeq, '1', context).state, 'passed');
    // The server's resent echo has Seq=1 too, in its own direction; with another Seq it is told apart.
    const later = new CaptureBuilder();
    const other = open(later);
    other.echo(LINE(1));
    other.data('client', LINE(2));
    other.data('server', LINE(2));
    resend(other, 'server', LINE(2), 11);
    resend(other, 'client', LINE(2), 11);
    const both = contextOf(later.packets);
    assert.equal(ask(firstRetransmissionSeq, '11', both).state, 'passed');
  });

  it('accept the number of duplicate ACKs, and say what it means', () => {
    const rack = ask(duplicateAcksBefore, '2');
    assert.equal(rack.state, 'passed');
    assert.match(rack.detail.en, /Fewer than the three of classic fast retransmit/);
    const fast = ask(duplicateAcksBefore, '3', contextOf(lossy({ duplicates: 3 }).packets));
    assert.equal(fast.state, 'passed');
    assert.match(fast.detail.en, /fast retransmit \(RFC 5681 §3\.2\)/);
    const none = ask(duplicateAcksBefore, '0', contextOf(lossy({ duplicates: 0 }).packets));
    assert.equal(none.state, 'passed');
    assert.match(none.detail.en, /resent the bytes 21\d\.\d ms after their first copy/);
    assert.equal(ask(duplicateAcksBefore, 'none').state, 'failed');
  });

  it('explain counting the original ACK, and the textbook’s three', () => {
    assertHint(ask(duplicateAcksBefore, '3'), /One too many/, 2);
    assertHint(ask(duplicateAcksBefore, '3', contextOf(lossy({ duplicates: 1 }).packets)), /textbook/, 1);
    assertHint(ask(duplicateAcksBefore, '7'), /Count the server’s packets marked \[TCP Dup ACK\]/, 2);
  });

  it('refuse a hedge around the right answer, and accept it stated with conviction', () => {
    assertJudgesHedges(firstRetransmissionSeq, solved(), '11', '21');
    assertJudgesHedges(duplicateAcksBefore, solved(), '2', '4');
  });

  it('stay pending with no retransmission captured, or capture off', () => {
    for (const question of questions) {
      const none = question.evaluate(contextOf(noLoss().packets), '11');
      assert.equal(none.state, 'pending', question.id);
      assert.match(none.detail.en, /loss 20/, question.id);
      const off = question.evaluate(contextOf(lossy().packets, { captureRunning: false }), '11');
      assert.equal(off.state, 'pending', question.id);
      assert.ok(off.detail.en.includes(pick(CAPTURE_OFF, 'en')), question.id);
    }
  });

  it('never throw, whatever is typed', () => {
    for (const question of questions) {
      for (const answer of ['', ' ', '∞', '-1', '1e99', '99999999999999999999999', '0x', '<script>', '１１']) {
        const result = question.evaluate(solved(), answer);
        assert.ok(['pending', 'passed', 'failed'].includes(result.state));
      }
    }
  });
});

describe('lab tcp-reliability: translations', () => {
  it('reads in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const answers = ['', '0', '1', '2', '3', '7', '11', '21', String(CLIENT_ISN + 11), '十一', '2 或 3'];
    const situations = [
      solved(),
      contextOf([]),
      contextOf(noLoss().packets, { connections: [record(FOUR_LINES)] }),
      contextOf(lossy({ duplicates: 0 }).packets, { connections: [record(FOUR_LINES, { peerFin: false })] }),
      contextOf(lossy({ duplicates: 3 }).packets, { connections: [record(FOUR_LINES, { sentBytes: 20 })] }),
      contextOf(lossy().packets, { connections: [record(FOUR_LINES, { reset: true })] }),
      contextOf(lossy().packets, { connections: [record([1, 3, 2, 4].map(LINE).join(''))] }),
      contextOf([], { connections: [record(FOUR_LINES)] }),
      contextOf([], { connections: [record(FOUR_LINES, { peer: '192.168.1.50:50000' })] }),
      contextOf([], { captureRunning: false, connections: [record('x'.repeat(40))] }),
    ];
    for (const context of situations) assertVerdictsTranslated(lab, context, answers);
  });
});
