/**
 * The checks of lab `tcp-flow-control` on hand-built transfers to the slow reader: the reference transfer passes
 * all three, an empty attempt none; each stage of a transfer (connected, filling, zero window, probing, updated,
 * finished) leaves the checks where it should, with what to do next; a window that never closes, a transfer that
 * stops after the update, a board the capture cannot see and capture switched off each get their own words; no
 * passed check gives away an answer to a capture question; every verdict reads in Chinese with the numbers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pick } from '../../src/common/localized';
import type { CheckContext, CheckVerdict } from '../../src/lab-kit';
import { CAPTURE_OFF } from '../common/capture-notes';
import { answerLeaks } from '../testing/answer-leaks';
import { CaptureBuilder, RST } from '../testing/packets';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks, MORE_THAN_WINDOW } from './checks';
import lab from './lab';
import { questions } from './questions';
import { CLIENT_PORT, contextOf, readerRecord, type Stage, solved, transfer } from './testing/transfer';

function verdict(id: string, context: CheckContext): CheckVerdict {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, `no check ${id}`);
  return check.evaluate(context);
}

function statesOf(context: CheckContext): string[] {
  return checks.map((check) => check.evaluate(context).state);
}

/** A transfer as far as `stage`, with the record the server has of it then (it reads only after the update). */
function atStage(stage: Stage): CheckContext {
  const { packets, sent } = transfer(stage);
  const read = stage === 'finished' ? sent : stage === 'updated' ? sent - 65000 : 0;
  return contextOf(packets, [readerRecord({ receivedBytes: read, peerFin: stage === 'finished', updated: 2 })]);
}

describe('lab tcp-flow-control: checks', () => {
  it('all pass on the reference transfer', () => {
    const context = solved();
    assert.deepEqual(statesOf(context), ['passed', 'passed', 'passed']);
    assert.match(verdict('sent-more', context).detail.en, /read 1235000 bytes from 127\.0\.0\.1:40988/);
    assert.match(verdict('zero-window', context).detail.en, /Win=0 to port 40988/);
    assert.match(verdict('window-reopened', context).detail.en, /all 1235000 bytes sent from port 40988/);
  });

  it('all stay pending on an empty attempt, saying where to connect', () => {
    const context = contextOf([]);
    assert.deepEqual(statesOf(context), ['pending', 'pending', 'pending']);
    assert.match(verdict('sent-more', context).detail.en, /127\.0\.0\.1:20420/);
  });

  it('never give away the answer to a capture question', () => {
    for (const stage of ['zero', 'probing', 'updated', 'finished'] as const) {
      assert.deepEqual(answerLeaks(checks, questions, atStage(stage)), [], stage);
    }
    assert.deepEqual(answerLeaks(checks, questions, solved()), []);
  });

  it('follow a transfer stage by stage', () => {
    assert.deepEqual(statesOf(atStage('handshake')), ['pending', 'pending', 'pending']);
    assert.match(verdict('sent-more', atStage('handshake')).detail.en, /has read nothing yet/);
    assert.match(verdict('zero-window', atStage('filling')).detail.en, /has not met a zero window yet/);
    assert.deepEqual(statesOf(atStage('zero')), ['pending', 'passed', 'pending']);
    assert.match(verdict('window-reopened', atStage('probing')).detail.en, /still zero/);
    const updated = atStage('updated');
    assert.deepEqual(statesOf(updated), ['passed', 'passed', 'pending']);
    assert.match(verdict('window-reopened', updated).detail.en, /has read 1170000 of the 1235000 bytes/);
  });

  it('ask for more when too little was read', () => {
    const { packets } = transfer('filling');
    const context = contextOf(packets, [readerRecord({ receivedBytes: 130000 })]);
    const result = verdict('sent-more', context);
    assert.equal(result.state, 'pending');
    assert.match(result.detail.en, new RegExp(`read 130000 bytes: send at least ${MORE_THAN_WINDOW} bytes`));
  });

  it('a window that never closed leaves the last two open, whatever was read', () => {
    const { packets, sent } = transfer('filling');
    const context = contextOf(packets, [readerRecord({ receivedBytes: MORE_THAN_WINDOW + sent, peerFin: true })]);
    assert.deepEqual(statesOf(context), ['passed', 'pending', 'pending']);
    assert.match(verdict('window-reopened', context).detail.en, /First let the window close/);
  });

  it('an RST’s Win=0 is not a zero window', () => {
    const capture = new CaptureBuilder();
    const { connection } = transfer('filling', { capture });
    connection.segment({ from: 'server', flags: RST, windowValue: 0 });
    assert.equal(verdict('zero-window', contextOf(capture.packets)).state, 'pending');
  });

  it('judge the connection that finished, not a newer one that did not', () => {
    const capture = new CaptureBuilder();
    const first = transfer('finished', { capture });
    transfer('filling', { capture, clientPort: 40990 });
    const context = contextOf(capture.packets, [
      readerRecord({ receivedBytes: first.sent, peerFin: true, updated: 2 }),
      readerRecord({ connection: 2, receivedBytes: 0, updated: 3 }, 40990),
    ]);
    assert.deepEqual(statesOf(context), ['passed', 'passed', 'passed']);
  });

  it('say that a board on the network is not in the capture, and pass what its records prove', () => {
    const context = contextOf([], [readerRecord({ peer: '192.168.1.50:49152', receivedBytes: 0 })]);
    assert.match(verdict('zero-window', context).detail.en, /192\.168\.1\.50:49152 is not in the capture/);
    const board = readerRecord({ peer: '192.168.1.50:49152', receivedBytes: MORE_THAN_WINDOW, peerFin: true });
    assert.deepEqual(statesOf(contextOf([], [board])), ['passed', 'pending', 'passed']);
  });

  it('without capture, pass what the records prove and say capture is off for the rest', () => {
    const { sent } = transfer('finished');
    const done = contextOf([], [readerRecord({ receivedBytes: sent, peerFin: true })], false);
    assert.deepEqual(statesOf(done), ['passed', 'pending', 'passed']);
    assert.ok(verdict('zero-window', done).detail.en.includes(pick(CAPTURE_OFF, 'en')));
    assert.match(verdict('window-reopened', done).detail.en, /must have opened again/);
    const unfinished = contextOf([], [readerRecord({ receivedBytes: sent })], false);
    assert.ok(verdict('window-reopened', unfinished).detail.en.includes(pick(CAPTURE_OFF, 'en')));
  });

  it('never throw on odd packets (no handshake, a FIN first, RST only)', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: CLIENT_PORT, serverPort: 20420 });
    connection.segment({ from: 'server', flags: RST, windowValue: 0 });
    connection.fin('client');
    connection.segment({ from: 'server', flags: 0x010, windowValue: 0 });
    connection.segment({ from: 'client', flags: 0x010, seqRaw: 5 });
    const context = contextOf(capture.packets, [readerRecord({ receivedBytes: 1 })]);
    for (const check of checks) assert.ok(['pending', 'passed', 'failed'].includes(check.evaluate(context).state));
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const situations: CheckContext[] = [
      solved(),
      contextOf([]),
      ...(['handshake', 'filling', 'zero', 'probing', 'updated'] as const).map(atStage),
      contextOf(transfer('filling').packets, [readerRecord({ receivedBytes: 130000 })]),
      contextOf([], [readerRecord({ peer: '192.168.1.50:49152' })]),
      contextOf([], [readerRecord({ receivedBytes: 1235000, peerFin: true })], false),
      contextOf([], [], false),
    ];
    for (const context of situations) assertVerdictsTranslated(lab, context);
  });
});
