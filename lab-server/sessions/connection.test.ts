/**
 * A connection's logic without any socket, over an in-memory frame pair (the way a session is meant to be
 * tested): frames are handled one at a time in order, bad frames get a catalog error and the connection goes
 * on, terminal output is coalesced, and a failing handler costs its page an error, not the server.
 */

import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { describe, it } from 'node:test';
import { type ClientMessage, decodeServerMessage, type ServerMessage } from '../../src/protocol';
import { setQuiet } from '../log';
import { framePair } from '../transport/message-stream';
import { Connection, type ConnectionHandlers } from './connection';

setQuiet(true);

function received(page: Duplex): ServerMessage[] {
  const messages: ServerMessage[] = [];
  page.on('data', (frame: string) => messages.push(decodeServerMessage(frame)));
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
    page.write(JSON.stringify({ type: 'hello', protocol: 1, lab: 'tcp-echo' }));
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
});
