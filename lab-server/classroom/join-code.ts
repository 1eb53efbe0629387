/**
 * The class's join code: six characters a student reads off a projector and types, from an alphabet without
 * the look-alikes 0/O, 1/I/L, so that nobody types a letter for a digit. Case, spaces and dashes do not
 * matter. The code and whether joining is open are kept in the store, so a restart during a lesson keeps the
 * code on the board valid; the instructor can make a new one (a code that leaked outside the room) or close
 * joining (everyone is in).
 */

import { randomInt } from 'node:crypto';
import { sameSecret } from './secrets';
import { type ClassroomSettings, SETTING } from './settings';

/** 31 symbols: 31^6 ≈ 8.9·10^8 codes, against a limiter that lets an address try a few a minute. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 6;

export function makeJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** What a student typed, as the code it means: upper case, without spaces or dashes; bounded in length. */
export function normalizeJoinCode(input: string): string {
  return input.slice(0, 64).replace(/[\s-]/g, '').toUpperCase();
}

export class JoinCodes {
  readonly #settings: ClassroomSettings;
  #code: string;
  #open: boolean;

  private constructor(settings: ClassroomSettings, code: string, open: boolean) {
    this.#settings = settings;
    this.#code = code;
    this.#open = open;
  }

  /** The kept code and state, or a new code, open, on a classroom's first start. */
  static async load(settings: ClassroomSettings): Promise<JoinCodes> {
    let code = await settings.setting(SETTING.joinCode);
    if (code === undefined || code === '') {
      code = makeJoinCode();
      await settings.setSetting(SETTING.joinCode, code);
    }
    const open = (await settings.setting(SETTING.joinOpen)) !== '0';
    return new JoinCodes(settings, code, open);
  }

  get code(): string {
    return this.#code;
  }

  get open(): boolean {
    return this.#open;
  }

  matches(input: string): boolean {
    return sameSecret(normalizeJoinCode(input), this.#code);
  }

  /** A new code; the old one stops working at once. Resolves once the new one is durable. */
  async renew(): Promise<string> {
    const code = makeJoinCode();
    await this.#settings.setSetting(SETTING.joinCode, code);
    this.#code = code;
    return code;
  }

  async setOpen(open: boolean): Promise<void> {
    await this.#settings.setSetting(SETTING.joinOpen, open ? '1' : '0');
    this.#open = open;
  }
}
