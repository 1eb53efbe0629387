/**
 * The certificate summary against what `openssl x509` prints for the same certificate: names in RFC 4514 order
 * with a comma escaped, SANs of every kind (IPv6 as OpenSSL writes it), serial, fingerprints, key usage, the
 * revocation pointers, the key and the signature algorithm; and an RSA certificate's key size.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { summarizeCertificate } from './certificate-summary';
import { ParsedCertificate } from './parsed-certificate';
import { pemCertificates } from './pem';
import { makeSelfSigned } from './testing/openssl-pki';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'socketlab-summary-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

function makeCertificate(key: 'ec' | 'rsa', extensions: readonly string[]): string {
  return makeSelfSigned(dir, { key, subject: '/C=CN/O=socketlab, class/CN=echo.socketlab', extensions }).file;
}

function openssl(cert: string, ...args: string[]): string {
  return execFileSync('openssl', ['x509', '-in', cert, '-noout', ...args], { encoding: 'utf8' }).trim();
}

describe('summarizeCertificate', () => {
  it('reads every field as openssl x509 prints it', () => {
    const cert = makeCertificate('ec', [
      'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,email:student@socketlab.invalid,URI:http://127.0.0.1/x',
      'authorityInfoAccess=OCSP;URI:http://127.0.0.1:57601/ocsp',
      'crlDistributionPoints=URI:http://127.0.0.1:57601/crl',
      'extendedKeyUsage=serverAuth,clientAuth,1.2.3.4',
      'keyUsage=critical,digitalSignature,keyCertSign',
    ]);
    const pem = execFileSync('openssl', ['x509', '-in', cert], { encoding: 'utf8' });
    const [der] = pemCertificates(pem);
    assert.ok(der);
    const summary = summarizeCertificate(new ParsedCertificate(der));
    assert.equal(summary.subject, 'CN=echo.socketlab, O=socketlab\\, class, C=CN');
    assert.equal(summary.issuer, summary.subject);
    assert.equal(
      openssl(cert, '-subject', '-nameopt', 'RFC2253'),
      'subject=CN=echo.socketlab,O=socketlab\\, class,C=CN',
    );
    assert.equal(
      summary.serial,
      openssl(cert, '-serial')
        .replace('serial=', '')
        .toLowerCase()
        .replace(/^(00)+/, ''),
    );
    assert.equal(`sha256 Fingerprint=${summary.sha256Fingerprint}`, openssl(cert, '-fingerprint', '-sha256'));
    assert.equal(`sha1 Fingerprint=${summary.sha1Fingerprint}`, openssl(cert, '-fingerprint', '-sha1'));
    const text = openssl(cert, '-text');
    assert.deepEqual(summary.subjectAltNames, [
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'IP Address:::1',
      'email:student@socketlab.invalid',
      'URI:http://127.0.0.1/x',
    ]);
    // OpenSSL 3.0's `-text` writes IPv6 uncompressed; the summary writes it as browsers do (RFC 5952).
    const asOpenssl30 = summary.subjectAltNames.map((name) =>
      name === 'IP Address:::1' ? 'IP Address:0:0:0:0:0:0:0:1' : name,
    );
    assert.ok(text.includes(asOpenssl30.join(', ')), text);
    assert.deepEqual(summary.extendedKeyUsage, ['serverAuth', 'clientAuth', '1.2.3.4']);
    assert.deepEqual(summary.keyUsage, ['digitalSignature', 'keyCertSign']);
    assert.deepEqual(summary.crlDistributionPoints, ['http://127.0.0.1:57601/crl']);
    assert.deepEqual(summary.ocspResponders, ['http://127.0.0.1:57601/ocsp']);
    assert.deepEqual(summary.publicKey, { algorithm: 'EC', bits: 256, curve: 'P-256' });
    assert.equal(summary.signatureAlgorithm, 'ecdsa-with-SHA256');
    assert.ok(text.includes(`Signature Algorithm: ${summary.signatureAlgorithm}`));
    assert.deepEqual(summary.basicConstraints, { ca: true });
    assert.equal(summary.selfIssued, true);
    assert.equal(summary.pem, pem);
    assert.equal(
      new Date(summary.notAfter).getTime(),
      new Date(openssl(cert, '-enddate').replace('notAfter=', '')).getTime(),
    );
  });

  it('reads an RSA key and a path length', () => {
    const cert = makeCertificate('rsa', ['basicConstraints=critical,CA:TRUE,pathlen:1']);
    const [der] = pemCertificates(execFileSync('openssl', ['x509', '-in', cert], { encoding: 'utf8' }));
    assert.ok(der);
    const summary = summarizeCertificate(new ParsedCertificate(der));
    assert.deepEqual(summary.publicKey, { algorithm: 'RSA', bits: 2048 });
    assert.equal(summary.signatureAlgorithm, 'sha256WithRSAEncryption');
    assert.deepEqual(summary.basicConstraints, { ca: true, pathLength: 1 });
  });
});
