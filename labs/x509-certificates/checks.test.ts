/**
 * The checks and questions of lab `x509-certificates` on hand-built TLS records and handshakes: the reference
 * connection (handshake complete, SNI localhost, Hello,world! echoed) passes both checks and takes its five right
 * answers; an empty attempt passes nothing; a handshake that never completed, one without data, and a client that
 * connected to an IP address without naming the server each get their own verdict; without capture both checks
 * pass from the server's records and the questions wait. Wrong answers name the field they came from (the
 * intermediate's serial, a fingerprint, the subject, the root, notBefore, the key), never the right answer; hedges
 * are refused; no check gives an answer away; every verdict reads in Chinese.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pick } from '../../src/common/localized';
import type { CheckContext, QuestionDefinition } from '../../src/lab-kit';
import { CAPTURE_OFF } from '../common/capture-notes';
import { answerLeaks } from '../testing/answer-leaks';
import { assertJudgesHedges } from '../testing/hedged-answers';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks } from './checks';
import lab from './lab';
import { certificatesSent, leafIssuer, leafNotAfter, leafSerial, questions, signatureAlgorithm } from './questions';
import {
  certificate,
  chainReport,
  contextOf,
  GOOD_CHAIN,
  handshake,
  INTERMEDIATE,
  ROOT,
  record,
  serverInfo,
} from './testing/tls-fixtures';

const SERVERS = [serverInfo('echo', 'tls-echo', 20417)];
const PORT = 40001;

function solved(captureRunning = true): CheckContext {
  return contextOf(
    SERVERS,
    [record('echo', PORT, { secure: true, sent: 'Hello,world!', tls: { serverName: 'localhost' } })],
    captureRunning ? [handshake('echo', PORT, { serverName: 'localhost', chain: GOOD_CHAIN })] : [],
    captureRunning,
  );
}

function states(context: CheckContext): string[] {
  return checks.map((check) => check.evaluate(context).state);
}

function judge(question: QuestionDefinition, answer: string, context = solved()) {
  return question.evaluate(context, answer);
}

describe('lab x509-certificates: checks', () => {
  it('both pass on the reference connection, and say the chain verified', () => {
    assert.deepEqual(states(solved()), ['passed', 'passed']);
    const [echo, sni] = checks.map((check) => check.evaluate(solved()).detail.en);
    assert.match(echo ?? '', /127\.0\.0\.1:40001 completed the TLS handshake/);
    assert.match(echo ?? '', /through the intermediate to the class root/);
    assert.match(sni ?? '', /asked for localhost/);
  });

  it('both stay pending on an empty attempt', () => {
    assert.deepEqual(states(contextOf(SERVERS, [], [])), ['pending', 'pending']);
    assert.match(checks[0]!.evaluate(contextOf(SERVERS, [], [])).detail.en, /127\.0\.0\.1:20417/);
  });

  it('a handshake that never completed asks whether the client spoke TLS and trusted the class CA', () => {
    const context = contextOf(SERVERS, [record('echo', PORT, { tls: { failure: 'alert:unknown_ca' } })], []);
    assert.deepEqual(states(context), ['pending', 'pending']);
    assert.match(checks[0]!.evaluate(context).detail.en, /did not complete.*socketlab-ca\.pem/);
  });

  it('a completed handshake without data asks for Hello,world!', () => {
    const context = contextOf(SERVERS, [record('echo', PORT, { secure: true, tls: { serverName: 'localhost' } })], []);
    assert.deepEqual(states(context), ['pending', 'passed']);
    assert.match(checks[0]!.evaluate(context).detail.en, /now send Hello,world!/);
  });

  it('a client that connected to an IP address sent no SNI, and is told how to send one', () => {
    const context = contextOf(
      SERVERS,
      [record('echo', PORT, { secure: true, sent: 'Hello,world!' })],
      [handshake('echo', PORT, { chain: GOOD_CHAIN })],
    );
    assert.deepEqual(states(context), ['passed', 'pending']);
    assert.match(checks[1]!.evaluate(context).detail.en, /carried no server name.*server_hostname=/);
  });

  it('the SNI is read from the capture when the server record lacks it', () => {
    const context = contextOf(
      SERVERS,
      [record('echo', PORT, { secure: true, sent: 'Hello,world!' })],
      [handshake('echo', PORT, { serverName: 'localhost', chain: GOOD_CHAIN })],
    );
    assert.equal(checks[1]!.evaluate(context).state, 'passed');
  });

  it('without capture both pass from the server records; the questions wait and say capture is off', () => {
    assert.deepEqual(states(solved(false)), ['passed', 'passed']);
    for (const question of questions) {
      const verdict = question.evaluate(solved(false), '2');
      assert.equal(verdict.state, 'pending');
      assert.equal(verdict.detail.en, pick(CAPTURE_OFF, 'en'));
    }
  });
});

describe('lab x509-certificates: questions', () => {
  it('take the right answers in the forms people copy them', () => {
    for (const answer of [
      '3f9a0c2be17d44a1',
      '3F:9A:0C:2B:E1:7D:44:A1',
      '0x3F9A0C2BE17D44A1',
      '00:3f:9a:0c:2b:e1:7d:44:a1',
    ])
      assert.equal(judge(leafSerial, answer).state, 'passed', answer);
    for (const answer of ['2', 'two', '两张', '2 certificates'])
      assert.equal(judge(certificatesSent, answer).state, 'passed', answer);
    for (const answer of ['socketlab Intermediate CA', 'CN=socketlab Intermediate CA', '"SOCKETLAB intermediate ca"'])
      assert.equal(judge(leafIssuer, answer).state, 'passed', answer);
    for (const answer of ['2027-03-01', 'Mar  1 04:00:00 2027 GMT', '2027/3/1', '2027年3月1日'])
      assert.equal(judge(leafNotAfter, answer).state, 'passed', answer);
    for (const answer of ['ecdsa-with-SHA256', 'ECDSA with SHA-256', 'SHA256withECDSA', 'ecdsa_secp256r1_sha256'])
      assert.equal(judge(signatureAlgorithm, answer).state, 'passed', answer);
  });

  it('wrong answers say which field they came from, and never give the right one', () => {
    const hints: [QuestionDefinition, string, RegExp][] = [
      [leafSerial, '1000', /intermediate CA certificate/],
      [leafSerial, `AB:${'12:'.repeat(30)}CD`, /fingerprint/],
      [leafSerial, 'deadbeef', /Serial Number/],
      [leafSerial, 'no idea', /Give one answer/],
      [leafSerial, 'serial', /in hex/],
      [certificatesSent, '3', /counts the root as well/],
      [certificatesSent, '1', /Count the certificates/],
      [leafIssuer, 'localhost', /own subject/],
      [leafIssuer, 'socketlab Root CA', /signed the intermediate/],
      [leafIssuer, 'Let’s Encrypt R3', /Issuer line/],
      [leafNotAfter, '2026-12-01', /Not Before/],
      [leafNotAfter, '2030-01-01', /Not After/],
      [leafNotAfter, 'next year', /Answer with a date/],
      [signatureAlgorithm, 'P-256', /own public key/],
      [signatureAlgorithm, 'EC', /own public key/],
      [signatureAlgorithm, 'sha256WithRSAEncryption', /Signature Algorithm/],
      [signatureAlgorithm, 'ecdsa-with-SHA384', /Signature Algorithm/],
    ];
    for (const [question, answer, hint] of hints) {
      const verdict = judge(question, answer);
      assert.equal(verdict.state, 'failed', `${question.id}: ${answer}`);
      assert.match(verdict.detail.en, hint, `${question.id}: ${answer}`);
      for (const secret of ['3f9a0c2be17d44a1', '2027-03-01', 'ecdsa-with-SHA256'])
        assert.ok(!verdict.detail.en.includes(secret), `${question.id}: ${answer} gives ${secret} away`);
    }
  });

  it('judge the latest connection’s chain: another run, other answers', () => {
    const renewed = chainReport(
      [certificate({ serial: 'abc123', notAfter: '2027-06-01T00:00:00.000Z' }), INTERMEDIATE, ROOT],
      2,
    );
    const context = contextOf(
      SERVERS,
      [],
      [handshake('echo', PORT, { chain: GOOD_CHAIN }), handshake('echo', PORT + 1, { chain: renewed })],
    );
    assert.equal(judge(leafSerial, 'abc123', context).state, 'passed');
    assert.equal(judge(leafSerial, '3f9a0c2be17d44a1', context).state, 'failed');
    assert.equal(judge(leafNotAfter, '2027-06-01', context).state, 'passed');
  });

  it('an RSA leaf signed with SHA-1 is judged as such', () => {
    const weak = chainReport(
      [
        certificate({ signatureAlgorithm: 'sha1WithRSAEncryption', publicKey: { algorithm: 'RSA', bits: 1024 } }),
        INTERMEDIATE,
        ROOT,
      ],
      2,
    );
    const context = contextOf(SERVERS, [], [handshake('echo', PORT, { chain: weak })]);
    assert.equal(judge(signatureAlgorithm, 'sha1WithRSAEncryption', context).state, 'passed');
    assert.equal(judge(signatureAlgorithm, 'RSA-SHA1', context).state, 'passed');
    assert.equal(judge(signatureAlgorithm, 'sha256WithRSAEncryption', context).state, 'failed');
    assert.match(judge(signatureAlgorithm, 'RSA', context).detail.en, /own public key/);
  });

  it('wait for a chain before they judge anything', () => {
    for (const question of questions) assert.equal(question.evaluate(contextOf(SERVERS, [], []), '2').state, 'pending');
  });

  it('refuse hedges and take committed answers', () => {
    assertJudgesHedges(leafSerial, solved(), '3f9a0c2be17d44a1', '1000');
    assertJudgesHedges(certificatesSent, solved(), '2', '3');
    assertJudgesHedges(leafIssuer, solved(), 'socketlab Intermediate CA', 'socketlab Root CA');
    assertJudgesHedges(leafNotAfter, solved(), '2027-03-01', '2026-12-01');
    assertJudgesHedges(signatureAlgorithm, solved(), 'ecdsa-with-SHA256', 'sha256WithRSAEncryption');
  });

  it('no check gives an answer away, in any situation', () => {
    for (const context of [solved(), solved(false), contextOf(SERVERS, [], [])])
      assert.deepEqual(answerLeaks(checks, questions, context), []);
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const answers = ['', '2', '3', '1000', 'localhost', 'socketlab Root CA', '2026-12-01', 'P-256', 'maybe 2', 'x'];
    for (const context of [
      solved(),
      solved(false),
      contextOf(SERVERS, [], []),
      contextOf(SERVERS, [record('echo', PORT, { tls: { failure: 'alert:unknown_ca' } })], []),
      contextOf(SERVERS, [record('echo', PORT, { secure: true })], []),
      contextOf(
        SERVERS,
        [record('echo', PORT, { secure: true, sent: 'Hello,world!' })],
        [handshake('echo', PORT, { chain: GOOD_CHAIN })],
      ),
    ])
      assertVerdictsTranslated(lab, context, answers);
  });
});
