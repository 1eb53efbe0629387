/**
 * The class PKI, judged by OpenSSL itself: the chain validates with `openssl verify` and with Node's X509
 * checks; each failure certificate fails for exactly its reason (the error OpenSSL names, and it passes once
 * that one reason is taken away); the CRL lists the revoked one; OCSP answers good and revoked to `openssl
 * ocsp`, and a request OpenSSL wrote is read; the root survives a restart and a corrupt file says which it is.
 * Real files in a temporary directory, removed at the end.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PkiStoreError } from './authority-store';
import { loadOrCreateClassPki } from './class-pki';
import { type ClassPki, FAILURE_CERTIFICATES, type FailureCertificate, PkiInputError } from './pki';

const NAMES = ['localhost', '127.0.0.1', '::1'];
const DAY_MS = 24 * 60 * 60 * 1000;

let work: string;
let pki: ClassPki;
let root: string;
let intermediate: string;

/** Writes `text` to a file in the work directory and returns its path. */
function file(name: string, text: string | Uint8Array): string {
  const target = path.join(work, name);
  writeFileSync(target, text);
  return target;
}

/** The PEM blocks of a chain, leaf first. */
function blocks(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n?/g) ?? [];
}

function openssl(args: readonly string[]): { readonly ok: boolean; readonly output: string } {
  const result = spawnSync('openssl', args, { encoding: 'utf8', timeout: 30_000 });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** `openssl verify` of a leaf against the class root, the certificates sent after it as untrusted ones. */
function verify(chainPem: string, extra: readonly string[] = [], ca = root): { ok: boolean; output: string } {
  const [leaf, ...rest] = blocks(chainPem);
  const name = `leaf-${Math.random().toString(36).slice(2)}`;
  const args = ['verify', '-CAfile', ca, ...extra];
  if (rest.length > 0) args.push('-untrusted', file(`${name}-chain.pem`, rest.join('')));
  return openssl([...args, file(`${name}.pem`, leaf ?? '')]);
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'socketlab-pki-'));
  pki = await loadOrCreateClassPki({
    dir: path.join(work, 'pki'),
    names: NAMES,
    ocspUrl: 'http://127.0.0.1:8080/pki/ocsp',
    crlUrl: 'http://127.0.0.1:8080/pki/crl.der',
  });
  root = file('root.pem', pki.rootPem);
  intermediate = file('intermediate.pem', pki.intermediatePem);
});

after(() => rmSync(work, { recursive: true, force: true }));

