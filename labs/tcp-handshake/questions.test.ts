/**
 * The capture questions of lab `tcp-handshake` on hand-built captures: right answers in the forms students type
 * them, wrong answers with a hint that never gives the number away, the recognisable mistakes with their own
 * hint, the latest connection chosen over older ones, and `pending` when there is nothing to judge against.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES, pick } from '../../src/common/localized';
import type { CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import type { Packet } from '../../src/protocol';
import { assertJudgesHedges } from '../testing/hedged-answers';
import { CaptureBuilder, type ConnectionBuilder, contextOf, ECHO_PORT, echoRecord } from '../testing/packets';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import lab from './lab';
import { clientMss, greetingAck, questions, serverIsn, synAckAck } from './questions';

const CLIENT_ISN = 2_864_539_821;
const SERVER_ISN = 1_019_365_427;

/** One complete exchange, as the reference solution makes it. */
function reference(): { packets: Packet[]; connection: ConnectionBuilder } {
  const capture = new CaptureBuilder();
  const connection = capture.connection({
    clientPort: 40988,
    serverPort: ECHO_PORT,
    clientIsn: CLIENT_ISN,
    serverIsn: SERVER_ISN,
  });
  connection.handshake().echo('Hello,world!').closeInThree();
  return { packets: capture.packets, connection };
}

function ask(
  question: QuestionDefinition,
  answer: string,
  packets: readonly Packet[] = reference().packets,
): CheckVerdict {
  return question.evaluate(contextOf(packets), answer);
}

/** A wrong answer: failed, with the hint asked for, and without the right number anywhere in it. */
function assertHint(verdict: CheckVerdict, hint: RegExp, secret: number): void {
  assert.equal(verdict.state, 'failed', verdict.detail.en);
  assert.match(verdict.detail.en, hint);
  for (const locale of LOCALES) {
    const detail = pick(verdict.detail, locale);
    assert.ok(!detail.includes(String(secret)), `the hint gives the answer away: ${detail}`);
  }
}

