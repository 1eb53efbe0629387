/** Tests of splitting terminal input into `input` messages the lab server accepts. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_INPUT_CHARS, MAX_MESSAGE_BYTES } from '../protocol';
import { inputFrameBytes, splitInput } from './input-chunks';

describe('splitInput', () => {
  it('leaves keystrokes and short pastes whole', () => {
    assert.deepEqual(splitInput('a'), ['a']);
    assert.deepEqual(splitInput('\x1b[A'), ['\x1b[A']);
    assert.deepEqual(splitInput(''), []);
  });

  it('splits at MAX_INPUT_CHARS and keeps every character in order', () => {
    const text = 'abcdefghij'.repeat(1000);
    const pieces = splitInput(text);
    assert.ok(pieces.every((p) => p.length <= MAX_INPUT_CHARS));
    assert.equal(pieces.length, Math.ceil(text.length / MAX_INPUT_CHARS));
    assert.equal(pieces.join(''), text);
  });

  it('never splits a surrogate pair', () => {
    const text = `a${'😀'.repeat(5000)}`;
    const pieces = splitInput(text);
    for (const piece of pieces) {
      assert.ok(piece.length <= MAX_INPUT_CHARS);
      assert.doesNotMatch(piece, /^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
    assert.equal(pieces.join(''), text);
  });

  it('keeps each frame under MAX_MESSAGE_BYTES even when JSON escaping inflates it', () => {
    const text = '\x01'.repeat(10_000);
    const pieces = splitInput(text);
    assert.ok(pieces.every((p) => inputFrameBytes(p) <= MAX_MESSAGE_BYTES));
    assert.equal(pieces.join(''), text);
  });
});
