/**
 * Joining tshark's lines back to the frames written: by derived frame number, settling skipped frames, refusing
 * numbers it does not hold, keeping its byte count right, and staying right across its compaction.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PendingFrames } from './pending-frames';
import { rawFrame } from './synthetic-frames';

interface Item {
  readonly frame: ReturnType<typeof rawFrame>;
  readonly tag: number;
}

function item(tag: number, bytes = 10): Item {
  return { frame: rawFrame(Buffer.alloc(bytes)), tag };
}

function filled(count: number, bytes = 10): PendingFrames<Item> {
  const pending = new PendingFrames<Item>();
  for (let tag = 1; tag <= count; tag++) pending.push(item(tag, bytes));
  return pending;
}

describe('PendingFrames', () => {
  it('hands back frames by number, in order', () => {
    const pending = filled(3);
    assert.deepEqual([pending.written, pending.count, pending.byteCount], [3, 3, 30]);
    assert.equal(pending.take(1)?.tag, 1);
    assert.equal(pending.take(2)?.tag, 2);
    assert.deepEqual([pending.count, pending.byteCount], [1, 10]);
  });

  it('settles the frames tshark skipped, and counts their bytes out', () => {
    const pending = filled(5);
    assert.equal(pending.take(4)?.tag, 4);
    assert.deepEqual([pending.count, pending.byteCount], [1, 10]);
    assert.equal(pending.take(2), undefined, 'an older number is not held any more');
    assert.equal(pending.count, 1, 'and refusing it settles nothing');
    assert.equal(pending.take(5)?.tag, 5);
  });

  it('refuses a number beyond what was written, settling everything before it', () => {
    const pending = filled(3);
    assert.equal(pending.take(9), undefined);
    assert.deepEqual([pending.count, pending.byteCount], [0, 0]);
    pending.push(item(4));
    assert.equal(pending.take(4)?.tag, 4, 'numbering goes on from what was written');
  });

  it('gives back the unprinted frames oldest first, and keeps numbering after that', () => {
    const pending = filled(4, 7);
    pending.take(2);
    assert.deepEqual(
      pending.takeAll().map((entry) => entry.tag),
      [3, 4],
    );
    assert.deepEqual([pending.written, pending.count, pending.byteCount], [4, 0, 0]);
    assert.equal(pending.take(3), undefined);
  });

  it('stays right across compaction', () => {
    const total = 20_000;
    const pending = filled(total, 1);
    for (let number = 1; number <= total - 2; number++) assert.equal(pending.take(number)?.tag, number);
    assert.deepEqual([pending.count, pending.byteCount], [2, 2]);
    assert.equal(pending.take(total)?.tag, total);
  });
});
