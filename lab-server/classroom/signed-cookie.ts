/**
 * Cookie values the server can trust when they come back: `<value>.<expiry>.<HMAC-SHA256>` (RFC 2104) under a
 * key made once per classroom and kept in the store, so a restart keeps everyone signed in and a cookie from
 * another lab server's classroom means nothing here. The MAC covers the cookie's name too, so a student's
 * value can never be replayed as the instructor's, and the expiry, so a copied cookie stops working.
 */

import { createHmac } from 'node:crypto';
import { randomSecret, sameSecret } from './secrets';
import { type ClassroomSettings, SETTING } from './settings';

export class CookieSigner {
  readonly #key: Buffer;

  constructor(key: string) {
    this.#key = Buffer.from(key, 'base64url');
  }

  /** The classroom's signer, its key made on first start. */
  static async load(settings: ClassroomSettings): Promise<CookieSigner> {
    let key = await settings.setting(SETTING.cookieKey);
    if (key === undefined || key === '') {
      key = randomSecret(32);
      await settings.setSetting(SETTING.cookieKey, key);
    }
    return new CookieSigner(key);
  }

  /** `value` must be base64url-like (no `.`): ids and role names are. */
  sign(name: string, value: string, expiresAt: number): string {
    const expiry = Math.floor(expiresAt).toString(36);
    return `${value}.${expiry}.${this.#mac(name, value, expiry)}`;
  }

  /** The value, if `signed` was made by `sign` with this key and name and has not expired at `now`. */
  verify(name: string, signed: string, now: number): string | undefined {
    const match = /^([A-Za-z0-9_-]{1,64})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(signed);
    if (match === null) return undefined;
    const [, value = '', expiry = '', mac = ''] = match;
    if (!sameSecret(mac, this.#mac(name, value, expiry))) return undefined;
    return Number.parseInt(expiry, 36) > now ? value : undefined;
  }

  #mac(name: string, value: string, expiry: string): string {
    return createHmac('sha256', this.#key).update(`${name}\n${value}\n${expiry}`, 'utf8').digest('base64url');
  }
}
