/**
 * Who is stuck: a student working in a lab (a page of theirs attached to a session of it) who has passed
 * nothing new in it for `stuckAfterMs` while a check of it is still open. The clock of a lab starts when the
 * student opens it and restarts at each pass, so a student who reads the lesson for a while, then passes a check
 * every few minutes, is never flagged; one who has spent twenty minutes on "the echo came back" is. The check
 * named is the one that failed last in that lab, or else the first one still open — the one the lesson asks
 * for next. Kept in memory only: after a restart every clock starts afresh, which errs on the side of quiet.
 */

import type { StuckCheck } from '../../src/protocol';

interface LabClock {
  /** When the student last made progress here (opened the lab, or passed something). */
  since: number;
  /** The check that failed most recently, until it passes. */
  failing: string | undefined;
}

export class StuckChecks {
  readonly #clocks = new Map<string, Map<string, LabClock>>();

  /** A page of `owner`'s attached to a session of `lab`: their clock of it starts unless it runs already. */
  opened(owner: string, lab: string, at: number): void {
    const labs = this.#labsOf(owner);
    if (!labs.has(lab)) labs.set(lab, { since: at, failing: undefined });
  }

  /** The student left the lab (no page of theirs on it any more): they are not stuck in it. */
  closed(owner: string, lab: string): void {
    this.#clocks.get(owner)?.delete(lab);
  }

  /** A check or question changed state in one of `owner`'s sessions of `lab`. */
  changed(owner: string, lab: string, check: string, state: 'pending' | 'passed' | 'failed', at: number): void {
    const clock = this.#clocks.get(owner)?.get(lab);
    if (clock === undefined) return;
    if (state === 'passed') {
      clock.since = at;
      if (clock.failing === check) clock.failing = undefined;
    } else if (state === 'failed') {
      clock.failing = check;
    }
  }

  /** Forgets a student (removed) or one lab of theirs (reset). */
  forget(owner: string, lab?: string): void {
    if (lab === undefined) this.#clocks.delete(owner);
    else this.#clocks.get(owner)?.delete(lab);
  }

  /**
   * The lab `owner` has been stuck in longest, if any: open for at least `afterMs` without progress, and with a
   * check not yet passed (`open(lab)` lists those, in the lab's order).
   */
  stuck(owner: string, now: number, afterMs: number, open: (lab: string) => readonly string[]): StuckCheck | undefined {
    let found: StuckCheck | undefined;
    for (const [lab, clock] of this.#clocks.get(owner) ?? []) {
      if (now - clock.since < afterMs) continue;
      const remaining = open(lab);
      if (remaining.length === 0) continue;
      const check = clock.failing !== undefined && remaining.includes(clock.failing) ? clock.failing : remaining[0]!;
      if (found === undefined || clock.since < found.since) found = { lab, check, since: clock.since };
    }
    return found;
  }

  /** The earliest moment at which someone not stuck now becomes stuck, for the roster's timer. */
  nextChange(now: number, afterMs: number): number | undefined {
    let next: number | undefined;
    for (const labs of this.#clocks.values()) {
      for (const clock of labs.values()) {
        const at = clock.since + afterMs;
        if (at > now && (next === undefined || at < next)) next = at;
      }
    }
    return next;
  }

  #labsOf(owner: string): Map<string, LabClock> {
    let labs = this.#clocks.get(owner);
    if (labs === undefined) {
      labs = new Map();
      this.#clocks.set(owner, labs);
    }
    return labs;
  }
}
