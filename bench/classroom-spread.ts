/**
 * A latency spread as the classroom section reports it: count, p50, p95 and max, nearest rank (the smallest
 * sample with at least p % at or below it, as stats.ts), so every value is one a student really waited.
 */

export interface Spread {
  readonly count: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

export function spread(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number =>
    sorted.length === 0
      ? Number.NaN
      : sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
  return { count: sorted.length, median: rank(50), p95: rank(95), max: sorted.at(-1) ?? Number.NaN };
}
