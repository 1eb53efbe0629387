/** Tests of how server events read in the log, including payloads that look like markup. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, type ServerEvent } from '../protocol';
import { eventParts, formatEventTime, eventLine as localizedLine } from './event-format';

/** The line in English, as the English page shows it. */
const eventLine = (event: ServerEvent, showServer?: boolean): string => localizedLine(event, showServer).en;

const base = { seq: 1, time: 0, server: 'echo', connection: 1 } as const;
const hex = (text: string): string => bytesToHex(new TextEncoder().encode(text));

describe('eventLine', () => {
  it('reads like the course describes it', () => {
    const accept: ServerEvent = { ...base, kind: 'accept', peer: '127.0.0.1:54122' };
    const receive: ServerEvent = { ...base, kind: 'receive', bytes: 12, preview: hex('Hello,world!') };
    assert.equal(eventLine(accept), '#1 accept from 127.0.0.1:54122');
    assert.equal(eventLine(receive), '#1 receive 12 bytes "Hello,world!"');
    assert.equal(eventLine({ ...base, kind: 'peer-fin' }), '#1 peer-fin');
    assert.equal(eventLine({ ...base, kind: 'error', note: 'ECONNRESET' }), '#1 error ECONNRESET');
    assert.equal(eventLine({ ...base, connection: 0, kind: 'listen' }), 'echo listen');
    assert.equal(eventLine(accept, true), 'echo#1 accept from 127.0.0.1:54122');
  });

  it('shows bytes as characters and escapes, never as markup', () => {
    const payload = '<img src=x onerror=alert(1)>\r\n\x00';
    const line = eventLine({ ...base, kind: 'receive', bytes: 31, preview: hex(payload) });
    assert.equal(line, '#1 receive 31 bytes "<img src=x onerror=alert(1)>\\r\\n\\x00"');
  });

  it('marks a preview that holds only part of the payload', () => {
    const parts = eventParts({ ...base, kind: 'receive', bytes: 5000, preview: hex('abc') });
    assert.equal(parts.truncated, true);
    assert.equal(
      eventLine({ ...base, kind: 'receive', bytes: 5000, preview: hex('abc') }),
      '#1 receive 5000 bytes "abc"...',
    );
    assert.equal(eventLine({ ...base, kind: 'send', bytes: 1, preview: hex('x') }), '#1 send 1 byte "x"');
  });
});

describe('eventLine in Chinese', () => {
  it('keeps the event kinds as tokens and translates the words around them', () => {
    const zh = (event: ServerEvent): string => localizedLine(event)['zh-Hans'];
    assert.equal(zh({ ...base, kind: 'accept', peer: '127.0.0.1:54122' }), '#1 accept 来自 127.0.0.1:54122');
    assert.equal(
      zh({ ...base, kind: 'receive', bytes: 12, preview: hex('Hello,world!') }),
      '#1 receive 12 字节 "Hello,world!"',
    );
    assert.equal(zh({ ...base, kind: 'send', bytes: 1, preview: hex('x') }), '#1 send 1 字节 "x"');
    assert.equal(zh({ ...base, kind: 'reset', note: 'ECONNRESET' }), '#1 reset ECONNRESET');
    assert.equal(
      eventParts({ ...base, kind: 'peer-fin' }).explanation['zh-Hans'],
      '客户端关闭了它的发送方向（一个 FIN）：recv() 返回 0，流结束了。',
    );
  });
});

describe('the secure event', () => {
  it('reads as its token and the note, with a tooltip on what it means, in both languages', () => {
    const secure: ServerEvent = { ...base, kind: 'secure', note: 'TLS 1.3 TLS_AES_256_GCM_SHA384 SNI localhost' };
    assert.equal(eventLine(secure), '#1 secure TLS 1.3 TLS_AES_256_GCM_SHA384 SNI localhost');
    assert.equal(localizedLine(secure)['zh-Hans'], '#1 secure TLS 1.3 TLS_AES_256_GCM_SHA384 SNI localhost');
    assert.match(eventParts(secure).explanation.en, /^The TLS handshake completed/);
    assert.match(eventParts(secure).explanation['zh-Hans'], /^TLS 握手完成/);
  });
});

describe('formatEventTime', () => {
  it('counts from the session’s time origin, like the packet views', () => {
    // The session started at 100 s; its first packet, the origin, came 0.2 s later.
    const origin = { at: 100.2, kind: 'packet', startedAt: 100 } as const;
    assert.equal(formatEventTime({ time: 1234 }, origin), '1.034');
    assert.equal(formatEventTime({ time: 200 }, origin), '0.000');
  });

  it('shows seconds since the session’s start while there is no origin', () => {
    assert.equal(formatEventTime({ time: 1234 }, undefined), '+1.234s');
    assert.equal(formatEventTime({ time: 0 }, { at: undefined, kind: undefined, startedAt: 5 }), '+0.000s');
  });
});
