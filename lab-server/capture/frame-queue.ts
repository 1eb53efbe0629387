/**
 * The frames on their way to tshark. A frame goes straight to the current tshark run when that run can take it
 * (alive, reading the frame's link type, and nothing older still waiting here); otherwise it waits here, in
 * capture order, until a run can — one is starting, restarting after a crash, or needs a new link type. Both
 * ways are bounded by `maxFrames`/`maxBytes`, because a tshark that falls behind must not take the lab server's
 * memory with it: past the bound a frame is dropped and counted, and when a frame gets through again the
 * subscribers are told about the gap between.
 */

import { Emitter, type Event } from '../../src/common/emitter';
import { localized } from '../../src/common/localized';
import type { CaptureGap } from './capture-event';
import type { Dissector } from './dissector';
import type { FrameLocation } from './frame-layers';
import { frameTimeSeconds, type RawFrame } from './raw-frame';

const TEXT = localized({
  en: { overload: 'tshark fell behind and frames were dropped' },
  'zh-Hans': { overload: 'tshark 解析速度跟不上，部分帧被丢弃' },
});

/** A captured frame, its endpoints and where its TCP or UDP header is, found before tshark (see `frame-layers.ts`). */
export interface QueuedFrame {
  readonly frame: RawFrame;
  readonly location: FrameLocation | undefined;
}

/** What the queue needs of a tshark run. */
export type FrameSink = Pick<
  Dissector<QueuedFrame>,
  'linkType' | 'hasExited' | 'pendingCount' | 'pendingBytes' | 'write'
>;

export interface FrameQueueLimits {
  readonly maxFrames: number;
  readonly maxBytes: number;
}

export class FrameQueue {
  private readonly gapEmitter = new Emitter<CaptureGap>();
  /** Frames were dropped because tshark fell behind, and now one got through again: the time in between. */
  readonly onGap: Event<CaptureGap> = this.gapEmitter.event;

  private held: QueuedFrame[] = [];
  private heldBytes = 0;
  private overloadFrom: number | undefined;
  private lostFrames = 0;

  constructor(private readonly limits: FrameQueueLimits) {}

  /** Frames dropped: over the bounds, or held for a run that could not read their link type. */
  get lost(): number {
    return this.lostFrames;
  }

  /** A frame from the capturer. True when it went straight to `run`; false when it waits here or was dropped. */
  offer(item: QueuedFrame, run: FrameSink | undefined): boolean {
    if (this.canTake(run, item)) {
      if (this.isFull(run.pendingCount, run.pendingBytes)) {
        this.lose(item.frame);
        return false;
      }
      this.send(run, item);
      return true;
    }
    if (this.isFull(this.held.length, this.heldBytes)) this.lose(item.frame);
    else this.hold(item);
    return false;
  }

  /** A frame a rotated-out run took and never printed: not bounded again, it was let in once already. */
  requeue(item: QueuedFrame, run: FrameSink | undefined): void {
    if (this.canTake(run, item)) this.send(run, item);
    else this.hold(item);
  }

  /** Frames a crashed run never printed: they go before everything held since, to keep capture order. */
  holdFirst(items: readonly QueuedFrame[]): void {
    const later = this.takeHeld();
    for (const item of items) this.hold(item);
    for (const item of later) this.hold(item);
  }

  /** Everything held goes to a new run; frames of another link type cannot be read by it and are lost. */
  flushInto(run: FrameSink): void {
    for (const item of this.takeHeld()) {
      if (item.frame.linkType === run.linkType) this.send(run, item);
      else this.lostFrames += 1;
    }
  }

  /** Forgets everything held: the capture is giving up. */
  clear(): void {
    this.takeHeld();
  }

  private canTake(run: FrameSink | undefined, item: QueuedFrame): run is FrameSink {
    return run !== undefined && !run.hasExited && run.linkType === item.frame.linkType && this.held.length === 0;
  }

  private isFull(frames: number, bytes: number): boolean {
    return frames >= this.limits.maxFrames || bytes >= this.limits.maxBytes;
  }

  private send(run: FrameSink, item: QueuedFrame): void {
    run.write(item);
    if (this.overloadFrom !== undefined) {
      const from = this.overloadFrom;
      this.overloadFrom = undefined;
      this.gapEmitter.fire({ from, to: frameTimeSeconds(item.frame), reason: TEXT.overload });
    }
  }

  private hold(item: QueuedFrame): void {
    this.held.push(item);
    this.heldBytes += item.frame.data.length;
  }

  private takeHeld(): QueuedFrame[] {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    return held;
  }

  private lose(frame: RawFrame): void {
    this.lostFrames += 1;
    this.overloadFrom ??= frameTimeSeconds(frame);
  }
}
