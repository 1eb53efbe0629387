/** Tests of the packet list's rows: numbering and where gap markers go. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaptureGap } from '../protocol';
import { udpPacket } from './packet-fixtures';
import { timelineRows } from './timeline-rows';

const A = { host: '127.0.0.1', port: 40000 };
const B = { host: '127.0.0.1', port: 20417 };
const gap = (after: number): CaptureGap => ({ after, time: after, reason: 'r' });

describe('timelineRows', () => {
  it('numbers packets from firstNumber and puts each gap after the last packet with id ≤ after', () => {
    // Ids 3, 8, 9: the capture's ids are global, other sessions took the ones in between.
    const packets = [3, 8, 9].map((id) => udpPacket(id, id, 'x', A, B));
    const rows = timelineRows(packets, [gap(9), gap(5), gap(0)], 41);
    assert.deepEqual(
      rows.map((row) => (row.kind === 'gap' ? `gap>${row.gap.after}` : `#${row.number}=${row.packet.id}`)),
      ['gap>0', '#41=3', 'gap>5', '#42=8', '#43=9', 'gap>9'],
    );
    assert.equal(new Set(rows.map((row) => row.key)).size, rows.length, 'keys are unique');
  });
});