describe('lab tcp-handshake: questions', () => {
  it('has four questions with distinct ids, a prompt and a format each', () => {
    assert.equal(new Set(questions.map((question) => question.id)).size, 4);
    for (const question of questions) {
      assert.ok(question.prompt.en.endsWith('?') || question.prompt.en.endsWith('.'), question.id);
      assert.ok(question.format.en.length > 0, question.id);
    }
  });

  it('say what part is graded when the prompt asks why', () => {
    const why = questions.filter((question) => /\bwhy\b/i.test(question.prompt.en));
    assert.ok(why.length > 0);
    for (const question of why) assert.match(question.format.en, /only the number is graded/, question.id);
  });

  it('refuse a hedge around the right answer, and accept it stated with conviction', () => {
    const context = contextOf(reference().packets);
    assertJudgesHedges(serverIsn, context, String(SERVER_ISN), String(SERVER_ISN + 1));
    assertJudgesHedges(synAckAck, context, '1', '2');
    assertJudgesHedges(greetingAck, context, '13', '14');
    assertJudgesHedges(clientMss, context, '65495', '1460');
    assert.match(ask(synAckAck, '1/2').detail.en, /several numbers/);
  });

  it('read in Chinese, with the English numbers, on the reference solution and the empty attempt', () => {
    assertLabTranslated(lab);
    // Right answers, the recognisable mistakes, words and hedges: every verdict a student can get.
    const answers = [
      '',
      String(SERVER_ISN),
      String(CLIENT_ISN),
      String(CLIENT_ISN + 1),
      String(SERVER_ISN + 1),
      '0',
      '1',
      '12',
      '13',
      '24',
      '536',
      '1024',
      '1460',
      '65495',
      '一',
      '1 或 2',
      'none',
    ];
    assert.deepEqual(assertVerdictsTranslated(lab, contextOf(reference().packets), answers), ['passed', 'passed']);
    assert.deepEqual(assertVerdictsTranslated(lab, contextOf([]), answers), ['pending', 'pending']);
    const greeted = echoRecord({ received: new TextEncoder().encode('Hello,world!'), receivedBytes: 12 });
    assertVerdictsTranslated(lab, contextOf([], { captureRunning: false }), answers);
    assertVerdictsTranslated(lab, contextOf([], { captureRunning: false, connections: [greeted] }), answers);
  });

  it('refuse Chinese hedges around a Chinese answer, and accept it stated with conviction', () => {
    const context = contextOf(reference().packets);
    assertJudgesHedges(synAckAck, context, '一', '二');
    assertJudgesHedges(greetingAck, context, '十三', '十四');
    assert.match(ask(greetingAck, '十三或十四').detail['zh-Hans'], /只给一个答案/);
    assert.equal(ask(greetingAck, '十几').state, 'failed');
    assert.equal(ask(synAckAck, '是一，因为 SYN 占了一个序号').state, 'passed');
  });

  it('accept numbers in words, English or Chinese', () => {
    assert.equal(ask(synAckAck, 'one').state, 'passed');
    assert.equal(ask(synAckAck, '一').state, 'passed');
    assert.equal(ask(greetingAck, 'thirteen').state, 'passed');
    assert.equal(ask(greetingAck, '十三').state, 'passed');
    assert.equal(ask(clientMss, '六万五千四百九十五').state, 'passed');
  });

  it('stay pending with no handshake captured, and say what to do', () => {
    for (const question of questions) {
      const verdict = question.evaluate(contextOf([]), '13');
      assert.equal(verdict.state, 'pending', question.id);
      assert.match(verdict.detail.en, /connect echo/, question.id);
    }
  });

  it('stay pending when the capture is not running', () => {
    for (const question of questions) {
      const verdict = question.evaluate(contextOf(reference().packets, { captureRunning: false }), '13');
      assert.equal(verdict.state, 'pending', question.id);
      assert.match(verdict.detail.en, /Packet capture is not running/, question.id);
    }
  });

  it('never throw, whatever is typed', () => {
    for (const question of questions) {
      for (const answer of ['', ' ', '∞', '-1', '1e99', '99999999999999999999999', '0x', '<script>', '１３']) {
        const verdict = question.evaluate(contextOf(reference().packets), answer);
        assert.ok(['pending', 'passed', 'failed'].includes(verdict.state));
      }
    }
  });

  describe('the server’s ISN', () => {
    it('accepts the raw number, with spaces, digit grouping or in hex', () => {
      for (const answer of [
        `${SERVER_ISN}`,
        `  ${SERVER_ISN} `,
        '1,019,365,427',
        '1 019 365 427',
        `0x${SERVER_ISN.toString(16)}`,
        `Seq=${SERVER_ISN}`,
      ]) {
        const verdict = ask(serverIsn, answer);
        assert.equal(verdict.state, 'passed', `${answer}: ${verdict.detail.en}`);
      }
      assert.match(ask(serverIsn, `${SERVER_ISN}`).detail.en, /RFC 6528/);
    });

    it('explains the relative 0', () => {
      assertHint(ask(serverIsn, '0'), /relative number/, SERVER_ISN);
    });

    it('tells the client’s ISN from the server’s', () => {
      assertHint(ask(serverIsn, `${CLIENT_ISN}`), /client’s ISN/, SERVER_ISN);
    });

    it('tells the acknowledgement numbers from the ISN', () => {
      assertHint(ask(serverIsn, `${CLIENT_ISN + 1}`), /acknowledgement number/, SERVER_ISN);
      assertHint(ask(serverIsn, `${SERVER_ISN + 1}`), /Off by one/, SERVER_ISN);
    });

    it('points at the raw Seq of the SYN-ACK for any other number', () => {
      assertHint(ask(serverIsn, '12345'), /SYN-ACK’s Seq in raw form: the packet detail shows both/, SERVER_ISN);
    });

    it('asks for a number when given words', () => {
      assertHint(ask(serverIsn, 'the big number'), /Answer with a number/, SERVER_ISN);
    });

    it('judges the latest connection, and recognises an earlier connection’s ISN', () => {
      const both = new CaptureBuilder();
      both
        .connection({ clientPort: 40988, serverPort: ECHO_PORT, clientIsn: CLIENT_ISN, serverIsn: SERVER_ISN })
        .handshake()
        .closeInThree();
      both.connection({ clientPort: 41500, serverPort: ECHO_PORT, clientIsn: 7, serverIsn: 3_000_000_001 }).handshake();
      assert.equal(ask(serverIsn, '3000000001', both.packets).state, 'passed');
      assertHint(ask(serverIsn, `${SERVER_ISN}`, both.packets), /earlier connection \(port 40988\)/, 3_000_000_001);
    });

    it('works across the 2^32 wrap of sequence numbers', () => {
      const capture = new CaptureBuilder();
      capture
        .connection({ clientPort: 40988, serverPort: ECHO_PORT, clientIsn: 0xffff_fffa, serverIsn: 0xffff_ffff })
        .handshake()
        .echo('Hello,world!');
      assert.equal(ask(serverIsn, '4294967295', capture.packets).state, 'passed');
      assert.equal(ask(greetingAck, '13', capture.packets).state, 'passed');
    });
  });

  describe('the SYN-ACK’s acknowledgement number', () => {
    it('accepts 1, alone or with the reason', () => {
      for (const answer of ['1', ' 1 ', '1, because the SYN takes one sequence number', 'Ack=1']) {
        assert.equal(ask(synAckAck, answer).state, 'passed', answer);
      }
      assert.match(ask(synAckAck, '1').detail.en, new RegExp(`${CLIENT_ISN + 1} = your ISN ${CLIENT_ISN} \\+ 1`));
    });

    it('explains 0, the raw form and the sequence number', () => {
      assertHint(ask(synAckAck, '0'), /the SYN itself used one/, 1);
      assert.match(ask(synAckAck, `${CLIENT_ISN + 1}`).detail.en, /raw form/);
      assert.match(ask(synAckAck, `${SERVER_ISN}`).detail.en, /sequence number, the server’s ISN/);
      assert.equal(ask(synAckAck, '2').state, 'failed');
    });
  });

  describe('the acknowledgement of Hello,world!', () => {
    it('accepts 13', () => {
      const verdict = ask(greetingAck, '13');
      assert.equal(verdict.state, 'passed');
      assert.match(verdict.detail.en, /relative sequence numbers 1 to 12 \(the SYN used 0\)/);
    });

    it('explains the byte count, the raw form and the handshake’s ack', () => {
      assertHint(ask(greetingAck, '12'), /how many bytes you sent/, 13);
      assert.match(ask(greetingAck, `${CLIENT_ISN + 13}`).detail.en, /raw form/);
      assertHint(ask(greetingAck, '1'), /from before your data/, 13);
      assertHint(ask(greetingAck, '24'), /read its Ack/, 13);
    });

    it('is pending before the greeting, and while its ACK is on the way', () => {
      const capture = new CaptureBuilder();
      const connection = capture.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake();
      assert.match(ask(greetingAck, '13', capture.packets).detail.en, /Send Hello,world! on a connection first/);
      connection.data('client', 'Hello,world!');
      const verdict = ask(greetingAck, '13', capture.packets);
      assert.equal(verdict.state, 'pending');
      assert.match(verdict.detail.en, /waiting for the server's ACK/);
    });

    it('follows the capture: 14 after nc’s newline', () => {
      const capture = new CaptureBuilder();
      capture.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake().echo('Hello,world!\n');
      assert.equal(ask(greetingAck, '14', capture.packets).state, 'passed');
      assert.equal(ask(greetingAck, '13', capture.packets).state, 'failed');
    });
  });

  describe('the client’s MSS', () => {
    it('accepts 65495 on loopback, and says where the number comes from', () => {
      const verdict = ask(clientMss, '65495');
      assert.equal(verdict.state, 'passed');
      assert.match(verdict.detail.en, /65535 − 20 \(IP header\) − 20 \(TCP header\)/);
      assert.equal(ask(clientMss, '65,495 bytes').state, 'passed');
      assertHint(ask(clientMss, '0xffd7'), /in decimal/, 65495);
    });

    it('explains Ethernet’s 1460, the default 536 and the window scale', () => {
      assertHint(ask(clientMss, '1460'), /usual MSS on Ethernet/, 65495);
      assertHint(ask(clientMss, '536'), /RFC 9293 §3\.7\.1/, 65495);
      assertHint(ask(clientMss, '1024'), /window scale/, 65495);
      assertHint(ask(clientMss, '1500'), /Maximum segment size among its TCP options/, 65495);
    });

    it('tells the client’s MSS from the server’s when they differ (a board on Ethernet)', () => {
      const capture = new CaptureBuilder();
      const connection = capture.connection({ clientPort: 40988, serverPort: ECHO_PORT });
      connection.syn({ mss: 1460 });
      connection.synAck({ mss: 1400 });
      connection.ack('client');
      assert.equal(ask(clientMss, '1460', capture.packets).state, 'passed');
      assertHint(ask(clientMss, '1400', capture.packets), /server’s SYN-ACK/, 1460);
    });

    it('accepts "none" when the SYN carried no MSS option', () => {
      const capture = new CaptureBuilder();
      const connection = capture.connection({ clientPort: 40988, serverPort: ECHO_PORT });
      connection.segment({ from: 'client', flags: 0x002 });
      connection.synAck();
      connection.ack('client');
      assert.equal(ask(clientMss, 'none', capture.packets).state, 'passed');
      assert.equal(ask(clientMss, '没有', capture.packets).state, 'passed');
      assert.equal(ask(clientMss, '536', capture.packets).state, 'passed');
      assert.equal(ask(clientMss, 'none or 536', capture.packets).state, 'failed');
      assert.equal(ask(clientMss, '65495', capture.packets).state, 'failed');
    });
  });
});
