/**
 * Runs a lab's checks for one session. It folds every observation of the session's servers into connection
 * records, re-evaluates the checks, and reports those whose state or detail changed. A check that passed stays
 * passed: a student who got it right once and then experiments further has still done it.
 */

import { Emitter, type Event } from '../../src/common/emitter';
import { type Locale, type Localized, localized, pick, sameText, verbatim } from '../../src/common/localized';
import type { CheckContext, CheckDefinition, Observation } from '../../src/lab-kit';
import { ConnectionRecords } from '../../src/lab-kit';
import type { CheckState, CheckStatus, Packet, ServerInfo, TlsHandshake } from '../../src/protocol';

/** The packet side of what checks see. */
export interface CaptureView {
  readonly packets: readonly Packet[];
  readonly captureRunning: boolean;
  /** The TLS handshakes read from those packets with the session's keys. */
  readonly handshakes: readonly TlsHandshake[];
}

/** A check's state with its texts in every language; `checkInLocale` makes the wire's `CheckStatus` of it. */
export interface GradedCheck {
  readonly id: string;
  readonly title: Localized;
  readonly state: CheckState;
  readonly detail: Localized;
}

export function checkInLocale(check: GradedCheck, locale: Locale): CheckStatus {
  return { id: check.id, title: pick(check.title, locale), state: check.state, detail: pick(check.detail, locale) };
}

const TEXT = localized({
  en: { crashed: (reason: string) => `This check failed to run (${reason}).` },
  'zh-Hans': { crashed: (reason) => `这项检查运行出错（${reason}）。` },
});

export class Grader {
  readonly #checks: readonly CheckDefinition[];
  readonly #records = new ConnectionRecords();
  readonly #status = new Map<string, GradedCheck>();
  readonly #onChange = new Emitter<GradedCheck>();
  readonly #capture: () => CaptureView;
  #servers: readonly ServerInfo[] = [];

  readonly onChange: Event<GradedCheck> = this.#onChange.event;

  /** `capture` tells, at each evaluation, the session's packets and whether capture runs at all. */
  constructor(checks: readonly CheckDefinition[], capture: () => CaptureView) {
    this.#checks = checks;
    this.#capture = capture;
    for (const check of checks) {
      this.#status.set(check.id, { id: check.id, title: check.title, state: 'pending', detail: verbatim('') });
    }
  }

  /** Tells the grader where the servers listen (checks mention the address) and evaluates the initial state. */
  setServers(servers: readonly ServerInfo[]): void {
    this.#servers = servers;
    this.#evaluate();
  }

  /** Folds an observation in; returns whether checks should be evaluated again (`reevaluate` does it). */
  observe(observation: Observation): boolean {
    return this.#records.apply(observation) !== undefined;
  }

  /** New observations, packets or capture state: evaluate again. */
  reevaluate(): void {
    this.#evaluate();
  }

  /** What checks and questions are judged on. */
  context(): CheckContext {
    return { connections: this.#records.list(), servers: this.#servers, ...this.#capture() };
  }

  statuses(): GradedCheck[] {
    return this.#checks.map((check) => this.#status.get(check.id)!);
  }

  /**
   * Marks a check passed without evaluating it, saying why (passed in an earlier session): it stays passed, as
   * a check passed here does. Unknown ids are ignored (a lab may have dropped a check since). Fires nothing.
   */
  restore(id: string, detail: Localized): void {
    const check = this.#checks.find((candidate) => candidate.id === id);
    if (check !== undefined) this.#status.set(id, { id, title: check.title, state: 'passed', detail });
  }

  /**
   * Takes a pass back (it could not be saved): the check shows `state` with `detail` and is evaluated again
   * at the next evaluation, so new work passes it, and saves it, again. Fires nothing: the caller tells the page.
   */
  retract(id: string, state: Exclude<CheckState, 'passed'>, detail: Localized): GradedCheck | undefined {
    const check = this.#checks.find((candidate) => candidate.id === id);
    if (check === undefined) return undefined;
    const retracted: GradedCheck = { id, title: check.title, state, detail };
    this.#status.set(id, retracted);
    return retracted;
  }

  dispose(): void {
    this.#onChange.clear();
  }

  #evaluate(): void {
    const context = this.context();
    for (const check of this.#checks) {
      const previous = this.#status.get(check.id)!;
      if (previous.state === 'passed') continue;
      let next: GradedCheck;
      try {
        next = { id: check.id, title: check.title, ...check.evaluate(context) };
      } catch (error) {
        // A bug in one check must not take the session down; it shows as a failed check that says so.
        next = {
          id: check.id,
          title: check.title,
          state: 'failed',
          detail: TEXT.crashed(error instanceof Error ? error.message : String(error)),
        };
      }
      if (next.state !== previous.state || !sameText(next.detail, previous.detail)) {
        this.#status.set(check.id, next);
        this.#onChange.fire(next);
      }
    }
  }
}
