/**
 * The instructor's one-time login token, in the manner of Jupyter's: 256 random bits made at each start of a
 * classroom without INSTRUCTOR_PASSWORD, printed once inside the login URL, and kept only as its SHA-256 in
 * the store. The first login that presents it spends it (the stored hash is cleared), so a URL that later shows
 * up in a shell history or a screenshot opens nothing. A new start makes a new one and forgets the old, so an
 * instructor who lost theirs restarts the lab server; their browser stays signed in by its cookie meanwhile.
 */

import { randomSecret, sameSecret, sha256Hex } from './secrets';
import { type ClassroomSettings, SETTING } from './settings';

export class InstructorToken {
  readonly #settings: ClassroomSettings;
  /** Spending is read-then-clear over an async store: one spend at a time, so two logins cannot both win. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(settings: ClassroomSettings) {
    this.#settings = settings;
  }

  /** Makes a fresh token, replacing any unspent one, and returns it with its holder: the only plain copy. */
  static async issue(
    settings: ClassroomSettings,
  ): Promise<{ readonly token: string; readonly holder: InstructorToken }> {
    const token = randomSecret(32);
    await settings.setSetting(SETTING.instructorToken, sha256Hex(token));
    return { token, holder: new InstructorToken(settings) };
  }

  /** A holder of whatever token the store keeps (none, after a start with a password). */
  static kept(settings: ClassroomSettings): InstructorToken {
    return new InstructorToken(settings);
  }

  /** Whether `candidate` is the unspent token; if so it is spent before this resolves. */
  spend(candidate: string): Promise<boolean> {
    const result = this.#queue.then(async () => {
      const hash = (await this.#settings.setting(SETTING.instructorToken)) ?? '';
      // An empty hash is a spent token: compare anyway, so a spent and a wrong token take the same time.
      const matches = sameSecret(sha256Hex(candidate), hash) && hash !== '';
      if (matches) await this.#settings.setSetting(SETTING.instructorToken, '');
      return matches;
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
