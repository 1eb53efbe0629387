/** Tests of the resume ticket store, including storage that is missing or throws. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearResume, loadResume, resumeKey, saveResume } from './resume-store';
import { memoryStorage } from './testing/memory-storage';
import { throwingStorage as throwing } from './testing/throwing-storage';

describe('resume store', () => {
  it('round-trips a ticket per lab', () => {
    const storage = memoryStorage();
    saveResume(storage, 'tcp-echo', { session: 'abc_1', token: 'tok-2' });
    assert.deepEqual(loadResume(storage, 'tcp-echo'), { session: 'abc_1', token: 'tok-2' });
    assert.equal(loadResume(storage, 'udp-echo'), undefined);
    clearResume(storage, 'tcp-echo');
    assert.equal(loadResume(storage, 'tcp-echo'), undefined);
  });

  it('drops entries that are not tickets', () => {
    const storage = memoryStorage();
    for (const text of ['nonsense', 'null', '[]', '{"session":"a"}', '{"session":"a b","token":"t"}']) {
      storage.setItem(resumeKey('lab'), text);
      assert.equal(loadResume(storage, 'lab'), undefined, text);
    }
  });

  it('works without storage, or with storage that throws', () => {
    assert.equal(loadResume(undefined, 'lab'), undefined);
    assert.equal(loadResume(throwing, 'lab'), undefined);
    saveResume(throwing, 'lab', { session: 'a', token: 'b' });
    clearResume(throwing, 'lab');
  });
});