describe('the class chain', () => {
  it('validates with openssl verify for both server keys, for every name and address', () => {
    for (const key of ['ecdsa', 'rsa'] as const) {
      const chain = pki.server(key).cert;
      assert.equal(blocks(chain).length, 2, 'leaf and intermediate');
      for (const check of [
        ['-x509_strict', '-purpose', 'sslserver'],
        ['-verify_hostname', 'localhost'],
        ['-verify_ip', '127.0.0.1'],
        ['-verify_ip', '::1'],
        ['-auth_level', '2'],
      ]) {
        const result = verify(chain, check);
        assert.ok(result.ok, `${key} ${check.join(' ')}: ${result.output}`);
      }
    }
  });

  it('holds what each certificate is for: CA flags, key types, key usages', () => {
    const rootCertificate = new X509Certificate(pki.rootPem);
    const intermediateCertificate = new X509Certificate(pki.intermediatePem);
    const ecdsa = new X509Certificate(blocks(pki.server('ecdsa').cert)[0] ?? '');
    const rsa = new X509Certificate(blocks(pki.server('rsa').cert)[0] ?? '');
    assert.ok(rootCertificate.ca && intermediateCertificate.ca && !ecdsa.ca && !rsa.ca);
    assert.ok(rootCertificate.verify(rootCertificate.publicKey));
    assert.ok(intermediateCertificate.verify(rootCertificate.publicKey));
    assert.ok(ecdsa.verify(intermediateCertificate.publicKey) && rsa.verify(intermediateCertificate.publicKey));
    assert.ok(ecdsa.checkIssued(intermediateCertificate) && intermediateCertificate.checkIssued(rootCertificate));
    assert.equal(rootCertificate.subject, 'O=socketlab\nCN=socketlab class root CA');
    assert.equal(intermediateCertificate.subject, 'O=socketlab\nCN=socketlab class intermediate CA');
    assert.equal(ecdsa.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(rsa.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(ecdsa.checkHost('localhost'), 'localhost');
    assert.equal(ecdsa.checkIP('::1'), '::1');
    assert.equal(new Date(rootCertificate.validTo).getFullYear() - new Date().getFullYear() >= 9, true);
    const text = (pem: string) => openssl(['x509', '-noout', '-text', '-in', file('text.pem', pem)]).output;
    assert.match(text(pki.rootPem), /CA:TRUE\n/);
    assert.match(text(pki.rootPem), /Certificate Sign, CRL Sign/);
    assert.match(text(pki.intermediatePem), /CA:TRUE, pathlen:0/);
    assert.match(text(pki.server('rsa').cert), /Digital Signature, Key Encipherment/);
    assert.match(text(pki.server('ecdsa').cert), /Key Usage: critical\n\s+Digital Signature\n/);
    assert.match(text(pki.server('ecdsa').cert), /TLS Web Server Authentication/);
    assert.match(text(pki.server('ecdsa').cert), /OCSP - URI:http:\/\/127\.0\.0\.1:8080\/pki\/ocsp/);
    assert.match(text(pki.server('ecdsa').cert), /URI:http:\/\/127\.0\.0\.1:8080\/pki\/crl\.der/);
    // 16 random bytes, positive: 32 hex digits, the first below 8.
    assert.match(ecdsa.serialNumber.toLowerCase(), /^[0-7][0-9a-f]{31}$/);
  });

  it('writes neither AIA nor CRL distribution points when no URL is given', async () => {
    const bare = await loadOrCreateClassPki({ dir: path.join(work, 'bare'), names: ['localhost'] });
    const text = openssl(['x509', '-noout', '-text', '-in', file('bare.pem', bare.server('ecdsa').cert)]).output;
    assert.doesNotMatch(text, /Authority Information Access|CRL Distribution/);
  });
});

/** Each failure: the check it fails and OpenSSL's words for it, and the same check once that reason is gone. */
const FAILURES: Readonly<
  Record<
    FailureCertificate,
    {
      readonly fails: () => { args: readonly string[]; ca?: string };
      readonly error: RegExp;
      readonly passes: () => { args: readonly string[]; ca?: string; chain?: string };
    }
  >
> = {
  expired: {
    fails: () => ({ args: [] }),
    error: /error 10 at 0 depth lookup: certificate has expired/,
    passes: () => ({ args: ['-no_check_time'] }),
  },
  'not-yet-valid': {
    fails: () => ({ args: [] }),
    error: /error 9 at 0 depth lookup: certificate is not yet valid/,
    passes: () => ({ args: ['-no_check_time'] }),
  },
  'wrong-host': {
    fails: () => ({ args: ['-verify_hostname', 'localhost'] }),
    error: /error 62 at 0 depth lookup: hostname mismatch/,
    passes: () => ({ args: ['-verify_hostname', 'wrong.host.socketlab.invalid'] }),
  },
  'self-signed': {
    fails: () => ({ args: [] }),
    error: /error 18 at 0 depth lookup: self-signed certificate/,
    passes: () => ({ args: ['-verify_hostname', 'localhost'], ca: file('self.pem', pki.failure('self-signed').cert) }),
  },
  'untrusted-root': {
    fails: () => ({ args: [] }),
    error: /error 20 at 1 depth lookup: unable to get local issuer certificate/,
    passes: () => ({ args: ['-verify_hostname', 'localhost'], ca: file('untrusted.pem', pki.untrustedRootPem) }),
  },
  'incomplete-chain': {
    fails: () => ({ args: [] }),
    error: /error 20 at 0 depth lookup: unable to get local issuer certificate/,
    passes: () => ({ args: [], chain: `${pki.failure('incomplete-chain').cert}${pki.intermediatePem}` }),
  },
  revoked: {
    fails: () => ({ args: ['-crl_check', '-CRLfile', crlPem()] }),
    error: /error 23 at 0 depth lookup: certificate revoked/,
    passes: () => ({ args: ['-verify_hostname', 'localhost'] }),
  },
  weak: {
    fails: () => ({ args: ['-auth_level', '2'] }),
    error: /error 66 at 0 depth lookup: EE certificate key too weak/,
    passes: () => ({ args: ['-verify_hostname', 'localhost'] }),
  },
};

/** What `openssl ocsp` reads in a response about `leaf`, its signature checked up to the class root. */
function readOcsp(response: string, leaf: string, digest: readonly string[] = []): { ok: boolean; output: string } {
  // -no_nonce: else openssl compares the response's nonce with one of a request it never sent.
  const args = ['-respin', response, '-CAfile', root, '-issuer', intermediate, ...digest, '-cert', leaf];
  return openssl(['ocsp', '-no_nonce', ...args, '-resp_text']);
}

function crlPem(): string {
  const der = file('crl.der', pki.crl());
  const pem = path.join(work, 'crl.pem');
  assert.ok(openssl(['crl', '-inform', 'DER', '-in', der, '-out', pem]).ok);
  return pem;
}

describe('the failure certificates', () => {
  for (const which of FAILURE_CERTIFICATES) {
    it(`${which} fails openssl verify for its reason alone`, () => {
      const { fails, error, passes } = FAILURES[which];
      const chain = pki.failure(which).cert;
      const failing = fails();
      const result = verify(chain, failing.args, failing.ca);
      assert.equal(result.ok, false, result.output);
      assert.match(result.output, error);
      const passing = passes();
      const fixed = verify(passing.chain ?? chain, passing.args, passing.ca);
      assert.ok(fixed.ok, `${which} with its reason taken away: ${fixed.output}`);
    });
  }

  it('sends what each failure needs: no intermediate for incomplete-chain and self-signed, the untrusted one', () => {
    assert.equal(blocks(pki.failure('incomplete-chain').cert).length, 1);
    assert.equal(blocks(pki.failure('self-signed').cert).length, 1);
    const untrusted = blocks(pki.failure('untrusted-root').cert);
    assert.equal(untrusted.length, 2);
    assert.match(new X509Certificate(untrusted[1] ?? '').subject, /socketlab untrusted intermediate CA/);
    assert.match(new X509Certificate(pki.untrustedRootPem).subject, /CN=socketlab untrusted root/);
    const wrongHost = new X509Certificate(blocks(pki.failure('wrong-host').cert)[0] ?? '');
    assert.equal(wrongHost.subjectAltName, 'DNS:wrong.host.socketlab.invalid');
    const weak = new X509Certificate(blocks(pki.failure('weak').cert)[0] ?? '');
    assert.equal(weak.publicKey.asymmetricKeyDetails?.modulusLength, 1024);
    assert.match(
      openssl(['x509', '-noout', '-text', '-in', file('weak.pem', pki.failure('weak').cert)]).output,
      /ecdsa-with-SHA1/,
    );
  });

  it('also refuses the weak one at level 1, for its SHA-1 signature', () => {
    const result = verify(pki.failure('weak').cert, ['-auth_level', '1']);
    assert.match(result.output, /error 68 at 0 depth lookup: CA signature digest algorithm too weak/);
  });
});

describe('revocation', () => {
  it("lists the revoked certificate, and only it, on the intermediate's CRL for a day", () => {
    const der = file('crl.der', pki.crl());
    const text = openssl(['crl', '-inform', 'DER', '-in', der, '-noout', '-text', '-CAfile', intermediate]);
    assert.ok(text.ok, text.output);
    assert.match(text.output, /verify OK/);
    const revokedSerial = new X509Certificate(blocks(pki.failure('revoked').cert)[0] ?? '').serialNumber;
    assert.deepEqual(
      [...text.output.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((match) => match[1]),
      [revokedSerial],
    );
    const last = Date.parse(/Last Update: (.+)/.exec(text.output)?.[1] ?? '');
    const next = Date.parse(/Next Update: (.+)/.exec(text.output)?.[1] ?? '');
    assert.equal(next - last, DAY_MS);
    assert.ok(pki.isRevoked(revokedSerial.toLowerCase()));
    assert.ok(!pki.isRevoked(new X509Certificate(blocks(pki.server('ecdsa').cert)[0] ?? '').serialNumber));
  });

  it('publishes an empty CRL of the root, signed by the root', () => {
    const der = file('root-crl.der', pki.rootCrl());
    const text = openssl(['crl', '-inform', 'DER', '-in', der, '-noout', '-text', '-CAfile', root]);
    assert.match(text.output, /verify OK/);
    assert.match(text.output, /Issuer: O = socketlab, CN = socketlab class root CA/);
    assert.match(text.output, /No Revoked Certificates/);
  });

  it('staples good for the server certificate and revoked for the revoked one, as openssl ocsp reads them', async () => {
    for (const [which, status] of [
      ['ecdsa', 'good'],
      ['rsa', 'good'],
      ['revoked', 'revoked'],
      ['expired', 'good'],
    ] as const) {
      const chain = which === 'ecdsa' || which === 'rsa' ? pki.server(which).cert : pki.failure(which).cert;
      const leaf = file(`${which}-leaf.pem`, blocks(chain)[0] ?? '');
      const result = readOcsp(file(`${which}.ocsp`, await pki.stapledResponse(which)), leaf);
      assert.match(result.output, /Response verify OK/, `${which}: ${result.output}`);
      assert.match(result.output, new RegExp(`${which}-leaf\\.pem: ${status}\\n`), result.output);
    }
    // Not the intermediate's: its responder says so rather than vouch for it.
    const unauthorized = openssl([
      'ocsp',
      '-respin',
      file('self.ocsp', await pki.stapledResponse('self-signed')),
      '-resp_text',
    ]);
    assert.match(unauthorized.output, /unauthorized/);
  });

  it("answers a request openssl ocsp wrote: good, revoked, a client's, unknown, and the nonce back", async () => {
    const client = await pki.issueClient('ocsp student');
    const cases = [
      ['server', blocks(pki.server('ecdsa').cert)[0] ?? '', 'good'],
      ['revoked', blocks(pki.failure('revoked').cert)[0] ?? '', 'revoked'],
      ['client', blocks(client.cert)[0] ?? '', 'good'],
      ['untrusted', blocks(pki.failure('untrusted-root').cert)[0] ?? '', 'unknown'],
    ] as const;
    for (const [name, pem, status] of cases) {
      const leaf = file(`${name}-ocsp-leaf.pem`, pem);
      const request = path.join(work, `${name}.req`);
      const made = openssl(['ocsp', '-issuer', intermediate, '-cert', leaf, '-reqout', request]);
      assert.ok(made.ok, made.output);
      const response = file(`${name}.resp`, await pki.ocsp(readFileSync(request)));
      const read = readOcsp(response, leaf);
      assert.match(read.output, /Response verify OK/, `${name}: ${read.output}`);
      assert.match(read.output, new RegExp(`${name}-ocsp-leaf\\.pem: ${status}\\n`), read.output);
      // Given the request it sent, openssl compares the nonces (RFC 6960 §4.4.1) and fails if they differ.
      const nonce = openssl(['ocsp', '-reqin', request, '-respin', response, '-CAfile', root, '-issuer', intermediate]);
      assert.ok(nonce.ok, nonce.output);
      assert.match(nonce.output, /Response verify OK/);
      assert.doesNotMatch(nonce.output, /Nonce Verify error|no nonce/i);
    }
  });

  it('answers a SHA-256 CertID as well as the default SHA-1 one', async () => {
    const leaf = file('sha256-leaf.pem', blocks(pki.failure('revoked').cert)[0] ?? '');
    const request = path.join(work, 'sha256.req');
    assert.ok(openssl(['ocsp', '-sha256', '-issuer', intermediate, '-cert', leaf, '-reqout', request]).ok);
    const response = file('sha256.resp', await pki.ocsp(readFileSync(request)));
    const read = readOcsp(response, leaf, ['-sha256']);
    assert.match(read.output, /sha256-leaf\.pem: revoked/, read.output);
  });

  it('refuses bytes that are not an OCSP request with a PkiInputError', async () => {
    const certificateDer = new X509Certificate(pki.rootPem).raw;
    for (const garbage of [
      new Uint8Array(0),
      new Uint8Array([0x30]),
      new Uint8Array([0x30, 0x82, 0xff, 0xff, 0x00]),
      new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'),
      new Uint8Array(certificateDer),
      new Uint8Array(4096).fill(0x30),
    ]) {
      await assert.rejects(pki.ocsp(garbage), PkiInputError);
    }
  });
});

describe('client certificates', () => {
  it('issues a clientAuth certificate for 30 days that openssl verifies, the common name as typed', async () => {
    const client = await pki.issueClient('Ana, "row 2" + co');
    const certificate = new X509Certificate(blocks(client.cert)[0] ?? '');
    // One CN attribute, as typed (Node escapes the specials when it prints a name).
    assert.equal(certificate.subject, 'O=socketlab\nCN=Ana\\, \\"row 2\\" \\+ co');
    assert.equal(client.commonName, 'Ana, "row 2" + co');
    assert.equal(client.serial, certificate.serialNumber.toLowerCase());
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const days = (Date.parse(certificate.validTo) - Date.now()) / DAY_MS;
    assert.ok(days > 29 && days <= 30, `valid for ${days} days`);
    assert.ok(verify(client.cert, ['-purpose', 'sslclient', '-x509_strict']).ok);
    assert.equal(verify(client.cert, ['-purpose', 'sslserver']).ok, false);
    assert.equal(pki.isRevoked(client.serial), false);
  });

  it('keeps a name to one printable line', async () => {
    const client = await pki.issueClient(`  evil\r\nname\u0007${'x'.repeat(100)}`);
    assert.equal(client.commonName, `evilname${'x'.repeat(56)}`);
    assert.equal((await pki.issueClient('\n')).commonName, 'socketlab student');
  });
});

describe('the PKI directory', () => {
  it('keeps the root and intermediate across restarts, with the keys readable by the owner only', async () => {
    const dir = path.join(work, 'kept');
    const first = await loadOrCreateClassPki({ dir, names: NAMES });
    const second = await loadOrCreateClassPki({ dir, names: NAMES });
    assert.equal(fingerprint(second.rootPem), fingerprint(first.rootPem));
    assert.equal(fingerprint(second.intermediatePem), fingerprint(first.intermediatePem));
    assert.notEqual(second.server('ecdsa').cert, first.server('ecdsa').cert, 'leaves are issued at each start');
    assert.deepEqual(readdirSync(dir).sort(), [
      'intermediate-ca.key',
      'intermediate-ca.pem',
      'root-ca.key',
      'root-ca.pem',
    ]);
    for (const key of ['root-ca.key', 'intermediate-ca.key']) {
      assert.equal(statSync(path.join(dir, key)).mode & 0o777, 0o600);
    }
    const renewed = await loadOrCreateClassPki({ dir, names: NAMES, renew: true });
    assert.notEqual(fingerprint(renewed.rootPem), fingerprint(first.rootPem));
    const afterRenew = await loadOrCreateClassPki({ dir, names: NAMES });
    assert.equal(fingerprint(afterRenew.rootPem), fingerprint(renewed.rootPem));
    assert.equal(readdirSync(dir).length, 4, 'no temporary files left behind');
  });

  it('makes one PKI when several start at once on a new directory, and outlives a stale lock', async () => {
    const dir = path.join(work, 'raced');
    const started = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateClassPki({ dir, names: NAMES })));
    assert.equal(new Set(started.map((each) => fingerprint(each.rootPem))).size, 1);
    const stale = path.join(work, 'stale');
    mkdirSync(stale);
    writeFileSync(path.join(stale, '.lock'), '12345');
    const old = new Date(Date.now() - 10 * 60 * 1000);
    utimesSync(path.join(stale, '.lock'), old, old);
    await loadOrCreateClassPki({ dir: stale, names: NAMES });
    assert.equal(readdirSync(stale).length, 4, 'the lock is gone afterwards');
  });

  it('names the file that is corrupt, missing or mismatched, and how to make a new PKI', async () => {
    const dir = path.join(work, 'broken');
    await loadOrCreateClassPki({ dir, names: NAMES });
    const saved = Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
    const restore = () => {
      for (const [name, bytes] of Object.entries(saved)) writeFileSync(path.join(dir, name), bytes);
    };
    const damages: readonly [string, () => void, RegExp][] = [
      [
        'root-ca.pem',
        () => writeFileSync(path.join(dir, 'root-ca.pem'), 'not a certificate'),
        /is not a PEM certificate/,
      ],
      [
        'intermediate-ca.key',
        () =>
          writeFileSync(
            path.join(dir, 'intermediate-ca.key'),
            '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
          ),
        /is not an ECDSA P-256 private key/,
      ],
      [
        'root-ca.key',
        () => writeFileSync(path.join(dir, 'root-ca.key'), saved['intermediate-ca.key'] ?? ''),
        /is not the private key of root-ca\.pem/,
      ],
      [
        'intermediate-ca.pem',
        () => writeFileSync(path.join(dir, 'intermediate-ca.pem'), pki.intermediatePem),
        /is not the private key|is not issued by the root/,
      ],
      ['intermediate-ca.key', () => rmSync(path.join(dir, 'intermediate-ca.key')), /is missing/],
    ];
    for (const [name, damage, problem] of damages) {
      restore();
      damage();
      await assert.rejects(loadOrCreateClassPki({ dir, names: NAMES }), (error: unknown) => {
        assert.ok(error instanceof PkiStoreError);
        assert.ok(error.message.includes(path.join(dir, name)) || name === 'intermediate-ca.pem', error.message);
        assert.match(error.message, problem);
        assert.match(error.message, /NEW_PKI=1/);
        return true;
      });
    }
    restore();
    await loadOrCreateClassPki({ dir, names: NAMES });
  });
});

function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
