/**
 * The background budget on a fake clock: lines within the budget are printed, the rest counted with their
 * bytes and said once the second is over, and a new second prints again.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackgroundOutput, type BudgetClock } from './background-output';
import { pickText, type ShellText } from './shell-text';

function fakeClock(): BudgetClock & { time: number; fire(): void } {
  let pending: (() => void) | undefined;
  return {
    time: 0,
    now() {
      return this.time;
    },
    setTimeout(run) {
      pending = run;
      return {};
    },
    clearTimeout() {
      pending = undefined;
    },
    fire() {
      const run = pending;
      pending = undefined;
      run?.();
    },
  };
}

describe('BackgroundOutput', () => {
  it('prints up to its budget, counts the rest, and says so once the second is over', () => {
    const lines: string[] = [];
    const text = (line: ShellText) => pickText(line, 'en');
    const clock = fakeClock();
    const out = new BackgroundOutput(
      { print: (line) => lines.push(text(line)), narrate: (call, result) => lines.push(`${call} = ${text(result)}`) },
      3,
      clock,
    );
    for (let i = 0; i < 10; i++) out.item(1, 100, (printer) => printer.narrate(`recv(fd ${i})`, '100 bytes'));
    assert.equal(lines.length, 3);
    clock.time = 1000;
    clock.fire();
    assert.equal(lines.length, 4);
    assert.match(lines[3]!, /7 lines not shown \(700 bytes of data\): the lab shell prints at most 3 lines a second/);
    out.print('next');
    assert.equal(lines.at(-1), 'next', 'the next second prints again');
    out.dispose();
  });
});
