/**
 * The checks of lab `udp-echo` on hand-built datagrams and flow records: the reference exchange passes all four;
 * an empty attempt none; one datagram, two of the same size, or an echo still missing leave "two datagrams"
 * open with what to do next; without capture it stays open and says capture is off; a second socket is told
 * by its port alone. Every verdict reads in Chinese with the English numbers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pick } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import type { Packet, ServerInfo } from '../../src/protocol';
import { CAPTURE_OFF } from '../common/capture-notes';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks } from './checks';
import lab from './lab';

const HOST = '127.0.0.1';
const ECHO_PORT = 20417;
const SERVERS: readonly ServerInfo[] = [
  { id: 'echo', kind: 'udp-echo', title: 'UDP echo server', transport: 'udp', host: HOST, port: ECHO_PORT },
];

/** One UDP datagram of `bytes` bytes of payload, as the capture reports it on loopback. */
function datagram(id: number, from: number, to: number, bytes: number, text?: string): Packet {
  const hex = text === undefined ? '00'.repeat(bytes) : Buffer.from(text).toString('hex');
  return {
    id,
    time: 1_700_000_000 + id / 1000,
    length: 14 + 20 + 8 + bytes,
    capturedLength: 14 + 20 + 8 + bytes,
    ipVersion: 4,
    src: HOST,
    dst: HOST,
    srcPort: from,
    dstPort: to,
    protocol: 'udp',
    udp: { length: 8 + bytes },
    payload: { hex, length: bytes, truncated: false },
    info: `${from} → ${to} Len=${bytes}`,
    expert: [],
  };
}

/** A datagram from `port` to the echo server and its echo, as packets. */
function exchange(firstId: number, port: number, bytes: number, echoed = true): Packet[] {
  const sent = datagram(firstId, port, ECHO_PORT, bytes);
  return echoed ? [sent, datagram(firstId + 1, ECHO_PORT, port, bytes)] : [sent];
}

/** The echo server's record of the flow from `port`, its datagrams run together as the records fold them. */
function flow(connection: number, port: number, text: string): ConnectionRecord {
  const received = new TextEncoder().encode(text);
  return {
    server: 'echo',
    connection,
    peer: `${HOST}:${port}`,
    received,
    receivedBytes: received.length,
    sentBytes: received.length,
    peerFin: false,
    reset: false,
    closed: false,
    updated: connection,
  };
}

function contextOf(
  packets: readonly Packet[],
  connections: readonly ConnectionRecord[],
  captureRunning = true,
): CheckContext {
  return { packets, connections, servers: SERVERS, captureRunning, handshakes: [] };
}

function verdict(id: string, context: CheckContext): CheckVerdict {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, `no check ${id}`);
  return check.evaluate(context);
}

/** `text` sent from `port` `copies` times, and `echoes` echoes of it, as the capture shows them. */
function resent(firstId: number, port: number, text: string, copies: number, echoes: number): Packet[] {
  const bytes = Buffer.byteLength(text);
  return [
    ...Array.from({ length: copies }, (_, n) => datagram(firstId + n, port, ECHO_PORT, bytes, text)),
    ...Array.from({ length: echoes }, (_, n) => datagram(firstId + copies + n, ECHO_PORT, port, bytes, text)),
  ];
}

/**
 * What the reference solution does: Hello,world! and Hi from port 40001, then Hello,world! from port 40002;
 * then, with loss set, numbered datagrams from port 40003, the second of which it had to send twice.
 */
const SOLVED = contextOf(
  [
    ...exchange(1, 40001, 12),
    ...exchange(3, 40001, 2),
    ...exchange(5, 40002, 12),
    ...resent(7, 40003, 'Hello #1', 1, 1),
    ...resent(9, 40003, 'Hello #2', 2, 1),
  ],
  [flow(1, 40001, 'Hello,world!Hi'), flow(2, 40002, 'Hello,world!'), flow(3, 40003, 'Hello #1Hello #2')],
);

