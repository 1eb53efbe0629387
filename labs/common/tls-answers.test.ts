/**
 * The TLS answer reader: its table of OpenSSL names is the machine's `openssl ciphers -stdname` for every suite in
 * it; suites, groups, messages and alerts are read in the spellings people copy, and several different ones are
 * refused as several answers.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { OPENSSL_NAMES, readAlert, readCipherSuite, readGroup, readMessage } from './tls-answers';

function value<T>(reading: { kind: string; value?: T }): T | undefined {
  return reading.kind === 'answer' ? reading.value : undefined;
}

describe('TLS answers', () => {
  it('name each suite as the machine’s openssl does', () => {
    const listed = execFileSync('openssl', ['ciphers', '-stdname', 'ALL:@SECLEVEL=0'], { encoding: 'utf8' });
    const byIana = new Map(
      listed
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/))
        .map(([iana = '', , openssl = '']) => [iana, openssl] as const),
    );
    for (const [iana, openssl] of OPENSSL_NAMES) assert.equal(byIana.get(iana), openssl, iana);
  });

  it('read a suite by either name or its code point, and refuse two', () => {
    const known = [{ code: 0xc02f, name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' }];
    assert.equal(value(readCipherSuite('ECDHE-RSA-AES128-GCM-SHA256')), known[0]?.name);
    assert.equal(value(readCipherSuite('0xC02F', known)), known[0]?.name);
    assert.equal(value(readCipherSuite('tls_aes_128_gcm_sha256')), 'TLS_AES_128_GCM_SHA256');
    assert.equal(value(readCipherSuite('AES128-SHA')), 'TLS_RSA_WITH_AES_128_CBC_SHA');
    assert.equal(readCipherSuite('AES128-SHA and AES256-SHA').kind, 'unread');
  });

  it('read groups, messages and alerts', () => {
    assert.equal(value(readGroup('P-256')), 'secp256r1');
    assert.equal(value(readGroup('prime256v1')), 'secp256r1');
    assert.equal(value(readGroup('X25519')), 'x25519');
    assert.equal(value(readMessage('Certificate Request')), 'certificate_request');
    assert.equal(value(readMessage('证书请求')), 'certificate_request');
    assert.equal(value(readMessage('the Certificate message')), 'certificate');
    assert.equal(readMessage('ClientHello and ServerHello').kind, 'unread');
    assert.equal(value(readAlert('alert 116')), 'certificate_required');
    assert.equal(value(readAlert('certificate required')), 'certificate_required');
    assert.equal(value(readAlert('Unknown CA')), 'unknown_ca');
  });
});
