/**
 * The bounded write path, over a stream whose writes complete only when the test lets them: a page that stops
 * reading while its packets keep coming holds a bounded number of bytes, hears how much it missed once it
 * reads again, and is disconnected — with the reason — when even terminal output would overflow.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { welcomeMessage } from '../../src/lab-client/welcome-fixture';
import { packetMessage, pausedStream } from '../testing/paused-stream';
import { Outbox, type OutboxLimits, type Skipped } from './outbox';

const LIMITS: OutboxLimits = { maxPendingBytes: 64 * 1024, bulkBytes: 16 * 1024, inFlightBytes: 4 * 1024 };

function outbox(limits = LIMITS) {
  const stream = pausedStream();
  const tooSlow: number[] = [];
  const caughtUp: Skipped[] = [];
  const box = new Outbox(stream.duplex, {
    limits,
    onTooSlow: (pending) => tooSlow.push(pending),
    onCaughtUp: (skipped) => {
      caughtUp.push(skipped);
      return [{ type: 'error', code: 'LAB_ERR_PAGE_BEHIND', message: `${skipped.packets} skipped`, fatal: false }];
    },
  });
  return { box, stream, tooSlow, caughtUp };
}

describe('Outbox', () => {
  it('holds a bounded number of bytes for a page that stopped reading, however many packets come', () => {
    const { box, stream, tooSlow } = outbox();
    for (let id = 1; id <= 20_000; id++) box.send(packetMessage(id));
    assert.ok(box.pendingBytes <= LIMITS.bulkBytes + 2048, `pending ${box.pendingBytes} bytes`);
    assert.ok(stream.writtenBytes() <= LIMITS.inFlightBytes + 2048, 'only the in-flight budget reached the stream');
    assert.deepEqual(tooSlow, [], 'packets alone never disconnect a page: they are skipped');
  });

  it('tells a page that caught up where its packets are missing, and how many', () => {
    const { box, stream, caughtUp } = outbox();
    for (let id = 1; id <= 1000; id++) box.send(packetMessage(id));
    stream.completeAll(100);
    const ids = stream.messages().flatMap((m) => (m.type === 'packet' ? [m.packet.id] : []));
    assert.ok(ids.length > 0 && ids.length < 1000, `some packets were sent, not all (${ids.length})`);
    assert.deepEqual(
      ids,
      [...Array(ids.length).keys()].map((i) => i + 1),
      'the sent ones in order, none twice',
    );
    assert.equal(caughtUp.length, 1);
    assert.equal(caughtUp[0]?.packets, 1000 - ids.length);
    assert.equal(caughtUp[0]?.afterPacket, ids.at(-1));
    const last = stream.messages().at(-1);
    assert.equal(last?.type === 'error' && last.code, 'LAB_ERR_PAGE_BEHIND');
    // Reading again, the page gets packets again.
    box.send(packetMessage(5000));
    stream.completeAll(10);
    assert.equal(stream.messages().at(-1)?.type, 'packet');
  });

  it('keeps terminal output, coalesced, and disconnects the page only when even that would overflow', () => {
    const { box, stream, tooSlow } = outbox();
    const line = `${'x'.repeat(1000)}\r\n`;
    for (let i = 0; i < 40; i++) box.send({ type: 'output', data: line });
    assert.deepEqual(tooSlow, []);
    stream.completeAll(100);
    const text = stream
      .messages()
      .map((m) => (m.type === 'output' ? m.data : ''))
      .join('');
    assert.equal(text, line.repeat(40), 'every byte of output arrived, in order');
    assert.ok(stream.messages().length < 40, 'output queued behind a slow page went out as fewer messages');

    for (let i = 0; i < 200; i++) box.send({ type: 'output', data: line });
    assert.equal(tooSlow.length, 1, 'told once');
    assert.ok(tooSlow[0]! > LIMITS.maxPendingBytes);
    assert.equal(box.pendingBytes <= LIMITS.inFlightBytes + line.length + 64, true, 'the queue was dropped');
    const written = stream.writtenBytes();
    box.send({ type: 'output', data: line });
    assert.equal(stream.writtenBytes(), written, 'nothing more is sent once given up');
  });

  it('always sends the welcome, whatever its size, and does not count it against the page', () => {
    const { box, stream, tooSlow } = outbox({ ...LIMITS, maxPendingBytes: 1024 });
    const packets = Array.from({ length: 100 }, (_, id) => {
      const message = packetMessage(id + 1);
      return message.type === 'packet' ? message.packet : undefined;
    }).filter((packet) => packet !== undefined);
    box.send(welcomeMessage({ packets }));
    box.send({ type: 'output', data: '$ ' });
    assert.deepEqual(tooSlow, [], 'a welcome larger than the limit, then a prompt: the page is not behind');
    stream.completeAll(10);
    assert.deepEqual(
      stream.messages().map((m) => m.type),
      ['welcome', 'output'],
    );
  });

  it('bounds the bytes of a flood of small essential messages too', () => {
    const { box, tooSlow } = outbox();
    for (let id = 0; id < 100_000 && tooSlow.length === 0; id++) box.send({ type: 'pong', id });
    assert.equal(tooSlow.length, 1, 'a page that never reads its pongs is given up on');
    assert.ok(box.pendingBytes <= LIMITS.inFlightBytes + 64);
  });
});
