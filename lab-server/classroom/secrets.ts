/**
 * The classroom's secrets at their smallest: random values to hand out (tokens, ids, the cookie key) and the
 * one way they are compared, in constant time over digests, so neither a comparison's timing nor a stored
 * value tells a guesser how close they came.
 */

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `bytes` random bytes as base64url: 32 bytes (256 bits) for anything that proves who someone is. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 of a secret, hex. Enough for tokens of 256 random bits, which no dictionary holds; a password a person
 * chose gets scrypt instead (instructor-password.ts).
 */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Whether two strings are equal, in time that depends on neither: both are hashed first, so their lengths differ
 * in nothing `timingSafeEqual` sees.
 */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
