/**
 * The checks of lab `tcp-teardown` on hand-built captures: all three pass on the reference solution and stay
 * pending on an empty attempt; the close check tells three packets from four and FIN from RST; the RST check
 * waits for the reply; the half-close check tells a half-close from an ordinary close only by data after the
 * FIN; without a capture only the close check can fall back to the server's view.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckContext } from '../../src/lab-kit';
import { answerLeaks } from '../testing/answer-leaks';
import * as scenario from '../testing/close-scenarios';
import { CaptureBuilder, CLOSED_PORT, contextOf, ECHO_PORT, echoRecord } from '../testing/packets';
import { assertVerdictsTranslated } from '../testing/translations';
import { checks, finClose, halfClose, resetFromClosedPort } from './checks';
import lab from './lab';
import { questions } from './questions';

function states(context: CheckContext): string[] {
  return checks.map((check) => check.evaluate(context).state);
}

describe('lab tcp-teardown: checks', () => {
  it('all pass on the reference solution', () => {
    const context = contextOf(scenario.referenceSolution().packets);
    assert.deepEqual(states(context), ['passed', 'passed', 'passed']);
    assert.match(finClose.evaluate(context).detail.en, /Your capture has an orderly close of port 41002/);
    assert.match(resetFromClosedPort.evaluate(context).detail.en, /was refused.*RFC 9293 §3\.10\.7\.1.*ECONNREFUSED/);
    assert.match(halfClose.evaluate(context).detail.en, /the server's data still arrived/);
  });

  it('never give away the answer to a capture question', () => {
    for (const make of [
      scenario.referenceSolution,
      () => scenario.refused(scenario.closeInThree()),
      () => scenario.refused(scenario.closeInFour()),
      () => scenario.refused(scenario.serverClosesFirst()),
      () => scenario.refused(scenario.halfClose()),
      () => scenario.refused(scenario.simultaneousClose()),
    ]) {
      const context = contextOf(make().packets);
      assert.equal(finClose.evaluate(context).state, 'passed');
      assert.deepEqual(answerLeaks(checks, questions, context), []);
    }
  });

  it('all stay pending on an empty attempt, saying what to type', () => {
    const context = contextOf([]);
    assert.deepEqual(states(context), ['pending', 'pending', 'pending']);
    assert.match(finClose.evaluate(context).detail.en, /connect echo, then close/);
    assert.match(
      resetFromClosedPort.evaluate(context).detail.en,
      new RegExp(`127\\.0\\.0\\.1:${CLOSED_PORT}: connect closed`),
    );
  });

  it('say in Chinese, with the same numbers, what each close shows', () => {
    const open = new CaptureBuilder();
    const connection = scenario.echoConnection(open).echo(scenario.GREETING);
    assertVerdictsTranslated(lab, contextOf(open.packets));
    connection.fin('client');
    open.connection({ clientPort: 42992, serverPort: CLOSED_PORT }).syn();
    assertVerdictsTranslated(lab, contextOf(open.packets));
    const listening = new CaptureBuilder();
    listening.connection({ clientPort: 42992, serverPort: CLOSED_PORT }).handshake();
    assertVerdictsTranslated(lab, contextOf(listening.packets));
    const serverReset = new CaptureBuilder();
    scenario.echoConnection(serverReset).reset('server');
    assertVerdictsTranslated(lab, contextOf(serverReset.packets));
    for (const make of [scenario.closeInThree, scenario.closeWithUnreadData, scenario.halfClose]) {
      assertVerdictsTranslated(lab, contextOf(make().packets));
    }
    for (const record of [echoRecord({ peerFin: true }), echoRecord({ reset: true, closed: true })]) {
      assertVerdictsTranslated(lab, contextOf([], { captureRunning: false, connections: [record] }));
    }
    assertVerdictsTranslated(lab, contextOf([], { captureRunning: false }));
  });

  describe('close with FIN', () => {
    it('passes a three-packet close without saying how many packets it took (a question asks)', () => {
      const verdict = finClose.evaluate(contextOf(scenario.closeInThree().packets));
      assert.equal(verdict.state, 'passed');
      assert.match(verdict.detail.en, /FIN in both directions, each acknowledged, and no RST/);
    });

    it('passes a four-packet close alike', () => {
      const verdict = finClose.evaluate(contextOf(scenario.closeInFour().packets));
      assert.equal(verdict.state, 'passed');
      assert.match(verdict.detail.en, /FIN in both directions, each acknowledged, and no RST/);
    });

    it('passes when the server closed first, too', () => {
      assert.equal(finClose.evaluate(contextOf(scenario.serverClosesFirst().packets)).state, 'passed');
    });

    it('fails a close with unread data, which the kernel turns into RST', () => {
      const verdict = finClose.evaluate(contextOf(scenario.closeWithUnreadData().packets));
      assert.equal(verdict.state, 'failed');
      assert.match(verdict.detail.en, /ended with RST, not FIN: it was closed with data still unread/);
    });

    it('waits while the teardown is under way, and asks for a close on an open connection', () => {
      const capture = new CaptureBuilder();
      const connection = scenario.echoConnection(capture).echo(scenario.GREETING);
      assert.match(finClose.evaluate(contextOf(capture.packets)).detail.en, /Connected from port 40988; now close it/);
      connection.fin('client');
      const verdict = finClose.evaluate(contextOf(capture.packets));
      assert.equal(verdict.state, 'pending');
      assert.match(verdict.detail.en, /waiting for the other FIN and the last ACK/);
    });

    it('stays passed after a later connection is reset', () => {
      const capture = scenario.closeInThree();
      scenario.closeWithUnreadData(capture, 40990);
      assert.equal(finClose.evaluate(contextOf(capture.packets)).state, 'passed');
    });
  });

  describe('an RST from the closed port', () => {
    it('waits for the reply to the SYN', () => {
      const capture = new CaptureBuilder();
      capture.connection({ clientPort: 42992, serverPort: CLOSED_PORT }).syn();
      const verdict = resetFromClosedPort.evaluate(contextOf(capture.packets));
      assert.equal(verdict.state, 'pending');
      assert.match(verdict.detail.en, /has no answer yet/);
    });

    it('fails when something listens there after all', () => {
      const capture = new CaptureBuilder();
      capture.connection({ clientPort: 42992, serverPort: CLOSED_PORT }).handshake();
      assert.equal(resetFromClosedPort.evaluate(contextOf(capture.packets)).state, 'failed');
    });

    it('does not count an RST on the echo port', () => {
      assert.equal(resetFromClosedPort.evaluate(contextOf(scenario.closeWithUnreadData().packets)).state, 'pending');
    });
  });

  describe('half-close', () => {
    it('passes when the server’s data comes after the client’s FIN and is acknowledged', () => {
      const context = contextOf(scenario.halfClose().packets);
      assert.equal(halfClose.evaluate(context).state, 'passed');
      // An ACK comes from the kernel, read or not: the detail must not claim the program read the data.
      assert.match(halfClose.evaluate(context).detail.en, /the packets cannot show your recv\(\) calls/);
      assert.equal(finClose.evaluate(context).state, 'passed');
    });

    it('explains that an ordinary close cannot show it', () => {
      const verdict = halfClose.evaluate(contextOf(scenario.closeInThree().packets));
      assert.equal(verdict.state, 'pending');
      assert.match(verdict.detail.en, /looks like any close on the wire/);
    });

    it('does not pass when the late data is answered with RST (a full close, not a half-close)', () => {
      const capture = new CaptureBuilder();
      const connection = scenario.echoConnection(capture);
      connection.data('client', scenario.GREETING);
      connection.fin('client');
      connection.data('server', scenario.GREETING);
      connection.reset('client');
      assert.equal(halfClose.evaluate(contextOf(capture.packets)).state, 'pending');
    });

    it('does not pass when the server closed first and the client still sent', () => {
      const capture = new CaptureBuilder();
      const connection = scenario.echoConnection(capture);
      connection.fin('server');
      connection.data('client', scenario.GREETING);
      connection.ack('server');
      connection.fin('client');
      connection.ack('server');
      assert.equal(halfClose.evaluate(contextOf(capture.packets)).state, 'pending');
    });
  });

  describe('without a capture', () => {
    it('keeps the packet-only checks pending, saying why', () => {
      const context = contextOf([], { captureRunning: false, connections: [echoRecord({ peerFin: true })] });
      assert.equal(resetFromClosedPort.evaluate(context).state, 'pending');
      assert.match(resetFromClosedPort.evaluate(context).detail.en, /Packet capture is not running.*ECONNREFUSED/);
      assert.equal(halfClose.evaluate(context).state, 'pending');
      assert.match(halfClose.evaluate(context).detail.en, /Packet capture is not running/);
    });

    it('judges the close from the server’s view: end-of-file passes, a reset fails', () => {
      const fin = contextOf([], { captureRunning: false, connections: [echoRecord({ peerFin: true, closed: true })] });
      assert.equal(finClose.evaluate(fin).state, 'passed');
      const reset = contextOf([], { captureRunning: false, connections: [echoRecord({ reset: true, closed: true })] });
      assert.equal(finClose.evaluate(reset).state, 'failed');
      const none = finClose.evaluate(contextOf([], { captureRunning: false }));
      assert.equal(none.state, 'pending');
      assert.match(none.detail.en, /Packet capture is not running/);
    });

    it('ignores the packets of other ports', () => {
      const capture = new CaptureBuilder();
      capture
        .connection({ clientPort: 40988, serverPort: ECHO_PORT + 100 })
        .handshake()
        .closeInThree();
      assert.deepEqual(states(contextOf(capture.packets)), ['pending', 'pending', 'pending']);
    });
  });
});