describe('lab udp-echo: checks', () => {
  it('all pass on the reference exchange', () => {
    assert.deepEqual(
      checks.map((check) => check.evaluate(SOLVED).state),
      ['passed', 'passed', 'passed', 'passed'],
    );
    assert.match(verdict('two-datagrams', SOLVED).detail.en, /port 40001 .* a 12-byte and a 2-byte datagram/);
    assert.match(verdict('second-flow', SOLVED).detail.en, /127\.0\.0\.1:40001 and from 127\.0\.0\.1:40002/);
  });

  it('all stay pending on an empty attempt', () => {
    assert.deepEqual(
      checks.map((check) => check.evaluate(contextOf([], [])).state),
      ['pending', 'pending', 'pending', 'pending'],
    );
  });

  it('one datagram passes the first check and asks for another from the same socket', () => {
    const context = contextOf(exchange(1, 40001, 12), [flow(1, 40001, 'Hello,world!')]);
    assert.deepEqual(
      checks.map((check) => check.evaluate(context).state),
      ['passed', 'pending', 'pending', 'pending'],
    );
    assert.match(verdict('two-datagrams', context).detail.en, /One datagram from port 40001 so far/);
  });

  it('two datagrams of the same size show no boundary, and stay open', () => {
    const context = contextOf(
      [...exchange(1, 40001, 12), ...exchange(3, 40001, 12)],
      [flow(1, 40001, 'Hello,world!Hello,world!')],
    );
    const result = verdict('two-datagrams', context);
    assert.equal(result.state, 'pending');
    assert.match(result.detail.en, /all 12 bytes long/);
  });

  it('a second size not echoed yet waits for the echo', () => {
    const context = contextOf(
      [...exchange(1, 40001, 12), ...exchange(3, 40001, 2, false)],
      [flow(1, 40001, 'Hello,world!Hi')],
    );
    assert.match(verdict('two-datagrams', context).detail.en, /Waiting for the echoes/);
  });

  it('two sizes from two sockets are not two datagrams from one socket', () => {
    const context = contextOf(
      [...exchange(1, 40001, 12), ...exchange(3, 40002, 2)],
      [flow(1, 40001, 'Hello,world!'), flow(2, 40002, 'Hi')],
    );
    assert.equal(verdict('two-datagrams', context).state, 'pending');
    assert.equal(verdict('second-flow', context).state, 'passed');
  });

  it('without capture the boundary check stays open and says capture is off; the others pass', () => {
    const context = contextOf([], SOLVED.connections, false);
    assert.deepEqual(
      checks.map((check) => check.evaluate(context).state),
      ['passed', 'pending', 'passed', 'pending'],
    );
    assert.ok(verdict('two-datagrams', context).detail.en.includes(pick(CAPTURE_OFF, 'en')));
  });

  it('a datagram sent twice says where its copies went', () => {
    const check = (packets: Packet[]) => verdict('resent-datagram', contextOf(packets, []));
    const there = check(resent(1, 40003, 'Hello #2', 2, 1));
    assert.equal(there.state, 'passed');
    assert.match(there.detail.en, /port 40003 your program sent "Hello #2" 2 times, and the server sent 1 echo of it/);
    assert.match(there.detail.en, /1 copy never reached the server/);
    assert.doesNotMatch(there.detail.en, /way back/);
    const back = check(resent(1, 40003, 'Hello #5', 3, 3));
    assert.match(back.detail.en, /2 echoes were lost on the way back, or came after/);
    assert.doesNotMatch(back.detail.en, /never reached/);
    // The same text from two sockets is two datagrams sent once each, not one sent twice.
    assert.equal(
      check([...resent(1, 40003, 'Hello #1', 1, 1), ...resent(3, 40004, 'Hello #1', 1, 1)]).state,
      'pending',
    );
    assert.match(check([]).detail.en, /loss 30/);
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const situations = [
      SOLVED,
      contextOf([], []),
      contextOf(exchange(1, 40001, 12), [flow(1, 40001, 'Hello,world!')]),
      contextOf([...exchange(1, 40001, 12), ...exchange(3, 40001, 12)], [flow(1, 40001, 'x'.repeat(24))]),
      contextOf([...exchange(1, 40001, 12), ...exchange(3, 40001, 2, false)], [flow(1, 40001, 'x'.repeat(14))]),
      contextOf([], [flow(1, 40001, 'Hello,world!')]),
      contextOf([], SOLVED.connections, false),
      contextOf(resent(1, 40003, 'Hello #2', 2, 1), []),
      contextOf(resent(1, 40003, 'Hello #5', 3, 3), []),
    ];
    for (const context of situations) assertVerdictsTranslated(lab, context);
  });
});
