/**
 * The checks of lab `network-assistant` on hand-built connection records and captures: the reference attempt
 * (a greeting and a second client open at once, three short connections, a datagram) passes all four, whether a
 * program at the assistant read it (`listen`: the records have it) or nobody did (only the packets have it); an
 * empty attempt none. Without capture and without `listen`, the checks say what to type and that capture is
 * off. Two clients open now pass without packets, two that have closed need the packets to show they
 * overlapped; a connection the assistant closed first, or one reset, is not a short connection, and the check
 * says which. Every verdict reads in Chinese with the English numbers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pick } from '../../src/common/localized';
import type { CheckContext, CheckVerdict, ConnectionRecord } from '../../src/lab-kit';
import type { Packet, ServerInfo } from '../../src/protocol';
import { CAPTURE_OFF } from '../common/capture-notes';
import { CaptureBuilder, HOST } from '../testing/packets';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks, HELLO } from './checks';
import lab from './lab';

const TCP_PORT = 20420;
const UDP_PORT = 20421;
const SERVERS: readonly ServerInfo[] = [
  {
    id: 'assistant',
    kind: 'tcp-assistant',
    title: 'TCP network assistant',
    transport: 'tcp',
    host: HOST,
    port: TCP_PORT,
  },
  { id: 'udp', kind: 'udp-assistant', title: 'UDP network assistant', transport: 'udp', host: HOST, port: UDP_PORT },
];

let clock = 0;

/** The TCP assistant's record of a client on `port` that sent `text` and, unless told otherwise, closed with FIN. */
function tcpRecord(connection: number, port: number, text: string, overrides: Partial<ConnectionRecord> = {}) {
  const received = new TextEncoder().encode(text);
  return {
    server: 'assistant',
    connection,
    peer: `${HOST}:${port}`,
    received,
    receivedBytes: received.length,
    sentBytes: 0,
    peerFin: true,
    reset: false,
    closed: true,
    updated: ++clock,
    ...overrides,
  } satisfies ConnectionRecord;
}

function udpRecord(port: number, text: string): ConnectionRecord {
  const received = new TextEncoder().encode(text);
  return {
    server: 'udp',
    connection: 1,
    peer: `${HOST}:${port}`,
    received,
    receivedBytes: received.length,
    sentBytes: 0,
    peerFin: false,
    reset: false,
    closed: false,
    updated: ++clock,
  };
}

const OPEN: Partial<ConnectionRecord> = { peerFin: false, closed: false };
/** What the assistant's records hold of a client nobody has read from yet: the kernel accepted it, that is all. */
const UNREAD: Partial<ConnectionRecord> = { ...OPEN, received: new Uint8Array(0), receivedBytes: 0 };

/** One UDP datagram of `text` from `port` to the UDP assistant, as the capture reports it on loopback. */
function datagram(capture: CaptureBuilder, port: number, text: string): Packet {
  const bytes = Buffer.from(text);
  const packet: Packet = {
    id: capture.packets.length + 1,
    time: 1_700_000_100,
    length: 14 + 20 + 8 + bytes.length,
    capturedLength: 14 + 20 + 8 + bytes.length,
    ipVersion: 4,
    src: HOST,
    dst: HOST,
    srcPort: port,
    dstPort: UDP_PORT,
    protocol: 'udp',
    udp: { length: 8 + bytes.length },
    payload: { hex: bytes.toString('hex'), length: bytes.length, truncated: false },
    info: `${port} → ${UDP_PORT} Len=${bytes.length}`,
    expert: [],
  };
  capture.packets.push(packet);
  return packet;
}

function contextOf(
  packets: CaptureBuilder | undefined,
  connections: readonly ConnectionRecord[],
  captureRunning = packets !== undefined,
): CheckContext {
  return { packets: packets?.packets ?? [], connections, servers: SERVERS, captureRunning, handshakes: [] };
}

function verdict(id: string, context: CheckContext): CheckVerdict {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, `no check ${id}`);
  return check.evaluate(context);
}

function states(context: CheckContext): string[] {
  return checks.map((check) => check.evaluate(context).state);
}

/** A client on `port` that connects, sends `text` and closes first, as the homework asks. */
function shortOne(capture: CaptureBuilder, port: number, text: string, first: 'client' | 'server' = 'client') {
  const connection = capture.connection({ clientPort: port, serverPort: TCP_PORT }).handshake();
  connection.data('client', text);
  connection.ack('server');
  connection.closeInThree(first);
}

