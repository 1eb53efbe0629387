/**
 * The checks and questions of lab `tls13-handshake` on hand-built handshakes and records: the reference run passes
 * both checks and every right answer; an empty attempt passes nothing and judges nothing; TLS 1.2 is not TLS 1.3;
 * a handshake read without keys says why; without capture the capture check and the questions wait. The
 * certificate question grades both the message and the reason, and reads a reason that says "can't" or "or"
 * without calling it a hedge; a HelloRetryRequest makes two round trips the right answer. Every verdict reads in
 * Chinese with the English numbers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pick } from '../../src/common/localized';
import type { CheckContext, CheckVerdict } from '../../src/lab-kit';
import { HEDGES } from '../common/answer-parsing';
import { CAPTURE_OFF } from '../common/capture-notes';
import { assertJudgesHedges } from '../testing/hedged-answers';
import { GROUPS, SUITES, serversOf, tls12Ecdhe, tls13, tlsContext, tlsRecord } from '../testing/tls-fixtures';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks, ECHO } from './checks';
import lab from './lab';
import { certificateMessage, chosenSuite, keyShareGroup, questions, roundTrips } from './questions';

const SERVERS = serversOf([[ECHO, 'tls-echo']]);
const SECURE = { version: 'TLSv1.3', cipher: SUITES.tls13.name };

function solved(capture = true): CheckContext {
  return tlsContext(SERVERS, [tlsRecord(ECHO, 1, 40001, SECURE, 'Hello,world!')], [tls13(ECHO, 1, 40001)], capture);
}

const EMPTY = tlsContext(SERVERS, [], []);

function states(context: CheckContext): string[] {
  return checks.map((check) => check.evaluate(context).state);
}

function verdict(id: string, context: CheckContext): CheckVerdict {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, id);
  return check.evaluate(context);
}

describe('lab tls13-handshake: checks', () => {
  it('both pass on the reference run, and wait on an empty attempt', () => {
    assert.deepEqual(states(solved()), ['passed', 'passed']);
    assert.deepEqual(states(EMPTY), ['pending', 'pending']);
    assert.match(verdict('tls13-echo', EMPTY).detail.en, /connect --tls --tls1\.3 echo/);
  });

  it('a TLS 1.2 connection is not TLS 1.3, and a handshake without the echo asks for it', () => {
    const older = tlsContext(SERVERS, [tlsRecord(ECHO, 1, 40001, { version: 'TLSv1.2' }, 'Hello,world!')], []);
    assert.match(verdict('tls13-echo', older).detail.en, /negotiated TLSv1\.2, not TLS 1\.3/);
    const quiet = tlsContext(SERVERS, [tlsRecord(ECHO, 1, 40001, SECURE)], []);
    assert.match(verdict('tls13-echo', quiet).detail.en, /now send Hello,world!/);
    const failed = tlsContext(SERVERS, [tlsRecord(ECHO, 1, 40001, { failure: 'alert:unknown_ca' })], []);
    assert.match(verdict('tls13-echo', failed).detail.en, /alert:unknown_ca.*class CA/);
  });

  it('a handshake read without keys says why; a TLS 1.2 one does not count', () => {
    const unread = tlsContext(SERVERS, [], [tls13(ECHO, 1, 40001, { undecrypted: true })]);
    assert.match(
      verdict('saw-encrypted', unread).detail.en,
      /port 40001 could not be read with keys: no keys were logged/,
    );
    const older = tlsContext(SERVERS, [], [tls12Ecdhe(ECHO, 1, 40001)]);
    assert.equal(verdict('saw-encrypted', older).state, 'pending');
  });

  it('without capture the record passes the first; the second and the questions wait and say why', () => {
    assert.deepEqual(states(solved(false)), ['passed', 'pending']);
    assert.ok(verdict('saw-encrypted', solved(false)).detail.en.includes(pick(CAPTURE_OFF, 'en')));
    for (const question of questions) assert.equal(question.evaluate(solved(false), '1').state, 'pending');
  });
});

describe('lab tls13-handshake: questions', () => {
  it('judge nothing on an empty attempt', () => {
    for (const question of questions) {
      for (const guess of ['0', '1', 'client', 'Certificate']) {
        assert.equal(question.evaluate(EMPTY, guess).state, 'pending', `${question.id} = ${guess}`);
      }
    }
  });

  it('the suite, by name or code point; a TLS 1.2 suite and an offered one get their hint', () => {
    for (const right of ['TLS_AES_256_GCM_SHA384', 'tls_aes_256_gcm_sha384', '0x1302']) {
      assert.equal(chosenSuite.evaluate(solved(), right).state, 'passed', right);
    }
    assert.match(chosenSuite.evaluate(solved(), 'ECDHE-RSA-AES256-GCM-SHA384').detail.en, /TLS 1\.2 suite/);
    assert.match(chosenSuite.evaluate(solved(), 'TLS_AES_128_GCM_SHA256').detail.en, /offered that suite/);
  });

  it('the certificate: the message and the reason are both graded, in either language', () => {
    for (const right of [
      'Certificate, encrypted with the handshake keys',
      'In the Certificate message. It is encrypted, so you can’t read it without the keys.',
      'the Certificate message; it is encrypted with a key from the key_share, or nobody could read it',
      'Certificate 消息，因为它用握手密钥加密了',
      '在 Certificate 消息里，从 EncryptedExtensions 起都是加密的，没有密钥看不到',
    ]) {
      assert.equal(certificateMessage.evaluate(solved(), right).state, 'passed', right);
    }
    assert.match(certificateMessage.evaluate(solved(), 'Certificate').detail.en, /Now say why/);
    assert.match(certificateMessage.evaluate(solved(), 'CertificateVerify, encrypted').detail.en, /signature/);
    assert.match(
      certificateMessage.evaluate(solved(), 'EncryptedExtensions, encrypted').detail.en,
      /of its own after it/,
    );
    assert.match(
      certificateMessage.evaluate(solved(), 'ServerHello').detail.en,
      /last message TLS 1\.3 sends in the clear/,
    );
    assert.match(certificateMessage.evaluate(solved(), 'because of encryption').detail.en, /Say in which message/);
    assert.deepEqual(certificateMessage.evaluate(solved(), 'maybe Certificate, encrypted').detail, HEDGES.uncertain);
    assert.deepEqual(
      certificateMessage.evaluate(solved(), 'Certificate or EncryptedExtensions, encrypted').detail,
      HEDGES.alternatives,
    );
  });

  it('the key_share group, by name or code point', () => {
    for (const right of ['x25519', 'X25519', '0x001d']) {
      assert.equal(keyShareGroup.evaluate(solved(), right).state, 'passed', right);
    }
    const p256 = tlsContext(SERVERS, [], [tls13(ECHO, 1, 40001, { group: GROUPS.secp256r1 })]);
    assert.equal(keyShareGroup.evaluate(p256, 'P-256').state, 'passed');
    assert.match(keyShareGroup.evaluate(p256, 'x25519').detail.en, /key_share extension/);
  });

  it('one round trip, or two after a HelloRetryRequest; TLS 1.2’s two and 0-RTT get their hint', () => {
    assert.equal(roundTrips.evaluate(solved(), '1').state, 'passed');
    assert.equal(roundTrips.evaluate(solved(), 'one round trip').state, 'passed');
    assert.match(roundTrips.evaluate(solved(), '2').detail.en, /what TLS 1\.2 needs/);
    assert.match(roundTrips.evaluate(solved(), '0').detail.en, /0-RTT/);
    const retried = tlsContext(SERVERS, [], [tls13(ECHO, 1, 40001, { helloRetry: true })]);
    assert.equal(roundTrips.evaluate(retried, '2').state, 'passed');
    assert.match(roundTrips.evaluate(retried, '2').detail.en, /HelloRetryRequest/);
  });

  it('refuse a hedge around the right answer, and accept it stated with conviction', () => {
    assertJudgesHedges(chosenSuite, solved(), 'TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256');
    assertJudgesHedges(keyShareGroup, solved(), 'x25519', 'secp256r1');
    assertJudgesHedges(roundTrips, solved(), '1', '2');
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const answers = [
      '',
      '0',
      '1',
      '2',
      'x25519',
      'P-256',
      'TLS_AES_256_GCM_SHA384',
      'AES128-SHA',
      'TLS_AES_128_GCM_SHA256',
    ];
    const certificate = [
      'Certificate',
      'Certificate, encrypted',
      'CertificateVerify',
      'EncryptedExtensions',
      'ServerHello',
    ];
    for (const context of [
      solved(),
      solved(false),
      EMPTY,
      tlsContext(
        SERVERS,
        [tlsRecord(ECHO, 1, 40001, { version: 'TLSv1.2' })],
        [tls13(ECHO, 1, 40001, { undecrypted: true })],
      ),
      tlsContext(
        SERVERS,
        [tlsRecord(ECHO, 1, 40001, { failure: 'not-tls' })],
        [tls13(ECHO, 1, 40001, { helloRetry: true })],
      ),
    ]) {
      assertVerdictsTranslated(lab, context, [...answers, ...certificate]);
    }
  });
});
