/**
 * The stable codes and notes of failed handshakes, from the errors OpenSSL gives Node's TLS server (messages
 * as Node 20 words them, taken from real failures in tls-kinds.integration.test.ts).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closedDuringHandshake, handshakeFailure, untrustedClientCertificate } from './tls-failure';

const CLIENT_HELLO_START = Uint8Array.from([0x16, 0x03, 0x01, 0x01, 0x2c, 0x01]);

function opensslError(code: string, reason: string, alert?: number): NodeJS.ErrnoException {
  const tail = alert === undefined ? '' : `:SSL alert number ${alert}`;
  return Object.assign(
    new Error(
      `80FC21543E7F0000:error:0A000415:SSL routines:ssl3_read_bytes:${reason}:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601${tail}\n`,
    ),
    { code },
  );
}

describe('handshakeFailure', () => {
  it('names the alert a client sent by its RFC 8446 name, and says what it means', () => {
    const failure = handshakeFailure(
      opensslError('ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', 'sslv3 alert certificate expired', 45),
      CLIENT_HELLO_START,
    );
    assert.equal(failure.code, 'alert:certificate_expired');
    assert.equal(
      failure.note.en,
      "the client ended the handshake with the alert certificate_expired (45): it checked the server's certificate and found it expired",
    );
    assert.equal(
      failure.note['zh-Hans'],
      '客户端用告警 certificate_expired（45）结束了握手：它检查了服务器证书，发现证书已过期',
    );
  });

  it('names an alert it does not explain, and one it does not know, by number', () => {
    assert.equal(handshakeFailure(opensslError('X', 'tlsv1 alert decode error', 50)).code, 'alert:decode_error');
    const unknown = handshakeFailure(opensslError('X', 'unknown', 200));
    assert.equal(unknown.code, 'alert:alert_200');
    assert.equal(unknown.note.en, 'the client ended the handshake with the alert alert_200 (200)');
  });

  it('calls plain text on a TLS port not-tls, quoting what the client typed', () => {
    const failure = handshakeFailure(
      opensslError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      Buffer.from('Hello,world!\n'),
    );
    assert.equal(failure.code, 'not-tls');
    assert.match(failure.note.en, /^not TLS: the client sent "Hello,world!\\n" in plain text to a TLS port\./);
    assert.match(failure.note.en, /connect with TLS instead \(connect --tls, openssl s_client/);
    assert.match(failure.note['zh-Hans'], /^这不是 TLS：客户端向 TLS 端口发送了明文 "Hello,world!\\n"。/);
  });

  it('shows bytes that are not text in hex, and cuts a long first message short', () => {
    const binary = handshakeFailure(
      opensslError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      Uint8Array.from([0, 1, 0xff]),
    );
    assert.match(binary.note.en, /the client sent 00 01 ff in plain text/);
    const long = handshakeFailure(
      opensslError('ERR_SSL_HTTP_REQUEST', 'http request'),
      Buffer.from(`GET /${'a'.repeat(100)}`),
    );
    assert.equal(long.code, 'not-tls');
    assert.match(long.note.en, /the client sent "GET \/a{35}"… in plain text/);
  });

  it("reads the server's own refusals", () => {
    const cases: [string, string, string][] = [
      ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'unsupported protocol', 'wrong-version'],
      ['ERR_SSL_NO_SHARED_CIPHER', 'no shared cipher', 'no-shared-cipher'],
      ['ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', 'peer did not return a certificate', 'no-client-certificate'],
      ['ERR_TLS_HANDSHAKE_TIMEOUT', 'TLS handshake timeout', 'handshake-timeout'],
      ['ECONNRESET', 'socket hang up', 'closed-during-handshake'],
      ['ERR_SSL_BAD_KEY_SHARE', 'bad key share', 'ERR_SSL_BAD_KEY_SHARE'],
    ];
    for (const [code, reason, expected] of cases)
      assert.equal(handshakeFailure(opensslError(code, reason), CLIENT_HELLO_START).code, expected, code);
    assert.match(
      handshakeFailure(opensslError('ERR_SSL_UNSUPPORTED_PROTOCOL', 'unsupported protocol')).note.en,
      /\(unsupported protocol\): the server answered with the alert protocol_version$/,
    );
    assert.equal(
      handshakeFailure(opensslError('ERR_SSL_BAD_KEY_SHARE', 'bad key share')).note.en,
      'the handshake failed: bad key share',
    );
  });

  it('says why an mTLS server refused a certificate, and that a hang-up carries no alert', () => {
    const refused = untrustedClientCertificate('UNABLE_TO_GET_ISSUER_CERT');
    assert.equal(refused.code, 'untrusted-client-certificate');
    assert.match(
      refused.note.en,
      /\(UNABLE_TO_GET_ISSUER_CERT\): the server closed the connection right after the handshake, without an alert/,
    );
    assert.equal(closedDuringHandshake().code, 'closed-during-handshake');
  });
});
