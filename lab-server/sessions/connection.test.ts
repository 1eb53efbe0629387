/**
 * A connection's logic without any socket, over an in-memory frame pair (the way a session is meant to be
 * tested): frames are handled one at a time in order, bad frames get a catalog error and the connection goes
 * on, terminal output is coalesced, and a failing handler costs its page an error, not the server.
 */

import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { describe, it } from 'node:test';
import { type ClientMessage, decodeServerMessage, PROTOCOL_VERSION, type ServerMessage } from '../../src/protocol';
import { setQuiet } from '../log';
import { packetMessage, pausedStream } from '../testing/paused-stream';
import { framePair, isCloseFrame } from '../transport/message-stream';
import { Connection, type ConnectionHandlers } from './connection';

setQuiet(true);

function received(page: Duplex): ServerMessage[] {
  const messages: ServerMessage[] = [];
  page.on('data', (frame: unknown) => {
    if (!isCloseFrame(frame)) messages.push(decodeServerMessage(frame as string));
  });
  return messages;
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Connection', () => {
  it('handles frames one at a time, in order, even when a handler is slow', async () => {
    const [page, server] = framePair();
    const handled: string[] = [];
    const handlers: ConnectionHandlers = {
      async handle(_connection, message: ClientMessage) {
        if (message.type === 'hello') await tick(30);
        handled.push(message.type);
      },
    };
    new Connection(server, handlers);
    page.write(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo' }));
    page.write(JSON.stringify({ type: 'input', data: 'x' }));
    await tick(60);
    assert.deepEqual(handled, ['hello', 'input']);
  });

  it('answers a bad frame with its catalog code and keeps going', async () => {
    const [page, server] = framePair();
    const messages = received(page);
    const handled: string[] = [];
    new Connection(server, { handle: (_connection, message) => void handled.push(message.type) });
    page.write('{not json');
    page.write(new Uint8Array([1, 2, 3]));
    page.write(JSON.stringify({ type: 'ping', id: 1 }));
    await tick();
    assert.deepEqual(
      messages.map((m) => (m.type === 'error' ? m.code : m.type)),
      ['LAB_ERR_MESSAGE_MALFORMED', 'LAB_ERR_MESSAGE_BINARY'],
    );
    assert.deepEqual(handled, ['ping']);
  });

  it('turns a handler crash into LAB_ERR_INTERNAL for that page only', async () => {
    const [page, server] = framePair();
    const messages = received(page);
    new Connection(server, {
      handle() {
        throw new TypeError('bug');
      },
    });
    page.write(JSON.stringify({ type: 'ping', id: 1 }));
    await tick();
    assert.equal(messages[0]?.type === 'error' && messages[0].code, 'LAB_ERR_INTERNAL');
  });

  it('coalesces terminal output queued while the page reads slowly, keeping the order of everything', async () => {
    // A stream whose writes complete only when the test says so: the page is not keeping up.
    const written: string[] = [];
    const pending: Array<() => void> = [];
    const slow = new Duplex({
      objectMode: true,
      highWaterMark: 1,
      read() {},
      write(chunk: string, _encoding, callback) {
        written.push(chunk);
        pending.push(() => callback());
      },
    });
    const connection = new Connection(slow, { handle() {} });
    connection.send({ type: 'output', data: 'a' });
    connection.send({ type: 'output', data: 'b' });
    connection.send({ type: 'output', data: 'c' });
    connection.send({ type: 'pong', id: 1 });
    connection.send({ type: 'output', data: 'd' });
    connection.send({ type: 'output', data: 'e' });
    assert.equal(written.length, 1, 'only one frame is in flight while the page is behind');
    // Bounded: at most one completion per queued frame.
    for (let i = 0; i < 10 && pending.length > 0; i++) {
      pending.shift()!();
      await tick(1);
    }
    const frames = written.map((frame) => decodeServerMessage(frame));
    assert.deepEqual(
      frames.map((m) => (m.type === 'output' ? m.data : m.type)),
      ['a', 'bc', 'pong', 'de'],
    );
  });

  it('skips packets for a page that stopped reading, then says how many and where', () => {
    const stream = pausedStream();
    const connection = new Connection(stream.duplex, { handle() {} });
    for (let id = 1; id <= 20_000; id++) connection.send(packetMessage(id));
    connection.send({ type: 'output', data: 'still here' });
    stream.completeAll(1000);
    const messages = stream.messages();
    const packets = messages.filter((m) => m.type === 'packet');
    assert.ok(packets.length < 20_000, `${packets.length} of 20000 packets were queued for a page that read none`);
    const gap = messages.find((m) => m.type === 'gap');
    assert.ok(gap?.type === 'gap' && gap.gap.after === packets.at(-1)?.packet.id, 'a gap marks where they are missing');
    const notice = messages.find((m) => m.type === 'error');
    assert.ok(notice?.type === 'error');
    assert.equal(notice.code, 'LAB_ERR_PAGE_BEHIND');
    assert.equal(notice.fatal, false);
    assert.match(notice.message, new RegExp(`Skipped ${(20_000 - packets.length).toLocaleString('en-US')} packets`));
    assert.ok(
      messages.some((m) => m.type === 'output' && m.data === 'still here'),
      'terminal output is never skipped',
    );
    assert.equal(connection.closed, false);
  });

  it('disconnects a page too far behind with LAB_ERR_PAGE_TOO_SLOW in the last message and the close frame', () => {
    const stream = pausedStream();
    const connection = new Connection(stream.duplex, { handle() {} });
    const line = `${'y'.repeat(1000)}\r\n`;
    for (let i = 0; i < 5000 && !connection.closed; i++) connection.send({ type: 'output', data: line });
    assert.equal(connection.closed, true, 'the page was given up on');
    stream.completeAll(1000);
    const last = stream.messages().at(-1);
    assert.ok(last?.type === 'error' && last.code === 'LAB_ERR_PAGE_TOO_SLOW' && last.fatal);
    assert.deepEqual(stream.closedWith(), { close: 4000, reason: 'LAB_ERR_PAGE_TOO_SLOW' });
  });

  it('closes a connection that never says hello, with LAB_ERR_HELLO_TIMEOUT', async () => {
    const [page, server] = framePair();
    const messages = received(page);
    const closes: unknown[] = [];
    page.on('data', (frame: unknown) => {
      if (isCloseFrame(frame)) closes.push(frame);
    });
    const connection = new Connection(server, { handle() {} }, { helloTimeoutMs: 30 });
    page.write(JSON.stringify({ type: 'ping', id: 1 }));
    await tick(80);
    assert.equal(connection.closed, true);
    const error = messages.find((m) => m.type === 'error');
    assert.ok(error?.type === 'error' && error.code === 'LAB_ERR_HELLO_TIMEOUT' && error.fatal);
    assert.deepEqual(closes, [{ close: 4000, reason: 'LAB_ERR_HELLO_TIMEOUT' }]);
  });

  it('stops reading from a page whose frames pile up behind a slow handler', async () => {
    const [page, server] = framePair();
    let release: () => void = () => {};
    const handled: string[] = [];
    new Connection(server, {
      async handle(_connection, message) {
        if (message.type === 'hello') await new Promise<void>((resolve) => (release = resolve));
        handled.push(message.type);
      },
    });
    page.write(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo' }));
    for (let i = 0; i < 200; i++) page.write(JSON.stringify({ type: 'ping', id: i }));
    await tick();
    assert.equal(server.isPaused(), true, 'no more frames are read while 64 wait');
    release();
    await tick(50);
    assert.equal(server.isPaused(), false, 'reading resumes once they are handled');
    assert.equal(handled.length, 201, 'and nothing was lost');
  });
});
