/**
 * The checks and questions of lab `tls12-handshake` on hand-built handshakes and records: the reference run (ECDHE
 * echoed, RSA completed, both in the capture) passes every check and every right answer in the forms students
 * type them; an empty attempt passes nothing and judges nothing; one handshake leaves the capture check asking for
 * the other; plain text and a suite the rsa server refuses say what to do; without capture the capture check and
 * the questions wait and say why. Wrong answers get their hint without the answer; hedges are refused. Every
 * verdict reads in Chinese with the English numbers.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCALES, pick } from '../../src/common/localized';
import type { CheckContext, CheckVerdict } from '../../src/lab-kit';
import { CAPTURE_OFF } from '../common/capture-notes';
import { assertJudgesHedges } from '../testing/hedged-answers';
import { SUITES, serversOf, tls12Ecdhe, tls12Rsa, tls13, tlsContext, tlsRecord } from '../testing/tls-fixtures';
import { assertLabTranslated, assertVerdictsTranslated } from '../testing/translations';
import { checks, ECDHE, RSA } from './checks';
import lab from './lab';
import { chosenSuite, firstFlightCount, namedGroup, premasterMessage, questions } from './questions';

const SERVERS = serversOf([
  [ECDHE, 'tls12-echo'],
  [RSA, 'tls12-rsa-echo'],
]);

const ECDHE_SECURE = { version: 'TLSv1.2', cipher: SUITES.ecdhe.name };
const RSA_SECURE = { version: 'TLSv1.2', cipher: SUITES.rsa.name };

function solved(capture = true): CheckContext {
  return tlsContext(
    SERVERS,
    [tlsRecord(ECDHE, 1, 40001, ECDHE_SECURE, 'Hello,world!'), tlsRecord(RSA, 1, 40002, RSA_SECURE, 'Hello,world!', 2)],
    [tls12Ecdhe(ECDHE, 1, 40001), tls12Rsa(RSA, 2, 40002)],
    capture,
  );
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

/** A wrong answer: failed, with the hint, and the answer itself nowhere in it. */
function assertHint(result: CheckVerdict, hint: RegExp, secrets: readonly string[]): void {
  assert.equal(result.state, 'failed', result.detail.en);
  assert.match(result.detail.en, hint);
  for (const locale of LOCALES) {
    for (const secret of secrets) assert.ok(!pick(result.detail, locale).includes(secret), pick(result.detail, locale));
  }
}

describe('lab tls12-handshake: checks', () => {
  it('all pass on the reference run', () => {
    assert.deepEqual(states(solved()), ['passed', 'passed', 'passed']);
    assert.match(verdict('saw-both', solved()).detail.en, /port 40001 .* port 40002/);
  });

  it('all wait on an empty attempt', () => {
    assert.deepEqual(states(EMPTY), ['pending', 'pending', 'pending']);
    assert.match(verdict('ecdhe-echo', EMPTY).detail.en, /connect --tls --tls1\.2 ecdhe/);
    assert.match(verdict('rsa-handshake', EMPTY).detail.en, /AES128-SHA/);
  });

  it('a handshake without the echo asks for Hello,world!; no verdict names the suite the server chose', () => {
    const context = tlsContext(SERVERS, [tlsRecord(ECDHE, 1, 40001, ECDHE_SECURE)], [tls12Ecdhe(ECDHE, 1, 40001)]);
    assert.match(verdict('ecdhe-echo', context).detail.en, /port 40001 completed; now send Hello,world!/);
    for (const check of checks) {
      const detail = check.evaluate(solved()).detail;
      assert.ok(!detail.en.includes(SUITES.ecdhe.name) && !detail.en.includes('ECDHE-RSA'), detail.en);
    }
  });

  it('plain text, and a suite the rsa server refuses, say what to do', () => {
    const context = tlsContext(
      SERVERS,
      [tlsRecord(ECDHE, 1, 40001, { failure: 'not-tls' }), tlsRecord(RSA, 1, 40002, { failure: 'no-shared-cipher' })],
      [],
    );
    assert.match(verdict('ecdhe-echo', context).detail.en, /not TLS.*connect --tls/);
    assert.match(verdict('rsa-handshake', context).detail.en, /no-shared-cipher.*AES128-SHA/);
  });

  it('one key exchange in the capture asks for the other', () => {
    const ecdheOnly = tlsContext(SERVERS, [], [tls12Ecdhe(ECDHE, 1, 40001)]);
    assert.match(verdict('saw-both', ecdheOnly).detail.en, /now complete one with the rsa server/);
    const rsaOnly = tlsContext(SERVERS, [], [tls12Rsa(RSA, 1, 40002)]);
    assert.match(verdict('saw-both', rsaOnly).detail.en, /now complete one with the ecdhe server/);
    // An ECDHE handshake to the rsa server's id would not show the RSA key exchange.
    const swapped = tlsContext(SERVERS, [], [tls12Ecdhe(ECDHE, 1, 40001), tls12Ecdhe(RSA, 2, 40002)]);
    assert.equal(verdict('saw-both', swapped).state, 'pending');
  });

  it('without capture the records still pass the first two; the third waits and says why', () => {
    assert.deepEqual(states(solved(false)), ['passed', 'passed', 'pending']);
    assert.ok(verdict('saw-both', solved(false)).detail.en.includes(pick(CAPTURE_OFF, 'en')));
    for (const question of questions) {
      assert.equal(question.evaluate(solved(false), 'x25519').state, 'pending', question.id);
    }
  });
});

