/**
 * The chain report against a PKI the `openssl` CLI made: the good chain passes every step; each failure
 * certificate fails exactly one step, the one that is its reason, with the code Node gives (the integration test
 * holds it to a real handshake) — and `openssl verify` agrees that it fails; every text is there in every
 * language. Then what a peer may send that is not a good chain: random bytes, a truncated certificate, one with
 * no extensions, more certificates than are looked at.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LOCALES } from '../../src/common/localized';
import type { VerificationStepKind } from '../../src/protocol/certificate';
import { FAILURE_CERTIFICATES } from '../pki/pki';
import { buildChainReport, chainReportIn, type LocalizedChainReport } from './chain-report';
import { pemCertificates } from './pem';
import { makeClassPkiFixture } from './testing/class-pki-fixture';
import { EXPECTED_FAILURES } from './testing/failure-expectations';
import { makeOpensslPki, type OpensslPki, type TestPki } from './testing/openssl-pki';

let pki: OpensslPki;
let dir: string;

before(() => {
  pki = makeOpensslPki();
  dir = mkdtempSync(join(tmpdir(), 'socketlab-chain-report-'));
});

after(() => {
  pki.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function report(cert: string, host = 'localhost', from: TestPki = pki): LocalizedChainReport {
  return buildChainReport(pemCertificates(cert), {
    trusted: [from.rootPem],
    host,
    purpose: 'server',
    revocation: (serial) => (from.isRevoked(serial) ? 'revoked' : 'good'),
  });
}

function assertBothLanguages(result: LocalizedChainReport): void {
  for (const step of result.steps) {
    for (const locale of LOCALES) assert.ok(step.detail[locale].length > 0, `${step.kind} ${locale}`);
    assert.match(step.detail['zh-Hans'], /[\u4e00-\u9fff]/, `${step.kind} has Chinese`);
    assert.notEqual(step.detail.en, step.detail['zh-Hans']);
  }
  if (result.advice !== undefined) assert.match(result.advice['zh-Hans'], /[\u4e00-\u9fff]/);
}

/** `openssl verify` with the root trusted and the rest of the chain as untrusted helpers; its exit status. */
function opensslVerifies(from: TestPki, cert: string, crlCheck = false): boolean {
  const chain = join(dir, 'chain.pem');
  const root = join(dir, 'root.pem');
  const crl = join(dir, 'crl.pem');
  writeFileSync(chain, cert);
  writeFileSync(root, from.rootPem);
  writeFileSync(crl, from.crls.join(''));
  const revocation = crlCheck ? ['-crl_check', '-CRLfile', crl] : [];
  try {
    execFileSync(
      'openssl',
      ['verify', '-auth_level', '2', ...revocation, '-CAfile', root, '-untrusted', chain, chain],
      { stdio: 'pipe' },
    );
    return true;
  } catch {
    return false;
  }
}

/** The class PKI's own certificates, and the same kinds made by another tool. */
const PKIS: Readonly<Record<string, () => Promise<TestPki>>> = {
  'class PKI': makeClassPkiFixture,
  'openssl-made PKI': async () => makeOpensslPki(),
};

for (const [name, make] of Object.entries(PKIS)) {
  describe(`buildChainReport on the ${name}`, () => {
    let fixture: TestPki;
    before(async () => {
      fixture = await make();
    });
    after(() => fixture.dispose());

    it('passes every step of the good chain and appends the root it was not sent', () => {
      const result = report(fixture.server.cert, 'localhost', fixture);
      assert.equal(result.trusted, true);
      assert.equal(result.code, undefined);
      assert.equal(result.advice, undefined);
      assert.equal(result.sent, 2);
      assert.equal(result.certificates.length, 3);
      assert.equal(result.certificates[2]?.pem.trim(), fixture.rootPem.trim());
      assert.deepEqual(
        result.steps.filter((step) => step.state !== 'passed'),
        [],
      );
      const kinds = new Set(result.steps.map((step) => step.kind));
      for (const kind of ['signature', 'validity', 'name', 'issuer', 'purpose', 'chain', 'revocation', 'strength']) {
        assert.ok(kinds.has(kind as VerificationStepKind), kind);
      }
      assertBothLanguages(result);
      assert.equal(opensslVerifies(fixture, fixture.server.cert, true), true);
    });

    for (const which of FAILURE_CERTIFICATES) {
      const expected = EXPECTED_FAILURES[which];
      it(`fails exactly the ${expected.step} step for the ${which} certificate, as ${expected.code}`, () => {
        const cert = fixture.failures[which].cert;
        const result = report(cert, 'localhost', fixture);
        const failed = result.steps.filter((step) => step.state === 'failed');
        assert.deepEqual(
          failed.map((step) => step.kind),
          [expected.step],
          JSON.stringify(chainReportIn(result, 'en').steps, null, 1),
        );
        assert.equal(result.code, expected.code);
        assert.equal(result.trusted, false);
        assert.ok(result.advice !== undefined);
        assertBothLanguages(result);
        // The name is Node's check, not OpenSSL's (`openssl verify` without -verify_hostname passes it).
        if (which !== 'wrong-host') assert.equal(opensslVerifies(fixture, cert, which === 'revoked'), false);
      });
    }
  });
}

