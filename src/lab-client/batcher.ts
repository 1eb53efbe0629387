/**
 * Collects items that arrive one message at a time and hands them on in batches, at most one batch per
 * `delayMs`. Packets can arrive by the thousand per second (a student's flood, a retransmission storm); folding
 * each into React state would render the packet list and the ladder thousands of times a second, while one batch
 * per ~50 ms looks just as live. A timer rather than `requestAnimationFrame`, so a background tab still
 * drains (throttled) instead of queueing without bound.
 */

import type { Disposable } from '../common/emitter';
import { type Clock, systemClock } from './clock';

/** The batcher needs timers, not the time. */
export type BatchTimers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

export class Batcher<T> implements Disposable {
  private items: T[] = [];
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly flush: (items: readonly T[]) => void,
    private readonly delayMs = 50,
    private readonly timers: BatchTimers = systemClock,
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
