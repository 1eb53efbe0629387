/**
 * A very small terminal emulator for tests of the line editor: it understands exactly what the lab shell
 * emits (printable text with wrapping, CR, LF, cursor up/forward, erase to end of screen, SGR colours, which
 * it ignores) and exposes the screen and cursor, so a test asserts what a student would see.
 */

import { charWidth } from '../shell/ansi';

export class MiniTerminal {
  readonly cols: number;
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  #pendingWrap = false;

  constructor(cols: number) {
    this.cols = cols;
  }

  write(data: string): void {
    let i = 0;
    while (i < data.length) {
      const char = data[i]!;
      if (char === '\x1b' && data[i + 1] === '[') {
        let end = i + 2;
        while (end < data.length && !/[@-~]/.test(data[end]!)) end++;
        this.#csi(data.slice(i + 2, end), data[end]!);
        i = end + 1;
        continue;
      }
      if (char === '\r') {
        this.col = 0;
        this.#pendingWrap = false;
      } else if (char === '\n') {
        this.#lineFeed();
      } else {
        const code = data.codePointAt(i)!;
        const text = String.fromCodePoint(code);
        this.#put(text, charWidth(code));
        i += text.length;
        continue;
      }
      i++;
    }
  }

  /** The screen as lines, trailing spaces removed. */
  lines(): string[] {
    return this.rows.map((cells) =>
      cells
        .map((cell) => cell ?? ' ')
        .join('')
        .replace(/\s+$/, ''),
    );
  }

  #put(text: string, width: number): void {
    if (this.#pendingWrap || this.col + width > this.cols) {
      this.#lineFeed();
      this.col = 0;
      this.#pendingWrap = false;
    }
    const cells = this.#cells();
    cells[this.col] = text;
    if (width === 2) cells[this.col + 1] = '';
    this.col += width;
    if (this.col >= this.cols) {
      this.col = this.cols - 1;
      this.#pendingWrap = true;
    }
  }

  #lineFeed(): void {
    this.row++;
    this.#pendingWrap = false;
    while (this.rows.length <= this.row) this.rows.push([]);
  }

  #cells(): string[] {
    while (this.rows.length <= this.row) this.rows.push([]);
    return this.rows[this.row]!;
  }

  #csi(params: string, final: string): void {
    const n = params === '' ? 1 : Number(params.split(';')[0]);
    this.#pendingWrap = false;
    switch (final) {
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'C':
        this.col = Math.min(this.cols - 1, this.col + n);
        break;
      case 'J':
        this.rows[this.row] = this.#cells().slice(0, this.col);
        this.rows.length = this.row + 1;
        break;
      case 'K':
        this.rows[this.row] = this.#cells().slice(0, this.col);
        break;
      default:
        break;
    }
  }
}