describe('lab tls12-handshake: questions', () => {
  it('judge nothing on an empty attempt', () => {
    for (const question of questions) {
      for (const guess of ['0', '1', 'client', 'ClientKeyExchange']) {
        assert.equal(question.evaluate(EMPTY, guess).state, 'pending', `${question.id} = ${guess}`);
      }
    }
  });

  it('the chosen suite, by IANA name, OpenSSL name or code point, from the student’s own ServerHello', () => {
    for (const right of [
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'ECDHE-RSA-AES128-GCM-SHA256',
      'ecdhe-rsa-aes128-gcm-sha256',
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)',
      '0xc02f',
      '服务器选了 ECDHE-RSA-AES128-GCM-SHA256',
    ]) {
      assert.equal(chosenSuite.evaluate(solved(), right).state, 'passed', right);
    }
    // Another student's client offered AES-256 first: their right answer differs.
    const other = tlsContext(SERVERS, [], [tls12Ecdhe(ECDHE, 1, 40001, SUITES.ecdhe256)]);
    assert.equal(chosenSuite.evaluate(other, 'ECDHE-RSA-AES256-GCM-SHA384').state, 'passed');
    assert.equal(chosenSuite.evaluate(other, 'ECDHE-RSA-AES128-GCM-SHA256').state, 'failed');
  });

  it('the chosen suite: offered-only, the rsa suite, a TLS 1.3 suite and two suites each get their hint', () => {
    const secrets = [SUITES.ecdhe.name, 'ECDHE-RSA-AES128-GCM-SHA256'];
    assertHint(chosenSuite.evaluate(solved(), 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'), /offered that suite/, secrets);
    assertHint(chosenSuite.evaluate(solved(), 'AES128-SHA'), /only suite of the rsa server/, secrets);
    assertHint(chosenSuite.evaluate(solved(), 'TLS_AES_256_GCM_SHA384'), /TLS 1\.3 suite/, secrets);
    assertHint(chosenSuite.evaluate(solved(), 'AES'), /cipher suite’s name/, secrets);
    assert.match(
      chosenSuite.evaluate(solved(), 'ECDHE-RSA-AES128-GCM-SHA256, TLS_AES_256_GCM_SHA384').detail.en,
      /several cipher suites/,
    );
  });

  it('the premaster secret travels in the ClientKeyExchange; the tempting wrong messages get their hint', () => {
    for (const right of ['ClientKeyExchange', 'Client Key Exchange', 'client_key_exchange', '客户端密钥交换消息']) {
      assert.equal(premasterMessage.evaluate(solved(), right).state, 'passed', right);
    }
    const secrets = ['ClientKeyExchange', 'Client Key Exchange'];
    assertHint(premasterMessage.evaluate(solved(), 'ServerKeyExchange'), /no ServerKeyExchange/, secrets);
    assertHint(premasterMessage.evaluate(solved(), 'Certificate'), /public key/, secrets);
    assertHint(premasterMessage.evaluate(solved(), 'ClientHello'), /randoms/, secrets);
    assertHint(premasterMessage.evaluate(solved(), 'Finished'), /master secret/, secrets);
    assertHint(premasterMessage.evaluate(solved(), 'CertificateVerify'), /between the ServerHelloDone/, secrets);
  });

  it('the named group of the ServerKeyExchange, by name or code point', () => {
    for (const right of ['x25519', 'X25519', 'Curve25519', '0x001d']) {
      assert.equal(namedGroup.evaluate(solved(), right).state, 'passed', right);
    }
    assertHint(namedGroup.evaluate(solved(), 'secp256r1'), /Named Curve/, ['x25519']);
  });

  it('the first flight counted in the student’s own handshake, with a hint for the rsa count and a short count', () => {
    assert.equal(firstFlightCount.evaluate(solved(), '4').state, 'passed');
    assert.match(
      firstFlightCount.evaluate(solved(), 'four').detail.en,
      /ServerHello, Certificate, ServerKeyExchange, ServerHelloDone/,
    );
    assertHint(firstFlightCount.evaluate(solved(), '3'), /rsa server sends/, ['4']);
    const ecdheAlone = tlsContext(SERVERS, [], [tls12Ecdhe(ECDHE, 1, 40001)]);
    assertHint(firstFlightCount.evaluate(ecdheAlone, '3'), /both ends/, ['4']);
    assertHint(firstFlightCount.evaluate(solved(), '10'), /messages, not TCP segments/, ['4']);
  });

  it('judge the latest handshake: a TLS 1.3 one to another server does not count', () => {
    const context = tlsContext(SERVERS, [], [tls12Ecdhe(ECDHE, 1, 40001), tls13(RSA, 2, 40002)]);
    assert.equal(premasterMessage.evaluate(context, 'ClientKeyExchange').state, 'pending');
  });

  it('refuse a hedge around the right answer, and accept it stated with conviction', () => {
    assertJudgesHedges(chosenSuite, solved(), 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384');
    assertJudgesHedges(premasterMessage, solved(), 'ClientKeyExchange', 'ServerKeyExchange');
    assertJudgesHedges(namedGroup, solved(), 'x25519', 'secp256r1');
    assertJudgesHedges(firstFlightCount, solved(), '4', '5');
  });

  it('read in Chinese, with the English numbers, in every situation above', () => {
    assertLabTranslated(lab);
    const answers = [
      '',
      '4',
      '3',
      '10',
      'x25519',
      'secp256r1',
      'ClientKeyExchange',
      'ServerKeyExchange',
      'Certificate',
    ];
    const suites = [
      'ECDHE-RSA-AES128-GCM-SHA256',
      'AES128-SHA',
      'TLS_AES_256_GCM_SHA384',
      'ECDHE-RSA-AES256-GCM-SHA384',
    ];
    for (const context of [
      solved(),
      solved(false),
      EMPTY,
      tlsContext(SERVERS, [tlsRecord(ECDHE, 1, 40001, ECDHE_SECURE)], [tls12Ecdhe(ECDHE, 1, 40001)]),
      tlsContext(
        SERVERS,
        [tlsRecord(ECDHE, 1, 40001, { failure: 'not-tls' }), tlsRecord(RSA, 1, 40002, { failure: 'alert:unknown_ca' })],
        [tls12Rsa(RSA, 1, 40002)],
      ),
    ]) {
      assertVerdictsTranslated(lab, context, [...answers, ...suites]);
    }
  });
});
