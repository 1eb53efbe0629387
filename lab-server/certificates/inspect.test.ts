/**
 * What a student may paste into the certificate viewer, and what they get back: garbage, an oversized paste, a
 * private key (PKCS#8, RSA and EC forms) or a CSR in the certificate field, a damaged certificate, a key that is
 * not the certificate's, an encrypted key, the right key (RSA and EC, in each form OpenSSL writes), a chain
 * pasted whole, and a client certificate judged as one. Keys and certificates are made by the `openssl` CLI.
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_CERTIFICATE_BYTES } from '../../src/protocol/certificate';
import { type ErrorCode, LabError } from '../../src/protocol/errors';
import type { InspectCertificateMessage } from '../../src/protocol/messages';
import { inspectCertificate } from './inspect';
import { makeOpensslPki, makeSelfSigned, type OpensslPki } from './testing/openssl-pki';

let pki: OpensslPki;
let dir: string;
/** A self-signed RSA 2048 certificate and its key. */
let rsa: { cert: string; key: string };

before(() => {
  pki = makeOpensslPki();
  dir = mkdtempSync(join(tmpdir(), 'socketlab-inspect-'));
  rsa = makeSelfSigned(dir, { key: 'rsa', subject: '/CN=rsa.socketlab', extensions: ['subjectAltName=DNS:localhost'] });
});

