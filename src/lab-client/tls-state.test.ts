/**
 * The panel's TLS state on its own: a handshake read again replaces the one of its connection in place, the
 * newest MAX_TLS_HANDSHAKES are kept, and a paste the lab server would refuse unread is refused by the page.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeServerMessage, MAX_CERTIFICATE_BYTES, MAX_MESSAGE_BYTES, MAX_TLS_HANDSHAKES } from '../protocol';
import {
  expiredChain,
  mtlsRefusedHandshake,
  tls12EcdheHandshake,
  tls12RsaHandshake,
  tls13Handshake,
} from './testing/tls-fixtures';
import { handshakeKey, inspectRefusal, isCertificateError, mergeHandshakes } from './tls-state';

const keys = (handshakes: readonly { server: string; connection: number }[]) => handshakes.map(handshakeKey);

describe('the TLS fixtures', () => {
  it('are messages the page’s decoder takes whole, every field kept', () => {
    for (const handshake of [tls13Handshake(), tls12EcdheHandshake(), tls12RsaHandshake(), mtlsRefusedHandshake()]) {
      assert.deepEqual(decodeServerMessage(JSON.stringify({ type: 'tls', handshake })), { type: 'tls', handshake });
    }
    const report = expiredChain();
    assert.deepEqual(decodeServerMessage(JSON.stringify({ type: 'certificate', report })), {
      type: 'certificate',
      report,
    });
  });
});

describe('mergeHandshakes', () => {
  it('replaces a handshake read further, keeping its place, and adds new ones by connection number', () => {
    const first = tls13Handshake({ connection: 1, complete: false, messages: tls13Handshake().messages.slice(0, 1) });
    const second = tls12EcdheHandshake({ connection: 2 });
    let held = mergeHandshakes([], [second, first]);
    assert.deepEqual(keys(held), ['echo#1', 'echo12#2']);
    held = mergeHandshakes(held, [tls13Handshake({ connection: 1 })]);
    assert.deepEqual(keys(held), ['echo#1', 'echo12#2']);
    assert.equal(held[0]?.complete, true);
    assert.equal(held[0]?.messages.length, tls13Handshake().messages.length);
  });

  it('tells connections of two servers with the same number apart', () => {
    const held = mergeHandshakes(
      [tls13Handshake({ server: 'a', connection: 3 })],
      [tls13Handshake({ server: 'b', connection: 3 })],
    );
    assert.deepEqual(keys(held), ['a#3', 'b#3']);
  });

  it(`keeps the newest ${MAX_TLS_HANDSHAKES}, dropping the oldest first`, () => {
    const many = Array.from({ length: MAX_TLS_HANDSHAKES + 5 }, (_, i) => tls13Handshake({ connection: i + 1 }));
    let held = mergeHandshakes([], many.slice(0, 10));
    for (const handshake of many.slice(10)) held = mergeHandshakes(held, [handshake]);
    assert.equal(held.length, MAX_TLS_HANDSHAKES);
    assert.equal(held[0]?.connection, 6);
    assert.equal(held[held.length - 1]?.connection, MAX_TLS_HANDSHAKES + 5);
  });

  it('returns what it holds when nothing new came', () => {
    const held = [tls13Handshake()];
    assert.equal(mergeHandshakes(held, []), held);
  });
});

describe('inspectRefusal', () => {
  const pem = (bytes: number) => `-----BEGIN CERTIFICATE-----\n${'A'.repeat(bytes - 54)}\n-----END CERTIFICATE-----\n`;

  it('lets a certificate through that fits a message', () => {
    assert.equal(inspectRefusal({ pem: pem(2_000), key: '', host: 'localhost' }), undefined);
  });

  it('refuses a certificate over the catalog’s limit with the catalog’s code', () => {
    const refused = inspectRefusal({ pem: pem(MAX_CERTIFICATE_BYTES + 1) });
    assert.equal(refused?.code, 'LAB_ERR_CERT_TOO_LARGE');
    assert.match(refused?.message.en ?? '', new RegExp(`${MAX_CERTIFICATE_BYTES / 1024} KiB`));
  });

  it('refuses a paste the lab server would refuse unread as too large a message, saying what to paste instead', () => {
    // A certificate within its own limit, with a key beside it that takes the message past the protocol's.
    const key = `-----BEGIN PRIVATE KEY-----\n${'B'.repeat(MAX_MESSAGE_BYTES - MAX_CERTIFICATE_BYTES)}\n-----END PRIVATE KEY-----\n`;
    const refused = inspectRefusal({ pem: pem(MAX_CERTIFICATE_BYTES - 1), key });
    assert.equal(refused?.code, 'LAB_ERR_MESSAGE_TOO_LARGE');
    assert.match(refused?.message.en ?? '', /up to 16 KiB: paste the leaf certificate alone/);
    assert.match(refused?.message['zh-Hans'] ?? '', /16 KiB/);
  });
});

describe('isCertificateError', () => {
  it('knows the answers about a paste from the others', () => {
    for (const code of [
      'LAB_ERR_CERT_TOO_LARGE',
      'LAB_ERR_CERT_PARSE',
      'LAB_ERR_KEY_PARSE',
      'LAB_ERR_KEY_MISMATCH',
    ] as const) {
      assert.equal(isCertificateError(code), true, code);
    }
    assert.equal(isCertificateError('LAB_ERR_MESSAGE_INVALID'), false);
  });
});
