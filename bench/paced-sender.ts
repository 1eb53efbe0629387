/**
 * The capture section's load: payloads sent round-robin over the sessions at a steady message rate, paced by a
 * timer, and the rate that gives the packet rate asked for. How many packets one exchange makes depends on TCP
 * (delayed ACKs make it 2–4), so a short calibration run measures it first; during the window the rate is set
 * again once a second from the window's own packets per message so far.
 */

import { setTimeout as sleep } from 'node:timers/promises';

export const TICK_MS = 10;
const RATE_ADJUST_MS = 1000;
/** The delayed ACK is 40 ms on Linux: the calibration's last exchanges are complete after this. */
const ACK_SETTLE_MS = 100;

export interface PacedTarget {
  /** Writes the target's next payload. */
  sendPayload(): void;
}

/** Messages per second, given the time since sending started and the messages sent so far. */
export type Rate = (elapsedMs: number, sent: number) => number;

/**
 * Sends messages round-robin over `targets` for `seconds`, at `rate` messages per second, paced by a timer:
 * each tick sends what is due by the clock, so late timers do not lower the rate. Returns the messages sent.
 */
export async function sendPaced(targets: readonly PacedTarget[], seconds: number, rate: Rate): Promise<number> {
  const started = performance.now();
  const durationMs = seconds * 1000;
  let sent = 0;
  let due = 0;
  let last = started;
  // Bounded: the loop ends at `durationMs`, and at the latest after twice the ticks it should take.
  for (let tick = 0; tick < (2 * durationMs) / TICK_MS; tick++) {
    const now = performance.now();
    if (now - started >= durationMs) break;
    due += ((now - last) / 1000) * rate(now - started, sent);
    last = now;
    while (sent < Math.floor(due)) {
      targets[sent % targets.length]!.sendPayload();
      sent++;
    }
    await sleep(TICK_MS);
  }
  return sent;
}

/** The message rate that gives `packetsPerSecond`, within 100 and `packetsPerSecond` (one packet a message). */
export function rateFor(packetsPerSecond: number, packetsPerMessage: number): number {
  if (!(packetsPerMessage > 0)) return Math.round(packetsPerSecond / 4);
  return Math.round(Math.min(packetsPerSecond, Math.max(100, packetsPerSecond / packetsPerMessage)));
}

export interface Calibration {
  readonly messages: number;
  readonly packetsPerMessage: number;
  /** The message rate the window starts at. */
  readonly rate: number;
}

/**
 * Sends at `rate` messages per second for `seconds` and measures the packets one message makes;
 * `packetsSoFar` counts the packets captured since the calibration started.
 */
export async function calibrate(
  targets: readonly PacedTarget[],
  run: { readonly rate: number; readonly seconds: number; readonly targetPacketsPerSecond: number },
  packetsSoFar: () => number,
): Promise<Calibration> {
  const messages = await sendPaced(targets, run.seconds, () => run.rate);
  await sleep(ACK_SETTLE_MS);
  const packetsPerMessage = packetsSoFar() / Math.max(1, messages);
  return { messages, packetsPerMessage, rate: rateFor(run.targetPacketsPerSecond, packetsPerMessage) };
}

/**
 * The window's rate: from the calibration's, set again once a second from `packetsSoFar` (packets captured
 * since the window started) over the messages sent so far, because packets per exchange fall once the
 * connections leave TCP's quick-ACK start, which the calibration sees more of.
 */
export class AdaptiveRate {
  readonly initial: number;
  readonly #targetPacketsPerSecond: number;
  readonly #packetsSoFar: () => number;
  readonly #rates: number[] = [];
  #current: number;
  #adjustAt = RATE_ADJUST_MS;

  constructor(initial: number, targetPacketsPerSecond: number, packetsSoFar: () => number) {
    this.initial = initial;
    this.#current = initial;
    this.#targetPacketsPerSecond = targetPacketsPerSecond;
    this.#packetsSoFar = packetsSoFar;
  }

  readonly rate: Rate = (elapsedMs, sent) => {
    if (elapsedMs >= this.#adjustAt && sent > 0) {
      this.#adjustAt += RATE_ADJUST_MS;
      this.#current = rateFor(this.#targetPacketsPerSecond, this.#packetsSoFar() / sent);
      this.#rates.push(this.#current);
    }
    return this.#current;
  };

  /** The rates used: the first, the range adjusted within, and the last. */
  get range(): { readonly initial: number; readonly lowest: number; readonly highest: number; readonly last: number } {
    return {
      initial: this.initial,
      lowest: Math.min(this.initial, ...this.#rates),
      highest: Math.max(this.initial, ...this.#rates),
      last: this.#current,
    };
  }
}
