/**
 * The faults of one session: those its lab declares, each on one of the session's servers, set up when the
 * session starts and released with it (they are added to the session's store). Each kind comes from the registry
 * (`lab-server/faults/index.ts`); where one cannot act here (the lab server may not change the packet filter, the
 * server cannot be restarted), it is reported unavailable with the reason and how to allow it, and the rest of
 * the lab works. A change (from the panel's `fault` message, or the shell) is in effect before it is reported;
 * a fault that changes by itself (a restarted server is back) is reported when it does.
 */

import { DisposableStore } from '../../src/common/disposable';
import { Emitter, type Event } from '../../src/common/emitter';
import { type Locale, type Localized, localized, pick } from '../../src/common/localized';
import type { LabFaultSpec } from '../../src/lab-kit';
import { badFaultValue, type FaultKind, type FaultStatus, isFaultValue, LabError } from '../../src/protocol';
import { type ActiveFault, FAULTS } from '../faults';
import type { FaultService } from '../faults/fault-service';
import type { RunningServer } from '../servers/observation';

/** A fault's state as the session keeps it: its reason in every language, picked when it is sent. */
export interface FaultReport {
  readonly kind: FaultKind;
  readonly server: string;
  readonly available: boolean;
  /** The setting now, within `FAULT_SETTINGS[kind]`. */
  readonly value: number;
  readonly reason?: Localized;
}

export function faultIn(report: FaultReport, locale: Locale): FaultStatus {
  const { reason, ...rest } = report;
  return reason === undefined ? rest : { ...rest, reason: pick(reason, locale) };
}

const TEXT = localized({
  en: {
    unknown: (kind: string, server: string) => `This lab offers no ${kind} fault on "${server}".`,
    failed: (detail: string) => `The fault could not be set (${detail}).`,
  },
  'zh-Hans': {
    unknown: (kind, server) => `这个实验没有在 "${server}" 上提供 ${kind} 故障。`,
    failed: (detail) => `无法设置这个故障（${detail}）。`,
  },
});

interface Entry {
  report: FaultReport;
  /** Undefined where the fault cannot act here (`report.reason` says why). */
  readonly fault: ActiveFault | undefined;
}

export class SessionFaults {
  readonly #entries: Entry[] = [];
  readonly #onChange = new Emitter<FaultReport>();
  readonly #store = new DisposableStore();
  /** Changes are applied one at a time, in the order they came. */
  #chain: Promise<void> = Promise.resolve();

  readonly onChange: Event<FaultReport> = this.#onChange.event;

  private constructor() {}

  /** Sets up `specs` on the session's `servers`; never throws for want of rights, which it reports instead. */
  static async start(
    specs: readonly LabFaultSpec[],
    servers: readonly RunningServer[],
    service: FaultService | undefined,
  ): Promise<SessionFaults> {
    const faults = new SessionFaults();
    try {
      for (const spec of specs) await faults.#add(spec, servers, service);
    } catch (error) {
      await faults.dispose();
      throw error;
    }
    return faults;
  }

  reports(): FaultReport[] {
    return this.#entries.map((entry) => entry.report);
  }

  /**
   * Puts a new setting in effect, then reports it. A fault the lab lacks, a setting outside the kind's bounds
   * and a fault that cannot act here are each a LabError with a sentence in every language.
   */
  set(kind: FaultKind, server: string, value: number): Promise<FaultReport> {
    const entry = this.#entries.find(
      (candidate) => candidate.report.kind === kind && candidate.report.server === server,
    );
    if (entry === undefined) {
      return Promise.reject(new LabError('LAB_ERR_FAULT_UNKNOWN', TEXT.unknown(kind, server.slice(0, 40))));
    }
    if (!isFaultValue(kind, value)) {
      return Promise.reject(new LabError('LAB_ERR_FAULT_VALUE', badFaultValue(kind, value)));
    }
    const fault = entry.fault;
    if (fault === undefined) return Promise.reject(new LabError('LAB_ERR_FAULT_UNAVAILABLE', entry.report.reason));
    const change = this.#chain.then(async () => {
      try {
        await fault.set(value);
      } catch (error) {
        throw new LabError('LAB_ERR_INTERNAL', TEXT.failed(error instanceof Error ? error.message : String(error)));
      }
      return this.#report(entry, fault.value);
    });
    this.#chain = change.then(
      () => undefined,
      () => undefined,
    );
    return change;
  }

  async dispose(): Promise<void> {
    this.#onChange.clear();
    await this.#chain;
    await this.#store.dispose();
  }

  async #add(spec: LabFaultSpec, servers: readonly RunningServer[], service: FaultService | undefined) {
    const base = { kind: spec.kind, server: spec.server, value: spec.value ?? 0 };
    const server = servers.find((candidate) => candidate.info.id === spec.server);
    const definition = FAULTS[spec.kind];
    // The lab registry refuses a fault on a server the lab lacks; should one get here, it is simply unavailable.
    const target = server === undefined ? undefined : { server, service };
    const reason = target === undefined ? TEXT.unknown(spec.kind, spec.server) : definition.unavailable(target);
    if (target === undefined || reason !== undefined) {
      this.#entries.push({
        report: { ...base, available: false, ...(reason === undefined ? {} : { reason }) },
        fault: undefined,
      });
      return;
    }
    const fault = this.#store.add(await definition.start(target, base.value));
    const entry: Entry = { report: { ...base, available: true, value: fault.value }, fault };
    this.#entries.push(entry);
    this.#store.add(fault.onChange((value) => this.#report(entry, value)));
  }

  #report(entry: Entry, value: number): FaultReport {
    entry.report = { ...entry.report, value };
    this.#onChange.fire(entry.report);
    return entry.report;
  }
}
