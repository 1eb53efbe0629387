import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomSecret, sameSecret, sha256Hex } from './secrets';

describe('secrets', () => {
  it('makes 32 random bytes as 43 base64url characters, never twice the same', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const secret = randomSecret();
      assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(Buffer.from(secret, 'base64url').length, 32);
      seen.add(secret);
    }
    assert.equal(seen.size, 100);
  });

  it('compares secrets of any length, equal only when equal', () => {
    assert.equal(sameSecret('abc', 'abc'), true);
    assert.equal(sameSecret('abc', 'abd'), false);
    assert.equal(sameSecret('abc', 'abcd'), false);
    assert.equal(sameSecret('', ''), true);
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
