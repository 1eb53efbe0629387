/**
 * The frames written to one tshark run that it has not printed yet, oldest first, and the join of its output
 * lines back to them. tshark numbers the frames of its input from 1 and prints them in order, so a frame's number
 * is its position in what we wrote: it is derived here, not stored per frame. A line for frame N also settles
 * every older frame still waiting — tshark skipped those and will not print them later.
 */

import type { RawFrame } from './raw-frame';

/** Compact once this many frames are done and they are over half the array (see `take`). */
const COMPACT_AFTER = 4096;

export class PendingFrames<T extends { readonly frame: RawFrame }> {
  private items: T[] = [];
  private head = 0;
  private bytes = 0;
  private pushed = 0;

  /** Frames ever written; the last one written has this number. */
  get written(): number {
    return this.pushed;
  }

  get count(): number {
    return this.items.length - this.head;
  }

  /** Captured bytes of the frames waiting. */
  get byteCount(): number {
    return this.bytes;
  }

  push(item: T): void {
    this.pushed += 1;
    this.bytes += item.frame.data.length;
    this.items.push(item);
  }

  /**
   * The frame numbered `frameNumber`, removed together with every older one; `undefined` when no waiting frame
   * has that number (a line of a frame already settled, or of one never written).
   */
  take(frameNumber: number): T | undefined {
    const oldest = this.pushed - this.count + 1;
    if (frameNumber < oldest) return undefined;
    const skipped = Math.min(frameNumber - oldest, this.count);
    for (let index = 0; index < skipped; index++) this.bytes -= this.items[this.head + index]!.frame.data.length;
    this.head += skipped;
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.head += 1;
    this.bytes -= item.frame.data.length;
    // Compacted now and then, so the array's memory follows the frames in flight, not the frames ever written.
    if (this.head > COMPACT_AFTER && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Every waiting frame, oldest first; they are forgotten here. */
  takeAll(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    this.bytes = 0;
    return rest;
  }
}
