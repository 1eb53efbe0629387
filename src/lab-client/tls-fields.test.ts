/** How the handshake view writes code points, bytes, long lists, a connection's name and which server to try. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mtlsRefusedHandshake, tls13Handshake } from './testing/tls-fixtures';
import { codePointText, collapseList, firstTlsServer, handshakeTitle, hexBlocks } from './tls-fields';

describe('TLS field words', () => {
  it('write a code point as Wireshark does, its number in four hex digits', () => {
    assert.equal(codePointText({ code: 0x1301, name: 'TLS_AES_128_GCM_SHA256' }), 'TLS_AES_128_GCM_SHA256 (0x1301)');
    assert.equal(codePointText({ code: 29, name: 'x25519' }), 'x25519 (0x001d)');
  });

  it('cut bytes into blocks of four, and say — for none', () => {
    assert.equal(hexBlocks('00112233445566778899'), '00112233 44556677 8899');
    assert.equal(hexBlocks('ab'.repeat(32)).split(' ').length, 8);
    assert.equal(hexBlocks(''), '—');
  });

  it('keep the first few of a long list and count the rest, but never hide just one or two', () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    assert.deepEqual(collapseList(items, 5), { shown: [0, 1, 2, 3, 4], hidden: 25 });
    assert.deepEqual(collapseList(items.slice(0, 7), 5), { shown: items.slice(0, 7), hidden: 0 });
    assert.deepEqual(collapseList(items.slice(0, 8), 5).hidden, 3);
  });

  it('name a connection by the session’s number, its ends, its version and its alert', () => {
    assert.equal(handshakeTitle(tls13Handshake()), '#1 127.0.0.1:51234 → echo · TLS 1.3');
    assert.equal(handshakeTitle(mtlsRefusedHandshake()), '#4 127.0.0.1:51260 → mtls · TLS 1.3 · certificate_required');
    const { version: _, ...early } = tls13Handshake();
    assert.equal(handshakeTitle(early), '#1 127.0.0.1:51234 → echo · TLS');
  });

  it('find the lab’s first TLS server by its kind', () => {
    const server = (id: string, kind: string) => ({
      id,
      kind,
      title: id,
      transport: 'tcp' as const,
      host: '127.0.0.1',
      port: 1,
    });
    assert.equal(firstTlsServer([server('plain', 'tcp-echo'), server('mtls', 'mtls-echo')])?.id, 'mtls');
    assert.equal(firstTlsServer([server('expired', 'tls-expired')])?.id, 'expired');
    assert.equal(firstTlsServer([server('plain', 'tcp-echo')]), undefined);
  });
});
