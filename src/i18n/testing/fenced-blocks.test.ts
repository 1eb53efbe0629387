/**
 * Code block titles as the lesson tests read them: a title that names a file is a listing, the same in every
 * language and run by the listing tests; any other title is a caption (where a command is typed), worded by each
 * language, that several blocks of a page may share.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractListings } from '../../../labs/testing/listings';
import { fencedBlocks } from './fenced-blocks';
import { pageOutline } from './page-outline';

const fence = '```';

function page(...blocks: readonly [info: string, body: string][]): string {
  return blocks.map(([info, body]) => `${fence}${info}\n${body}\n${fence}\n`).join('\n');
}

describe('fenced block titles', () => {
  it('names a file only when the title is one word with an extension', () => {
    const blocks = fencedBlocks(
      page(
        ['python title="client.py"', 'print(1)'],
        ['bash title="your shell (Linux, macOS)"', 'python3 client.py'],
        ['text title="实验终端"', 'recv'],
        ['text', 'no title'],
      ),
    );
    assert.deepEqual(
      blocks.map((block) => [block.title, block.file]),
      [
        ['client.py', 'client.py'],
        ['your shell (Linux, macOS)', undefined],
        ['实验终端', undefined],
        [undefined, undefined],
      ],
    );
  });

  it('lets a translation word a caption, and not a file name', () => {
    const english = pageOutline(
      page(['bash title="your shell (Linux, macOS)"', 'ss -tan'], ['c title="a.c"', 'x;']),
      'en',
    );
    const chinese = pageOutline(
      page(['bash title="你的终端（Linux、macOS）"', 'ss -tan'], ['c title="a.c"', 'x;']),
      'zh-Hans',
    );
    const renamed = pageOutline(
      page(['bash title="你的终端（Linux、macOS）"', 'ss -tan'], ['c title="b.c"', 'x;']),
      'zh-Hans',
    );
    const untitled = pageOutline(page(['bash', 'ss -tan'], ['c title="a.c"', 'x;']), 'zh-Hans');
    assert.deepEqual(chinese.code, english.code);
    assert.notDeepEqual(renamed.code, english.code, 'a listing keeps its file name');
    assert.notDeepEqual(untitled.code, english.code, 'a caption may be reworded, not dropped');
  });

  it('takes listings by file name, so captions may repeat', () => {
    const listings = extractListings(
      page(
        ['text title="lab terminal"', 'connect echo'],
        ['python title="client.py"', 'print(1)'],
        ['text title="lab terminal"', 'recv'],
      ),
    );
    assert.deepEqual([...listings.keys()], ['client.py']);
    assert.throws(
      () => extractListings(page(['python title="a.py"', '1'], ['python title="a.py"', '2'])),
      /two code blocks are titled a\.py/,
    );
  });
});
