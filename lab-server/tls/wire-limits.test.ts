/**
 * A hostile ClientHello — a thousand suites, a server name of 60 000 characters, a hundred-character suite
 * name — reaches the page as one `tls` message its decoder accepts, shortened, instead of one it refuses whole.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tls13Handshake } from '../../src/lab-client/testing/tls-fixtures';
import { decodeServerMessage, TLS_DECODE_LIMITS, type TlsHandshake, type TlsMessage } from '../../src/protocol';
import { withinWireLimits } from './wire-limits';

function hostile(): TlsHandshake {
  const handshake = tls13Handshake();
  const suites = Array.from({ length: 1000 }, (_, index) => ({ code: index, name: `0x${index.toString(16)}` }));
  const [hello, ...rest] = handshake.messages;
  const evil: TlsMessage = {
    ...hello!,
    cipherSuites: suites,
    serverName: 'a'.repeat(60_000),
    alpn: Array.from({ length: 300 }, () => 'h2'),
    extensions: [{ code: 0, name: 'x'.repeat(100) }],
  };
  return { ...handshake, serverName: 'a'.repeat(60_000), messages: [evil, ...rest] };
}

const decode = (handshake: TlsHandshake) => decodeServerMessage(JSON.stringify({ type: 'tls', handshake }));

describe('withinWireLimits', () => {
  it('shortens a hostile ClientHello to what the page accepts, keeping the rest', () => {
    const read = hostile();
    assert.throws(() => decode(read), 'the page refuses it as read');
    const sent = withinWireLimits(read);
    const decoded = decode(sent);
    assert.equal(decoded.type, 'tls');
    const hello = sent.messages[0]!;
    assert.equal(hello.cipherSuites?.length, TLS_DECODE_LIMITS.cipherSuites);
    assert.equal(hello.serverName?.length, TLS_DECODE_LIMITS.text);
    assert.equal(hello.alpn?.length, TLS_DECODE_LIMITS.list);
    assert.deepEqual(hello.extensions, [{ code: 0, name: '0x0000' }]);
    assert.deepEqual(sent.messages.slice(1), read.messages.slice(1), 'the server’s messages are untouched');
  });

  it('leaves an ordinary handshake exactly as it was', () => {
    const handshake = tls13Handshake();
    assert.deepEqual(withinWireLimits(handshake), handshake);
  });
});
