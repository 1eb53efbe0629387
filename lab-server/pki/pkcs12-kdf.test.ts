/**
 * The PKCS#12 KDF against OpenSSL's own (`openssl kdf PKCS12KDF`, given the same BMPString password bytes), for
 * every hash, for one round and several (a key longer than the hash takes steps 6b–6c), for one iteration and
 * thousands, and for an empty password; plus the classic vector OpenSSL's test suite has carried since
 * the 1990s ("smeg", ID 1, SHA-1).
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { pkcs12Kdf, pkcs12Password } from './pkcs12-kdf';

function opensslKdf(options: {
  hash: string;
  password: Uint8Array;
  salt: Uint8Array;
  id: number;
  iterations: number;
  length: number;
}): string {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const result = spawnSync(
    'openssl',
    [
      'kdf',
      '-keylen',
      String(options.length),
      '-kdfopt',
      `digest:${options.hash.toUpperCase()}`,
      '-kdfopt',
      `hexpass:${hex(options.password)}`,
      '-kdfopt',
      `hexsalt:${hex(options.salt)}`,
      '-kdfopt',
      `iter:${options.iterations}`,
      '-kdfopt',
      `id:${options.id}`,
      'PKCS12KDF',
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().replace(/:/g, '').toLowerCase();
}

describe('the PKCS#12 key derivation (RFC 7292 appendix B)', () => {
  it('gives the classic vector: "smeg", salt 0A58CF64530D823F, ID 1, SHA-1, one iteration, 24 bytes', () => {
    const key = pkcs12Kdf({
      hash: 'sha1',
      password: pkcs12Password('smeg'),
      salt: Buffer.from('0A58CF64530D823F', 'hex'),
      id: 1,
      iterations: 1,
      length: 24,
    });
    assert.equal(Buffer.from(key).toString('hex'), '8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3');
  });

  it('writes the password as a BMPString with two zero bytes after it', () => {
    assert.deepEqual([...pkcs12Password('ab')], [0, 0x61, 0, 0x62, 0, 0]);
    assert.deepEqual([...pkcs12Password('密')], [0x5b, 0xc6, 0, 0]);
    assert.deepEqual([...pkcs12Password('')], [0, 0]);
  });

  for (const hash of ['sha1', 'sha256', 'sha384', 'sha512'] as const) {
    it(`agrees with openssl kdf PKCS12KDF for ${hash}`, () => {
      const cases = [
        { password: 'socketlab', salt: '00112233445566778899aabbccddeeff', id: 3, iterations: 2048, length: 32 },
        { password: '', salt: '01', id: 1, iterations: 1, length: 3 },
        // Longer than one hash output: several rounds, with I updated between them.
        { password: '班级证书密码', salt: 'ff'.repeat(70), id: 2, iterations: 3, length: 150 },
        { password: 'x'.repeat(100), salt: 'a5'.repeat(8), id: 1, iterations: 10, length: 64 },
      ];
      for (const { password, salt, id, iterations, length } of cases) {
        const options = {
          hash,
          password: pkcs12Password(password),
          salt: Buffer.from(salt, 'hex'),
          id,
          iterations,
          length,
        };
        assert.equal(Buffer.from(pkcs12Kdf(options)).toString('hex'), opensslKdf(options), `${password} ${id}`);
      }
    });
  }
});
