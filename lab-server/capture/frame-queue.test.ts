/**
 * The frame queue against a stand-in tshark run: straight through when the run can take a frame, held (in
 * capture order) when it cannot, dropped past its bounds with one gap when frames flow again, and frames of
 * another link type lost at a handover.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaptureGap } from './capture-event';
import { FrameQueue, type FrameSink, type QueuedFrame } from './frame-queue';
import { rawFrame } from './synthetic-frames';

class FakeRun implements FrameSink {
  readonly written: QueuedFrame[] = [];
  hasExited = false;
  pendingCount = 0;
  pendingBytes = 0;

  constructor(readonly linkType = 1) {}

  write(item: QueuedFrame): void {
    this.written.push(item);
  }
}

function frame(second: number, linkType = 1, bytes = 100): QueuedFrame {
  return { frame: { ...rawFrame(Buffer.alloc(bytes), second, 0), linkType }, location: undefined };
}

function seconds(items: readonly QueuedFrame[]): number[] {
  return items.map((item) => item.frame.timestampSeconds);
}

describe('FrameQueue', () => {
  it('sends straight to a run that can take the frame', () => {
    const queue = new FrameQueue({ maxFrames: 10, maxBytes: 10_000 });
    const run = new FakeRun();
    assert.equal(queue.offer(frame(1), run), true);
    assert.deepEqual(seconds(run.written), [1]);
  });

  it('holds frames while there is no run, then hands them over in order, ahead of newer ones', () => {
    const queue = new FrameQueue({ maxFrames: 10, maxBytes: 10_000 });
    assert.equal(queue.offer(frame(1), undefined), false);
    assert.equal(queue.offer(frame(2), undefined), false);
    const run = new FakeRun();
    queue.flushInto(run);
    assert.equal(queue.offer(frame(3), run), true);
    assert.deepEqual(seconds(run.written), [1, 2, 3]);
  });

  it('holds frames behind older held ones, and for a run that has exited', () => {
    const queue = new FrameQueue({ maxFrames: 10, maxBytes: 10_000 });
    const dead = new FakeRun();
    dead.hasExited = true;
    assert.equal(queue.offer(frame(1), dead), false);
    const alive = new FakeRun();
    assert.equal(queue.offer(frame(2), alive), false, 'frame 1 is still held, so frame 2 must wait behind it');
    assert.deepEqual(alive.written, []);
    queue.flushInto(alive);
    assert.deepEqual(seconds(alive.written), [1, 2]);
  });

  it('puts a crashed run’s unprinted frames before what was held since', () => {
    const queue = new FrameQueue({ maxFrames: 10, maxBytes: 10_000 });
    queue.offer(frame(3), undefined);
    queue.holdFirst([frame(1), frame(2)]);
    const run = new FakeRun();
    queue.flushInto(run);
    assert.deepEqual(seconds(run.written), [1, 2, 3]);
  });

  it('drops past its bounds and reports one gap, from the first drop to the next frame through', () => {
    const queue = new FrameQueue({ maxFrames: 2, maxBytes: 10_000 });
    const gaps: CaptureGap[] = [];
    queue.onGap((gap) => gaps.push(gap));
    queue.offer(frame(1), undefined);
    queue.offer(frame(2), undefined);
    queue.offer(frame(3), undefined);
    queue.offer(frame(4), undefined);
    assert.equal(queue.lost, 2);
    assert.equal(gaps.length, 0, 'no gap while frames are still being dropped');
    const run = new FakeRun();
    queue.flushInto(run);
    assert.deepEqual(seconds(run.written), [1, 2]);
    assert.equal(gaps.length, 1);
    assert.deepEqual([gaps[0]?.from, gaps[0]?.to], [3, 1]);
    assert.deepEqual(gaps[0]?.reason, {
      en: 'tshark fell behind and frames were dropped',
      'zh-Hans': 'tshark 解析速度跟不上，部分帧被丢弃',
    });
    queue.offer(frame(5), run);
    assert.equal(gaps.length, 1, 'the overload ended once');
  });

  it('bounds what a live run has pending too, by frames and by bytes', () => {
    const byFrames = new FrameQueue({ maxFrames: 5, maxBytes: 10_000 });
    const busy = new FakeRun();
    busy.pendingCount = 5;
    assert.equal(byFrames.offer(frame(1), busy), false);
    assert.equal(byFrames.lost, 1);
    const byBytes = new FrameQueue({ maxFrames: 5, maxBytes: 1000 });
    const full = new FakeRun();
    full.pendingBytes = 1000;
    assert.equal(byBytes.offer(frame(1), full), false);
    assert.equal(byBytes.lost, 1);
    assert.deepEqual([busy.written, full.written], [[], []]);
  });

  it('loses held frames a new run cannot read, and requeues without bounds', () => {
    const queue = new FrameQueue({ maxFrames: 1, maxBytes: 10_000 });
    queue.offer(frame(1, 1), undefined);
    queue.requeue(frame(2, 113), undefined);
    const cooked = new FakeRun(113);
    queue.flushInto(cooked);
    assert.deepEqual(seconds(cooked.written), [2]);
    assert.equal(queue.lost, 1);
  });

  it('forgets what it holds when cleared', () => {
    const queue = new FrameQueue({ maxFrames: 10, maxBytes: 10_000 });
    queue.offer(frame(1), undefined);
    queue.clear();
    const run = new FakeRun();
    queue.flushInto(run);
    assert.deepEqual(run.written, []);
    assert.equal(queue.lost, 0);
  });
});
