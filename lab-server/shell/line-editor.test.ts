/**
 * The line editor, checked through a small terminal emulator: what matters is what the student sees on the
 * screen and where the cursor is, including lines that wrap and characters two columns wide.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MiniTerminal } from '../testing/mini-terminal';
import { parseKeys } from './keys';
import { type EditResult, LineEditor } from './line-editor';

function setup(cols = 20, complete?: (before: string) => string[]) {
  const editor = new LineEditor(complete ? { complete } : {});
  editor.setColumns(cols);
  const screen = new MiniTerminal(cols);
  screen.write(editor.begin('$ '));
  const results: EditResult[] = [];
  const type = (data: string): void => {
    for (const key of parseKeys(data)) {
      const result = editor.feed(key);
      results.push(result);
      if ('output' in result) screen.write(result.output);
      if (result.kind === 'submit') screen.write(editor.begin('$ '));
    }
  };
  return { editor, screen, type, results };
}

describe('LineEditor', () => {
  it('echoes typing and submits the line on Enter', () => {
    const { screen, type, results } = setup();
    type('send hi\r');
    assert.deepEqual(screen.lines(), ['$ send hi', '$']);
    assert.deepEqual(results.at(-1), { kind: 'submit', line: 'send hi', output: '\r\n' });
  });

  it('edits in the middle of the line with arrows, backspace and delete', () => {
    const { editor, screen, type } = setup();
    type('helo');
    type('\x1b[D'); // left
    type('l');
    assert.equal(editor.line, 'hello');
    type('\x1b[H\x1b[3~'); // home, delete
    assert.equal(editor.line, 'ello');
    type('\x05\x7f'); // end, backspace
    assert.equal(editor.line, 'ell');
    assert.deepEqual(screen.lines(), ['$ ell']);
    assert.equal(screen.col, 5);
  });

  it('redraws a line that wraps across rows, and erases it completely', () => {
    const { editor, screen, type } = setup(10);
    type('abcdefghijklmnop'); // 2 + 16 = 18 columns: two rows
    assert.deepEqual(screen.lines(), ['$ abcdefgh', 'ijklmnop']);
    type('\x01'); // home: back to the first row
    assert.equal(screen.row, 0);
    assert.equal(screen.col, 2);
    type('X');
    assert.deepEqual(screen.lines(), ['$ Xabcdefg', 'hijklmnop']);
    screen.write(editor.erase());
    assert.deepEqual(screen.lines(), ['']);
  });

  it('counts CJK characters as two columns', () => {
    const { screen, type } = setup(10);
    type('你好世');
    assert.deepEqual(screen.lines(), ['$ 你好世']);
    assert.equal(screen.col, 8);
    type('界'); // exactly fills the row: the cursor moves to the next one, as in bash
    assert.deepEqual(screen.lines(), ['$ 你好世界', '']);
    assert.deepEqual([screen.row, screen.col], [1, 0]);
    type('\x1b[D\x1b[D');
    assert.deepEqual([screen.row, screen.col], [0, 6]);
  });

  it('recalls history with up and down, keeping the draft', () => {
    const { editor, type } = setup();
    type('first\r');
    type('second\r');
    type('dra');
    type('\x1b[A');
    assert.equal(editor.line, 'second');
    type('\x1b[A\x1b[A');
    assert.equal(editor.line, 'first');
    type('\x1b[B\x1b[B');
    assert.equal(editor.line, 'dra');
  });

  it('interrupts with Ctrl-C and reports EOF on Ctrl-D of an empty line', () => {
    const { type, results } = setup();
    type('abc\x03');
    assert.equal(results.at(-1)?.kind, 'interrupt');
    type('\x04');
    assert.equal(results.at(-1)?.kind, 'eof');
  });

  it('deletes words and whole lines', () => {
    const { editor, type } = setup(40);
    type('send hello world');
    type('\x17');
    assert.equal(editor.line, 'send hello ');
    type('\x15');
    assert.equal(editor.line, '');
  });

  it('completes a unique word, and several bash-style: the common part first, the list on a second Tab', () => {
    const names = ['connect', 'close', 'clear', 'send', 'sendall', 'servers'];
    const { editor, type, screen } = setup(40, (before) => names.filter((n) => n.startsWith(before)));
    type('con\t');
    assert.equal(editor.line, 'connect ');
    type('\x15cl\t');
    assert.equal(editor.line, 'cl');
    assert.ok(!screen.lines().some((line) => line.includes('close  clear')), 'a first Tab lists nothing');
    type('\t');
    assert.ok(
      screen.lines().some((line) => line.includes('close  clear')),
      'a second Tab lists',
    );
    assert.equal(screen.lines().at(-1), '$ cl', 'the line is drawn again under the list');
    type('\x15sen\t');
    assert.equal(editor.line, 'send', 'the first Tab adds the common part');
    assert.ok(!screen.lines().some((line) => line.includes('send  sendall')));
    type('\t');
    assert.ok(screen.lines().some((line) => line.includes('send  sendall')));
  });

  it('lists only after two Tabs in a row', () => {
    const names = ['close', 'clear'];
    const { type, screen } = setup(40, (before) => names.filter((n) => n.startsWith(before)));
    type('cl\tx\x7f\t');
    assert.ok(!screen.lines().some((line) => line.includes('close  clear')));
  });

  it('never puts into the line a character the terminal would act on or could not show', () => {
    const { editor, screen, type } = setup(40);
    // C1 CSI and OSC, string terminator, right-to-left override, first-strong isolate, a lone surrogate.
    type('a\u009b2Jb\u009d0;x\u009cc\u202ed\u2068e\ud800f');
    assert.equal(editor.line, 'a2Jb0;xcdef');
    assert.deepEqual(screen.lines(), ['$ a2Jb0;xcdef']);
    // Wide characters, emoji (a surrogate pair), accents and no-break spaces are text.
    type('\x15你😀é\u00a0');
    assert.equal(editor.line, '你😀é\u00a0');
  });

  it('lists completions with what it cannot show escaped', () => {
    const { editor, type, screen } = setup(40, () => ['co\u009bnnect', 'co\u202eol']);
    type('co\t\t');
    assert.equal(editor.line, 'co');
    assert.ok(screen.lines().some((line) => line.includes('co\\u009bnnect  co\\u202eol')));
  });

  it('ignores unknown escape sequences instead of inserting them', () => {
    const { editor, type } = setup();
    type('a\x1b[15~b\x1bOPc');
    assert.equal(editor.line, 'abc');
  });
});
