/**
 * Time and timers as the lab client uses them: what "now" is, and callbacks after a delay. Injected rather than
 * taken from the globals, so tests drive the reconnect loop, the liveness pings and the packet batches with a
 * manual clock instead of waiting.
 */

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};
