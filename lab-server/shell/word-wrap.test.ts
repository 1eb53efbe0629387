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

  it('never starts a line with a closing mark nor ends one with an opening mark', () => {
    // Ten characters fill 20 columns: the comma would start the next line, so the character before it goes along.
    assert.deepEqual(lines(wrapText('一二三四五六七八九十，一二三', 20)), ['一二三四五六七八九', '  十，一二三']);
    assert.deepEqual(lines(wrapText('一二三四五六七八九（十）', 20)), ['一二三四五六七八九', '  （十）']);
    const note = '（实验 shell 像普通进程那样给 fd 编号：0、1、2 是 stdin、stdout 和 stderr，所以套接字从 3 开始）';
    for (const columns of [20, 24, 30, 40, 41]) {
      const wrapped = lines(wrapText(note, columns));
      for (const line of wrapped) {
        assert.ok(displayWidth(line) <= columns, `"${line}" fits ${columns}`);
        assert.doesNotMatch(line.trimStart(), /^[，。、；：？！）」』》]/, `"${line}" at ${columns} columns`);
        assert.doesNotMatch(line, /[（「『《]$/, `"${line}" at ${columns} columns`);
      }
      assert.equal(wrapped.join('').replaceAll(' ', ''), note.replaceAll(' ', ''), 'nothing lost');
    }
  });

  it('breaks between a Chinese character and a word next to it, never inside the word', () => {
    const wrapped = lines(wrapText('已连接：输入一行就发送一行；Ctrl-D 发出 FIN（半关闭）', 20));
    for (const line of wrapped) assert.ok(displayWidth(line) <= 20, line);
    assert.ok(wrapped.some((line) => line.includes('Ctrl-D')));
    assert.ok(wrapped.some((line) => line.includes('FIN')));
  });

  it('indents continuation lines to a column when told, as help does for its summaries', () => {
    const row = `  connect TARGET${' '.repeat(20)}建立 TCP 连接（TARGET：实验服务器的名字，如 echo，或者 PORT、HOST:PORT）`;
    const wrapped = lines(wrapText(row, 60, 36));
    assert.ok(wrapped.length > 1);
    for (const line of wrapped) assert.ok(displayWidth(line) <= 60, line);
    assert.ok(wrapped.slice(1).every((line) => /^ {36}\S/.test(line)));
  });

  it('cuts a word longer than a line', () => {
    const wrapped = lines(wrapText(`x ${'a'.repeat(50)}`, 20));
    assert.ok(wrapped.every((line) => displayWidth(line) <= 20));
    assert.equal(wrapped.join('').replace(/ /g, '').length, 51);
  });
});
