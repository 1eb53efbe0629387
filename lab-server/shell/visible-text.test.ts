/**
 * The one escaping rule for text on its way to the terminal: what came from input or from the network is
 * shown, never executed, and everything else is left exactly as it was.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quoteText, safeText, visible } from './visible-text';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('visible', () => {
  it('leaves printable text alone: ASCII, accents, CJK, emoji, combining marks, RTL text', () => {
    const text = 'Hello, wörld! 你好 😀 e\u0301 שלום \u200f \\x41 "q"';
    assert.equal(visible(text), text);
  });

  it('shows C0 controls, DEL and C1 controls as escapes', () => {
    assert.equal(visible('\x1b]0;pwned\x07'), '\\x1b]0;pwned\\x07');
    assert.equal(visible('a\x00b\x7fc'), 'a\\x00b\\x7fc');
    assert.equal(visible('\n\r\t'), '\\n\\r\\t');
    // C1 as \u: in the shell's own syntax \x9b is the byte 0x9b, not the character U+009B (c2 9b).
    assert.equal(visible('\u0080\u009b2J\u009d0;x\u009c\u009f'), '\\u0080\\u009b2J\\u009d0;x\\u009c\\u009f');
  });

  it('shows bidi embeddings, overrides and isolates, and lone surrogates, as escapes', () => {
    assert.equal(visible('a\u202eb\u202ac\u2066d\u2069'), 'a\\u202eb\\u202ac\\u2066d\\u2069');
    assert.equal(visible('x\ud800y\udfffz'), 'x\\ud800y\\udfffz');
    assert.equal(visible('\udfff\ud83d\ude00\ud800'), '\\udfff😀\\ud800');
  });
});

describe('quoteText', () => {
  it('quotes bytes as the shell reads them back: C escapes, UTF-8 as text, other bytes as \\xNN', () => {
    assert.equal(quoteText(utf8('Hello,world!\n')), '"Hello,world!\\n"');
    assert.equal(quoteText(bytes(0xff, 0x80)), '"\\xff\\x80"');
    assert.equal(quoteText(bytes(0x61, 0xff, 0x62)), '"a\\xffb"');
    assert.equal(quoteText(utf8('héllo "x" \\ 你')), '"héllo \\"x\\" \\\\ 你"');
    assert.equal(quoteText(utf8('\x1b[2J\u009b\u202e')), '"\\x1b[2J\\u009b\\u202e"');
  });

  it('shows truncated, overlong and surrogate UTF-8 byte by byte', () => {
    assert.equal(quoteText(bytes(0xc3)), '"\\xc3"');
    assert.equal(quoteText(bytes(0xe4, 0xbd, 0x41)), '"\\xe4\\xbdA"');
    assert.equal(quoteText(bytes(0xc0, 0xaf)), '"\\xc0\\xaf"');
    assert.equal(quoteText(bytes(0xed, 0xa0, 0x80)), '"\\xed\\xa0\\x80"');
    assert.equal(quoteText(bytes(0xf4, 0x90, 0x80, 0x80)), '"\\xf4\\x90\\x80\\x80"');
    assert.equal(quoteText(bytes(0xf0, 0x9f, 0x98, 0x80)), '"😀"');
  });

  it('stops after maxChars characters', () => {
    assert.equal(quoteText(utf8('abcdef'), 3), '"abc"…');
  });
});

describe('safeText', () => {
  it('keeps lines and tabs, and shows every other control and invalid byte as a dim escape', () => {
    const shown = safeText(bytes(0x68, 0x69, 0x0d, 0x0a, 0x09, 0x1b, 0x5d, 0xff, 0xc2, 0x9b));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the dim style is the point
    assert.equal(shown.replace(/\x1b\[2?2m/g, ''), 'hi\r\n\t\\x1b]\\xff\\u009b');
  });
});
