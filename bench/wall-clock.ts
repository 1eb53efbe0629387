/**
 * The wall clock a captured packet is compared with. The kernel stamps packets with the real-time clock; the
 * benchmark reads `performance.timeOrigin + performance.now()` (sub-millisecond, and cheap at every frame),
 * corrected by its offset from `Date.now()`, measured once.
 */

export interface WallClock {
  /** Milliseconds added to `performance.timeOrigin + performance.now()`. */
  readonly offsetMs: number;
  /** Milliseconds since the Unix epoch, as the kernel's packet timestamps count them. */
  readonly now: () => number;
}

export function wallClock(): WallClock {
  const offsetMs = clockOffset();
  return { offsetMs, now: () => performance.timeOrigin + performance.now() + offsetMs };
}

/**
 * Milliseconds to add to `performance.timeOrigin + performance.now()` to get the wall clock the kernel stamps
 * packets with: read at five edges of `Date.now()`'s millisecond, where it is exact to a few µs. Bounded: each
 * wait for an edge gives up after 100 000 reads.
 */
function clockOffset(): number {
  const offsets: number[] = [];
  for (let edge = 0; edge < 5; edge++) {
    const start = Date.now();
    let now = start;
    for (let read = 0; read < 100_000 && now === start; read++) now = Date.now();
    offsets.push(now - (performance.timeOrigin + performance.now()));
  }
  offsets.sort((a, b) => a - b);
  return offsets[2]!;
}
