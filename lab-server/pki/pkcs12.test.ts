/**
 * A client's PKCS#12 as the tools read it: `openssl pkcs12 -info` checks its MAC with the password (and refuses
 * a wrong one), finds the certificate, the intermediate and the PBES2/AES-256-CBC key bag, and decrypts a key
 * that is the certificate's; Node's TLS loads it as `pfx`. A password in Chinese works too, as OpenSSL reads
 * one typed in a UTF-8 terminal.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSecureContext } from 'node:tls';
import { loadOrCreateClassPki } from './class-pki';
import type { ClientCredentials } from './pki';

let work: string;
let client: ClientCredentials;

function pkcs12Info(file: string, password: string, extra: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync('openssl', ['pkcs12', '-info', '-in', file, '-passin', `pass:${password}`, ...extra], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'socketlab-p12-'));
  const pki = await loadOrCreateClassPki({ dir: path.join(work, 'pki'), names: ['localhost'] });
  client = await pki.issueClient('p12 student');
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('PKCS#12 for a client', () => {
  it('is read by openssl pkcs12 -nokeys: SHA-256 MAC, two certificates, a PBES2 key bag', async () => {
    const file = path.join(work, 'client.p12');
    writeFileSync(file, await client.pkcs12('s3cret'));
    const info = pkcs12Info(file, 's3cret', ['-nokeys']);
    assert.ok(info.ok, info.output);
    assert.match(info.output, /MAC: sha256, Iteration 2048/);
    assert.match(info.output, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    assert.match(info.output, /subject=O = socketlab, CN = p12 student/);
    assert.match(info.output, /subject=O = socketlab, CN = socketlab class intermediate CA/);
    assert.match(info.output, /friendlyName: p12 student/);
    const wrong = pkcs12Info(file, 'wrong', ['-nokeys']);
    assert.equal(wrong.ok, false);
    assert.match(wrong.output, /Mac verify error: invalid password\?/);
  });

  it("holds the certificate's own key, which openssl decrypts with the password", async () => {
    const file = path.join(work, 'key.p12');
    writeFileSync(file, await client.pkcs12('s3cret'));
    const info = pkcs12Info(file, 's3cret', ['-nocerts', '-nodes']);
    assert.ok(info.ok, info.output);
    const keyPem = /-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----/.exec(info.output)?.[0] ?? '';
    const fromP12 = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
    const certificate = new X509Certificate(client.cert);
    assert.ok(fromP12.equals(certificate.publicKey.export({ type: 'spki', format: 'der' })));
  });

  it('loads into Node as pfx with its password, and not with another', async () => {
    const pfx = Buffer.from(await client.pkcs12('s3cret'));
    createSecureContext({ pfx, passphrase: 's3cret' });
    assert.throws(() => createSecureContext({ pfx, passphrase: 'other' }), /mac verify failure/i);
  });

  it('takes a password in Chinese', async () => {
    const file = path.join(work, 'zh.p12');
    writeFileSync(file, await client.pkcs12('证书密码'));
    assert.ok(pkcs12Info(file, '证书密码', ['-nokeys']).ok);
    createSecureContext({ pfx: Buffer.from(await client.pkcs12('证书密码')), passphrase: '证书密码' });
  });
});
