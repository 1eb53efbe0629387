/**
 * The capture questions of lab `tcp-keepalive` on hand-built captures: the idle time before the server's first
 * probe, read off the Time column to the millisecond or in whole seconds, and the probe's relative sequence number;
 * the recognisable mistakes (Linux's defaults, the client's own probe, the next sequence number, the raw one, the
 * Ack field) get their hints; hedges are refused; nothing is judged before a probe, or without capture; every
 * verdict reads in Chinese with the English numbers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckContext } from '../../src/lab-kit';
import { CAPTURE_OFF } from '../common/capture-notes';
import { conversationsWith } from '../common/tcp-conversation';
import { assertJudgesHedges } from '../testing/hedged-answers';
import { CaptureBuilder, contextOf, ECHO_PORT } from '../testing/packets';
import { assertVerdictsTranslated } from '../testing/translations';
import lab from './lab';
import { keepaliveProbes } from './probes';
import { probeDelay, probeSeq } from './questions';
import { captureOf, keepaliveStory, SOLVED } from './testing/keepalive-captures';

const SOLVED_CONTEXT = contextOf(captureOf(SOLVED).packets);

function judge(question: typeof probeDelay, context: CheckContext, answer: string) {
  return question.evaluate(context, answer);
}

/** The raw sequence and acknowledgement numbers of the server's first probe in a context. */
function serverProbe(context: CheckContext) {
  const [conversation] = conversationsWith(context.packets, ECHO_PORT);
  const found = conversation && keepaliveProbes(conversation).find((p) => p.side === 'server');
  assert.ok(found !== undefined, 'the capture has a server probe');
  return found.packet.tcp;
}

describe('lab tcp-keepalive: capture questions', () => {
  it('the idle time: to the millisecond, or in whole seconds', () => {
    for (const answer of ['1.997', '2', '2.0', '1.99', '2 s', '2秒', 'two seconds']) {
      assert.equal(judge(probeDelay, SOLVED_CONTEXT, answer).state, 'passed', answer);
    }
    assert.match(judge(probeDelay, SOLVED_CONTEXT, '2').detail.en, /Right: 1\.997 s with nothing received/);
    for (const answer of ['3', '2.5', '1.5', '0']) {
      assert.equal(judge(probeDelay, SOLVED_CONTEXT, answer).state, 'failed', answer);
    }
  });

  it('the idle time: Linux’s defaults and the client’s own probe get their hints', () => {
    assert.match(judge(probeDelay, SOLVED_CONTEXT, '7200').detail.en, /Linux’s default idle time/);
    assert.match(judge(probeDelay, SOLVED_CONTEXT, '75').detail.en, /tcp_keepalive_intvl/);
    assert.match(judge(probeDelay, SOLVED_CONTEXT, '1').detail.en, /your own side waited/);
    assert.match(judge(probeDelay, SOLVED_CONTEXT, '5').detail.en, /Len > 0/);
    assert.match(judge(probeDelay, SOLVED_CONTEXT, 'soon').detail.en, /Answer with a number/);
  });

  it('the sequence number: exact, and the usual mistakes get their hints', () => {
    const tcp = serverProbe(SOLVED_CONTEXT);
    assert.equal(judge(probeSeq, SOLVED_CONTEXT, '12').state, 'passed');
    assert.match(judge(probeSeq, SOLVED_CONTEXT, '12').detail.en, /Seq=12, one below the 13/);
    assert.match(judge(probeSeq, SOLVED_CONTEXT, '13').detail.en, /Off by one/);
    assert.match(judge(probeSeq, SOLVED_CONTEXT, String(tcp.seqRaw)).detail.en, /raw form/);
    assert.match(judge(probeSeq, SOLVED_CONTEXT, `0x${tcp.seqRaw.toString(16)}`).detail.en, /raw form/);
    assert.match(judge(probeSeq, SOLVED_CONTEXT, String(tcp.ackRaw)).detail.en, /acknowledgement number/);
    assert.match(judge(probeSeq, SOLVED_CONTEXT, '1').detail.en, /Open the server’s first packet/);
  });

  it('a connection with no data: the probe repeats the SYN’s number, and there is no data to time from', () => {
    const context = contextOf(captureOf({ greeting: '' }).packets);
    assert.equal(judge(probeSeq, context, '0').state, 'passed');
    const delay = judge(probeDelay, context, '2');
    assert.equal(delay.state, 'pending');
    assert.match(delay.detail.en, /Nothing on that connection carried data/);
  });

  it('the newest connection with a probe is the one judged', () => {
    const capture = new CaptureBuilder();
    keepaliveStory(capture, SOLVED);
    keepaliveStory(capture, { greeting: 'Hi', clientPort: 40990 });
    const context = contextOf(capture.packets);
    assert.equal(judge(probeSeq, context, '2').state, 'passed');
    assert.equal(judge(probeSeq, context, '12').state, 'failed');
  });

  it('refuses hedges around the right answer, and takes a committed one', () => {
    assertJudgesHedges(probeDelay, SOLVED_CONTEXT, '2', '3');
    assertJudgesHedges(probeSeq, SOLVED_CONTEXT, '12', '13');
  });

  it('judges nothing before a probe, or without capture', () => {
    const idle = new CaptureBuilder();
    idle.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake().echo('Hello,world!');
    for (const question of [probeDelay, probeSeq]) {
      assert.equal(judge(question, contextOf([]), '2').state, 'pending');
      assert.match(judge(question, contextOf(idle.packets), '12').detail.en, /marked TCP Keep-Alive/);
      const off = judge(question, contextOf([], { captureRunning: false }), '2');
      assert.equal(off.state, 'pending');
      assert.deepEqual(off.detail, CAPTURE_OFF);
    }
  });

  it('read in Chinese, with the English numbers', () => {
    const answers = ['2', '7200', '75', '1', '5', '12', '13', 'soon', 'maybe 2', ''];
    for (const context of [SOLVED_CONTEXT, contextOf(captureOf({ greeting: '' }).packets), contextOf([])]) {
      assertVerdictsTranslated(lab, context, answers);
    }
  });
});
