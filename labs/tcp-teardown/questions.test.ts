/**
 * The capture questions of lab `tcp-teardown` on hand-built captures: answers computed from each capture (three
 * packets or four, client or server first, both sides in TIME_WAIT after a simultaneous close), flag sets in
 * any spelling, hints for the recognisable mistakes, the last finished close chosen over an unfinished one, and
 * `pending` when there is nothing to judge against.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import type { Packet } from '../../src/protocol';
import * as scenario from '../testing/close-scenarios';
import { assertJudgesHedges } from '../testing/hedged-answers';
import { CaptureBuilder, CLOSED_PORT, contextOf } from '../testing/packets';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import lab from './lab';
import { firstFin, questions, resetFlags, teardownPackets, timeWait } from './questions';

function ask(question: QuestionDefinition, answer: string, packets: readonly Packet[]): CheckVerdict {
  return question.evaluate(contextOf(packets), answer);
}

function assertPassed(verdict: CheckVerdict, detail?: RegExp): void {
  assert.equal(verdict.state, 'passed', verdict.detail.en);
  if (detail !== undefined) assert.match(verdict.detail.en, detail);
}

function assertFailed(verdict: CheckVerdict, hint: RegExp): void {
  assert.equal(verdict.state, 'failed', verdict.detail.en);
  assert.match(verdict.detail.en, hint);
}

describe('lab tcp-teardown: questions', () => {
  it('has four questions with distinct ids', () => {
    assert.equal(new Set(questions.map((question) => question.id)).size, 4);
  });

  it('stay pending with nothing captured, and say what to do', () => {
    for (const question of questions) {
      const verdict = question.evaluate(contextOf([]), 'client');
      assert.equal(verdict.state, 'pending', question.id);
      assert.match(verdict.detail.en, /connect (echo|closed)/, question.id);
    }
  });

  it('stay pending when the capture is not running', () => {
    const packets = scenario.referenceSolution().packets;
    for (const question of questions) {
      const verdict = question.evaluate(contextOf(packets, { captureRunning: false }), 'client');
      assert.equal(verdict.state, 'pending', question.id);
      assert.match(verdict.detail.en, /Packet capture is not running/, question.id);
    }
  });

  it('all have a right answer on the reference solution', () => {
    const packets = scenario.referenceSolution().packets;
    assertPassed(ask(firstFin, 'client', packets));
    assertPassed(ask(resetFlags, 'RST, ACK', packets));
    assertPassed(ask(teardownPackets, '3', packets));
    assertPassed(ask(timeWait, 'client', packets));
  });

  it('refuse a hedge around the right answer, and accept it stated with conviction, in English or Chinese', () => {
    const context = contextOf(scenario.referenceSolution().packets);
    for (const [question, right, wrong] of [
      [firstFin, 'client', 'server'],
      [resetFlags, 'RST, ACK', 'RST'],
      [teardownPackets, '3', '4'],
      [timeWait, 'client', 'server'],
      [firstFin, '客户端', '服务器'],
      [resetFlags, 'RST 和 ACK', 'RST'],
      [resetFlags, '复位和确认', '复位'],
      [teardownPackets, '三个', '四个'],
      [timeWait, '客户端', '服务器'],
    ] as const) {
      assertJudgesHedges(question, context, right, wrong);
    }
  });

  it('accept answers in Chinese', () => {
    const packets = scenario.referenceSolution().packets;
    assertPassed(ask(firstFin, '客户端', packets));
    assertPassed(ask(resetFlags, 'RST和ACK', packets));
    assertPassed(ask(teardownPackets, '三个', packets));
    assertPassed(ask(timeWait, '我认为是客户端', packets));
    assertFailed(ask(timeWait, '服务器', scenario.closeInThree().packets), /closed actively/);
  });

  it('read in Chinese, with the English numbers, on the reference solution and the empty attempt', () => {
    assertLabTranslated(lab);
    // Right answers, the recognisable mistakes, words and hedges: every verdict a student can get.
    const answers = [
      '',
      'client',
      'server',
      'both',
      'client/server',
      'RST, ACK',
      'RST',
      'SYN, ACK',
      'FIN',
      '3',
      '4',
      '5',
      '7',
      '三个',
      '客户端',
      '3 或 4',
    ];
    const reference = contextOf(scenario.referenceSolution().packets);
    assert.deepEqual(assertVerdictsTranslated(lab, reference, answers), ['passed', 'passed', 'passed']);
    assert.deepEqual(assertVerdictsTranslated(lab, contextOf([]), answers), ['pending', 'pending', 'pending']);
    for (const make of [
      scenario.closeInFour,
      scenario.serverClosesFirst,
      scenario.halfClose,
      scenario.simultaneousClose,
      scenario.closeWithUnreadData,
    ]) {
      assertVerdictsTranslated(lab, contextOf(make().packets), answers);
    }
    const unfinished = new CaptureBuilder();
    scenario.echoConnection(unfinished, 40990).fin('client');
    unfinished.connection({ clientPort: 42994, serverPort: CLOSED_PORT }).handshake();
    assertVerdictsTranslated(lab, contextOf(unfinished.packets), answers);
    assertVerdictsTranslated(lab, contextOf(reference.packets, { captureRunning: false }), answers);
  });

  it('refuse the Chinese hedges of each kind', () => {
    const packets = scenario.closeInThree().packets;
    assertFailed(ask(firstFin, '不是客户端', packets), /Say what it is/);
    assertFailed(ask(firstFin, '客户端/服务器', packets), /names both sides/);
    assertFailed(ask(teardownPackets, '大概 3', packets), /Give one answer/);
    assertFailed(ask(teardownPackets, '三到四个', packets), /several numbers/);
    assertPassed(ask(timeWait, '双方', scenario.simultaneousClose().packets));
    assertPassed(ask(firstFin, '是客户端，因为它先调用了 close', packets));
  });

  it('never throw, whatever is typed', () => {
    const packets = scenario.referenceSolution().packets;
    for (const question of questions) {
      for (const answer of ['', '   ', '∞', '0x', '-', 'RST,,,', '<b>client</b>', 'x'.repeat(10_000)]) {
        const verdict = question.evaluate(contextOf(packets), answer);
        assert.ok(['pending', 'passed', 'failed'].includes(verdict.state));
      }
    }
  });

  describe('who sent the first FIN', () => {
    it('accepts the client in any wording', () => {
      const packets = scenario.closeInThree().packets;
      for (const answer of ['client', ' Client ', 'the client', 'me', 'my side (the client)']) {
        assertPassed(ask(firstFin, answer, packets), /client \(port 40988\) sent \[FIN, ACK\] Seq=13 first/);
      }
    });

    it('points at the first FIN for a wrong side, and asks for a side otherwise', () => {
      const packets = scenario.closeInThree().packets;
      assertFailed(ask(firstFin, 'server', packets), /first packet with FIN/);
      assertFailed(ask(firstFin, 'both', packets), /Answer client or server/);
      assertFailed(ask(firstFin, 'the client and the server', packets), /Answer client or server/);
      assertFailed(ask(firstFin, 'whoever', packets), /Answer client or server/);
      assertFailed(ask(firstFin, 'client/server', packets), /names both sides/);
    });

    it('follows the capture when the server closed first', () => {
      const packets = scenario.serverClosesFirst().packets;
      assertPassed(ask(firstFin, 'server', packets));
      assertFailed(ask(firstFin, 'client', packets), /first packet with FIN/);
    });

    it('judges the last finished close, not an unfinished one after it', () => {
      const capture = scenario.serverClosesFirst(new CaptureBuilder(), 40988);
      scenario.echoConnection(capture, 40990).fin('client');
      assertPassed(ask(firstFin, 'server', capture.packets));
    });

    it('is pending while the only close has not finished', () => {
      const capture = new CaptureBuilder();
      scenario.echoConnection(capture, 40990).fin('client');
      const verdict = ask(firstFin, 'client', capture.packets);
      assert.equal(verdict.state, 'pending');
      assert.match(verdict.detail.en, /close of port 40990 has not finished yet/);
    });
  });

  describe('the flags of the reply from the closed port', () => {
    it('accepts RST and ACK in any spelling and order', () => {
      const packets = scenario.refused().packets;
      for (const answer of [
        'RST,ACK',
        'RST, ACK',
        'rst ack',
        '[RST, ACK]',
        'ACK RST',
        'reset + ack',
        'RST/ACK',
        'rst-ack',
      ]) {
        assertPassed(ask(resetFlags, answer, packets), /RFC 9293 §3\.10\.7\.1/);
      }
    });

    it('hints at the missing flag, at SYN-ACK, and at anything else', () => {
      const packets = scenario.refused().packets;
      assertFailed(ask(resetFlags, 'RST', packets), /carries more flags than that/);
      assertFailed(ask(resetFlags, 'SYN, ACK', packets), /what a listening server sends/);
      assertFailed(ask(resetFlags, 'FIN, ACK', packets), new RegExp(`packet from port ${CLOSED_PORT}`));
      assertFailed(ask(resetFlags, 'RST, ACK, PSH', packets), /read its Flags line/);
      assertFailed(ask(resetFlags, 'nothing', packets), /Answer with flag names/);
    });

    it('is pending while the SYN has no reply, and when something listens after all', () => {
      const capture = new CaptureBuilder();
      capture.connection({ clientPort: 42992, serverPort: CLOSED_PORT }).syn();
      assert.match(ask(resetFlags, 'RST, ACK', capture.packets).detail.en, /no reply yet/);
      const listening = new CaptureBuilder();
      listening.connection({ clientPort: 42994, serverPort: CLOSED_PORT }).handshake();
      assert.match(ask(resetFlags, 'SYN, ACK', listening.packets).detail.en, /a program is listening there now/);
    });
  });

  describe('how many packets the teardown took', () => {
    it('is 3 when the second FIN carries the ACK of the first', () => {
      const packets = scenario.closeInThree().packets;
      assertPassed(ask(teardownPackets, '3', packets), /one packet did two jobs/);
      assertPassed(ask(teardownPackets, 'three', packets));
      assertFailed(ask(teardownPackets, '4', packets), /Ack field of the second FIN/);
      assertFailed(ask(teardownPackets, 'none', packets), /Answer with a number/);
      assertFailed(ask(teardownPackets, '3 or 4', packets), /Give one answer/);
    });

    it('is 4 when each FIN is acknowledged on its own', () => {
      const packets = scenario.closeInFour().packets;
      assertPassed(ask(teardownPackets, '4 packets', packets), /acknowledged in a packet of its own/);
      assertFailed(ask(teardownPackets, '3', packets), /Ack field of the second FIN/);
      assertFailed(ask(teardownPackets, '7', packets), /from the first FIN to the ACK of the second FIN/);
    });

    it('gives 3 and 4 the same hint, so that a wrong answer does not tell which is right', () => {
      const three = ask(teardownPackets, '4', scenario.closeInThree().packets);
      const four = ask(teardownPackets, '3', scenario.closeInFour().packets);
      assert.deepEqual(three.detail, four.detail);
    });

    it('counts the data of a half-close', () => {
      const packets = scenario.halfClose().packets;
      assertPassed(ask(teardownPackets, '5', packets), /1 data segment the server still sent/);
      assertFailed(ask(teardownPackets, '3', packets), /data included/);
    });

    it('counts a simultaneous close as four', () => {
      assertPassed(ask(teardownPackets, '4', scenario.simultaneousClose().packets));
    });
  });

  describe('which side goes into TIME_WAIT', () => {
    it('is the side that sent the first FIN', () => {
      assertPassed(ask(timeWait, 'client', scenario.closeInThree().packets), /2×MSL.*RFC 9293 §3\.6\.1/);
      assertFailed(ask(timeWait, 'server', scenario.closeInThree().packets), /closed actively/);
      assertPassed(ask(timeWait, 'the server', scenario.serverClosesFirst().packets));
      assertFailed(ask(timeWait, 'both', scenario.closeInThree().packets), /Only one side closed actively/);
    });

    it('is both sides after a simultaneous close', () => {
      const packets = scenario.simultaneousClose().packets;
      assertPassed(ask(timeWait, 'both', packets), /FINs crossed/);
      assertFailed(ask(timeWait, 'client', packets), /closed actively/);
    });
  });
});
