/**
 * A `KeyValueStorage` in memory for the page's tests (resume tickets, the dock's layout), with its map exposed
 * so a test can see what was stored or damage it on purpose.
 */

import type { KeyValueStorage } from '../resume-store';

export function memoryStorage(): KeyValueStorage & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}
