/**
 * The lab shell's line discipline, done on the server as a real terminal driver would: it keeps the line being
 * typed, the cursor and the history, and turns each key into the exact bytes that redraw the line in xterm.
 * Long lines wrap across rows and CJK characters take two columns, so redraws compute rows, not just `\r`.
 * The line holds only characters that print as themselves, so echoing and redrawing it is always safe. Tab
 * completes as bash does: the first Tab adds what the candidates have in common, a second Tab in a row lists
 * them under the line, escaped by the shell's one rule (`visible`), since a candidate may come from input.
 */

import { CLEAR_TO_END, cursorForward, cursorUp, displayWidth, stripStyle } from './ansi';
import type { Key } from './keys';
import { printsAsItself, visible } from './visible-text';

export type EditResult =
  | { readonly kind: 'output'; readonly output: string }
  | { readonly kind: 'submit'; readonly line: string; readonly output: string }
  | { readonly kind: 'interrupt'; readonly output: string }
  | { readonly kind: 'eof' }
  | { readonly kind: 'clear-screen' };

const MAX_LINE = 4096;
const MAX_HISTORY = 200;

export class LineEditor {
  #prompt = '';
  #promptWidth = 0;
  #chars: string[] = [];
  #cursor = 0;
  #cols = 80;
  /** Row of the terminal cursor, counted from the prompt's first row, after the last render. */
  #cursorRow = 0;
  readonly #history: string[] = [];
  #historyIndex = 0;
  #draft: string[] = [];
  /** Whether the key before this one was a Tab: a second Tab in a row lists the candidates. */
  #afterTab = false;
  readonly #complete: (before: string) => string[];

  constructor(options: { complete?: (before: string) => string[] } = {}) {
    this.#complete = options.complete ?? (() => []);
  }

  get line(): string {
    return this.#chars.join('');
  }

  get history(): readonly string[] {
    return this.#history;
  }

  setColumns(cols: number): void {
    this.#cols = Math.max(2, cols);
  }

  /** Starts a fresh line with this prompt and returns the bytes that show it. */
  begin(prompt: string): string {
    this.#prompt = prompt;
    this.#promptWidth = displayWidth(stripStyle(prompt));
    this.#chars = [];
    this.#cursor = 0;
    this.#cursorRow = 0;
    this.#historyIndex = this.#history.length;
    return this.render();
  }

  /** Bytes that erase the prompt and the line, leaving the cursor at the start of the prompt's row. */
  erase(): string {
    const output = `${cursorUp(this.#cursorRow)}\r${CLEAR_TO_END}`;
    this.#cursorRow = 0;
    return output;
  }

