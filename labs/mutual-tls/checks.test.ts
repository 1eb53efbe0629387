/**
 * The checks and questions of lab `mutual-tls` on hand-built handshakes and records: the reference run (refused
 * without a certificate, echoed with the session's own) passes both checks and both right answers; an empty attempt
 * passes nothing and judges nothing; the refusal counts from the server's record or from the alert in the capture; a
 * certificate of another CA, and an accepted one without the echo, say what to do; without capture the questions
 * wait. Wrong answers get their hint; hedges are refused. Every verdict reads in Chinese with the English numbers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckContext, CheckVerdict } from '../../src/lab-kit';
import { assertJudgesHedges } from '../testing/hedged-answers';
import {
  CERTIFICATE_REQUIRED,
  SUITES,
  serversOf,
  tls13,
  tlsContext,
  tlsRecord,
  UNKNOWN_CA,
} from '../testing/tls-fixtures';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks, MTLS } from './checks';
import lab from './lab';
import { questions, refusalAlert, requestMessage } from './questions';

const SERVERS = serversOf([[MTLS, 'mtls-echo']]);
const ACCEPTED = {
  version: 'TLSv1.3',
  cipher: SUITES.tls13.name,
  clientCertificate: 'student-1',
  clientCertificateTrusted: true,
};

function solved(capture = true): CheckContext {
  return tlsContext(
    SERVERS,
    [
      tlsRecord(MTLS, 1, 40001, { version: 'TLSv1.3', failure: 'no-client-certificate' }),
      tlsRecord(MTLS, 2, 40002, ACCEPTED, 'Hello,world!'),
    ],
    [
      tls13(MTLS, 1, 40001, { requestCertificate: true, alert: CERTIFICATE_REQUIRED }),
      tls13(MTLS, 2, 40002, { requestCertificate: true, clientCertificate: true }),
    ],
    capture,
  );
}

const EMPTY = tlsContext(SERVERS, [], []);

function verdict(id: string, context: CheckContext): CheckVerdict {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, id);
  return check.evaluate(context);
}

describe('lab mutual-tls: checks', () => {
  it('both pass on the reference run, and wait on an empty attempt', () => {
    assert.deepEqual(
      checks.map((check) => check.evaluate(solved()).state),
      ['passed', 'passed'],
    );
    assert.deepEqual(
      checks.map((check) => check.evaluate(EMPTY).state),
      ['pending', 'pending'],
    );
    assert.match(verdict('with-own-certificate', solved()).detail.en, /port 40002 .* CN=student-1/);
  });

  it('the refusal counts from the record or from the capture’s alert, and no verdict names the alert', () => {
    const fromCapture = tlsContext(
      SERVERS,
      [],
      [tls13(MTLS, 1, 40001, { requestCertificate: true, alert: CERTIFICATE_REQUIRED })],
    );
    assert.equal(verdict('refused-without-certificate', fromCapture).state, 'passed');
    for (const check of checks) {
      const detail = check.evaluate(solved()).detail.en;
      assert.ok(!/certificate_required|116|CertificateRequest/.test(detail), detail);
    }
  });

  it('a certificate of another CA, an untrusted one, and one accepted without the echo say what to do', () => {
    const stranger = tlsContext(SERVERS, [tlsRecord(MTLS, 1, 40001, { failure: 'untrusted-client-certificate' })], []);
    assert.match(verdict('with-own-certificate', stranger).detail.en, /issuer is not a CA the server trusts/);
    assert.match(
      verdict('refused-without-certificate', stranger).detail.en,
      /another reason \(untrusted-client-certificate\)/,
    );
    const quiet = tlsContext(SERVERS, [tlsRecord(MTLS, 1, 40001, ACCEPTED)], []);
    assert.match(
      verdict('with-own-certificate', quiet).detail.en,
      /accepted your certificate CN=student-1 .* now send/,
    );
    assert.match(verdict('refused-without-certificate', quiet).detail.en, /did it carry a certificate/);
  });

  it('without capture the records pass both; the questions wait', () => {
    assert.deepEqual(
      checks.map((check) => check.evaluate(solved(false)).state),
      ['passed', 'passed'],
    );
    for (const question of questions)
      assert.equal(question.evaluate(solved(false), 'CertificateRequest').state, 'pending');
  });
});

describe('lab mutual-tls: questions', () => {
  it('judge nothing on an empty attempt', () => {
    for (const question of questions) {
      for (const guess of ['0', '1', 'client', 'server', 'certificate_required']) {
        assert.equal(question.evaluate(EMPTY, guess).state, 'pending', `${question.id} = ${guess}`);
      }
    }
  });

  it('the request is a CertificateRequest; the client’s own messages and the hellos get their hint', () => {
    for (const right of ['CertificateRequest', 'Certificate Request', 'certificate_request', '证书请求消息']) {
      assert.equal(requestMessage.evaluate(solved(), right).state, 'passed', right);
    }
    assert.match(requestMessage.evaluate(solved(), 'Certificate').detail.en, /what your client answers with/);
    assert.match(requestMessage.evaluate(solved(), 'ServerHello').detail.en, /hellos do not ask/);
    assert.match(requestMessage.evaluate(solved(), 'Finished').detail.en, /between its EncryptedExtensions/);
  });

  it('the refusal is the alert of the student’s own capture, by name or number', () => {
    for (const right of [
      'certificate_required',
      'alert certificate required',
      'alert 116',
      '116',
      '告警 certificate_required',
    ]) {
      assert.equal(refusalAlert.evaluate(solved(), right).state, 'passed', right);
    }
    assert.match(refusalAlert.evaluate(solved(), 'an alert').detail.en, /but which one/);
    assert.match(refusalAlert.evaluate(solved(), 'unknown_ca').detail.en, /CA it does not trust/);
    assert.match(refusalAlert.evaluate(solved(), 'bad_certificate').detail.en, /TLS 1\.2 server/);
    // A handshake refused for a stranger's certificate is not the one the question asks about.
    const stranger = tlsContext(
      SERVERS,
      [],
      [tls13(MTLS, 1, 40001, { requestCertificate: true, clientCertificate: true, alert: UNKNOWN_CA })],
    );
    assert.equal(refusalAlert.evaluate(stranger, 'unknown_ca').state, 'pending');
  });

  it('refuse a hedge around the right answer, and accept it stated with conviction', () => {
    assertJudgesHedges(requestMessage, solved(), 'CertificateRequest', 'Certificate');
    assertJudgesHedges(refusalAlert, solved(), 'certificate_required', 'unknown_ca');
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const answers = [
      '',
      'CertificateRequest',
      'Certificate',
      'ServerHello',
      'Finished',
      'alert',
      '116',
      'unknown_ca',
      'bad_certificate',
      'x',
    ];
    for (const context of [
      solved(),
      solved(false),
      EMPTY,
      tlsContext(SERVERS, [tlsRecord(MTLS, 1, 40001, { failure: 'alert:unknown_ca' })], []),
      tlsContext(SERVERS, [tlsRecord(MTLS, 1, 40001, ACCEPTED)], []),
      tlsContext(SERVERS, [tlsRecord(MTLS, 1, 40001, { ...ACCEPTED, clientCertificateTrusted: false })], []),
    ]) {
      assertVerdictsTranslated(lab, context, answers);
    }
  });
});
