/**
 * The capture's options as callers give them (`CaptureOptions`, every field optional) and as the pipeline uses
 * them (`CaptureSettings`: defaults filled in, ports checked). The defaults are where the capture's measured
 * trade-offs live: buffer and snap length for a loss-free burst, the rotation point for tshark's memory.
 */

import { isLoopbackHost } from './capture-scope';
import type { PortRange } from './capturer';

export interface CaptureOptions {
  /**
   * Where the lab servers are bound (the lab server's `labHost`); default 127.0.0.1. A loopback address captures
   * on `interface`; a LAN address, a host name of one, or a wildcard (`0.0.0.0`, `::`) also captures the
   * interfaces that carry it, on `any` (see `capture-scope.ts`), and then `interface` must be left out.
   */
  readonly labHost?: string;
  /** Default `lo`. */
  readonly interface?: string;
  /** The lab ports; default 20000–29999. Only these can be subscribed to. */
  readonly portRange?: PortRange;
  /** A UDP port inside the filter that no lab uses; default 19999. */
  readonly canaryPort?: number;
  /** Where canary datagrams are sent; default 127.0.0.1. */
  readonly canaryAddress?: string;
  /** Default `tshark` on PATH. */
  readonly tsharkPath?: string;
  /** Default `tcpdump` on PATH, else `dumpcap`. A path whose name contains `dumpcap` is run as dumpcap. */
  readonly capturerPath?: string;
  /** Start a fresh tshark after this many frames; default 300 000 (~150 MB of tshark growth). */
  readonly rotateAfterPackets?: number;
  /**
   * Kernel capture buffer; default 128 MiB: with the default snap length ~32 000 frames, so a burst of 30 000
   * datagrams in a second waits there whole while the main thread, slower than that per frame, catches up
   * (32 MiB lost a third of such a burst; bench/RESULTS.md). Allocated in full when the capture starts.
   */
  readonly bufferKiB?: number;
  /**
   * Bytes kept per frame; default 4016: the 2 KiB payload the page shows plus any headers fit, and libpcap's
   * ring slot (snap length + ~70 bytes of its own, rounded to 16) stays within one 4 KiB page — at 4096 each slot
   * takes 8 KiB and the same buffer holds half the frames. Larger loopback segments are kept truncated.
   */
  readonly snapLength?: number;
  /** How long the capture may take to prove it works (canary seen); default 10 s. */
  readonly readyTimeoutMs?: number;
  /** Default 20 ms. */
  readonly canaryIntervalMs?: number;
  /** Restarts of the capturer or tshark allowed in any minute before giving up; default 5. */
  readonly maxRestartsPerMinute?: number;
  /** Frames waiting for tshark beyond this many are dropped (with a gap); default 100 000. */
  readonly maxPendingFrames?: number;
  /** …or beyond this many captured bytes; default 64 MiB. */
  readonly maxPendingBytes?: number;
  /** Where the private temp directory is made; default the OS temp directory. */
  readonly tempDirParent?: string;
}

/** The paths stay optional: "not given" means "look it up on PATH", which only `start()` can do. */
export type CaptureSettings = Required<Omit<CaptureOptions, 'tsharkPath' | 'capturerPath' | 'tempDirParent'>> & {
  /** Whether `labHost` is reachable from the LAN, so the capture runs on `any` with a scope. */
  readonly lan: boolean;
} & Pick<CaptureOptions, 'tsharkPath' | 'capturerPath' | 'tempDirParent'>;

const DEFAULTS = {
  labHost: '127.0.0.1',
  interface: 'lo',
  portRange: { from: 20000, to: 29999 },
  canaryPort: 19999,
  canaryAddress: '127.0.0.1',
  rotateAfterPackets: 300_000,
  bufferKiB: 128 * 1024,
  snapLength: 4016,
  readyTimeoutMs: 10_000,
  canaryIntervalMs: 20,
  maxRestartsPerMinute: 5,
  maxPendingFrames: 100_000,
  maxPendingBytes: 64 * 1024 * 1024,
} as const;

/**
 * Throws a RangeError on an impossible port range or canary port, or an interface named beside a LAN lab host:
 * a programming error, not a runtime state.
 */
export function resolveCaptureSettings(options: CaptureOptions): CaptureSettings {
  const labHost = options.labHost ?? DEFAULTS.labHost;
  const lan = !isLoopbackHost(labHost);
  if (lan && options.interface !== undefined) {
    throw new RangeError(
      `the capture picks its interfaces for lab host ${labHost}; do not name one (${options.interface})`,
    );
  }
  const settings: CaptureSettings = {
    labHost,
    lan,
    interface: lan ? 'any' : (options.interface ?? DEFAULTS.interface),
    portRange: options.portRange ?? DEFAULTS.portRange,
    canaryPort: options.canaryPort ?? DEFAULTS.canaryPort,
    canaryAddress: options.canaryAddress ?? DEFAULTS.canaryAddress,
    rotateAfterPackets: options.rotateAfterPackets ?? DEFAULTS.rotateAfterPackets,
    bufferKiB: options.bufferKiB ?? DEFAULTS.bufferKiB,
    snapLength: options.snapLength ?? DEFAULTS.snapLength,
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULTS.readyTimeoutMs,
    canaryIntervalMs: options.canaryIntervalMs ?? DEFAULTS.canaryIntervalMs,
    maxRestartsPerMinute: options.maxRestartsPerMinute ?? DEFAULTS.maxRestartsPerMinute,
    maxPendingFrames: options.maxPendingFrames ?? DEFAULTS.maxPendingFrames,
    maxPendingBytes: options.maxPendingBytes ?? DEFAULTS.maxPendingBytes,
    ...(options.tsharkPath === undefined ? {} : { tsharkPath: options.tsharkPath }),
    ...(options.capturerPath === undefined ? {} : { capturerPath: options.capturerPath }),
    ...(options.tempDirParent === undefined ? {} : { tempDirParent: options.tempDirParent }),
  };
  const { portRange, canaryPort } = settings;
  if (!isPort(portRange.from) || !isPort(portRange.to) || portRange.from > portRange.to) {
    throw new RangeError(`bad capture port range ${portRange.from}-${portRange.to}`);
  }
  if (!isPort(canaryPort)) throw new RangeError(`bad canary port ${canaryPort}`);
  return settings;
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}
