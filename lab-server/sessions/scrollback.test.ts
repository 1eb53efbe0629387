/**
 * Scrollback keeps the newest output within its limit, dropping whole chunks from the front.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scrollback } from './scrollback';

describe('Scrollback', () => {
  it('keeps everything while within the limit, then drops the oldest whole chunks', () => {
    const scrollback = new Scrollback(10);
    assert.ok(scrollback.isEmpty);
    scrollback.push('abcd');
    scrollback.push('\x1b[1m');
    assert.equal(scrollback.text(), 'abcd\x1b[1m');
    scrollback.push('xyz');
    assert.equal(scrollback.text(), '\x1b[1mxyz', 'the first chunk went, the escape sequence stayed whole');
  });

  it('keeps a single chunk larger than the limit rather than nothing', () => {
    const scrollback = new Scrollback(4);
    scrollback.push('0123456789');
    assert.equal(scrollback.text(), '0123456789');
  });
});
