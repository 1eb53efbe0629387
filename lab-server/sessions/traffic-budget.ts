/**
 * A student's budget of bytes per second across all their lab servers (`MAX_STUDENT_BYTES_PER_SECOND`), so that
 * one student's flood cannot take a shared lab server's CPU and capture from the rest of the class. A token
 * bucket of bytes holding one second's worth: a TCP server spends what it read, may go into debt, and is told
 * how long to stop reading — the student's program then waits on TCP's own flow control, and no byte is lost;
 * a UDP server admits a datagram only if the bucket holds it, and drops it otherwise, as a full socket buffer
 * would. Every server of every session of the student shares one budget (session-registry.ts).
 */

import type { TrafficBudget } from '../servers/observation';

export class StudentTraffic implements TrafficBudget {
  readonly bytesPerSecond: number;
  readonly #clock: () => number;
  #tokens: number;
  #at: number;

  constructor(bytesPerSecond: number, clock: () => number = Date.now) {
    this.bytesPerSecond = bytesPerSecond;
    this.#clock = clock;
    this.#tokens = bytesPerSecond;
    this.#at = clock();
  }

  spend(bytes: number): number {
    this.#refill();
    this.#tokens -= bytes;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens * 1000) / this.bytesPerSecond);
  }

  admit(bytes: number): boolean {
    this.#refill();
    if (this.#tokens < bytes) return false;
    this.#tokens -= bytes;
    return true;
  }

  #refill(): void {
    const now = this.#clock();
    // A clock that steps back (NTP) must not drain the bucket.
    const elapsed = Math.max(0, now - this.#at);
    this.#tokens = Math.min(this.bytesPerSecond, this.#tokens + (elapsed * this.bytesPerSecond) / 1000);
    this.#at = now;
  }
}
