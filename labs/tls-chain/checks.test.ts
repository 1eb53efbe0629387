/**
 * The checks and questions of lab `tls-chain` on hand-built TLS records and handshakes: a client that echoes with
 * the good server and refuses all eight failure endpoints (Node's way, closing after the handshake, and Python's
 * or OpenSSL's, with an alert) passes all six checks and takes the three right answers; an empty attempt passes
 * nothing; a client that sent data to a failure endpoint turns its check red until a later attempt refuses it; a
 * plain TCP connection or one still open refuses nothing; without capture the checks still judge and the
 * questions wait. Wrong answers point where to look, hedges are refused, no check gives an answer away, and every
 * verdict reads in Chinese.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAILURE_CERTIFICATES } from '../../lab-server/pki/pki';
import { pick } from '../../src/common/localized';
import type { CheckContext, ConnectionRecord } from '../../src/lab-kit';
import type { TlsHandshake } from '../../src/protocol';
import { CAPTURE_OFF } from '../common/capture-notes';
import { answerLeaks } from '../testing/answer-leaks';
import { assertJudgesHedges } from '../testing/hedged-answers';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
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
} from '../x509-certificates/testing/tls-fixtures';
import { checks } from './checks';
import { FAILURE_ENDPOINTS, GOOD, kindOf } from './endpoints';
import lab from './lab';
import { incompleteChainCount, incompleteChainStep, questions, revokedOcspStatus } from './questions';

const SERVERS = [
  serverInfo(GOOD, 'tls-echo', 20417),
  ...FAILURE_ENDPOINTS.map((endpoint, index) => serverInfo(endpoint, kindOf(endpoint), 20418 + index)),
];

/** Node's refusal: the handshake completes, the client closes without data. */
const nodeRefused = (server: string, port: number) => record(server, port, { secure: true });
/** Python's or OpenSSL's: an alert during the handshake. */
const alerted = (server: string, port: number, alert: string) =>
  record(server, port, { tls: { failure: `alert:${alert}` } });

const INCOMPLETE_CHAIN = chainReport(
  [certificate({ subject: 'CN=incomplete' })],
  1,
  ['chain'],
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
);
const REVOKED_CHAIN = chainReport(
  [certificate({ subject: 'CN=revoked' }), INTERMEDIATE, ROOT],
  2,
  ['revocation'],
  'CERT_REVOKED',
);

function solvedRecords(): ConnectionRecord[] {
  return [
    record(GOOD, 40001, { secure: true, sent: 'Hello,world!' }),
    nodeRefused('expired', 40002),
    alerted('not-yet-valid', 40003, 'bad_certificate'),
    nodeRefused('wrong-host', 40004),
    nodeRefused('self-signed', 40005),
    alerted('untrusted-root', 40006, 'unknown_ca'),
    nodeRefused('incomplete-chain', 40007),
    nodeRefused('revoked', 40008),
    alerted('weak', 40009, 'bad_certificate'),
  ];
}

function solvedHandshakes(): TlsHandshake[] {
  return [
    handshake(GOOD, 40001, { serverName: 'localhost', chain: GOOD_CHAIN }),
    handshake('incomplete-chain', 40007, { serverName: 'localhost', chain: INCOMPLETE_CHAIN }),
    handshake('revoked', 40008, { serverName: 'localhost', chain: REVOKED_CHAIN }),
  ];
}

function solved(captureRunning = true): CheckContext {
  return contextOf(SERVERS, solvedRecords(), captureRunning ? solvedHandshakes() : [], captureRunning);
}

function states(context: CheckContext): string[] {
  return checks.map((check) => check.evaluate(context).state);
}

function detail(id: string, context: CheckContext): string {
  const check = checks.find((candidate) => candidate.id === id);
  assert.ok(check !== undefined, id);
  return check.evaluate(context).detail.en;
}

