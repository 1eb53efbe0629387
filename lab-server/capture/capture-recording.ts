/**
 * A session's own packets, kept for the "download pcapng" button: the raw frames its subscription received, each
 * with the comment the session gives it (its connection's number, as the page shows it), up to a byte budget
 * (oldest dropped first, so a long session keeps its latest traffic), and gap markers turned into a count the
 * page can mention. One per session; the session disposes it with everything else.
 *
 * Each frame may carry the session's `Packet.id` for it, so that a reader of the written file (the TLS handshake
 * reader, `lab-server/tls/`) can say which packet a frame number is: `snapshot` gives the file and, for each
 * frame in it, that id. A snapshot may also leave frames out (`select`): the handshake reader re-reads only the
 * connections whose handshakes are still going on.
 */

import { encodePcapng, type PcapngWriterOptions } from './pcapng-writer';
import type { RawFrame } from './raw-frame';

export interface CaptureRecordingOptions {
  /** Default 16 MiB of frame bytes. */
  readonly maxBytes?: number;
}

export interface SnapshotOptions extends PcapngWriterOptions {
  /** Keeps only the frames whose packet id it accepts (frames added without one have id 0). */
  readonly select?: (packetId: number) => boolean;
}

/** A pcapng file, and the packet id of each of its frames: `packetIds[n - 1]` for tshark's frame number n. */
export interface RecordingSnapshot {
  readonly pcapng: Buffer;
  /** 0 for a frame added without a packet id. */
  readonly packetIds: readonly number[];
}

interface RecordedFrame {
  readonly frame: RawFrame;
  readonly comment?: string;
  readonly packetId: number;
}

export class CaptureRecording {
  readonly #frames: RecordedFrame[] = [];
  #head = 0;
  #bytes = 0;
  #droppedFrames = 0;
  readonly #maxBytes: number;

  constructor(options: CaptureRecordingOptions = {}) {
    this.#maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  }

  /**
   * Keeps `frame`; `comment` goes into its pcapng block (Wireshark shows it as the frame's comment); `packetId`
   * is the session's `Packet.id` for it.
   */
  add(frame: RawFrame, comment?: string, packetId = 0): void {
    this.#frames.push(comment === undefined ? { frame, packetId } : { frame, comment, packetId });
    this.#bytes += frame.data.length;
    while (this.#bytes > this.#maxBytes && this.#head < this.#frames.length) {
      this.#bytes -= this.#frames[this.#head]!.frame.data.length;
      this.#head += 1;
      this.#droppedFrames += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#frames.length) {
      this.#frames.splice(0, this.#head);
      this.#head = 0;
    }
  }

  get count(): number {
    return this.#frames.length - this.#head;
  }

  /** Frames that fell out of the budget. */
  get dropped(): number {
    return this.#droppedFrames;
  }

  /** The whole recording as pcapng; with `tlsKeyLog`, a decryption secrets block first, so it opens decrypted. */
  toPcapng(options: PcapngWriterOptions = {}): Buffer {
    return encodePcapng(this.#frames.slice(this.#head), options);
  }

  /** The recording (or the frames `select` keeps) as pcapng, with the packet id of each frame written. */
  snapshot(options: SnapshotOptions = {}): RecordingSnapshot {
    const { select, ...writerOptions } = options;
    const kept = this.#frames.slice(this.#head);
    const frames = select === undefined ? kept : kept.filter((item) => select(item.packetId));
    return { pcapng: encodePcapng(frames, writerOptions), packetIds: frames.map((item) => item.packetId) };
  }

  clear(): void {
    this.#frames.length = 0;
    this.#head = 0;
    this.#bytes = 0;
  }
}
