/**
 * The checks of lab `tcp-echo` on hand-built captures and connection records, for the closes that the echo
 * server's sockets cannot tell apart: a client that read the echo and closed, one that shut down its sending
 * side before the echo arrived (and may never have read it), and one that closed before the echo arrived, whose
 * RST only the packets show. Also: a close still under way is not judged yet, a loopback client's packets are
 * waited for, and without packets the checks fall back to the server's view and say what it cannot show.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckContext, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import * as scenario from '../testing/close-scenarios';
import { CaptureBuilder, contextOf, echoRecord } from '../testing/packets';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks, HELLO } from './checks';
import lab from './lab';

/** The echo server's record of a client on port 40988 that sent the greeting, got the echo, and sent FIN. */
function helloRecord(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return echoRecord({
    peer: '127.0.0.1:40988',
    received: new TextEncoder().encode(HELLO),
    receivedBytes: 12,
    sentBytes: 12,
    peerFin: true,
    closed: true,
    ...overrides,
  });
}

function verdict(id: string, context: CheckContext): CheckVerdict {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, `no check ${id}`);
  return check.evaluate(context);
}

/** A capture of one connection, with the record the server's sockets made of it (an orderly close, by default). */
function judged(capture: CaptureBuilder, record: ConnectionRecord = helloRecord()): CheckContext {
  return contextOf(capture.packets, { connections: [record] });
}

describe('lab tcp-echo: checks', () => {
  it('all pass on connect, send, recv, close', () => {
    const context = judged(scenario.closeInThree());
    assert.deepEqual(
      checks.map((check) => check.evaluate(context).state),
      ['passed', 'passed', 'passed', 'passed'],
    );
    assert.match(verdict('read-echo', context).detail.en, /FIN from port 40988 acknowledged all 12 bytes of the echo/);
  });

  it('all stay pending on an empty attempt', () => {
    const context = contextOf([]);
    assert.deepEqual(
      checks.map((check) => check.evaluate(context).state),
      ['pending', 'pending', 'pending', 'pending'],
    );
  });

  it('read in Chinese, with the English numbers, on the reference solution and the empty attempt', () => {
    assertLabTranslated(lab);
    assert.deepEqual(assertVerdictsTranslated(lab, judged(scenario.closeInThree())), [
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
    assert.deepEqual(assertVerdictsTranslated(lab, contextOf([])), ['pending', 'pending', 'pending', 'pending']);
    // The mistakes too, and the views without packets.
    assertVerdictsTranslated(lab, judged(scenario.halfClose(new CaptureBuilder(), 40988)));
    assertVerdictsTranslated(lab, judged(scenario.closeWithUnreadData(), helloRecord({ peerFin: false, reset: true })));
    assertVerdictsTranslated(lab, judged(scenario.closeBeforeEcho()));
    assertVerdictsTranslated(lab, judged(new CaptureBuilder(), helloRecord({ peer: '192.168.31.102:50123' })));
    assertVerdictsTranslated(lab, contextOf([], { captureRunning: false, connections: [helloRecord()] }));
    const wrong = helloRecord({ received: new TextEncoder().encode('hello world'), receivedBytes: 11 });
    assertVerdictsTranslated(lab, contextOf([], { captureRunning: false, connections: [wrong] }));
  });

  describe('read the echo', () => {
    it('fails a FIN sent before the echo arrived, although the server saw an orderly close', () => {
      // send + shutdown(SHUT_WR), then close() with the echo unread: no RST, because the server's FIN came first.
      const context = judged(scenario.halfClose(new CaptureBuilder(), 40988));
      const read = verdict('read-echo', context);
      assert.equal(read.state, 'failed');
      assert.match(read.detail.en, /sent FIN \(port 40988\) before the echo reached it: shutdown\(SHUT_WR\)/);
      assert.equal(verdict('closed-cleanly', context).state, 'passed', 'it did close with FIN');
    });

    it('fails close() with the echo unread, which the kernel turns into RST', () => {
      const context = judged(scenario.closeWithUnreadData(), helloRecord({ peerFin: false, reset: true }));
      const read = verdict('read-echo', context);
      assert.equal(read.state, 'failed');
      assert.match(read.detail.en, /^Your program closed with the echo still unread: the kernel answered with RST/);
      assert.equal(verdict('closed-cleanly', context).state, 'failed');
    });

    it('fails close() before the echo arrived, whose RST only the packets show', () => {
      const context = judged(scenario.closeBeforeEcho());
      const read = verdict('read-echo', context);
      assert.equal(read.state, 'failed');
      assert.match(read.detail.en, /sent FIN \(port 40988\), and then its kernel answered with RST/);
      assert.equal(verdict('closed-cleanly', context).state, 'failed');
    });

    it('waits while the close is under way, since an RST may still follow', () => {
      const capture = new CaptureBuilder();
      const connection = scenario.echoConnection(capture).echo(HELLO);
      connection.fin('client');
      const context = judged(capture);
      assert.equal(verdict('read-echo', context).state, 'pending');
      assert.equal(verdict('closed-cleanly', context).state, 'pending');
      connection.reset('client');
      assert.equal(verdict('read-echo', context).state, 'failed');
    });

    it('passes when the server closed first and the client answered with FIN', () => {
      assert.equal(verdict('read-echo', judged(scenario.serverClosesFirst())).state, 'passed');
    });

    it('passes on one good connection among bad ones', () => {
      const capture = scenario.closeInThree();
      scenario.closeBeforeEcho(capture, 40990);
      const context = contextOf(capture.packets, {
        connections: [helloRecord(), helloRecord({ connection: 2, peer: '127.0.0.1:40990', updated: 2 })],
      });
      assert.equal(verdict('read-echo', context).state, 'passed');
    });

    it('waits for the packets of a client on this machine', () => {
      const read = verdict('read-echo', judged(new CaptureBuilder()));
      assert.equal(read.state, 'pending');
      assert.match(read.detail.en, /Waiting for the packets of this connection/);
    });

    it('falls back to the server’s sockets for a client on another machine, and says what that misses', () => {
      const read = verdict('read-echo', judged(new CaptureBuilder(), helloRecord({ peer: '192.168.31.102:50123' })));
      assert.equal(read.state, 'passed');
      assert.match(
        read.detail.en,
        /does not see this connection.*Only packets could show whether that FIN came before/,
      );
    });

    it('without capture, passes an orderly close and fails a reset, on the server’s view', () => {
      const off = (record: ConnectionRecord) => contextOf([], { captureRunning: false, connections: [record] });
      const read = verdict('read-echo', off(helloRecord()));
      assert.equal(read.state, 'passed');
      assert.match(read.detail.en, /Packet capture is not running.*Only packets could show/);
      assert.equal(verdict('read-echo', off(helloRecord({ closed: false }))).state, 'pending');
      assert.equal(verdict('read-echo', off(helloRecord({ reset: true }))).state, 'failed');
      assert.equal(verdict('read-echo', off(helloRecord({ peerFin: false }))).state, 'failed');
    });
  });
});
