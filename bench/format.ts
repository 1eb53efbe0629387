/** How the keystroke and UDP sections of bench/RESULTS.md write durations, ratios and shares. */

/** A duration given in ms, shown in µs below 10 ms. */
export function time(valueMs: number): string {
  return valueMs < 10 ? `${Math.round(valueMs * 1000)} µs` : ms(valueMs);
}

export function ms(valueMs: number): string {
  if (!Number.isFinite(valueMs)) return '–';
  return `${valueMs < 100 ? valueMs.toFixed(1) : Math.round(valueMs)} ms`;
}

export function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(2)} s`;
}

export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}

/** A fraction as a whole percentage; 1 = 100 % (one core, for CPU time over wall time). */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}
