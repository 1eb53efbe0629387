/**
 * How the certificate viewer words a certificate: its validity against the page's clock, both ends included,
 * its key and basic constraints as OpenSSL prints them, its short name, where each certificate of a chain came
 * from, a Certificate message's list with the subjects the report read, and a file name no subject can abuse.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  basicConstraintsText,
  certificateOrigin,
  firstFailure,
  formatCertificateDate,
  pemDownloadHref,
  pemFileName,
  publicKeyText,
  sentCertificates,
  shortName,
  stepsFor,
  validityAt,
} from './certificate-format';
import { certificateSummary, expiredChain, trustedChain } from './testing/tls-fixtures';

describe('certificate words', () => {
  it('judge validity at the page’s clock, notBefore and notAfter included', () => {
    const certificate = certificateSummary();
    const at = (iso: string) => validityAt(certificate, Date.parse(iso));
    assert.equal(at('2026-11-29T23:59:59Z'), 'not-yet-valid');
    assert.equal(at('2026-11-30T00:00:00Z'), 'valid');
    assert.equal(at('2027-02-28T00:00:00Z'), 'valid');
    assert.equal(at('2027-02-28T00:00:01Z'), 'expired');
    assert.equal(formatCertificateDate('2027-02-28T00:00:00.000Z'), '2027-02-28 00:00:00 UTC');
  });

  it('write keys and basic constraints as OpenSSL does', () => {
    assert.equal(publicKeyText({ algorithm: 'EC', bits: 256, curve: 'P-256' }), 'EC P-256 (256 bits)');
    assert.equal(publicKeyText({ algorithm: 'RSA', bits: 2048 }), 'RSA 2048 bits');
    assert.equal(publicKeyText({ algorithm: 'Ed25519' }), 'Ed25519');
    assert.equal(basicConstraintsText({ ca: true, pathLength: 0 }), 'CA:TRUE, pathlen:0');
    assert.equal(basicConstraintsText({ ca: true }), 'CA:TRUE');
    assert.equal(basicConstraintsText({ ca: false }), 'CA:FALSE');
    assert.equal(basicConstraintsText(undefined), undefined);
  });

  it('name a certificate by its CN, its RFC 4514 escapes undone, or by its whole subject', () => {
    assert.equal(shortName('CN=localhost, O=socketlab class'), 'localhost');
    assert.equal(shortName('O=socketlab class, CN=socketlab Class Root CA'), 'socketlab Class Root CA');
    assert.equal(shortName('CN=Smith\\, John, O=x'), 'Smith, John');
    assert.equal(shortName('CN=\\<img src=x onerror=alert(1)\\>, O=x'), '<img src=x onerror=alert(1)>');
    assert.equal(shortName('CN=\\#1 caf\\c3\\a9\\0a\\ , O=x'), '#1 café\n ');
    assert.equal(shortName('O=no common name'), 'O=no common name');
  });

  it('tell the certificates the peer sent from the one found in the trust store', () => {
    const chain = trustedChain();
    assert.deepEqual(
      chain.certificates.map((_, i) => certificateOrigin(chain, i)),
      ['sent', 'sent', 'trust-store'],
    );
    assert.deepEqual(
      stepsFor(chain, 1).map((step) => step.kind),
      ['signature', 'issuer'],
    );
    assert.equal(firstFailure(chain), undefined);
    assert.equal(firstFailure(expiredChain())?.kind, 'validity');
  });

  it('list a Certificate message with the subjects the report read, and sizes in bytes', () => {
    const chain = trustedChain();
    const message = { certificates: ['3082000a'.padEnd(24, '0'), '30820004'] };
    assert.deepEqual(sentCertificates(message, chain), [
      { index: 0, bytes: 12, subject: 'CN=localhost, O=socketlab class' },
      { index: 1, bytes: 4, subject: 'CN=socketlab Intermediate CA, O=socketlab class' },
    ]);
    assert.deepEqual(sentCertificates(message, undefined)[0]?.subject, undefined);
    assert.deepEqual(sentCertificates({ certificates: [] }, chain), []);
  });

  it('make a file name and a download no subject can turn into markup or a path', () => {
    assert.equal(pemFileName({ subject: 'CN=localhost, O=x' }), 'localhost.pem');
    assert.equal(pemFileName({ subject: 'CN=<img src=x onerror=alert(1)>' }), 'img-src-x-onerror-alert-1.pem');
    assert.equal(pemFileName({ subject: 'CN=../../etc/passwd' }), 'etc-passwd.pem');
    assert.equal(pemFileName({ subject: 'CN=证书' }), 'certificate.pem');
    const href = pemDownloadHref('-----BEGIN CERTIFICATE-----\n<b>\n');
    assert.ok(href.startsWith('data:application/x-pem-file;charset=utf-8,'));
    assert.ok(!href.includes('<') && !href.includes('\n'));
  });
});