  /** Bytes that draw the prompt and the line from the start of the current row. */
  render(): string {
    const text = this.line;
    const total = this.#promptWidth + displayWidth(text);
    let output = `\r${CLEAR_TO_END}${this.#prompt}${text}`;
    let endRow = Math.floor(total / this.#cols);
    if (total > 0 && total % this.#cols === 0) {
      // The cursor sits in the last column with a pending wrap; make the wrap happen so its row is certain.
      output += '\r\n';
    } else if (total % this.#cols === 0) {
      endRow = 0;
    }
    const target = this.#promptWidth + displayWidth(this.#chars.slice(0, this.#cursor).join(''));
    const targetRow = Math.floor(target / this.#cols);
    this.#cursorRow = targetRow;
    // With the cursor at the end of the text, the terminal's cursor is already where it belongs.
    if (target === total && !(total > 0 && total % this.#cols === 0)) return output;
    output += `${cursorUp(endRow - targetRow)}\r${cursorForward(target % this.#cols)}`;
    return output;
  }

  feed(key: Key): EditResult {
    const afterTab = this.#afterTab;
    this.#afterTab = key.kind === 'tab';
    switch (key.kind) {
      case 'text':
        return this.#insert(key.text);
      case 'enter': {
        const line = this.line;
        this.#remember(line);
        const output = `${this.#moveToEnd()}\r\n`;
        this.#chars = [];
        this.#cursor = 0;
        this.#cursorRow = 0;
        return { kind: 'submit', line, output };
      }
      case 'ctrl-c': {
        const output = `${this.#moveToEnd()}^C\r\n`;
        this.#chars = [];
        this.#cursor = 0;
        this.#cursorRow = 0;
        return { kind: 'interrupt', output };
      }
      case 'ctrl-d':
        if (this.#chars.length === 0) return { kind: 'eof' };
        return this.#deleteAt(this.#cursor);
      case 'backspace':
        return this.#cursor === 0 ? nothing : this.#deleteAt(this.#cursor - 1, true);
      case 'delete':
        return this.#deleteAt(this.#cursor);
      case 'left':
        return this.#moveTo(this.#cursor - 1);
      case 'right':
        return this.#moveTo(this.#cursor + 1);
      case 'home':
        return this.#moveTo(0);
      case 'end':
        return this.#moveTo(this.#chars.length);
      case 'word-left':
        return this.#moveTo(this.#wordStart());
      case 'word-right':
        return this.#moveTo(this.#wordEnd());
      case 'up':
        return this.#recall(-1);
      case 'down':
        return this.#recall(1);
      case 'ctrl-u':
        this.#chars.splice(0, this.#cursor);
        this.#cursor = 0;
        return this.#redraw();
      case 'ctrl-k':
        this.#chars.splice(this.#cursor);
        return this.#redraw();
      case 'ctrl-w': {
        const start = this.#wordStart();
        this.#chars.splice(start, this.#cursor - start);
        this.#cursor = start;
        return this.#redraw();
      }
      case 'ctrl-l':
        return { kind: 'clear-screen' };
      case 'tab':
        return this.#completeWord(afterTab);
      default:
        return nothing;
    }
  }

  #insert(text: string): EditResult {
    // C1 controls, bidi overrides and lone surrogates are dropped, as keys.ts drops C0 controls: echoed, the
    // terminal may act on them (U+009B is CSI), and the screen would no longer show the line as it is.
    const chars = [...text].filter(printsAsItself).slice(0, MAX_LINE - this.#chars.length);
    if (chars.length === 0) return nothing;
    const atEnd = this.#cursor === this.#chars.length;
    this.#chars.splice(this.#cursor, 0, ...chars);
    this.#cursor += chars.length;
    // Fast path for ordinary typing: appending without wrapping needs only the characters themselves.
    const width = this.#promptWidth + displayWidth(this.line);
    if (atEnd && width < this.#cols * (this.#cursorRow + 1)) return { kind: 'output', output: chars.join('') };
    return this.#redraw();
  }

  #deleteAt(index: number, moveBack = false): EditResult {
    if (index < 0 || index >= this.#chars.length) return nothing;
    this.#chars.splice(index, 1);
    if (moveBack) this.#cursor--;
    return this.#redraw();
  }

  #moveTo(index: number): EditResult {
    const clamped = Math.max(0, Math.min(this.#chars.length, index));
    if (clamped === this.#cursor) return nothing;
    this.#cursor = clamped;
    return this.#redraw();
  }

  #moveToEnd(): string {
    if (this.#cursor === this.#chars.length) return '';
    this.#cursor = this.#chars.length;
    return this.#redrawText();
  }

  #redraw(): EditResult {
    return { kind: 'output', output: this.#redrawText() };
  }

  #redrawText(): string {
    return `${cursorUp(this.#cursorRow)}${this.render()}`;
  }

  #wordStart(): number {
    let i = this.#cursor;
    while (i > 0 && this.#chars[i - 1] === ' ') i--;
    while (i > 0 && this.#chars[i - 1] !== ' ') i--;
    return i;
  }

  #wordEnd(): number {
    let i = this.#cursor;
    while (i < this.#chars.length && this.#chars[i] === ' ') i++;
    while (i < this.#chars.length && this.#chars[i] !== ' ') i++;
    return i;
  }

  #remember(line: string): void {
    if (line.trim() === '' || this.#history.at(-1) === line) return;
    this.#history.push(line);
    if (this.#history.length > MAX_HISTORY) this.#history.shift();
  }

  #recall(direction: -1 | 1): EditResult {
    const next = this.#historyIndex + direction;
    if (next < 0 || next > this.#history.length) return nothing;
    if (this.#historyIndex === this.#history.length) this.#draft = [...this.#chars];
    this.#historyIndex = next;
    this.#chars = next === this.#history.length ? [...this.#draft] : [...this.#history[next]!];
    this.#cursor = this.#chars.length;
    return this.#redraw();
  }

  #completeWord(afterTab: boolean): EditResult {
    const before = this.#chars.slice(0, this.#cursor).join('');
    const word = before.slice(before.lastIndexOf(' ') + 1);
    const candidates = this.#complete(before);
    if (candidates.length === 0) return nothing;
    const common = commonPrefix(candidates);
    const suffix = common.slice(word.length) + (candidates.length === 1 ? ' ' : '');
    if (suffix.length > 0) return this.#insert(suffix);
    // Several candidates and nothing more in common: bash lists them on the second Tab in a row.
    if (!afterTab) return nothing;
    return {
      kind: 'output',
      output: `${this.#moveToEnd()}\r\n${candidates.map(visible).join('  ')}\r\n${this.render()}`,
    };
  }
}

const nothing: EditResult = { kind: 'output', output: '' };

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