/** What the reference solution does: two clients open at once, three short connections, one datagram. */
function solved(): { capture: CaptureBuilder; records: ConnectionRecord[] } {
  const capture = new CaptureBuilder();
  const first = capture.connection({ clientPort: 40001, serverPort: TCP_PORT }).handshake();
  first.data('client', HELLO);
  first.ack('server');
  const second = capture.connection({ clientPort: 40002, serverPort: TCP_PORT }).handshake();
  second.data('client', 'a second client\n');
  second.ack('server');
  first.closeInThree('client');
  second.closeInThree('client');
  for (const [index, port] of [40003, 40004, 40005].entries()) shortOne(capture, port, `message ${index + 1}\n`);
  datagram(capture, 50001, HELLO);
  const records = [
    tcpRecord(1, 40001, HELLO),
    tcpRecord(2, 40002, 'a second client\n'),
    tcpRecord(3, 40003, 'message 1\n'),
    tcpRecord(4, 40004, 'message 2\n'),
    tcpRecord(5, 40005, 'message 3\n'),
    udpRecord(50001, HELLO),
  ];
  return { capture, records };
}

/** The reference attempt with nobody listening at the assistant: its records know only the accepted connections. */
function unread(): ConnectionRecord[] {
  return [1, 2, 3, 4, 5].map((n) => tcpRecord(n, 40000 + n, '', UNREAD));
}

