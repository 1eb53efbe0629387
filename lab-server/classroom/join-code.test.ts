import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JOIN_CODE_ALPHABET, JoinCodes, makeJoinCode, normalizeJoinCode } from './join-code';
import { SETTING } from './settings';
import { MemorySettings } from './testing/memory-settings';

describe('join codes', () => {
  it('are six characters without look-alikes', () => {
    for (const lookAlike of '0O1IL') assert.ok(!JOIN_CODE_ALPHABET.includes(lookAlike), lookAlike);
    for (let i = 0; i < 200; i++) assert.match(makeJoinCode(), /^[2-9A-HJKMNP-Z]{6}$/);
  });

  it('match as typed: any case, with spaces or a dash', async () => {
    const codes = await JoinCodes.load(new MemorySettings());
    const code = codes.code;
    assert.equal(codes.matches(code.toLowerCase()), true);
    assert.equal(codes.matches(` ${code.slice(0, 3)}-${code.slice(3)} `), true);
    assert.equal(codes.matches(code.slice(0, 5)), false);
    assert.equal(codes.matches(''), false);
    assert.equal(normalizeJoinCode('ab c-d'), 'ABCD');
  });

  it('survive a restart, open by default, and a new code replaces the old', async () => {
    const settings = new MemorySettings();
    const first = await JoinCodes.load(settings);
    assert.equal(first.open, true);
    const again = await JoinCodes.load(settings);
    assert.equal(again.code, first.code);
    const old = first.code;
    const renewed = await first.renew();
    assert.notEqual(renewed, old);
    assert.equal(first.matches(old), false);
    assert.equal(first.matches(renewed), true);
    await first.setOpen(false);
    const restarted = await JoinCodes.load(settings);
    assert.equal(restarted.code, renewed);
    assert.equal(restarted.open, false);
    assert.equal(settings.values.get(SETTING.joinOpen), '0');
  });
});
