import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomSecret } from './secrets';
import { SETTING } from './settings';
import { CookieSigner } from './signed-cookie';
import { MemorySettings } from './testing/memory-settings';

const NOW = 1_750_000_000_000;

describe('signed cookies', () => {
  const signer = new CookieSigner(randomSecret());

  it('give back the value they were signed with until they expire', () => {
    const signed = signer.sign('student', 'stu_abc', NOW + 1000);
    assert.equal(signer.verify('student', signed, NOW), 'stu_abc');
    assert.equal(signer.verify('student', signed, NOW + 999), 'stu_abc');
    assert.equal(signer.verify('student', signed, NOW + 1000), undefined, 'expired');
  });

  it('refuse a changed value, expiry or MAC', () => {
    const signed = signer.sign('student', 'stu_abc', NOW + 1000);
    const [value, expiry, mac] = signed.split('.') as [string, string, string];
    assert.equal(signer.verify('student', `stu_abd.${expiry}.${mac}`, NOW), undefined);
    const later = (Number.parseInt(expiry, 36) + 10 ** 9).toString(36);
    assert.equal(signer.verify('student', `${value}.${later}.${mac}`, NOW), undefined);
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    assert.equal(signer.verify('student', `${value}.${expiry}.${flipped}`, NOW), undefined);
  });

  it('refuse a cookie of another secret, or signed under another name', () => {
    const signed = signer.sign('student', 'stu_abc', NOW + 1000);
    assert.equal(new CookieSigner(randomSecret()).verify('student', signed, NOW), undefined);
    assert.equal(signer.verify('instructor', signed, NOW), undefined);
  });

  it('refuse what is not a signed cookie at all', () => {
    for (const junk of ['', '.', 'a.b.c', 'x'.repeat(5000), 'stu abc.1.2', `<script>.1.${'a'.repeat(43)}`]) {
      assert.equal(signer.verify('student', junk, NOW), undefined, junk.slice(0, 20));
    }
  });

  it('keep their key in the settings, so a restart verifies yesterday’s cookies', async () => {
    const settings = new MemorySettings();
    const first = await CookieSigner.load(settings);
    const signed = first.sign('student', 'stu_abc', NOW + 1000);
    assert.match(settings.values.get(SETTING.cookieKey) ?? '', /^[A-Za-z0-9_-]{43}$/);
    const second = await CookieSigner.load(settings);
    assert.equal(second.verify('student', signed, NOW), 'stu_abc');
  });
});
