/**
 * Wrapping at word boundaries: narration breaks between words at the terminal's width, continuation lines are
 * indented, colour sequences take no columns, wide characters count two, and a word longer than a line is cut.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayWidth, stripStyle } from './ansi';
import { wrapText } from './word-wrap';

const lines = (text: string) => text.split('\r\n');

describe('wrapText', () => {
  it('breaks long narration between words, never inside one', () => {
    const narration =
      'connect(fd 3, 127.0.0.1:20417) = 0  connect() returned after 0.2 ms; local address 127.0.0.1:51514 — TCP echo server';
    const wrapped = lines(wrapText(narration, 40));
    for (const line of wrapped) assert.ok(displayWidth(line) <= 40, `"${line}" fits`);
    assert.equal(
      wrapped
        .map((line) => line.trim())
        .join(' ')
        .replace(/ +/g, ' '),
      narration.replace(/ +/g, ' '),
    );
    for (const word of narration.split(/ +/)) {
      assert.ok(
        wrapped.some((line) => line.includes(word)),
        `"${word}" is whole on one line`,
      );
    }
    assert.ok(
      wrapped.slice(1).every((line) => line.startsWith('  ')),
      'continuation lines are indented',
    );
  });

  it('indents a continuation two columns more than the line it continues', () => {
    const wrapped = lines(wrapText(`    connect HOST PORT ${'word '.repeat(12)}`, 30));
    assert.ok(wrapped.slice(1).every((line) => line.startsWith('      ') && !line.startsWith('       ')));
  });

  it('leaves short lines and line breaks alone', () => {
    assert.equal(
      wrapText('recv(fd 3, 1024) = 12 bytes\r\nsecond\nthird', 80),
      'recv(fd 3, 1024) = 12 bytes\r\nsecond\nthird',
    );
  });

  it('does not count colour sequences, and keeps them', () => {
    const styled = `\x1b[36m${'word '.repeat(10)}\x1b[0m`;
    const wrapped = wrapText(styled, 20);
    assert.equal(
      stripStyle(wrapped)
        .replace(/\r\n +/g, ' ')
        .trim(),
      'word '.repeat(10).trim(),
    );
    assert.ok(wrapped.startsWith('\x1b[36m') && wrapped.endsWith('\x1b[0m'));
    for (const line of lines(wrapped)) assert.ok(displayWidth(stripStyle(line)) <= 20);
  });

  it('counts wide characters as two columns and may break between them', () => {
    const chinese = '三次握手完成后连接进入已建立状态，双方都可以发送数据。';
    for (const line of lines(wrapText(chinese, 20))) assert.ok(displayWidth(line) <= 20, line);
  });

  it('cuts a word longer than a line', () => {
    const wrapped = lines(wrapText(`x ${'a'.repeat(50)}`, 20));
    assert.ok(wrapped.every((line) => displayWidth(line) <= 20));
    assert.equal(wrapped.join('').replace(/ /g, '').length, 51);
  });
});
