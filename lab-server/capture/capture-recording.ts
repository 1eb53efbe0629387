/**
 * A session's own packets, kept for the "download pcapng" button: the raw frames its subscription received, each
 * with the comment the session gives it (its connection's number, as the page shows it), up to a byte budget
 * (oldest dropped first, so a long session keeps its latest traffic), and gap markers turned into a count the
 * page can mention. One per session; the session disposes it with everything else.
 */

import { type CommentedFrame, encodePcapng, type PcapngWriterOptions } from './pcapng-writer';
import type { RawFrame } from './raw-frame';

export interface CaptureRecordingOptions {
  /** Default 16 MiB of frame bytes. */
  readonly maxBytes?: number;
}

export class CaptureRecording {
  private readonly frames: CommentedFrame[] = [];
  private head = 0;
  private bytes = 0;
  private droppedFrames = 0;
  private readonly maxBytes: number;

  constructor(options: CaptureRecordingOptions = {}) {
    this.maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  }

  /** Keeps `frame`; `comment` goes into its pcapng block (Wireshark shows it as the frame's comment). */
  add(frame: RawFrame, comment?: string): void {
    this.frames.push(comment === undefined ? { frame } : { frame, comment });
    this.bytes += frame.data.length;
    while (this.bytes > this.maxBytes && this.head < this.frames.length) {
      this.bytes -= this.frames[this.head]!.frame.data.length;
      this.head += 1;
      this.droppedFrames += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.frames.length) {
      this.frames.splice(0, this.head);
      this.head = 0;
    }
  }

  get count(): number {
    return this.frames.length - this.head;
  }

  /** Frames that fell out of the budget. */
  get dropped(): number {
    return this.droppedFrames;
  }

  toPcapng(options: PcapngWriterOptions = {}): Buffer {
    return encodePcapng(this.frames.slice(this.head), options);
  }

  clear(): void {
    this.frames.length = 0;
    this.head = 0;
    this.bytes = 0;
  }
}