describe('buildChainReport', () => {
  it('says by how much a certificate is expired or not yet valid, and that the intermediate was not sent', () => {
    const expired = chainReportIn(report(pki.failures.expired.cert), 'en');
    // The date as the viewer writes a certificate's fields; the mark is the step's state, not its text.
    assert.match(
      expired.steps.find((step) => step.state === 'failed')?.detail ?? '',
      /^Expired on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, 30 days ago$/,
    );
    const early = chainReportIn(report(pki.failures['not-yet-valid'].cert), 'zh-Hans');
    // Under the step's title 有效期, the detail does not say it again.
    assert.match(
      early.steps.find((step) => step.state === 'failed')?.detail ?? '',
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC 起才生效，还差 (29|30) 天$/,
    );
    const incomplete = chainReportIn(report(pki.failures['incomplete-chain'].cert), 'en');
    assert.match(
      incomplete.steps.find((step) => step.kind === 'chain')?.detail ?? '',
      /^Incomplete chain: the server did not send the intermediate CN=Test Intermediate CA/,
    );
    assert.match(incomplete.advice ?? '', /intermediate/);
  });

  it('leaves ✓ and ✗ to the step’s state, and joins two findings of one step with a semicolon', () => {
    for (const which of Object.keys(pki.failures) as (keyof typeof pki.failures)[]) {
      for (const locale of ['en', 'zh-Hans'] as const) {
        for (const step of chainReportIn(report(pki.failures[which].cert), locale).steps) {
          assert.doesNotMatch(step.detail, /[✓✗]/, `${which} ${locale}: ${step.detail}`);
        }
      }
    }
    const weak = (locale: 'en' | 'zh-Hans') =>
      chainReportIn(report(pki.failures.weak.cert), locale).steps.find(
        (step) => step.kind === 'strength' && step.state === 'failed',
      )?.detail ?? '';
    assert.match(weak('en'), /^RSA 1024: too small; .* 2048 bits or more; Signed with ecdsa-with-SHA1: /);
    assert.match(weak('zh-Hans'), /^RSA 1024：太短，.*至少 2048 位；用 ecdsa-with-SHA1 签名：/);
  });

  it('reports an untrusted root the peer sent as SELF_SIGNED_CERT_IN_CHAIN', () => {
    const chain = `${pki.failures['untrusted-root'].cert}\n${pki.untrustedRootPem}`;
    const result = report(chain);
    assert.equal(result.code, 'SELF_SIGNED_CERT_IN_CHAIN');
    assert.equal(result.sent, 3);
    assert.deepEqual(
      result.steps.filter((step) => step.state === 'failed').map((step) => step.kind),
      ['chain'],
    );
  });

  it('checks an address against the IP SANs', () => {
    assert.equal(report(pki.server.cert, '127.0.0.1').trusted, true);
    const other = report(pki.server.cert, '127.0.0.2');
    assert.equal(other.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('checks the purpose: a server certificate is not a client certificate', () => {
    const result = buildChainReport(pemCertificates(pki.server.cert), { trusted: [pki.rootPem], purpose: 'client' });
    assert.equal(result.code, 'INVALID_PURPOSE');
    assert.deepEqual(
      result.steps.filter((step) => step.state === 'failed').map((step) => step.kind),
      ['purpose'],
    );
    assert.equal(
      result.steps.some((step) => step.kind === 'name'),
      false,
      'no host: no name step',
    );
  });

  it('leaves revocation pending without an answer, or when the responder does not know the certificate', () => {
    const none = buildChainReport(pemCertificates(pki.server.cert), { trusted: [pki.rootPem], purpose: 'server' });
    assert.equal(none.steps.find((step) => step.kind === 'revocation')?.state, 'pending');
    assert.equal(none.trusted, true);
    const unknown = buildChainReport(pemCertificates(pki.server.cert), {
      trusted: [pki.rootPem],
      purpose: 'server',
      revocation: () => 'unknown',
    });
    assert.equal(unknown.steps.find((step) => step.kind === 'revocation')?.state, 'pending');
  });

  it('asks about revocation with the serial and the issuer, PEM', () => {
    const asked: string[] = [];
    buildChainReport(pemCertificates(pki.failures.revoked.cert), {
      trusted: [pki.rootPem],
      purpose: 'server',
      revocation: (serial, issuerPem) => {
        asked.push(serial, issuerPem);
        return 'good';
      },
    });
    assert.deepEqual(asked, [pki.revokedSerial, pki.intermediatePem]);
  });

  it('uses the root from the chain when the peer sends it too, and a trusted root given in a bundle', () => {
    const result = buildChainReport(pemCertificates(`${pki.server.cert}\n${pki.rootPem}`), {
      trusted: [`${pki.untrustedRootPem}\n${pki.rootPem}`],
      purpose: 'server',
    });
    assert.equal(result.trusted, true);
    assert.equal(result.sent, 3);
    assert.equal(result.certificates.length, 3);
  });

  it('follows the issuers when the peer sends them out of order, numbering steps as they were sent', () => {
    const [leaf, intermediate] = pemCertificates(pki.server.cert);
    const [root] = pemCertificates(pki.rootPem);
    assert.ok(leaf && intermediate && root);
    const result = chainReportIn(
      buildChainReport([leaf, root, intermediate], { trusted: [pki.rootPem], purpose: 'server' }),
      'en',
    );
    assert.equal(result.trusted, true);
    assert.equal(result.certificates.length, 3);
    const chain = result.steps.find((step) => step.kind === 'chain');
    assert.equal(chain?.certificate, 1);
    assert.match(chain?.detail ?? '', /Reaches the trusted root CN=Test Root CA/);
    const signedByRoot = result.steps.find((step) => step.kind === 'signature' && step.certificate === 2);
    assert.match(signedByRoot?.detail ?? '', /Signed by CN=Test Root CA/);
  });

  it('looks at ten certificates at most and says so', () => {
    const der = pemCertificates(pki.server.cert);
    const many = Array.from({ length: 25 }, (_, index) => der[index % 2] as Uint8Array);
    const result = chainReportIn(buildChainReport(many, { trusted: [pki.rootPem], purpose: 'server' }), 'en');
    assert.ok(result.certificates.length <= 11);
    assert.match(result.steps.find((step) => step.kind === 'chain')?.detail ?? '', /first 10 of 25/);
  });
});

describe('buildChainReport on what is not a good chain', () => {
  it('never throws on random bytes, a truncated certificate, an empty list or a corrupted signature', () => {
    const [leaf = new Uint8Array()] = pemCertificates(pki.server.cert);
    const inputs: Uint8Array[][] = [
      [],
      [new Uint8Array()],
      [new Uint8Array(randomBytes(300))],
      [leaf.subarray(0, leaf.length - 40)],
      [leaf.subarray(0, 10)],
      [leaf, new Uint8Array(randomBytes(64))],
    ];
    for (let round = 0; round < 50; round++) {
      const copy = new Uint8Array(leaf);
      const at = Math.floor(Math.random() * copy.length);
      copy[at] = (copy[at] ?? 0) ^ 0xff;
      inputs.push([copy]);
    }
    for (const input of inputs) {
      const result = buildChainReport(input, {
        trusted: [pki.rootPem, 'not a pem'],
        host: 'localhost',
        purpose: 'server',
      });
      assert.equal(result.trusted, false);
      assert.ok(result.steps.some((step) => step.state === 'failed'));
      assertBothLanguages(result);
      chainReportIn(result, 'zh-Hans');
    }
    const truncated = chainReportIn(buildChainReport([leaf.subarray(0, 10)], { trusted: [], purpose: 'server' }), 'en');
    assert.equal(truncated.certificates.length, 0);
    assert.match(truncated.steps[0]?.detail ?? '', /Certificate 1 could not be read as X\.509/);
  });

  it('reports a certificate without any extension', () => {
    const key = join(dir, 'bare.key');
    const cert = join(dir, 'bare.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    const csr = execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=bare']);
    execFileSync('openssl', ['x509', '-req', '-signkey', key, '-days', '2', '-out', cert], {
      input: csr,
      stdio: 'pipe',
    });
    const pem = execFileSync('openssl', ['x509', '-in', cert], { encoding: 'utf8' });
    const text = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-text'], { encoding: 'utf8' });
    const result = buildChainReport(pemCertificates(pem), { trusted: [pem], host: 'localhost', purpose: 'server' });
    const summary = result.certificates[0];
    assert.ok(summary);
    assert.equal(summary.subject, 'CN=bare');
    assert.deepEqual(summary.keyUsage, []);
    assert.deepEqual(summary.subjectAltNames, []);
    assert.equal(summary.basicConstraints, undefined);
    assert.equal(summary.selfIssued, true);
    if (!text.includes('X509v3 extensions'))
      assert.equal(result.steps.find((step) => step.kind === 'purpose')?.state, 'passed');
    // Node falls back to the CN when there are no DNS SANs; "bare" is not "localhost".
    assert.equal(result.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assertBothLanguages(result);
  });
});
