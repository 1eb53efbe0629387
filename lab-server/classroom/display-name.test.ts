import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_NAME_LENGTH, nameKey, parseDisplayName } from './display-name';

describe('display names', () => {
  it('are trimmed NFC text of 1 to 40 characters, Chinese counted per character', () => {
    assert.equal(parseDisplayName('  Ada Lovelace '), 'Ada Lovelace');
    assert.equal(parseDisplayName('cafe\u0301'), 'caf\u00e9');
    assert.equal(parseDisplayName('王小明'), '王小明');
    assert.equal(parseDisplayName('张'.repeat(MAX_NAME_LENGTH)), '张'.repeat(MAX_NAME_LENGTH));
    assert.equal(parseDisplayName('张'.repeat(MAX_NAME_LENGTH + 1)), undefined);
    assert.equal(parseDisplayName('😀'.repeat(MAX_NAME_LENGTH)), '😀'.repeat(MAX_NAME_LENGTH));
    assert.equal(parseDisplayName(''), undefined);
    assert.equal(parseDisplayName('   '), undefined);
    assert.equal(parseDisplayName('\u3000'), undefined, 'an ideographic space alone');
  });

  it('stay markup as typed: text, never HTML', () => {
    assert.equal(parseDisplayName('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
    assert.equal(parseDisplayName('Tom & "Jerry"'), 'Tom & "Jerry"');
  });

  it('refuse control characters, and the invisible ones that fake or reverse a name', () => {
    for (const trick of [
      'Ada\u0000',
      'Ada\nBob',
      'A\tda',
      'Ad\u200ba', // zero-width space
      'Ad\u200da', // zero-width joiner
      '\u202eadA', // right-to-left override: reads "Ada" backwards
      'Ada\u2066x\u2069', // left-to-right isolate
      '\u061cAda', // Arabic letter mark
      'Ad\ufeffa', // byte order mark (a zero-width no-break space)
      'Ada\u2028Bob', // line separator
      'Ada\u00ad', // soft hyphen
      'Ada\ue000', // private use
    ]) {
      assert.equal(parseDisplayName(trick), undefined, JSON.stringify(trick));
    }
    // Right-to-left scripts themselves are names like any other.
    assert.equal(parseDisplayName('محمد'), 'محمد');
  });

  it('refuse what is not a string', () => {
    for (const value of [undefined, null, 42, ['Ada'], { name: 'Ada' }])
      assert.equal(parseDisplayName(value), undefined);
    assert.equal(parseDisplayName('a'.repeat(100_000)), undefined);
  });

  it('compare without regard to case, full width or runs of spaces', () => {
    assert.equal(nameKey('Ada  Lovelace'), nameKey('ada lovelace'));
    assert.equal(nameKey('ＡＤＡ'), nameKey('ada'));
    assert.notEqual(nameKey('Ada'), nameKey('Adb'));
  });
});
