/**
 * What the lab shell prints between prompts on its own — a listening assistant's news (accepts, reads, FINs),
 * the rounds of a timed send, the auto-reply — bounded in lines per second, so a board that floods the
 * assistant, or a client that connects in a tight loop, cannot flood the student's terminal (nor the page's
 * scrollback, nor the WebSocket). A line over the budget is not kept: it is counted, with the bytes of data it
 * would have shown, and once the second is over one line says how much was left out and where the totals are.
 */

import type { Disposable } from '../../src/common/disposable';
import { localized } from '../../src/common/localized';
import { style } from './ansi';
import type { ShellText } from './shell-text';

/** Lines printed in the background within one window at the most. */
export const BACKGROUND_LINES_PER_SECOND = 40;
const WINDOW_MS = 1000;

const TEXT = localized({
  en: {
    cut: (lines: number, bytes: number, max: number) =>
      `[… ${lines} ${lines === 1 ? 'line' : 'lines'} not shown${bytes > 0 ? ` (${bytes} bytes of data)` : ''}: the lab shell prints at most ${max} lines a second between prompts; clients shows each client's totals]`,
  },
  'zh-Hans': {
    cut: (lines, bytes, max) =>
      `[… 有 ${lines} 行没有显示${bytes > 0 ? `（其中数据 ${bytes} 字节）` : ''}：实验 shell 在提示符之间每秒最多显示 ${max} 行；clients 可以查看每个客户端的收发总数]`,
  },
});

/** How lines reach the terminal: the shell's own print and narration, which keep the prompt intact. */
export interface ShellPrinter {
  print(text: ShellText): void;
  narrate(call: string, result: ShellText, note?: ShellText): void;
}

/** The clock the budget reads, and its timer; a test passes its own. */
export interface BudgetClock {
  now(): number;
  setTimeout(run: () => void, ms: number): { unref?(): unknown };
  clearTimeout(timer: { unref?(): unknown }): void;
}

const REAL_CLOCK: BudgetClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

export class BackgroundOutput implements ShellPrinter, Disposable {
  readonly #printer: ShellPrinter;
  readonly #clock: BudgetClock;
  readonly #max: number;
  #windowStart = Number.NEGATIVE_INFINITY;
  #shown = 0;
  #cutLines = 0;
  #cutBytes = 0;
  #report: { unref?(): unknown } | undefined;

  constructor(printer: ShellPrinter, max = BACKGROUND_LINES_PER_SECOND, clock: BudgetClock = REAL_CLOCK) {
    this.#printer = printer;
    this.#max = max;
    this.#clock = clock;
  }

  print(text: ShellText): void {
    if (this.#admit(0)) this.#printer.print(text);
  }

  narrate(call: string, result: ShellText, note?: ShellText): void {
    if (this.#admit(0)) this.#printer.narrate(call, result, note);
  }

  /**
   * One item of `lines` lines showing `bytes` bytes of data: shown whole if its first line fits the budget
   * (so a hex dump is not cut in the middle), otherwise counted whole.
   */
  item(lines: number, bytes: number, show: (printer: ShellPrinter) => void): void {
    if (!this.#admit(bytes, lines)) return;
    show(this.#printer);
  }

  dispose(): void {
    if (this.#report !== undefined) this.#clock.clearTimeout(this.#report);
    this.#report = undefined;
  }

  #admit(bytes: number, lines = 1): boolean {
    const now = this.#clock.now();
    if (now - this.#windowStart >= WINDOW_MS && this.#report === undefined) {
      this.#windowStart = now;
      this.#shown = 0;
    }
    if (this.#shown < this.#max) {
      this.#shown += lines;
      return true;
    }
    this.#cutLines += lines;
    this.#cutBytes += bytes;
    this.#report ??= this.#clock.setTimeout(() => this.#flush(), Math.max(0, this.#windowStart + WINDOW_MS - now));
    this.#report.unref?.();
    return false;
  }

  /** The window is over: say what was left out, and start a new one with that line in it. */
  #flush(): void {
    this.#report = undefined;
    const lines = this.#cutLines;
    const bytes = this.#cutBytes;
    this.#cutLines = 0;
    this.#cutBytes = 0;
    this.#windowStart = this.#clock.now();
    this.#shown = 1;
    this.#printer.print(style.yellow(TEXT.cut(lines, bytes, this.#max)));
  }
}
