import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InstructorToken } from './instructor-token';
import { sha256Hex } from './secrets';
import { SETTING } from './settings';
import { MemorySettings } from './testing/memory-settings';

describe('instructor token', () => {
  it('keeps only the SHA-256 of a 256-bit token', async () => {
    const settings = new MemorySettings();
    const { token } = await InstructorToken.issue(settings);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const kept = [...settings.values.values()];
    assert.ok(!kept.some((value) => value.includes(token)), 'the token itself is stored nowhere');
    assert.equal(settings.values.get(SETTING.instructorToken), sha256Hex(token));
  });

  it('is spent by its first use', async () => {
    const settings = new MemorySettings();
    const { token, holder } = await InstructorToken.issue(settings);
    assert.equal(await holder.spend('wrong'), false);
    assert.equal(await holder.spend(token), true);
    assert.equal(await holder.spend(token), false);
    // A holder made after a restart reads the same store: still spent.
    assert.equal(await InstructorToken.kept(settings).spend(token), false);
  });

  it('lets only one of two logins at the same moment spend it', async () => {
    const settings = new MemorySettings();
    const { token, holder } = await InstructorToken.issue(settings);
    const results = await Promise.all([holder.spend(token), holder.spend(token), holder.spend(token)]);
    assert.deepEqual(results.filter(Boolean).length, 1);
  });

  it('is replaced by the next start’s token', async () => {
    const settings = new MemorySettings();
    const first = await InstructorToken.issue(settings);
    const second = await InstructorToken.issue(settings);
    assert.notEqual(first.token, second.token);
    assert.equal(await second.holder.spend(first.token), false);
    assert.equal(await second.holder.spend(second.token), true);
  });

  it('refuses everything when none was issued, the empty string included', async () => {
    const holder = InstructorToken.kept(new MemorySettings());
    assert.equal(await holder.spend(''), false);
    assert.equal(await holder.spend('x'), false);
  });
});