after(() => {
  pki.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function inspect(message: Omit<InspectCertificateMessage, 'type'>, locale: 'en' | 'zh-Hans' = 'en') {
  return inspectCertificate({ type: 'inspect-certificate', ...message }, { trusted: [pki.rootPem], locale });
}

/** The LabError `inspect` throws, checked for its code and that it never quotes the key it was given. */
function refused(message: Omit<InspectCertificateMessage, 'type'>, code: ErrorCode): LabError {
  try {
    inspect(message);
  } catch (error) {
    assert.ok(error instanceof LabError, String(error));
    assert.equal(error.code, code, error.message);
    if (message.key !== undefined) {
      const body = message.key.split('\n')[1] ?? '';
      for (const text of Object.values(error.text)) assert.ok(body === '' || !text.includes(body.slice(0, 16)));
    }
    return error;
  }
  assert.fail('accepted');
}

/** A key in OpenSSL's traditional form: PKCS#1 for RSA, SEC1 for EC (what `openssl rsa` and `openssl ec` write). */
function traditional(key: string, kind: 'rsa' | 'ec'): string {
  const file = join(dir, 'traditional.key');
  writeFileSync(file, key);
  return execFileSync('openssl', [kind, '-in', file], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

describe('inspectCertificate', () => {
  it('refuses garbage and a text without a PEM block', () => {
    const error = refused({ pem: 'hello, this is not a certificate' }, 'LAB_ERR_CERT_PARSE');
    assert.match(error.text.en, /No PEM block/);
    assert.match(error.text['zh-Hans'], /没有找到 PEM 块/);
    refused({ pem: '' }, 'LAB_ERR_CERT_PARSE');
    refused({ pem: '-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n' }, 'LAB_ERR_CERT_PARSE');
  });

  it('refuses a damaged certificate, naming which one', () => {
    const [leaf = '', intermediate = ''] = pki.server.cert.split(/(?<=-----END CERTIFICATE-----\n)/);
    const lines = intermediate.split('\n');
    const damaged = [...lines.slice(0, 3), ...lines.slice(5)].join('\n');
    const error = refused({ pem: leaf + damaged }, 'LAB_ERR_CERT_PARSE');
    assert.match(error.text.en, /Certificate 2 of the text does not decode/);
  });

  it('refuses an oversized paste', () => {
    const error = refused({ pem: pki.server.cert + ' '.repeat(MAX_CERTIFICATE_BYTES) }, 'LAB_ERR_CERT_TOO_LARGE');
    assert.match(error.text.en, new RegExp(`${MAX_CERTIFICATE_BYTES / 1024} KiB`));
  });

  it('says so when a private key is pasted in the certificate field, in any of its forms', () => {
    for (const key of [pki.server.key, traditional(pki.server.key, 'ec'), rsa.key, traditional(rsa.key, 'rsa')]) {
      const error = refused({ pem: key }, 'LAB_ERR_CERT_PARSE');
      assert.match(
        error.text.en,
        /^That is a private key \(-----BEGIN (RSA |EC )?PRIVATE KEY-----\), not a certificate/,
      );
      assert.match(error.text['zh-Hans'], /这是一把私钥/);
      const body = key.split('\n')[1] ?? '';
      assert.ok(!error.text.en.includes(body.slice(0, 16)), 'the key is not quoted');
    }
  });

  it('says so when a CSR or a public key is pasted', () => {
    const key = join(dir, 'csr.key');
    writeFileSync(key, pki.server.key);
    const csr = execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=x'], { encoding: 'utf8' });
    assert.match(refused({ pem: csr }, 'LAB_ERR_CERT_PARSE').text.en, /certificate signing request/);
    const publicKey = execFileSync('openssl', ['pkey', '-pubout'], { input: pki.server.key, encoding: 'utf8' });
    assert.match(refused({ pem: publicKey }, 'LAB_ERR_CERT_PARSE').text.en, /bare public key/);
  });

  it("refuses a key that is not the certificate's, RSA or EC", () => {
    refused({ pem: pki.server.cert, key: pki.failures.expired.key }, 'LAB_ERR_KEY_MISMATCH');
    refused({ pem: pki.server.cert, key: rsa.key }, 'LAB_ERR_KEY_MISMATCH');
    refused({ pem: rsa.cert, key: pki.server.key }, 'LAB_ERR_KEY_MISMATCH');
  });

  it('refuses a key field that holds no readable key: a certificate, garbage, an encrypted key', () => {
    assert.match(
      refused({ pem: pki.server.cert, key: pki.server.cert }, 'LAB_ERR_KEY_PARSE').text.en,
      /holds a certificate/,
    );
    refused({ pem: pki.server.cert, key: 'not a key' }, 'LAB_ERR_KEY_PARSE');
    refused(
      { pem: pki.server.cert, key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' },
      'LAB_ERR_KEY_PARSE',
    );
    const encrypted = execFileSync('openssl', ['pkey', '-aes256', '-passout', 'pass:secret'], {
      input: pki.server.key,
      encoding: 'utf8',
    });
    assert.match(refused({ pem: pki.server.cert, key: encrypted }, 'LAB_ERR_KEY_PARSE').text.en, /passphrase/);
    const legacy = execFileSync('openssl', ['ec', '-aes256', '-passout', 'pass:secret'], {
      input: pki.server.key,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    assert.match(legacy, /Proc-Type: 4,ENCRYPTED/);
    assert.match(refused({ pem: pki.server.cert, key: legacy }, 'LAB_ERR_KEY_PARSE').text.en, /passphrase/);
  });

  it('accepts the right key, RSA and EC, in PKCS#8 and in the traditional forms', () => {
    for (const key of [pki.server.key, traditional(pki.server.key, 'ec')]) {
      assert.equal(inspect({ pem: pki.server.cert, key, host: 'localhost' }).trusted, true);
    }
    for (const key of [rsa.key, traditional(rsa.key, 'rsa')]) {
      const report = inspect({ pem: rsa.cert, key });
      assert.equal(report.certificates[0]?.publicKey.algorithm, 'RSA');
      assert.equal(report.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    }
  });

  it('reads a chain pasted whole, text around it and all, and reports it in the page language', () => {
    const pasted = `subject=CN=socketlab good server\n${pki.server.cert}\nand the root:\n${pki.rootPem}`;
    const report = inspect({ pem: pasted, host: 'localhost' }, 'zh-Hans');
    assert.equal(report.sent, 3);
    assert.equal(report.certificates.length, 3);
    assert.equal(report.trusted, true);
    assert.match(report.steps.find((step) => step.kind === 'chain')?.detail ?? '', /到达受信任的根证书/);
    const failing = inspect({ pem: pki.failures['incomplete-chain'].cert });
    assert.equal(failing.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.match(failing.advice ?? '', /intermediate/);
    assert.equal(inspect({ pem: pki.failures['wrong-host'].cert }).trusted, true, 'no host: the name is not judged');
    assert.equal(
      inspect({ pem: pki.failures['wrong-host'].cert, host: 'localhost' }).code,
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );
  });

  it('judges a client certificate for clientAuth', () => {
    const { cert } = makeSelfSigned(dir, {
      key: 'ec',
      subject: '/CN=student',
      extensions: ['extendedKeyUsage=clientAuth'],
    });
    const report = inspect({ pem: cert });
    assert.equal(report.steps.find((step) => step.kind === 'purpose')?.state, 'passed');
    assert.match(report.steps.find((step) => step.kind === 'purpose')?.detail ?? '', /TLS client/);
  });
});
