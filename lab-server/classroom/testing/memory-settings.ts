/**
 * The classroom's settings in a Map, for the unit tests of modules that keep one value each (join code, cookie
 * key, token hash); the routes' tests use a real SQLite store.
 */

import type { ClassroomSettings } from '../settings';

export class MemorySettings implements ClassroomSettings {
  readonly values = new Map<string, string>();

  async setting(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
}