describe('lab tls-chain: checks', () => {
  it('has a failure endpoint for each failure certificate of the class PKI, by the same name', () => {
    assert.deepEqual([...FAILURE_ENDPOINTS], [...FAILURE_CERTIFICATES]);
  });

  it('all pass on a client that echoes with good and refuses every failure endpoint', () => {
    assert.deepEqual(states(solved()), Array(6).fill('passed'));
    assert.match(detail('refused-dates', solved()), /expired: .* without an alert and without sending data/);
    assert.match(detail('refused-dates', solved()), /not-yet-valid: .* with the alert bad_certificate/);
    assert.match(detail('refused-trust', solved()), /Every one of them refused/);
  });

  it('all stay pending on an empty attempt, naming what is left', () => {
    const empty = contextOf(SERVERS, [], []);
    assert.deepEqual(states(empty), Array(6).fill('pending'));
    assert.match(detail('refused-trust', empty), /Still to refuse: self-signed, untrusted-root, incomplete-chain/);
    assert.match(detail('refused-revoked', empty), /stapled OCSP response/);
  });

  it('data sent to a failure endpoint is a client that did not verify: red, until a later attempt refuses', () => {
    const accepted = [...solvedRecords(), record('revoked', 40010, { secure: true, sent: 'Hello,world!' })];
    const red = contextOf(SERVERS, accepted, []);
    assert.equal(checks.find((check) => check.id === 'refused-revoked')?.evaluate(red).state, 'failed');
    assert.match(
      detail('refused-revoked', red),
      /sent data to revoked after accepting its certificate: it did not verify/,
    );
    const fixed = contextOf(SERVERS, [...accepted, nodeRefused('revoked', 40011)], []);
    assert.equal(checks.find((check) => check.id === 'refused-revoked')?.evaluate(fixed).state, 'passed');
  });

  it('a plain TCP connection, or a handshake still open, refuses nothing', () => {
    const context = contextOf(
      SERVERS,
      [
        record('expired', 40002, { tls: { failure: 'wrong-version' } }),
        record('not-yet-valid', 40003, { secure: true, closed: false }),
      ],
      [],
    );
    assert.equal(checks[1]?.evaluate(context).state, 'pending');
    assert.match(detail('refused-dates', context), /Still to refuse: expired, not-yet-valid/);
  });

  it('a close during the handshake refuses once the client had the certificate', () => {
    const closed = (port: number) => record('revoked', port, { tls: { failure: 'closed-during-handshake' } });
    const certificateSent = handshake('revoked', 40020, { complete: false });
    const withCertificate = {
      ...certificateSent,
      messages: [
        { type: 'certificate', direction: 'from-server', packet: 1, time: 1, length: 900, encrypted: true } as const,
      ],
    };
    const refusedAfter = contextOf(SERVERS, [closed(40020)], [withCertificate]);
    assert.equal(checks.find((check) => check.id === 'refused-revoked')?.evaluate(refusedAfter).state, 'passed');
    const tooEarly = contextOf(SERVERS, [closed(40021)], [handshake('revoked', 40021, { complete: false })]);
    assert.equal(checks.find((check) => check.id === 'refused-revoked')?.evaluate(tooEarly).state, 'pending');
    const noCapture = contextOf(SERVERS, [closed(40022)], [], false);
    assert.equal(checks.find((check) => check.id === 'refused-revoked')?.evaluate(noCapture).state, 'passed');
  });

  it('the good server: no handshake, no data, then done', () => {
    assert.match(detail('verified-good', contextOf(SERVERS, [record(GOOD, 40001, {})], [])), /did not complete/);
    const noData = contextOf(SERVERS, [record(GOOD, 40001, { secure: true, closed: false })], []);
    assert.match(detail('verified-good', noData), /now send Hello,world!/);
  });

  it('without capture the checks judge from the servers’ records; the questions wait, saying capture is off', () => {
    assert.deepEqual(states(solved(false)), Array(6).fill('passed'));
    for (const question of questions) {
      const verdict = question.evaluate(solved(false), 'chain');
      assert.equal(verdict.state, 'pending');
      assert.equal(verdict.detail.en, pick(CAPTURE_OFF, 'en'));
    }
  });
});

