/**
 * The capture question of lab `tcp-reconnect` on hand-built captures: the count of refused attempts in the last
 * outage is right (3 in the reference run, whatever came before), every other number gets the one hint, hedges
 * are refused, and it stays pending with nothing to count, while the port is still refusing, and without
 * capture. The reference solution's own reading of the packets gives the same count. In Chinese too.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckVerdict } from '../../src/lab-kit';
import type { Packet } from '../../src/protocol';
import { assertJudgesHedges } from '../testing/hedged-answers';
import { contextOf, ECHO_PORT } from '../testing/packets';
import { assertVerdictsTranslated } from '../testing/translations';
import lab from './lab';
import { refusedAttempts } from './questions';
import { refusedInLastOutage } from './solution';
import { Run, referenceRun } from './testing/reconnect-captures';

function ask(answer: string, packets: readonly Packet[]): CheckVerdict {
  return refusedAttempts.evaluate(contextOf(packets), answer);
}

/** Two restarts: two refusals, back, then four refusals, back. */
function twoOutages(): Run {
  const run = new Run();
  run.online().fin('server');
  run.wait(500).refused();
  run.wait(1000).refused();
  run.wait(2000).online().fin('server');
  for (let attempt = 0; attempt < 4; attempt++) run.wait(500 * 2 ** attempt).refused();
  run.wait(8000).online();
  return run;
}

describe('lab tcp-reconnect: question', () => {
  it('is right on the count of the last outage, and says what answered the next SYN', () => {
    const verdict = ask('3', referenceRun().packets);
    assert.equal(verdict.state, 'passed', verdict.detail.en);
    assert.match(verdict.detail.en, /3 of your SYNs .* next one, from port 41004, by SYN-ACK/);
    assert.equal(ask('4', twoOutages().packets).state, 'passed');
    assert.equal(ask('2', twoOutages().packets).state, 'failed');
  });

  it('gives every wrong number the same hint', () => {
    const hints = ['2', '4', '6', '0'].map((answer) => ask(answer, referenceRun().packets));
    for (const hint of hints) {
      assert.equal(hint.state, 'failed');
      assert.deepEqual(hint.detail, hints[0]!.detail);
    }
    assert.match(hints[0]!.detail.en, new RegExp(`SYNs to port ${ECHO_PORT} that the server answered by RST, ACK`));
  });

  it('refuses hedges and accepts committed answers', () => {
    assertJudgesHedges(refusedAttempts, contextOf(referenceRun().packets), '3', '4');
  });

  it('stays pending with nothing to count, while the port still refuses, and without capture', () => {
    assert.match(ask('3', []).detail.en, /No attempt has been refused yet/);
    const away = new Run();
    away.online().fin('server');
    away.wait(500).refused();
    assert.equal(ask('1', away.packets).state, 'pending');
    assert.match(ask('1', away.packets).detail.en, /still refusing/);
    const off = refusedAttempts.evaluate(contextOf(referenceRun().packets, { captureRunning: false }), '3');
    assert.equal(off.state, 'pending');
  });

  it('the reference solution reads the same count from the packets', () => {
    assert.equal(refusedInLastOutage(referenceRun().packets, ECHO_PORT), '3');
    assert.equal(refusedInLastOutage(twoOutages().packets, ECHO_PORT), '4');
    const away = new Run();
    away.online().fin('server');
    away.wait(500).refused();
    assert.equal(refusedInLastOutage(away.packets, ECHO_PORT), undefined);
  });

  it('reads in Chinese, with the English numbers', () => {
    for (const packets of [referenceRun().packets, twoOutages().packets, []]) {
      assertVerdictsTranslated(lab, contextOf(packets), ['3', '4', 'maybe 3', '']);
    }
  });
});
