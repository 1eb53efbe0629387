/**
 * The handshake ladder's numbering and grouping on the four handshakes the lab's TLS servers make: TLS 1.2's ten
 * steps as the TLS 1.2 lesson draws them, with ECDHE and with RSA key exchange (no step 4), mutual TLS's messages
 * under the step they precede, TLS 1.3's flights, where each side's encryption begins, and an alert's name.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mtlsRefusedHandshake, tls12EcdheHandshake, tls12RsaHandshake, tls13Handshake } from './testing/tls-fixtures';
import { buildTlsLadder, handshakeScheme, messageName, tls12Step, tls13Flights } from './tls-ladder';

describe('TLS 1.2 as ten steps', () => {
  it('numbers an ECDHE handshake 1 to 10 as the lesson does, the NewSessionTicket without a number', () => {
    const ladder = buildTlsLadder(tls12EcdheHandshake());
    assert.equal(ladder.scheme, 'tls12');
    assert.deepEqual(
      ladder.rows.map((row) => row.label),
      [
        '1 ClientHello',
        '2 ServerHello',
        '3 Certificate',
        '4 ServerKeyExchange',
        '5 ServerHelloDone',
        '6 ClientKeyExchange',
        '7 ChangeCipherSpec',
        '8 Finished',
        'NewSessionTicket',
        '9 ChangeCipherSpec',
        '10 Finished',
        'Application Data',
      ],
    );
    assert.deepEqual(ladder.skipped, []);
    assert.deepEqual(ladder.flights, []);
  });

  it('leaves out step 4 with RSA key exchange, the seed’s own example', () => {
    const ladder = buildTlsLadder(tls12RsaHandshake());
    assert.deepEqual(
      ladder.rows.slice(0, 5).map((row) => row.label),
      ['1 ClientHello', '2 ServerHello', '3 Certificate', '5 ServerHelloDone', '6 ClientKeyExchange'],
    );
    assert.deepEqual(ladder.skipped, [4]);
  });

  it('puts mutual TLS’s messages under the step they come before, and tells the two Certificates apart', () => {
    assert.equal(tls12Step({ type: 'certificate_request', direction: 'from-server' }), 5);
    assert.equal(tls12Step({ type: 'certificate', direction: 'to-server' }), 6);
    assert.equal(tls12Step({ type: 'certificate', direction: 'from-server' }), 3);
    assert.equal(tls12Step({ type: 'certificate_verify', direction: 'to-server' }), 7);
    assert.equal(tls12Step({ type: 'new_session_ticket', direction: 'from-server' }), undefined);
    assert.equal(tls12Step({ type: 'alert', direction: 'to-server' }), undefined);
    assert.equal(tls12Step({ type: 'application_data', direction: 'from-server' }), undefined);
  });

  it('judges step 4 skipped only once the ServerHelloDone says the server is done', () => {
    const rsa = tls12RsaHandshake();
    assert.deepEqual(buildTlsLadder({ ...rsa, messages: rsa.messages.slice(0, 3) }).skipped, []);
    assert.deepEqual(buildTlsLadder({ ...rsa, messages: rsa.messages.slice(0, 4) }).skipped, [4]);
  });

  it('draws the lock above the client’s Finished and the server’s, the first encrypted of each side', () => {
    const rows = buildTlsLadder(tls12EcdheHandshake()).rows;
    assert.deepEqual(
      rows.filter((row) => row.firstEncrypted).map((row) => `${row.message.direction} ${row.label}`),
      ['to-server 8 Finished', 'from-server 10 Finished'],
    );
  });
});

describe('TLS 1.3 as flights', () => {
  it('groups a full handshake into the client’s first flight, the server’s, the client’s second and after', () => {
    const ladder = buildTlsLadder(tls13Handshake());
    assert.equal(ladder.scheme, 'tls13');
    assert.equal(
      ladder.rows.every((row) => row.step === undefined),
      true,
    );
    assert.deepEqual(
      ladder.flights.map((span) => `${span.flight} ${span.first}-${span.last}`),
      ['client-first 0-0', 'server 1-6', 'client-second 7-8', 'post 9-12'],
    );
    assert.deepEqual(
      ladder.rows.filter((row) => row.firstEncrypted).map((row) => `${row.message.direction} ${row.name}`),
      ['from-server EncryptedExtensions', 'to-server Finished'],
    );
    assert.deepEqual(ladder.skipped, []);
  });

  it('puts mutual TLS’s refusal after the client’s second flight, in red words', () => {
    const ladder = buildTlsLadder(mtlsRefusedHandshake());
    const last = ladder.rows[ladder.rows.length - 1];
    assert.equal(last?.name, 'Alert (fatal): certificate_required');
    assert.equal(last?.flight, 'post');
    assert.deepEqual(
      ladder.rows.filter((row) => row.flight === 'client-second').map((row) => row.name),
      ['ChangeCipherSpec', 'Certificate', 'Finished'],
    );
  });

  it('starts the first flight again at the ClientHello that answers a HelloRetryRequest', () => {
    assert.deepEqual(
      tls13Flights([
        { type: 'client_hello', direction: 'to-server' },
        { type: 'hello_retry_request', direction: 'from-server' },
        { type: 'client_hello', direction: 'to-server' },
        { type: 'server_hello', direction: 'from-server' },
      ]),
      ['client-first', 'server', 'client-first', 'server'],
    );
  });
});

describe('which version a handshake speaks', () => {
  it('goes by the agreed version, then the ServerHello, then what the client offered', () => {
    const hello = tls13Handshake().messages.slice(0, 1);
    assert.equal(handshakeScheme(tls13Handshake()), 'tls13');
    assert.equal(handshakeScheme(tls12RsaHandshake()), 'tls12');
    const { version: _, ...unagreed } = tls13Handshake();
    assert.equal(handshakeScheme({ ...unagreed, messages: hello }), 'tls13');
    const offered12 = tls12EcdheHandshake().messages.slice(0, 1);
    const { version: __, ...unagreed12 } = tls12EcdheHandshake();
    assert.equal(handshakeScheme({ ...unagreed12, messages: offered12 }), 'tls12');
  });

  it('names an alert by its level and description', () => {
    assert.equal(
      messageName({ type: 'alert', alert: { level: 'fatal', description: { code: 48, name: 'unknown_ca' } } }),
      'Alert (fatal): unknown_ca',
    );
    assert.equal(messageName({ type: 'server_key_exchange' }), 'ServerKeyExchange');
  });
});
