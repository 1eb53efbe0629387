/**
 * The checks of lab `tcp-keepalive` on hand-built captures: the reference run (the server's probe answered, the
 * client's own probes, then silence until the client's RST) passes all three and gives away no capture answer; an
 * empty attempt passes none; each stage of the exercise leaves the next check open with what to do; probes that
 * cross on the wire are still told from their answers; the server's unanswered probes are not answers to the
 * client's; without capture every check stays open and says capture is off. Every verdict reads in Chinese.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pick } from '../../src/common/localized';
import type { CheckContext, CheckVerdict } from '../../src/lab-kit';
import { CAPTURE_OFF } from '../common/capture-notes';
import { conversationsWith } from '../common/tcp-conversation';
import { answerLeaks } from '../testing/answer-leaks';
import { ACK, CaptureBuilder, contextOf, ECHO_PORT } from '../testing/packets';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks } from './checks';
import lab from './lab';
import { keepaliveProbes } from './probes';
import { questions } from './questions';
import { captureOf, keepaliveStory, probe, SOLVED } from './testing/keepalive-captures';

function states(context: CheckContext): string[] {
  return checks.map((check) => check.evaluate(context).state);
}

function verdict(id: string, context: CheckContext): CheckVerdict {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, `no check ${id}`);
  return check.evaluate(context);
}

describe('lab tcp-keepalive: probes', () => {
  it('tells probes from their answers, and each side’s probes apart', () => {
    const [conversation] = conversationsWith(captureOf(SOLVED).packets, ECHO_PORT);
    assert.ok(conversation !== undefined);
    const probes = keepaliveProbes(conversation);
    const client = probes.filter((p) => p.side === 'client');
    const server = probes.filter((p) => p.side === 'server');
    assert.equal(client.length, 11);
    assert.equal(server.length, 11);
    assert.deepEqual(
      client.map((p) => p.answer !== undefined),
      [true, ...Array(10).fill(false)],
    );
    assert.deepEqual(
      server.map((p) => p.answer !== undefined),
      [true, ...Array(10).fill(false)],
    );
    // Every probe repeats the last byte of its side's data: relative Seq 12 after 12 bytes.
    assert.ok(probes.every((p) => p.packet.tcp.seq === 12 && p.packet.tcp.len === 0));
  });

  it('finds both answers when two probes cross on the wire', () => {
    const capture = new CaptureBuilder();
    const connection = keepaliveStory(capture, { clientKeepalive: true });
    capture.wait(1000);
    probe(connection, 'client', 12);
    probe(connection, 'server', 12);
    connection.ack('server');
    connection.ack('client');
    const [conversation] = conversationsWith(capture.packets, ECHO_PORT);
    assert.ok(conversation !== undefined);
    const probes = keepaliveProbes(conversation);
    assert.equal(probes.length, 4);
    assert.ok(probes.every((p) => p.answer !== undefined));
  });

  it('takes a probe that repeats the old byte (Len=1), as some stacks send it', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake();
    connection.echo('Hello,world!');
    capture.wait(2000);
    connection.segment({ from: 'server', flags: ACK, payload: '!', seqRaw: (connection.isn.server + 12) >>> 0 });
    connection.ack('client');
    const [conversation] = conversationsWith(capture.packets, ECHO_PORT);
    assert.ok(conversation !== undefined);
    assert.deepEqual(
      keepaliveProbes(conversation).map((p) => [p.side, p.packet.tcp.len, p.answer !== undefined]),
      [['server', 1, true]],
    );
  });

  it('takes a data segment or a connection without data for no probe', () => {
    const none = captureOf({ greeting: '' });
    const [conversation] = conversationsWith(none.packets, ECHO_PORT);
    assert.ok(conversation !== undefined);
    // With no data, the probe repeats the SYN's sequence number: relative Seq 0.
    assert.deepEqual(
      keepaliveProbes(conversation).map((p) => [p.side, p.packet.tcp.seq]),
      [['server', 0]],
    );
    const echoOnly = new CaptureBuilder();
    echoOnly.connection({ clientPort: 40990, serverPort: ECHO_PORT }).handshake().echo('Hello,world!').closeInThree();
    const [plain] = conversationsWith(echoOnly.packets, ECHO_PORT);
    assert.ok(plain !== undefined);
    assert.deepEqual(keepaliveProbes(plain), []);
  });
});

describe('lab tcp-keepalive: checks', () => {
  it('all pass on the reference run, and give away no capture answer', () => {
    const context = contextOf(captureOf(SOLVED).packets);
    assert.deepEqual(states(context), ['passed', 'passed', 'passed']);
    assert.match(verdict('server-probe', context).detail.en, /port 40988 ↔ 20417.*your kernel answered with an ACK/);
    assert.match(verdict('own-probes', context).detail.en, /the server's kernel answered them/);
    assert.match(verdict('gave-up', context).detail.en, /your last 10 probes went unanswered.*ETIMEDOUT/);
    assert.deepEqual(answerLeaks(checks, questions, context), []);
  });

  it('all stay pending on an empty attempt, saying where to connect', () => {
    const context = contextOf([]);
    assert.deepEqual(states(context), ['pending', 'pending', 'pending']);
    assert.match(verdict('server-probe', context).detail.en, /127\.0\.0\.1:20417/);
  });

  it('a connection not idle long enough waits for the server’s probe', () => {
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake().echo('Hello,world!');
    const context = contextOf(capture.packets);
    assert.deepEqual(states(context), ['pending', 'pending', 'pending']);
    assert.match(verdict('server-probe', context).detail.en, /Now send nothing and wait/);
    assert.match(verdict('own-probes', context).detail.en, /The lab shell cannot turn keepalive on/);
  });

  it('the lab shell’s idle connection passes the first check only', () => {
    const context = contextOf(captureOf().packets);
    assert.deepEqual(states(context), ['passed', 'pending', 'pending']);
    assert.match(verdict('gave-up', context).detail.en, /First turn keepalive on/);
  });

  it('keepalive on and answered asks for the silence', () => {
    const context = contextOf(captureOf({ clientKeepalive: true }).packets);
    assert.deepEqual(states(context), ['passed', 'passed', 'pending']);
    assert.match(verdict('gave-up', context).detail.en, /turn Peer silent on/);
  });

  it('unanswered probes without a RST yet are counted, and the check waits', () => {
    const context = contextOf(captureOf({ clientKeepalive: true, silentProbes: 4 }).packets);
    assert.deepEqual(states(context), ['passed', 'passed', 'pending']);
    assert.match(
      verdict('gave-up', context).detail.en,
      /unanswered so far: 4\. Your kernel gives up after TCP_KEEPCNT/,
    );
  });

  it('the server’s probe with no answer says the server is silenced', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake();
    connection.echo('Hello,world!');
    capture.wait(2000);
    probe(connection, 'server', 12);
    const context = contextOf(capture.packets);
    assert.equal(verdict('server-probe', context).state, 'pending');
    assert.match(verdict('server-probe', context).detail.en, /nothing answered/);
  });

  it('a RST after answered probes is no giving up', () => {
    const capture = new CaptureBuilder();
    const connection = keepaliveStory(capture, { clientKeepalive: true });
    connection.reset('client');
    assert.equal(verdict('gave-up', contextOf(capture.packets)).state, 'pending');
  });

  it('an earlier connection that gave up still counts after a new one', () => {
    const capture = new CaptureBuilder();
    keepaliveStory(capture, SOLVED);
    capture.connection({ clientPort: 40990, serverPort: ECHO_PORT }).handshake().echo('Hello,world!');
    assert.deepEqual(states(contextOf(capture.packets)), ['passed', 'passed', 'passed']);
  });

  it('without capture every check stays open and says capture is off', () => {
    const context = contextOf([], { captureRunning: false });
    assert.deepEqual(states(context), ['pending', 'pending', 'pending']);
    for (const check of checks) assert.ok(check.evaluate(context).detail.en.includes(pick(CAPTURE_OFF, 'en')));
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const capture = new CaptureBuilder();
    capture.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake().echo('Hello,world!');
    const unanswered = new CaptureBuilder();
    const connection = unanswered.connection({ clientPort: 40988, serverPort: ECHO_PORT }).handshake();
    probe(connection, 'server', 0);
    for (const context of [
      contextOf(captureOf(SOLVED).packets),
      contextOf([]),
      contextOf(capture.packets),
      contextOf(captureOf().packets),
      contextOf(captureOf({ clientKeepalive: true }).packets),
      contextOf(captureOf({ clientKeepalive: true, silentProbes: 4 }).packets),
      contextOf(captureOf({ silentProbes: 3 }).packets),
      contextOf(unanswered.packets),
      contextOf([], { captureRunning: false }),
    ]) {
      assertVerdictsTranslated(lab, context);
    }
  });
});
