/**
 * The instructor's password, when the lab server is started with INSTRUCTOR_PASSWORD: a password outlives a
 * restart and can be typed on another machine, where a one-time token cannot. Only its scrypt hash (RFC 7914,
 * with a random salt) is held in memory once the server has started, and a candidate is compared in constant
 * time against it, so a memory dump or a timing measurement gives a guesser no shortcut; scrypt's cost also
 * slows each guess the login limiter lets through.
 */

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** RFC 7914 §2 parameters: N = 2^14, r = 8, p = 1 (16 MiB, some tens of milliseconds here), a 32-byte key. */
const KEY_BYTES = 32;
const PARAMETERS = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export class InstructorPassword {
  readonly #salt: Buffer;
  readonly #hash: Buffer;

  private constructor(salt: Buffer, hash: Buffer) {
    this.#salt = salt;
    this.#hash = hash;
  }

  static async from(password: string): Promise<InstructorPassword> {
    const salt = randomBytes(16);
    return new InstructorPassword(salt, await derive(password, salt));
  }

  async matches(candidate: string): Promise<boolean> {
    return timingSafeEqual(await derive(candidate, this.#salt), this.#hash);
  }
}

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, PARAMETERS, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}
