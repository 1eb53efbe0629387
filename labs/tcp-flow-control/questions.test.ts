/**
 * The capture questions of lab `tcp-flow-control` on hand-built transfers: the right answers in the forms
 * students type them, the recognisable mistakes with their own hint (the unscaled field, the SYN-ACK's window,
 * the scale itself, the byte count or raw form for the Ack, the server's answers counted as probes), hedges
 * refused in both languages, `pending` until there is something final to judge, and never a throw.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES, pick } from '../../src/common/localized';
import type { CheckVerdict, QuestionDefinition } from '../../src/lab-kit';
import type { Packet } from '../../src/protocol';
import { assertJudgesHedges } from '../testing/hedged-answers';
import { CaptureBuilder } from '../testing/packets';
import { assertVerdictsTranslated } from '../testing/translations';
import lab from './lab';
import { probeCount, questions, scaledWindow, zeroWindowAck } from './questions';
import { contextOf, HELD, OPEN_FIELD, PROBES, SHIFT, solved, transfer } from './testing/transfer';

const SCALED = OPEN_FIELD * 2 ** SHIFT;
const ZERO_ACK = HELD + 1;

function ask(question: QuestionDefinition, answer: string, packets?: readonly Packet[]): CheckVerdict {
  return question.evaluate(packets === undefined ? solved() : contextOf(packets), answer);
}

/**
 * Wrong answers, each with the hint it must get: failed, that hint, and the right number nowhere in it, in any
 * language, so a hint never gives the answer away.
 */
function assertHints(
  question: QuestionDefinition,
  secret: number,
  mistakes: readonly (readonly [string, RegExp, Packet[]?])[],
): void {
  for (const [answer, hint, packets] of mistakes) {
    const { state, detail } = ask(question, answer, packets);
    assert.deepEqual([state, hint.test(detail.en)], ['failed', true], `${question.id} = ${answer}: ${detail.en}`);
    const leaked = LOCALES.map((locale) => pick(detail, locale)).filter((text) => text.includes(String(secret)));
    assert.deepEqual(leaked, [], `${question.id} = ${answer}: the hint gives the answer away`);
  }
}

describe('lab tcp-flow-control: questions', () => {
  it('has three questions with distinct ids, a prompt and a format each', () => {
    assert.equal(new Set(questions.map((question) => question.id)).size, 3);
    for (const question of questions) {
      assert.ok(question.prompt.en.endsWith('?') || question.prompt.en.endsWith('.)'), question.id);
      assert.ok(question.format.en.length > 0, question.id);
    }
  });

  it('accept the right answers, in digits, with grouping or in words', () => {
    assert.equal(ask(scaledWindow, String(SCALED)).state, 'passed');
    assert.equal(ask(scaledWindow, '95,232 bytes').state, 'passed');
    assert.match(ask(scaledWindow, '95232').detail.en, /says 93, .* 1024 times that: 95232 bytes/);
    assert.equal(ask(zeroWindowAck, String(ZERO_ACK)).state, 'passed');
    assert.equal(ask(zeroWindowAck, `Ack=${ZERO_ACK}`).state, 'passed');
    assert.match(ask(zeroWindowAck, String(ZERO_ACK)).detail.en, /accepted 195000 bytes of yours/);
    assert.equal(ask(probeCount, String(PROBES)).state, 'passed');
    assert.equal(ask(probeCount, 'four').state, 'passed');
    assert.equal(ask(probeCount, '四个').state, 'passed');
  });

  it('refuse a hedge around the right answer, and accept it stated with conviction', () => {
    const context = solved();
    assertJudgesHedges(scaledWindow, context, String(SCALED), String(OPEN_FIELD));
    assertJudgesHedges(zeroWindowAck, context, String(ZERO_ACK), String(HELD));
    assertJudgesHedges(probeCount, context, String(PROBES), String(PROBES + 1));
    assertJudgesHedges(probeCount, context, '四', '五');
  });

  it('the scaled window: a hint for each recognisable mistake, never the number', () => {
    assertHints(scaledWindow, SCALED, [
      [String(OPEN_FIELD), /as it was sent/],
      ['65483', /never scaled/],
      ['1024', /the scale itself/],
      ['10', /the scale itself/],
      ['65536', /your side advertised/],
      ['123', /first segment after its SYN-ACK/],
    ]);
  });

  it('the zero window’s Ack: a hint for each recognisable mistake, never the number', () => {
    const { packets, connection } = transfer();
    const raw = (connection.isn.client + ZERO_ACK) >>> 0;
    assertHints(zeroWindowAck, ZERO_ACK, [
      [String(HELD), /how many bytes the server held/],
      [String(raw), /raw form/, packets],
      ['0', /the window of that segment/],
      ['1', /TCP ZeroWindow/],
    ]);
  });

  it('the probes: the server’s answers are not probes, and zero gets a pointer', () => {
    // The fixture's zero windows: the first, and the answers to three of the four probes.
    assertHints(probeCount, PROBES, [
      [String(PROBES + 4), /the server’s Win=0 segments too/],
      ['0', /Len=0, marked TCP Keep-Alive/],
      ['9', /Count the segments from your port/],
    ]);
  });

  it('count a probe that carries the byte at the window’s edge, as lwIP sends it', () => {
    const capture = new CaptureBuilder();
    const { connection, sent } = transfer('zero', { capture });
    const edge = (connection.isn.client + 1 + sent) >>> 0;
    connection.segment({ from: 'client', flags: 0x010, seqRaw: edge, payload: 'x' });
    connection.segment({ from: 'server', flags: 0x010, windowValue: OPEN_FIELD });
    assert.equal(ask(probeCount, '1', capture.packets).state, 'passed');
  });

  it('a window that opened before any probe: none is right', () => {
    const capture = new CaptureBuilder();
    const { connection } = transfer('zero', { capture });
    connection.segment({ from: 'server', flags: 0x010, windowValue: OPEN_FIELD });
    assert.match(ask(probeCount, 'zero', capture.packets).detail.en, /Right: none/);
  });

  it('wait while there is nothing final to judge', () => {
    for (const question of questions) {
      assert.equal(question.evaluate(contextOf([]), '4').state, 'pending', question.id);
      assert.equal(question.evaluate(contextOf([], [], false), '4').state, 'pending', question.id);
    }
    assert.equal(ask(scaledWindow, String(SCALED), transfer('filling').packets).state, 'passed');
    assert.equal(ask(zeroWindowAck, '1', transfer('filling').packets).state, 'pending');
    assert.equal(ask(zeroWindowAck, String(ZERO_ACK), transfer('zero').packets).state, 'passed');
    assert.match(ask(probeCount, '4', transfer('probing').packets).detail.en, /still zero/);
  });

  it('never throw, whatever is typed', () => {
    for (const question of questions) {
      for (const answer of ['', ' ', '∞', '-1', '1e99', '99999999999999999999999', '0x', '<script>', '１３']) {
        const verdict = question.evaluate(solved(), answer);
        assert.ok(['pending', 'passed', 'failed'].includes(verdict.state));
      }
    }
  });

  it('read in Chinese, with the English numbers, whatever the answer', () => {
    const answers = [
      '',
      '4',
      '8',
      '0',
      '10',
      '93',
      '1024',
      '65483',
      '65536',
      '95232',
      '195000',
      '195001',
      'x',
      '大概 4',
    ];
    const contexts = [solved(), contextOf([]), contextOf([], [], false)];
    for (const stage of ['filling', 'zero', 'probing'] as const) contexts.push(contextOf(transfer(stage).packets));
    for (const context of contexts) assertVerdictsTranslated(lab, context, answers);
  });
});
