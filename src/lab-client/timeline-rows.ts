/**
 * The packet list's rows: the session's packets, numbered, with the capture's gap markers woven in where
 * packets may be missing. A gap says "after packet id N"; packet ids are global to the capture (other sessions'
 * packets take ids too), so the marker goes after the last packet of this session whose id is at most N.
 */

import type { CaptureGap, Packet } from '../protocol';

export type TimelineRow =
  | { readonly kind: 'packet'; readonly key: string; readonly packet: Packet; readonly number: number }
  | { readonly kind: 'gap'; readonly key: string; readonly gap: CaptureGap };

/** `packets` in id order, `gaps` in any order; `firstNumber` is the "No." of `packets[0]`. */
export function timelineRows(
  packets: readonly Packet[],
  gaps: readonly CaptureGap[],
  firstNumber: number,
): TimelineRow[] {
  const sorted = [...gaps].sort((a, b) => a.after - b.after || a.time - b.time);
  const rows: TimelineRow[] = [];
  let g = 0;
  const gapRow = (gap: CaptureGap, index: number): TimelineRow => ({
    kind: 'gap',
    key: `gap-${gap.after}-${gap.time}-${index}`,
    gap,
  });
  packets.forEach((packet, index) => {
    while (g < sorted.length && sorted[g]!.after < packet.id) {
      rows.push(gapRow(sorted[g]!, g));
      g++;
    }
    rows.push({ kind: 'packet', key: `p${packet.id}`, packet, number: firstNumber + index });
  });
  for (; g < sorted.length; g++) rows.push(gapRow(sorted[g]!, g));
  return rows;
}
