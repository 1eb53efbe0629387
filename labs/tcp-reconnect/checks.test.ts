/**
 * The checks of lab `tcp-reconnect` on hand-built captures and records: the reference run (online, a restart
 * with three refused attempts 1, 2 and 4 s apart, a silence the watchdog gives up on) passes all five; an
 * empty attempt none; without capture the records still show the restart, and the rest say capture is off. A
 * fixed delay, a tight loop, a client without a watchdog, and a silence ended too soon each get the verdict that
 * says what to change. Every verdict reads in Chinese with the English numbers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pick } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import { CAPTURE_OFF } from '../common/capture-notes';
import { answerLeaks } from '../testing/answer-leaks';
import { contextOf, echoRecord } from '../testing/packets';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks } from './checks';
import lab from './lab';
import { questions } from './questions';
import { Run, referenceRun } from './testing/reconnect-captures';

function verdict(id: string, context: CheckContext): CheckVerdict {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, `no check ${id}`);
  return check.evaluate(context);
}

function states(context: CheckContext): string[] {
  return checks.map((check) => check.evaluate(context).state);
}

/** The echo server's records of the reference run: the connection it closed, and two that came back. */
const RECORDS: readonly ConnectionRecord[] = [
  echoRecord({ connection: 1, peer: '127.0.0.1:41000', receivedBytes: 10, sentBytes: 10, closed: true, updated: 4 }),
  echoRecord({ connection: 2, peer: '127.0.0.1:41004', receivedBytes: 15, sentBytes: 15, peerFin: true, updated: 9 }),
  echoRecord({ connection: 3, peer: '127.0.0.1:41005', receivedBytes: 5, sentBytes: 5, updated: 12 }),
];

const SOLVED = contextOf(referenceRun().packets, { connections: RECORDS });

