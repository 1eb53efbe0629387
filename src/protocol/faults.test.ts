/**
 * The faults' settings as a student types them and as a message carries them: each kind's bounds, the units a
 * student may add, and for every bad setting (`-5`, `abc`, `101`, `1.5`) a sentence in every language that says
 * what the kind takes.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { badFaultValue, FAULT_KINDS, FAULT_SETTINGS, isFaultValue, parseFaultValue } from './faults';

describe('fault settings', () => {
  it('reads a setting as a student types it', () => {
    assert.deepEqual(parseFaultValue('loss', '20'), { value: 20 });
    assert.deepEqual(parseFaultValue('loss', ' 35 % '), { value: 35 });
    assert.deepEqual(parseFaultValue('loss', '0'), { value: 0 });
    assert.deepEqual(parseFaultValue('silence', '1'), { value: 1 });
    assert.deepEqual(parseFaultValue('restart', '5'), { value: 5 });
    assert.deepEqual(parseFaultValue('restart', '5s'), { value: 5 });
    assert.deepEqual(parseFaultValue('restart', '30 s'), { value: 30 });
  });

  it('says what is wrong with a bad one, in every language', () => {
    const bad: Array<[(typeof FAULT_KINDS)[number], string, RegExp, RegExp]> = [
      ['loss', '-5', /0 to 100/, /0 到 100/],
      ['loss', 'abc', /0 to 100/, /0 到 100/],
      ['loss', '101', /0 to 100/, /0 到 100/],
      ['loss', '1.5', /0 to 100/, /0 到 100/],
      ['loss', '2.5', /0 to 100/, /0 到 100/],
      ['loss', '1e2', /0 to 100/, /0 到 100/],
      ['loss', '', /0 to 100/, /0 到 100/],
      ['loss', '20 s', /0 to 100/, /0 到 100/],
      ['silence', '2', /give 1 .* 0/, /1 表示/],
      ['silence', 'on', /give 1 .* 0/, /1 表示/],
      ['restart', '31', /1 to 30/, /1 到 30/],
      ['restart', '-1', /1 to 30/, /1 到 30/],
      ['restart', '0x10', /1 to 30/, /1 到 30/],
    ];
    for (const [kind, text, en, zh] of bad) {
      const parsed = parseFaultValue(kind, text);
      assert.ok('error' in parsed, `${kind} ${text}`);
      assert.match(parsed.error.en, en, `${kind} ${text}`);
      assert.match(parsed.error['zh-Hans'], zh, `${kind} ${text}`);
      assert.ok(parsed.error.en.startsWith(JSON.stringify(text)), 'the sentence quotes what was typed');
    }
  });

  it('holds every kind to whole numbers within its bounds', () => {
    for (const kind of FAULT_KINDS) {
      const { min, max } = FAULT_SETTINGS[kind];
      assert.ok(isFaultValue(kind, min) && isFaultValue(kind, max), kind);
      for (const value of [min - 1, max + 1, 0.5, Number.NaN, '1', null, undefined]) {
        assert.equal(isFaultValue(kind, value), false, `${kind} ${String(value)}`);
      }
    }
    assert.match(badFaultValue('loss', 'abc').en, /^"abc" is not a loss rate/);
    assert.match(badFaultValue('restart', 31)['zh-Hans'], /^31 不是重启时长/);
  });
});