describe('lab network-assistant: checks', () => {
  it('all pass on the reference attempt, read at the assistant (listen)', () => {
    const { capture, records } = solved();
    const context = contextOf(capture, records);
    assert.deepEqual(states(context), ['passed', 'passed', 'passed', 'passed']);
    assert.match(verdict('sent-hello', context).detail.en, /connected from 127\.0\.0\.1:40001 and sent "Hello,world!"/);
    assert.match(verdict('two-clients', context).detail.en, /from port 40002 was made while the one from port 40001/);
    assert.match(verdict('short-connections', context).detail.en, /from ports 40003, 40004, 40005/);
    assert.match(verdict('udp-datagram', context).detail.en, /from 127\.0\.0\.1:50001/);
  });

  it('all pass on the reference attempt that nobody read, from the packets', () => {
    const { capture } = solved();
    const context = contextOf(capture, unread());
    assert.deepEqual(states(context), ['passed', 'passed', 'passed', 'passed']);
    assert.match(verdict('sent-hello', context).detail.en, /from port 40001 and sent Hello,world!.*until listen/);
    assert.match(verdict('short-connections', context).detail.en, /from ports 40003, 40004, 40005/);
    assert.match(verdict('udp-datagram', context).detail.en, /A 12-byte datagram from 127\.0\.0\.1:50001/);
  });

  it('without capture and unread, the checks say to listen and that capture is off', () => {
    const context = contextOf(undefined, unread());
    assert.deepEqual(states(context), ['pending', 'passed', 'pending', 'pending']);
    for (const id of ['sent-hello', 'short-connections', 'udp-datagram']) {
      const detail = verdict(id, context).detail.en;
      assert.ok(detail.includes(pick(CAPTURE_OFF, 'en')), `${id}: ${detail}`);
      assert.match(detail, /listen/, id);
    }
  });

  it('all stay pending on an empty attempt, with capture and without', () => {
    assert.deepEqual(states(contextOf(new CaptureBuilder(), [])), ['pending', 'pending', 'pending', 'pending']);
    assert.deepEqual(states(contextOf(undefined, [])), ['pending', 'pending', 'pending', 'pending']);
    assert.match(verdict('sent-hello', contextOf(undefined, [])).detail.en, /connect to 127\.0\.0\.1:20420/);
    assert.match(verdict('udp-datagram', contextOf(undefined, [])).detail.en, /sent to 127\.0\.0\.1:20421/);
  });

  it('without capture, two clients that have closed stay open and say capture is off; the rest pass', () => {
    const { records } = solved();
    const context = contextOf(undefined, records);
    assert.deepEqual(states(context), ['passed', 'pending', 'passed', 'passed']);
    assert.ok(verdict('two-clients', context).detail.en.includes(pick(CAPTURE_OFF, 'en')));
  });

  it('two clients open now pass from the records alone', () => {
    const context = contextOf(undefined, [tcpRecord(1, 40001, HELLO, OPEN), tcpRecord(2, 40002, '', OPEN)]);
    const two = verdict('two-clients', context);
    assert.equal(two.state, 'passed');
    assert.match(two.detail.en, /from 127\.0\.0\.1:40001 and from 127\.0\.0\.1:40002/);
    assert.equal(verdict('sent-hello', context).state, 'passed');
    assert.equal(verdict('short-connections', context).state, 'pending', 'nothing has closed yet');
  });

  it('one client open asks for a second; one after another in the packets is no overlap', () => {
    assert.match(
      verdict('two-clients', contextOf(undefined, [tcpRecord(1, 40001, HELLO, OPEN)])).detail.en,
      /One client is connected \(127\.0\.0\.1:40001\)/,
    );
    const capture = new CaptureBuilder();
    shortOne(capture, 40003, 'one');
    shortOne(capture, 40004, 'two');
    const context = contextOf(capture, [tcpRecord(1, 40003, 'one'), tcpRecord(2, 40004, 'two')]);
    assert.equal(verdict('two-clients', context).state, 'pending');
    assert.match(verdict('two-clients', context).detail.en, /No client is connected now/);
  });

  it('clients that closed before anybody listened are not open, though the records still say so', () => {
    const capture = new CaptureBuilder();
    shortOne(capture, 40003, 'message 1\n');
    shortOne(capture, 40004, 'message 2\n');
    const records = [tcpRecord(1, 40003, '', UNREAD), tcpRecord(2, 40004, '', UNREAD)];
    const result = verdict('two-clients', contextOf(capture, records));
    assert.equal(result.state, 'pending');
    assert.match(result.detail.en, /No client is connected now/);
    const open = new CaptureBuilder();
    for (const port of [40003, 40004]) open.connection({ clientPort: port, serverPort: TCP_PORT }).handshake();
    assert.equal(verdict('two-clients', contextOf(open, records)).state, 'passed');
  });

  it('before anybody listens, other words are read from the packets', () => {
    const capture = new CaptureBuilder();
    const connection = capture.connection({ clientPort: 40001, serverPort: TCP_PORT }).handshake();
    connection.data('client', 'hi there');
    connection.ack('server');
    const result = verdict('sent-hello', contextOf(capture, [tcpRecord(1, 40001, '', UNREAD)]));
    assert.equal(result.state, 'pending');
    assert.match(result.detail.en, /received "hi there" so far/);
  });

  it('waits for the greeting, and does not fail other words', () => {
    const connected = contextOf(undefined, [tcpRecord(1, 40001, '', OPEN)]);
    assert.match(verdict('sent-hello', connected).detail.en, /connected from 127\.0\.0\.1:40001; now send/);
    const other = verdict('sent-hello', contextOf(undefined, [tcpRecord(1, 40001, 'hi there')]));
    assert.equal(other.state, 'pending');
    assert.match(other.detail.en, /received "hi there" so far/);
    assert.equal(verdict('sent-hello', contextOf(undefined, [tcpRecord(1, 40001, `${HELLO}\r\n`)])).state, 'passed');
  });

  it('counts short connections as they close, and not one the assistant closed first', () => {
    const capture = new CaptureBuilder();
    shortOne(capture, 40003, 'message 1\n');
    shortOne(capture, 40004, 'message 2\n', 'server');
    const records = [tcpRecord(1, 40003, 'message 1\n'), tcpRecord(2, 40004, 'message 2\n')];
    const result = verdict('short-connections', contextOf(capture, records));
    assert.equal(result.state, 'pending');
    assert.match(result.detail.en, /assistant closed the connection from port 40004 first.*1 of 3 short connections/);
  });

  it('a reset is not a short connection', () => {
    const records = [tcpRecord(1, 40003, 'message 1\n', { peerFin: false, reset: true })];
    const result = verdict('short-connections', contextOf(undefined, records));
    assert.equal(result.state, 'pending');
    assert.match(result.detail.en, /port 40003 ended with RST, not FIN/);
  });

  it('a loopback client whose packets are not captured yet is waited for', () => {
    const records = [1, 2, 3].map((n) => tcpRecord(n, 40002 + n, `message ${n}\n`));
    assert.equal(verdict('short-connections', contextOf(new CaptureBuilder(), records)).state, 'pending');
    assert.equal(verdict('short-connections', contextOf(undefined, records)).state, 'passed');
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const { capture, records } = solved();
    const assistantFirst = new CaptureBuilder();
    shortOne(assistantFirst, 40004, 'message 2\n', 'server');
    const situations = [
      contextOf(capture, records),
      contextOf(capture, unread()),
      contextOf(undefined, unread()),
      contextOf(new CaptureBuilder(), []),
      contextOf(undefined, []),
      contextOf(undefined, records),
      contextOf(undefined, [tcpRecord(1, 40001, HELLO, OPEN), tcpRecord(2, 40002, '', OPEN)]),
      contextOf(undefined, [tcpRecord(1, 40001, '', OPEN)]),
      contextOf(undefined, [tcpRecord(1, 40001, 'hi there')]),
      contextOf(assistantFirst, [tcpRecord(1, 40004, 'message 2\n')]),
      contextOf(undefined, [tcpRecord(1, 40003, 'message 1\n', { peerFin: false, reset: true })]),
    ];
    for (const context of situations) assertVerdictsTranslated(lab, context);
  });
});
