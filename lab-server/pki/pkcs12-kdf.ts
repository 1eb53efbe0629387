/**
 * The PKCS#12 key derivation of RFC 7292 appendix B.2, which the MAC of a PKCS#12 file still uses (PBES2 with
 * PBKDF2 protects the key bag; only the integrity key comes from this older function). Node has no binding for
 * it, so it is written out here step by step, as the appendix numbers them, and tested against OpenSSL's own.
 */

import { createHash } from 'node:crypto';

/** RFC 7292 B.3: ID 1 derives an encryption key, 2 an IV, 3 a MAC key. */
export const PKCS12_MAC_KEY_ID = 3;

const BLOCK_BYTES: Readonly<Record<string, { readonly u: number; readonly v: number }>> = {
  sha1: { u: 20, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

/** RFC 7292 B.1: the password as a BMPString (UTF-16 big-endian) with two zero bytes after it. */
export function pkcs12Password(password: string): Uint8Array {
  const bytes = new Uint8Array(password.length * 2 + 2);
  for (let index = 0; index < password.length; index += 1) {
    const unit = password.charCodeAt(index);
    bytes[index * 2] = unit >> 8;
    bytes[index * 2 + 1] = unit & 0xff;
  }
  return bytes;
}

export function pkcs12Kdf(options: {
  readonly hash: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** The BMPString form, from `pkcs12Password`. */
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  readonly id: number;
  readonly iterations: number;
  readonly length: number;
}): Uint8Array {
  const { hash, password, salt, iterations, length } = options;
  const sizes = BLOCK_BYTES[hash];
  if (sizes === undefined) throw new Error(`no PKCS#12 KDF block size for ${hash}`);
  const { u, v } = sizes;
  // 1. D: v bytes, each the ID.
  const d = new Uint8Array(v).fill(options.id);
  // 2–4. I = S || P, the salt and the password each repeated to a whole number of v-byte blocks.
  const s = repeatToBlocks(salt, v);
  const p = repeatToBlocks(password, v);
  const i = new Uint8Array(s.length + p.length);
  i.set(s);
  i.set(p, s.length);
  // 5. c = ceil(n / u) rounds.
  const rounds = Math.ceil(length / u);
  const out = new Uint8Array(rounds * u);
  for (let round = 0; round < rounds; round += 1) {
    // 6a. A_i = H^r(D || I).
    let a: Uint8Array = createHash(hash).update(d).update(i).digest();
    for (let r = 1; r < iterations; r += 1) a = createHash(hash).update(a).digest();
    out.set(a, round * u);
    if (round === rounds - 1) break;
    // 6b. B: A_i repeated to v bytes. 6c. each v-byte block I_j of I becomes (I_j + B + 1) mod 2^(8v).
    const b = repeatToLength(a, v);
    for (let offset = 0; offset < i.length; offset += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k -= 1) {
        const sum = (i[offset + k] ?? 0) + (b[k] ?? 0) + carry;
        i[offset + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  // 8. The first n bytes of A_1 || … || A_c.
  return out.slice(0, length);
}

/** v * ceil(len / v) bytes of `bytes` repeated; empty stays empty (RFC 7292 B.2 steps 2 and 3). */
function repeatToBlocks(bytes: Uint8Array, v: number): Uint8Array {
  return repeatToLength(bytes, v * Math.ceil(bytes.length / v));
}

function repeatToLength(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let index = 0; index < length; index += 1) out[index] = bytes[index % bytes.length] ?? 0;
  return out;
}
