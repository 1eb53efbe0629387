/**
 * One captured frame exactly as the capturer saw it: the bytes (possibly truncated to the snap length), the
 * length on the wire, the kernel timestamp and the link type that says how to read the bytes. The capture keeps
 * these beside each dissected `Packet` so that a session can offer its own packets as a pcapng download.
 */

export interface RawFrame {
  /** A LINKTYPE_* value (https://www.tcpdump.org/linktypes.html); `lo` on Linux is 1, Ethernet. */
  readonly linkType: number;
  readonly timestampSeconds: number;
  /** 0–999 999 999; the capturer is asked for nanosecond timestamps, microsecond sources are scaled. */
  readonly timestampNanos: number;
  readonly originalLength: number;
  /** The captured bytes; `data.length` is the captured length. */
  readonly data: Buffer;
}

export function frameTimeSeconds(frame: Pick<RawFrame, 'timestampSeconds' | 'timestampNanos'>): number {
  return frame.timestampSeconds + frame.timestampNanos / 1e9;
}
