/**
 * A `KeyValueStorage` whose every call throws, as the browser's does in a sandboxed iframe or when the quota is
 * full: for tests that what the page keeps in storage is a convenience it works without.
 */

import type { KeyValueStorage } from '../resume-store';

export const throwingStorage: KeyValueStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
};
