/**
 * The session's journal: what a reloaded page, the checks and the pcapng download read back. It keeps the newest
 * packets and events within their bounds, numbers connections as the session's own, shows a payload as hex only,
 * and puts every kept frame in the pcapng with its connection named.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TcpConversation } from '../../src/lab-client/packet-fixtures';
import { EVENT_PREVIEW_BYTES, type Packet } from '../../src/protocol';
import type { RawFrame } from '../capture';
import { eventIn, MAX_KEPT_EVENTS, MAX_KEPT_PACKETS, SessionJournal } from './session-journal';

const SERVER = { host: '127.0.0.1', port: 20417 };
const STARTED_AT = 1_760_000_000_000;

function journal(): SessionJournal {
  return new SessionJournal({ startedAt: STARTED_AT, maxSessions: 10 });
}

function frameOf(packet: Packet): RawFrame {
  const seconds = Math.floor(packet.time);
  return {
    linkType: 1,
    timestampSeconds: seconds,
    timestampNanos: Math.round((packet.time - seconds) * 1e9),
    originalLength: 60,
    data: Buffer.alloc(60, packet.id),
  };
}

/** `count` packets of one connection the capture numbered `captureConnection`, from `firstId`. */
function packets(count: number, captureConnection: number, firstId = 1): Packet[] {
  const conversation = new TcpConversation({ connection: captureConnection, server: SERVER, firstId }).handshake();
  while (conversation.packets.length < count) conversation.data('client', 'x');
  return conversation.packets.slice(0, count);
}

describe('SessionJournal', () => {
  it('numbers the capture’s connections as the session’s own and keeps only the newest packets', () => {
    const kept = journal();
    assert.equal(kept.lastPacketId, 0, 'no packet yet');
    const captured = packets(MAX_KEPT_PACKETS + 20, 41);
    const own = captured.map((packet) => kept.packet(packet, frameOf(packet), [SERVER.port]));
    assert.ok(
      own.every((packet) => packet.tcp?.connection === 1),
      'capture connection 41 is the session’s #1',
    );
    assert.equal(kept.packets.length, MAX_KEPT_PACKETS);
    assert.equal(kept.packets[0]?.id, captured[20]?.id, 'the oldest fell out first');
    assert.equal(kept.lastPacketId, captured.at(-1)?.id);
  });

  it('writes every recorded frame to the pcapng, its connection named, on the capture’s interface', () => {
    const kept = journal();
    kept.interfaceName = 'any';
    for (const packet of packets(3, 7)) kept.packet(packet, frameOf(packet), [SERVER.port]);
    const file = kept.pcapng(undefined);
    assert.equal(file.readUInt32LE(0), 0x0a0d0d0a, 'a pcapng section header');
    assert.ok(file.includes('socketlab: connection #1'), 'the frame comment names the session’s connection');
    assert.ok(file.includes('any'), 'the interface is named as the capture used it');
    const withKeys = kept.pcapng('CLIENT_RANDOM 00 11\n');
    assert.ok(withKeys.includes('CLIENT_RANDOM 00 11'), 'the key log goes in with the frames');
    const snapshot = kept.snapshot('', (id) => id === 2);
    assert.deepEqual(snapshot.packetIds, [2], 'a snapshot holds only the frames asked for');
  });

  it('keeps a server’s events numbered in order, a payload as a bounded hex preview', () => {
    const kept = journal();
    const markup = Buffer.from(`<img src=x onerror=alert(1)>${'A'.repeat(EVENT_PREVIEW_BYTES)}`);
    const event = kept.event(
      { server: 'echo', connection: 3, kind: 'receive', peer: '127.0.0.1:50001', bytes: markup.length, data: markup },
      SERVER.port,
    );
    assert.equal(event.seq, 1);
    assert.equal(event.connection, 1, 'the server’s connection 3 is the session’s first');
    assert.equal(event.preview, markup.subarray(0, EVENT_PREVIEW_BYTES).toString('hex'));
    assert.equal(event.bytes, markup.length, 'the count is of every byte, the preview of the first ones');
    assert.equal(kept.event({ server: 'echo', connection: 3, kind: 'close' }, SERVER.port).seq, 2);
  });

  it('keeps only the newest events, and gives each note in the page’s language', () => {
    const kept = journal();
    const note = { en: 'refused', 'zh-Hans': '被拒绝' };
    for (let n = 0; n < MAX_KEPT_EVENTS + 5; n++) {
      kept.event({ server: 'echo', connection: 0, kind: 'error', note }, SERVER.port);
    }
    assert.equal(kept.events.length, MAX_KEPT_EVENTS);
    assert.equal(kept.events[0]?.seq, 6, 'the oldest fell out first');
    assert.equal(eventIn(kept.events[0]!, 'zh-Hans').note, '被拒绝');
    assert.equal(eventIn(kept.events[0]!, 'en').note, 'refused');
  });

  it('starts the page’s clock at the first thing that happened', () => {
    const kept = journal();
    assert.deepEqual(kept.clock, { startedAt: STARTED_AT / 1000 });
    const [first] = packets(1, 1);
    kept.packet(first!, frameOf(first!), [SERVER.port]);
    assert.equal(kept.clock.origin, first!.time);
    assert.equal(kept.clock.originKind, 'packet');
  });
});
