/**
 * The page's decoder: it accepts what the lab server sends and turns anything else into a LabError rather than
 * a crash inside a component.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeServerMessage } from './decode-server';
import { LabError } from './errors';
import { EVENT_PREVIEW_BYTES } from './limits';
import { PAYLOAD_HEX_LIMIT_BYTES } from './packet';
import { validMessage } from './testing/valid-messages';

describe('decodeServerMessage', () => {
  it('decodes a welcome with servers, checks and events', () => {
    const message = decodeServerMessage(
      JSON.stringify({
        type: 'welcome',
        protocol: 1,
        session: 's',
        token: 't',
        resumed: false,
        lab: { id: 'tcp-echo', title: 'T', views: ['packets', 'events'] },
        servers: [{ id: 'echo', kind: 'tcp-echo', title: 'E', transport: 'tcp', host: '127.0.0.1', port: 20417 }],
        checks: [{ id: 'connected', title: 'C', state: 'pending', detail: '' }],
        events: [{ seq: 1, time: 3, server: 'echo', connection: 1, kind: 'receive', bytes: 2, preview: '4869' }],
        questions: [{ id: 'server-isn', prompt: 'P', format: 'a number', state: 'pending', detail: '', answer: '' }],
        faults: [{ kind: 'loss', server: 'echo', available: true, value: 20 }],
        capture: { state: 'unavailable', reason: 'tshark is not installed' },
        packets: [
          {
            id: 7,
            time: 1700000000.5,
            length: 66,
            capturedLength: 66,
            ipVersion: 4,
            src: '127.0.0.1',
            dst: '127.0.0.1',
            srcPort: 54122,
            dstPort: 20417,
            protocol: 'tcp',
            tcp: {
              connection: 1,
              seq: 0,
              ack: 0,
              seqRaw: 123,
              ackRaw: 0,
              nextSeq: 1,
              flags: 2,
              flagNames: 'SYN',
              windowValue: 65495,
              window: 65495,
              len: 0,
              options: { sackPermitted: true },
            },
            payload: { hex: '', length: 0, truncated: false },
            info: '54122 → 20417 [SYN] Seq=0',
            expert: [],
          },
        ],
        clock: { startedAt: 1699999999.25 },
        pcapng: '/api/sessions/s/capture.pcapng',
      }),
    );
    assert.equal(message.type, 'welcome');
    if (message.type === 'welcome') {
      assert.equal(message.servers[0]?.port, 20417);
      assert.deepEqual(message.lab.views, ['packets', 'events']);
      assert.equal(message.events[0]?.preview, '4869');
      assert.equal(message.packets[0]?.tcp?.flagNames, 'SYN');
      assert.equal(message.capture.state, 'unavailable');
      assert.deepEqual(message.clock, { startedAt: 1699999999.25 });
    }
  });

  it('decodes the session clock, and wants its origin and what happened there together', () => {
    const withClock = (clock: unknown) => {
      const message = validMessage('server', 'welcome');
      message.clock = clock;
      return JSON.stringify(message);
    };
    const decoded = decodeServerMessage(withClock({ startedAt: 10, origin: 11.5, originKind: 'event' }));
    assert.ok(decoded.type === 'welcome');
    assert.deepEqual(decoded.clock, { startedAt: 10, origin: 11.5, originKind: 'event' });
    for (const clock of [
      { startedAt: 10, origin: 11.5 },
      { startedAt: 10, originKind: 'packet' },
      { startedAt: 10, origin: 11.5, originKind: 'gap' },
      { startedAt: 'now' },
      { origin: 1, originKind: 'packet' },
    ]) {
      assert.throws(() => decodeServerMessage(withClock(clock)), LabError, JSON.stringify(clock));
    }
  });

  it('checks the IP and TCP header fields a packet carries, each within its width', () => {
    const withHeaders = (edit: (packet: { ip: Record<string, unknown>; tcp: Record<string, unknown> }) => void) => {
      const message = validMessage('server', 'packet') as {
        packet: { ip: Record<string, unknown>; tcp: Record<string, unknown> };
      };
      edit(message.packet);
      return JSON.stringify(message);
    };
    assert.equal(decodeServerMessage(withHeaders(() => {})).type, 'packet');
    assert.equal(decodeServerMessage(withHeaders((p) => delete (p as { ip?: unknown }).ip)).type, 'packet');
    for (const [what, edit] of [
      ['a TTL past 255', (p) => (p.ip.ttl = 256)],
      ['a DSCP past 6 bits', (p) => (p.ip.dscp = 64)],
      ['a header shorter than 20 bytes', (p) => (p.ip.headerLength = 12)],
      ['a checksum past 16 bits', (p) => (p.ip.checksum = { value: 0x10000, status: 'good' })],
      ['a checksum state of its own', (p) => (p.tcp.checksum = { value: 1, status: 'fine' })],
      ['DF as a number', (p) => (p.ip.dontFragment = 1)],
      ['a TCP header of 64 bytes', (p) => (p.tcp.headerLength = 64)],
      ['an urgent pointer of -1', (p) => (p.tcp.urgentPointer = -1)],
      ['no TTL', (p) => delete p.ip.ttl],
    ] as const satisfies readonly (readonly [
      string,
      (packet: { ip: Record<string, unknown>; tcp: Record<string, unknown> }) => void,
    ])[]) {
      assert.throws(() => decodeServerMessage(withHeaders(edit)), LabError, what);
    }
  });

  it('rejects unknown types, bad states and codes outside the catalog', () => {
    for (const text of [
      '{"type":"eval","code":"alert(1)"}',
      '{"type":"check","check":{"id":"a","title":"b","state":"green","detail":""}}',
      '{"type":"error","code":"E_WHATEVER","message":"m","fatal":false}',
      '{"type":"event","event":{"seq":1,"time":1,"server":"e","connection":1,"kind":"receive","preview":"zz"}}',
      'not json',
      '{"type":"packet","packet":{"id":1}}',
      '{"type":"capture","capture":{"state":"sniffing","reason":""}}',
      '{"type":"gap","gap":{"after":1,"time":"now","reason":"r"}}',
    ]) {
      assert.throws(() => decodeServerMessage(text), LabError, text);
    }
    const welcome = validMessage('server', 'welcome') as { lab: { views: unknown[] } };
    welcome.lab.views = ['packets', '<img src=x>'];
    assert.throws(() => decodeServerMessage(JSON.stringify(welcome)), /"views" holds view ids, got "<img src=x>"/);
  });

  it('holds a fault’s value within its kind’s bounds', () => {
    const status = (kind: string, value: unknown) =>
      JSON.stringify({ type: 'fault', fault: { kind, server: 'echo', available: true, value } });
    assert.deepEqual(decodeServerMessage(status('restart', 30)), {
      type: 'fault',
      fault: { kind: 'restart', server: 'echo', available: true, value: 30 },
    });
    assert.equal(decodeServerMessage(status('silence', 1)).type, 'fault');
    for (const [kind, value] of [
      ['loss', 101],
      ['loss', -5],
      ['loss', 1.5],
      ['silence', 2],
      ['restart', 31],
      ['restart', '5'],
      ['delay', 5],
    ] as const) {
      assert.throws(() => decodeServerMessage(status(kind, value)), LabError, `${kind} ${value}`);
    }
    assert.throws(
      () =>
        decodeServerMessage(
          JSON.stringify({ type: 'fault', fault: { kind: 'loss', server: 'e', available: true, percent: 5 } }),
        ),
      /"value" must be an integer from 0 to 100/,
    );
  });

  it('holds previews and payloads to the sizes the protocol promises (found by decode.fuzz.test.ts)', () => {
    const withPreview = (preview: string) => {
      const message = validMessage('server', 'event') as { event: Record<string, unknown> };
      message.event.preview = preview;
      return JSON.stringify(message);
    };
    assert.equal(decodeServerMessage(withPreview('ab'.repeat(EVENT_PREVIEW_BYTES))).type, 'event');
    assert.throws(() => decodeServerMessage(withPreview('ab'.repeat(EVENT_PREVIEW_BYTES + 1))), /"preview"/);
    const withPayload = (hex: string) => {
      const message = validMessage('server', 'packet') as { packet: { payload: Record<string, unknown> } };
      message.packet.payload = { hex, length: hex.length / 2, truncated: false };
      return JSON.stringify(message);
    };
    assert.equal(decodeServerMessage(withPayload('00'.repeat(PAYLOAD_HEX_LIMIT_BYTES))).type, 'packet');
    assert.throws(() => decodeServerMessage(withPayload('00'.repeat(PAYLOAD_HEX_LIMIT_BYTES + 1))), /"hex"/);
  });

  it('names an unknown type of any shape briefly, without a stack overflow (found by decode.fuzz.test.ts)', () => {
    for (const type of [
      '[]'.repeat(1),
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      JSON.stringify('x'.repeat(100_000)),
    ]) {
      assert.throws(
        () => decodeServerMessage(`{"type":${type}}`),
        (error: unknown) => {
          assert.ok(error instanceof LabError, `a LabError, not ${String(error)}`);
          assert.equal(error.code, 'LAB_ERR_MESSAGE_UNKNOWN_TYPE');
          assert.ok(error.message.length < 200, error.message.slice(0, 200));
          return true;
        },
      );
    }
    assert.throws(() => decodeServerMessage('{"type":"eval"}'), /Unknown message type "eval"/);
  });
});
