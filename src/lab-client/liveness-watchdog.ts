/**
 * Notices a connection that died without closing. A socket can look open long after the path to the server is
 * gone (a laptop that slept, a Wi-Fi change); only silence tells, and then a new connection is the cure. While
 * it runs, the watchdog has a `ping` sent every interval, and once nothing at all (not even a `pong`) has been
 * heard for the silence limit it reports the connection silent, once, and stops.
 */

import type { Disposable } from '../common/emitter';
import type { Clock } from './clock';

export interface LivenessOptions {
  readonly clock: Clock;
  /** How often a live connection sends `ping`. */
  readonly pingIntervalMs: number;
  /** A connection that heard nothing for this long is considered dead. */
  readonly silenceLimitMs: number;
  /** Sends a `ping` with this id. */
  readonly ping: (id: number) => void;
  /** Nothing was heard for `silenceLimitMs`; the watchdog has stopped. */
  readonly onSilence: () => void;
}

export class LivenessWatchdog implements Disposable {
  private timer: unknown;
  private lastHeard = 0;
  private nextPingId = 1;

  constructor(private readonly options: LivenessOptions) {}

  /** A socket opened: that counts as hearing from the server, and the pings start. */
  start(): void {
    this.heard();
    this.schedule();
  }

  /** Something arrived from the server. */
  heard(): void {
    this.lastHeard = this.options.clock.now();
  }

  stop(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
  }

  private schedule(): void {
    const { clock, pingIntervalMs, silenceLimitMs } = this.options;
    this.stop();
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      if (clock.now() - this.lastHeard >= silenceLimitMs) {
        this.options.onSilence();
        return;
      }
      this.options.ping(this.nextPingId++);
      this.schedule();
    }, pingIntervalMs);
  }
}
