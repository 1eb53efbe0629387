/** The table reader against what lesson tables hold: inline code, escaped pipes, a table that is not the one. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tableUnder } from './markdown-tables';

const PAGE = [
  '## Before \\{#before}',
  '',
  '| Not | This |',
  '| --- | ---- |',
  '| a | b |',
  '',
  '### The checks \\{#checks}',
  '',
  '```text',
  '| in | code |',
  '| -- | ---- |',
  '```',
  '',
  '| Check | Turns green when… |',
  '| :---- | ----------------- |',
  '| Send `Hello,world!` | 12 bytes |',
  '| Half-close: `shutdown` \\| `recv` | after `FIN` |',
  '',
  '## After \\{#after}',
  '',
  '| x | y |',
  '| - | - |',
].join('\n');

describe('tableUnder', () => {
  it('reads the table under a heading as the reader sees its cells', () => {
    const table = tableUnder(PAGE, 'checks');
    assert.deepEqual(table?.header, ['Check', 'Turns green when…']);
    assert.deepEqual(table?.rows, [
      ['Send Hello,world!', '12 bytes'],
      ['Half-close: shutdown | recv', 'after FIN'],
    ]);
    assert.equal(table?.line, 14);
  });

  it('finds no table for a heading without one, nor for a missing heading', () => {
    assert.equal(tableUnder('## Checks \\{#checks}\n\nNo table.\n\n## Next\n\n| a |\n| - |\n', 'checks'), undefined);
    assert.equal(tableUnder(PAGE, 'nowhere'), undefined);
  });
});