describe('lab tcp-reconnect: checks', () => {
  it('all pass on the reference run', () => {
    assert.deepEqual(states(SOLVED), ['passed', 'passed', 'passed', 'passed', 'passed']);
    assert.match(
      verdict('backoff', SOLVED).detail.en,
      /waited 1\.0 s between its first two attempts and 4\.0 s before its last/,
    );
    assert.match(verdict('no-hammering', SOLVED).detail.en, /at least 1\.0 s apart/);
    assert.match(verdict('watchdog', SOLVED).detail.en, /^3\.\d s after it last heard from the server/);
    assert.match(verdict('came-back', SOLVED).detail.en, /closed the connection from 127\.0\.0\.1:41000/);
  });

  it('give away no answer to the capture question, from the records or from the packets alone', () => {
    assert.deepEqual(answerLeaks(checks, questions, SOLVED), []);
    assert.deepEqual(answerLeaks(checks, questions, contextOf(SOLVED.packets)), []);
  });

  it('all stay pending on an empty attempt', () => {
    assert.deepEqual(states(contextOf([])), ['pending', 'pending', 'pending', 'pending', 'pending']);
  });

  it('without capture the records show the restart; the others say capture is off', () => {
    const context = contextOf([], { connections: RECORDS, captureRunning: false });
    assert.deepEqual(states(context), ['passed', 'passed', 'pending', 'pending', 'pending']);
    for (const id of ['backoff', 'no-hammering', 'watchdog']) {
      assert.ok(verdict(id, context).detail.en.includes(pick(CAPTURE_OFF, 'en')), id);
    }
  });

  it('the packets alone show the comeback, when no record does (a client the records lost)', () => {
    const context = contextOf(SOLVED.packets);
    assert.equal(verdict('came-back', context).state, 'passed');
    assert.match(
      verdict('came-back', context).detail.en,
      /7\.5 s after the server went away your program was online again, from port 41004/,
    );
  });

  it('a connection the server closed, and nothing after it, waits for the comeback', () => {
    const context = contextOf([], { connections: RECORDS.slice(0, 1), captureRunning: false });
    assert.equal(verdict('came-back', context).state, 'pending');
    assert.match(verdict('came-back', context).detail.en, /waiting for your program to connect again/);
  });

  it('a fixed delay between attempts fails the backoff, not the hammering check', () => {
    const run = new Run();
    run.online().fin('server');
    for (let attempt = 0; attempt < 4; attempt++) run.wait(5000).refused();
    run.wait(5000).online();
    const context = contextOf(run.packets);
    assert.equal(verdict('backoff', context).state, 'failed');
    assert.match(
      verdict('backoff', context).detail.en,
      /waited 5\.0 s between its first two attempts and 5\.0 s before its last: about the same/,
    );
    assert.equal(verdict('no-hammering', context).state, 'passed');
  });

  it('a tight loop fails the hammering check', () => {
    const run = new Run();
    run.online().fin('server');
    for (let attempt = 0; attempt < 20; attempt++) run.wait(2).refused();
    const context = contextOf(run.packets);
    assert.equal(verdict('no-hammering', context).state, 'failed');
    assert.match(verdict('no-hammering', context).detail.en, /again 2\.\d ms after a refusal: that is a tight loop/);
  });

  it('two attempts are too few to see a backoff', () => {
    const run = new Run();
    run.online().fin('server');
    run.wait(500).refused();
    run.wait(1000).online();
    const context = contextOf(run.packets);
    assert.equal(verdict('backoff', context).state, 'pending');
    assert.match(verdict('backoff', context).detail.en, /Too few attempts/);
    assert.equal(verdict('no-hammering', context).state, 'passed');
  });

  it('a client without a watchdog: waiting while the silence is young, failed after 30 s', () => {
    const run = new Run();
    const connection = run.online();
    run.wait(1000);
    run.unansweredBeat(connection, [200, 400, 800, 1600, 3200]);
    assert.match(
      verdict('watchdog', contextOf(run.packets)).detail.en,
      /silent for 6\.2 s \(.* again 5 times\) .* still on/,
    );
    assert.equal(verdict('watchdog', contextOf(run.packets)).state, 'pending');
    run.unansweredBeat(connection, [6400, 12800, 25600]);
    const context = contextOf(run.packets);
    assert.equal(verdict('watchdog', context).state, 'failed');
    assert.match(verdict('watchdog', context).detail.en, /never fired/);
  });

  it('a silence that ended before the client gave up asks for a longer one', () => {
    const run = new Run();
    const connection = run.online();
    run.wait(1000);
    run.unansweredBeat(connection, [200, 400, 800]);
    run.wait(500);
    connection.ack('server');
    const context = contextOf(run.packets);
    assert.equal(verdict('watchdog', context).state, 'pending');
    assert.match(verdict('watchdog', context).detail.en, /silent for 1\.9 s and answered again/);
  });

  it('a watchdog that closed the connection but has not tried again yet is waited for', () => {
    const run = new Run();
    const connection = run.online();
    run.wait(1000);
    run.unansweredBeat(connection, [200, 400]);
    run.wait(1400);
    connection.fin('client');
    const context = contextOf(run.packets);
    assert.equal(verdict('watchdog', context).state, 'pending');
    assert.match(verdict('watchdog', context).detail.en, /After 3\.\d s without data your program closed/);
  });

  it('a restart is not a silence: data the server never acknowledged before its FIN fires no watchdog', () => {
    const run = new Run();
    const connection = run.online();
    run.unansweredBeat(connection, [200]);
    connection.fin('server');
    run.wait(500).online();
    assert.equal(verdict('watchdog', contextOf(run.packets)).state, 'pending');
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const fixed = new Run();
    fixed.online().fin('server');
    for (let attempt = 0; attempt < 4; attempt++) fixed.wait(5000).refused();
    const tight = new Run();
    tight.online().fin('server');
    for (let attempt = 0; attempt < 5; attempt++) tight.wait(2).refused();
    const naive = new Run();
    const stuck = naive.online();
    naive.unansweredBeat(stuck, [200, 400, 800, 1600, 3200, 6400, 12800, 25600]);
    const situations = [
      SOLVED,
      contextOf([]),
      contextOf([], { connections: RECORDS, captureRunning: false }),
      contextOf([], { connections: RECORDS.slice(0, 1), captureRunning: false }),
      contextOf([], { connections: [echoRecord({ receivedBytes: 5 })] }),
      contextOf(fixed.packets),
      contextOf(tight.packets),
      contextOf(naive.packets),
    ];
    for (const context of situations) assertVerdictsTranslated(lab, context);
  });
});
