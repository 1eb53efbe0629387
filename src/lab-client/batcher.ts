/**
 * Collects items that arrive one message at a time and hands them on in batches, at most one batch per
 * `delayMs`. Packets can arrive by the thousand per second (a student's flood, a retransmission storm); folding
 * each into React state would render the packet list and the ladder thousands of times a second, while one batch
 * per ~50 ms looks just as live. A timer rather than `requestAnimationFrame`, so a background tab still
 * drains (throttled) instead of queueing without bound.
 */

import type { Disposable } from './emitter';

export interface BatchTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const globalTimers: BatchTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

export class Batcher<T> implements Disposable {
  private items: T[] = [];
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly flush: (items: readonly T[]) => void,
    private readonly delayMs = 50,
    private readonly timers: BatchTimers = globalTimers,
  ) {}

  push(item: T): void {
    if (this.disposed) return;
    this.items.push(item);
    this.timer ??= this.timers.setTimeout(() => this.flushNow(), this.delayMs);
  }

  /** Hands on what is queued now (if anything) and cancels the pending timer. */
  flushNow(): void {
    this.cancel();
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.flush(items);
  }

  /** Drops what is queued; nothing is handed on from here on. */
  dispose(): void {
    this.cancel();
    this.items = [];
    this.disposed = true;
  }

  private cancel(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
