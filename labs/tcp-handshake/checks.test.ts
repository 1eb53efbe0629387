/**
 * The checks of lab `tcp-handshake` on hand-built captures: they pass on the reference exchange, stay pending on
 * an empty attempt, follow a handshake as far as it got, accept the greeting in pieces or with `nc`'s newline,
 * fail a wrong greeting with what was sent, and fall back to the server's view when the capture is off.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckContext, CheckVerdict } from '../../src/lab-kit';
import { answerLeaks } from '../testing/answer-leaks';
import { ACK, CaptureBuilder, contextOf, ECHO_PORT, echoRecord, FIN, PSH, RST, SYN } from '../testing/packets';
import { assertVerdictsTranslated } from '../testing/translations';
import { checks, greetingAcknowledged, handshake } from './checks';
import lab from './lab';
import { questions } from './questions';

function verdicts(context: CheckContext): { handshake: CheckVerdict; hello: CheckVerdict } {
  return { handshake: handshake.evaluate(context), hello: greetingAcknowledged.evaluate(context) };
}

describe('lab tcp-handshake: checks', () => {
  it('pass on the reference exchange: handshake, Hello,world! acknowledged, close', () => {
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake().echo('Hello,world!').closeInThree();
    const { handshake, hello } = verdicts(contextOf(capture.packets));
    assert.equal(handshake.state, 'passed');
    assert.match(
      handshake.detail.en,
      /Your capture has a complete handshake \(SYN, SYN-ACK, ACK\) from port 40988 to 20417/,
    );
    assert.match(handshake.detail.en, /\d\.\d\d ms between your SYN and your ACK, by the packets' timestamps/);
    assert.equal(hello.state, 'passed');
    assert.match(hello.detail.en, /12 bytes from port 40988 went out in one segment/);
  });

  it('never give away the answer to a capture question', () => {
    const reference = new CaptureBuilder();
    reference.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake().echo('Hello,world!').closeInThree();
    const split = new CaptureBuilder();
    const connection = split.connection({ clientPort: 41000, serverPort: ECHO_PORT }).handshake();
    connection.data('client', 'Hello,');
    connection.ack('server');
    connection.data('client', 'world!');
    connection.ack('server');
    const newline = new CaptureBuilder();
    newline.connection({ clientPort: 41002, serverPort: ECHO_PORT }).handshake().echo('Hello,world!\n');
    for (const capture of [reference, split, newline]) {
      const context = contextOf(capture.packets);
      assert.deepEqual(
        checks.map((check) => check.evaluate(context).state),
        ['passed', 'passed'],
      );
      assert.deepEqual(answerLeaks(checks, questions, context), []);
    }
  });

  it('stay pending on an empty attempt, saying what to type and where', () => {
    const { handshake, hello } = verdicts(contextOf([]));
    assert.equal(handshake.state, 'pending');
    assert.match(handshake.detail.en, /127\.0\.0\.1:20417: type connect echo/);
    assert.equal(hello.state, 'pending');
    assert.match(hello.detail.en, /Connect first/);
  });

  it('follow a handshake that is not finished yet', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: 40990, serverPort: ECHO_PORT });
    connection.syn();
    assert.match(
      handshake.evaluate(contextOf(capture.packets)).detail.en,
      /SYN from port 40990 is waiting for the server's SYN-ACK/,
    );
    connection.synAck();
    const verdict = handshake.evaluate(contextOf(capture.packets));
    assert.equal(verdict.state, 'pending');
    assert.match(verdict.detail.en, /waiting for the client's ACK/);
    connection.ack('client');
    assert.equal(handshake.evaluate(contextOf(capture.packets)).state, 'passed');
  });

  it('count a retransmitted SYN as one handshake', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: 40992, serverPort: ECHO_PORT });
    connection.syn();
    capture.wait(1000);
    connection.segment({ from: 'client', flags: SYN, seqRaw: connection.isn.client, mss: 65495 });
    connection.synAck();
    connection.ack('client');
    const connections = new Set(capture.packets.map((packet) => packet.tcp?.connection));
    assert.equal(connections.size, 1);
    assert.equal(handshake.evaluate(contextOf(capture.packets)).state, 'passed');
  });

  it('fail when the SYN to the echo port is answered with RST', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: 40994, serverPort: ECHO_PORT });
    connection.syn();
    connection.refuse();
    const verdict = handshake.evaluate(contextOf(capture.packets));
    assert.equal(verdict.state, 'failed');
    assert.match(verdict.detail.en, /answered with RST/);
  });

  it('ignore packets of other ports and of other protocols', () => {
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 40996, serverPort: 9000 }).handshake().echo('Hello,world!');
    const { handshake, hello } = verdicts(contextOf(capture.packets));
    assert.equal(handshake.state, 'pending');
    assert.equal(hello.state, 'pending');
  });

  it('accept the greeting in two segments, and name both', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: 41000, serverPort: ECHO_PORT }).handshake();
    connection.data('client', 'Hello,');
    connection.ack('server');
    const partial = greetingAcknowledged.evaluate(contextOf(capture.packets));
    assert.equal(partial.state, 'pending');
    assert.match(partial.detail.en, /"Hello,"/);
    capture.wait(3000);
    connection.data('client', 'world!');
    connection.ack('server');
    const verdict = greetingAcknowledged.evaluate(contextOf(capture.packets));
    assert.equal(verdict.state, 'passed');
    assert.match(verdict.detail.en, /went out in 2 segments/);
  });

  it('accept the newline nc adds, with the acknowledgement that follows from it', () => {
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 41002, serverPort: ECHO_PORT }).handshake().echo('Hello,world!\n');
    const verdict = greetingAcknowledged.evaluate(contextOf(capture.packets));
    assert.equal(verdict.state, 'passed');
    assert.match(verdict.detail.en, /13 bytes /);
  });

  it('merge a retransmitted data segment instead of counting it twice', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: 41004, serverPort: ECHO_PORT }).handshake();
    const first = connection.data('client', 'Hello,world!');
    capture.wait(200);
    connection.segment({ from: 'client', flags: PSH | ACK, payload: 'Hello,world!', seqRaw: first.tcp!.seqRaw });
    connection.ack('server');
    const verdict = greetingAcknowledged.evaluate(contextOf(capture.packets));
    assert.equal(verdict.state, 'passed');
    assert.match(verdict.detail.en, /went out in one segment \(1 retransmitted\)/);
  });

  it('wait for the ACK when the greeting is out but not acknowledged yet', () => {
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 41006, serverPort: ECHO_PORT }).handshake().data('client', 'Hello,world!');
    const verdict = greetingAcknowledged.evaluate(contextOf(capture.packets));
    assert.equal(verdict.state, 'pending');
    assert.match(verdict.detail.en, /waiting for the server's ACK/);
  });

  it('fail a wrong greeting, quoting what was sent', () => {
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 41008, serverPort: ECHO_PORT }).handshake().echo('hello world');
    const verdict = greetingAcknowledged.evaluate(contextOf(capture.packets));
    assert.equal(verdict.state, 'failed');
    assert.match(verdict.detail.en, /"hello world" \(11 bytes\)/);
  });

  it('ask for the greeting on a fresh connection', () => {
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 41010, serverPort: ECHO_PORT }).handshake();
    const verdict = greetingAcknowledged.evaluate(contextOf(capture.packets));
    assert.equal(verdict.state, 'pending');
    assert.match(verdict.detail.en, /Connected from port 41010; now send Hello,world!/);
  });

  it('stay passed when a later connection sends nothing', () => {
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 41012, serverPort: ECHO_PORT }).handshake().echo('Hello,world!').closeInThree();
    capture.connection({ clientPort: 41014, serverPort: ECHO_PORT }).handshake();
    assert.equal(greetingAcknowledged.evaluate(contextOf(capture.packets)).state, 'passed');
  });

  it('tell two connections on the same client port apart (a new SYN after the close)', () => {
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 41016, serverPort: ECHO_PORT }).handshake().closeInThree();
    const again = capture.connection({ clientPort: 41016, serverPort: ECHO_PORT, clientIsn: 100, serverIsn: 200 });
    again.handshake().echo('Hello,world!');
    const ids = new Set(capture.packets.map((packet) => packet.tcp?.connection));
    assert.equal(ids.size, 2);
    assert.equal(greetingAcknowledged.evaluate(contextOf(capture.packets)).state, 'passed');
  });

  it('fall back to the server’s view when the capture is off', () => {
    const off = verdicts(contextOf([], { captureRunning: false }));
    assert.equal(off.handshake.state, 'pending');
    assert.match(off.handshake.detail.en, /Packet capture is not running/);
    assert.equal(off.hello.state, 'pending');
    assert.match(off.hello.detail.en, /Packet capture is not running/);

    const greeted = echoRecord({ received: new TextEncoder().encode('Hello,world!'), receivedBytes: 12 });
    const seen = verdicts(contextOf([], { captureRunning: false, connections: [greeted] }));
    assert.equal(seen.handshake.state, 'passed');
    assert.match(seen.handshake.detail.en, /accept\(\) returns only once the handshake is complete/);
    assert.equal(seen.hello.state, 'passed');
    assert.match(seen.hello.detail.en, /Packet capture is not running/);
  });

  it('say in Chinese, with the same numbers, how far a handshake or a greeting got', () => {
    const capture = new CaptureBuilder();
    const halfOpen = capture.connection({ clientPort: 41020, serverPort: ECHO_PORT });
    halfOpen.syn();
    assertVerdictsTranslated(lab, contextOf(capture.packets));
    halfOpen.synAck();
    assertVerdictsTranslated(lab, contextOf(capture.packets));
    halfOpen.ack('client');
    assertVerdictsTranslated(lab, contextOf(capture.packets));
    const partial = halfOpen.data('client', 'Hello,');
    assertVerdictsTranslated(lab, contextOf(capture.packets));
    halfOpen.data('client', 'world!');
    assertVerdictsTranslated(lab, contextOf(capture.packets));
    halfOpen.segment({ from: 'client', flags: PSH | ACK, payload: 'Hello,', seqRaw: partial.tcp!.seqRaw });
    halfOpen.ack('server');
    assert.deepEqual(assertVerdictsTranslated(lab, contextOf(capture.packets)), ['passed', 'passed']);
    const refused = new CaptureBuilder();
    const attempt = refused.connection({ clientPort: 41022, serverPort: ECHO_PORT });
    attempt.syn();
    attempt.refuse();
    assert.deepEqual(assertVerdictsTranslated(lab, contextOf(refused.packets)), ['failed', 'pending']);
    const wrong = new CaptureBuilder();
    wrong.connection({ clientPort: 41024, serverPort: ECHO_PORT }).handshake().echo('hello world');
    assert.deepEqual(assertVerdictsTranslated(lab, contextOf(wrong.packets)), ['passed', 'failed']);
  });

  it('never throw on odd packets (RST without SYN, FIN first, zero-length data)', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: 41018, serverPort: ECHO_PORT });
    connection.segment({ from: 'client', flags: RST });
    connection.segment({ from: 'server', flags: FIN | ACK });
    connection.segment({ from: 'client', flags: PSH | ACK, payload: '' });
    const { handshake, hello } = verdicts(contextOf(capture.packets));
    assert.equal(handshake.state, 'pending');
    assert.equal(hello.state, 'pending');
  });
});
