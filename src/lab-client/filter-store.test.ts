/** Tests of the display filter store: per lab, cleared when empty, safe with missing or throwing storage. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterKey, loadFilter, MAX_FILTER_CHARS, saveFilter } from './filter-store';
import { memoryStorage } from './testing/memory-storage';
import { throwingStorage as throwing } from './testing/throwing-storage';

describe('filter store', () => {
  it('keeps a filter per lab, and forgets an empty one', () => {
    const storage = memoryStorage();
    saveFilter(storage, 'tcp-echo', 'tcp.len > 0');
    assert.equal(loadFilter(storage, 'tcp-echo'), 'tcp.len > 0');
    assert.equal(loadFilter(storage, 'tcp-handshake'), '');
    saveFilter(storage, 'tcp-echo', '  ');
    assert.equal(storage.getItem(filterKey('tcp-echo')), null);
  });

  it('ignores an entry longer than a filter', () => {
    const storage = memoryStorage();
    storage.setItem(filterKey('tcp-echo'), 'x'.repeat(MAX_FILTER_CHARS + 1));
    assert.equal(loadFilter(storage, 'tcp-echo'), '');
  });

  it('works without storage, or with storage that throws', () => {
    assert.equal(loadFilter(undefined, 'tcp-echo'), '');
    assert.equal(loadFilter(throwing, 'tcp-echo'), '');
    assert.doesNotThrow(() => saveFilter(throwing, 'tcp-echo', 'tcp'));
    assert.doesNotThrow(() => saveFilter(undefined, 'tcp-echo', 'tcp'));
  });
});