describe('lab tls-chain: questions', () => {
  it('take the right answers, as OpenSSL, Node and the viewer name them', () => {
    for (const answer of [
      'chain',
      'the chain to a trusted root',
      'unable to get local issuer certificate',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'the intermediate is missing',
      '证书链',
      '找不到签发者证书',
    ])
      assert.equal(incompleteChainStep.evaluate(solved(), answer).state, 'passed', answer);
    for (const answer of ['1', 'one', '一张'])
      assert.equal(incompleteChainCount.evaluate(solved(), answer).state, 'passed', answer);
    for (const answer of ['revoked', 'Cert Status: revoked', '已吊销'])
      assert.equal(revokedOcspStatus.evaluate(solved(), answer).state, 'passed', answer);
  });

  it('wrong answers point where to look', () => {
    assert.match(incompleteChainStep.evaluate(solved(), 'the dates').detail.en, /That step passed/);
    assert.match(incompleteChainStep.evaluate(solved(), 'strength').detail.en, /Certificates tab/);
    assert.match(incompleteChainStep.evaluate(solved(), 'because').detail.en, /Name a verification step/);
    assert.match(incompleteChainCount.evaluate(solved(), '2').detail.en, /how many the good server sends/);
    assert.match(incompleteChainCount.evaluate(solved(), '3').detail.en, /Count the certificates/);
    assert.match(revokedOcspStatus.evaluate(solved(), 'good').detail.en, /Cert Status:/);
    assert.match(revokedOcspStatus.evaluate(solved(), 'expired').detail.en, /good, revoked or unknown/);
  });

  it('wait until the endpoint’s certificates were read', () => {
    const context = contextOf(SERVERS, solvedRecords(), [handshake(GOOD, 40001, { chain: GOOD_CHAIN })]);
    for (const question of questions) assert.equal(question.evaluate(context, '1').state, 'pending');
  });

  it('a revocation step that passed makes good the right status', () => {
    const unrevoked = chainReport([certificate(), INTERMEDIATE, ROOT], 2);
    const context = contextOf(SERVERS, [], [handshake('revoked', 40008, { chain: unrevoked })]);
    assert.equal(revokedOcspStatus.evaluate(context, 'good').state, 'passed');
    assert.equal(revokedOcspStatus.evaluate(context, 'revoked').state, 'failed');
  });

  it('refuse hedges and take committed answers', () => {
    assertJudgesHedges(incompleteChainStep, solved(), 'chain', 'name');
    assertJudgesHedges(incompleteChainCount, solved(), '1', '2');
    assertJudgesHedges(revokedOcspStatus, solved(), 'revoked', 'good');
  });

  it('no check gives an answer away', () => {
    const red = contextOf(
      SERVERS,
      [...solvedRecords(), record('weak', 40012, { secure: true, sent: 'x' })],
      solvedHandshakes(),
    );
    for (const context of [solved(), solved(false), red, contextOf(SERVERS, [], [])])
      assert.deepEqual(answerLeaks(checks, questions, context), []);
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const answers = ['', 'chain', 'the dates', 'strength', '1', '2', 'revoked', 'good', 'maybe 1'];
    for (const context of [
      solved(),
      solved(false),
      contextOf(SERVERS, [], []),
      contextOf(SERVERS, [...solvedRecords(), record('revoked', 40010, { secure: true, sent: 'Hello,world!' })], []),
      contextOf(SERVERS, [record(GOOD, 40001, {}), record('expired', 40002, { secure: true, closed: false })], []),
    ])
      assertVerdictsTranslated(lab, context, answers);
  });
});
