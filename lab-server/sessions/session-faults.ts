/**
 * The faults of one session: those its lab declares, each on one of the session's servers, set up when the
 * session starts and released with it (they are added to the session's store). Where the lab server may not
 * set faults, each is reported unavailable with the reason and how to allow it, and the rest of the lab works.
 * A change (from the panel's `fault` message, or the shell) is applied in the kernel before it is reported.
 */

import { DisposableStore } from '../../src/common/disposable';
import { Emitter, type Event } from '../../src/common/emitter';
import { type Locale, type Localized, localized, pick } from '../../src/common/localized';
import type { LabFaultSpec } from '../../src/lab-kit';
import {
  badFaultValue,
  type FaultKind,
  type FaultStatus,
  isFaultValue,
  LabError,
  type ServerInfo,
} from '../../src/protocol';
import type { FaultService } from '../faults/fault-service';
import type { PacketLoss } from '../faults/packet-loss';

/** A fault's state as the session keeps it: its reason in every language, picked when it is sent. */
export interface FaultReport {
  readonly kind: FaultKind;
  readonly server: string;
  readonly available: boolean;
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
    off: 'Faults are turned off on this lab server.',
  },
  'zh-Hans': {
    unknown: (kind, server) => `这个实验没有在 "${server}" 上提供 ${kind} 故障。`,
    failed: (detail) => `无法设置这个故障（${detail}）。`,
    off: '这个实验服务器关闭了故障注入。',
  },
});

interface Entry {
  report: FaultReport;
  readonly loss: PacketLoss | undefined;
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
    servers: readonly ServerInfo[],
    service: FaultService | undefined,
  ): Promise<SessionFaults> {
    const faults = new SessionFaults();
    try {
      for (const spec of specs) {
        const server = servers.find((candidate) => candidate.id === spec.server);
        const percent = spec.value ?? 0;
        const base = { kind: spec.kind, server: spec.server, value: percent };
        const unavailable = service === undefined ? TEXT.off : service.unavailable;
        if (server === undefined || service === undefined || unavailable !== undefined) {
          faults.#entries.push({
            report: { ...base, available: false, reason: unavailable ?? TEXT.off },
            loss: undefined,
          });
          continue;
        }
        const loss = await service.loss({ transport: server.transport, port: server.port, percent });
        faults.#store.add(loss);
        faults.#entries.push({ report: { ...base, available: true }, loss });
      }
    } catch (error) {
      await faults.dispose();
      throw error;
    }
    return faults;
  }

  reports(): FaultReport[] {
    return this.#entries.map((entry) => entry.report);
  }

  /** Applies a new setting, then reports it; a fault the lab lacks or may not set is a LabError. */
  set(kind: FaultKind, server: string, value: number): Promise<FaultReport> {
    const entry = this.#entries.find(
      (candidate) => candidate.report.kind === kind && candidate.report.server === server,
    );
    if (entry === undefined) {
      return Promise.reject(new LabError('LAB_ERR_FAULT_UNKNOWN', TEXT.unknown(kind, server.slice(0, 40))));
    }
    const loss = entry.loss;
    if (loss === undefined || !entry.report.available) {
      return Promise.reject(new LabError('LAB_ERR_FAULT_UNAVAILABLE', entry.report.reason));
    }
    if (!isFaultValue(kind, value))
      return Promise.reject(new LabError('LAB_ERR_FAULT_VALUE', badFaultValue(kind, value)));
    const clamped = value;
    const change = this.#chain.then(async () => {
      try {
        await loss.setPercent(clamped);
      } catch (error) {
        throw new LabError('LAB_ERR_INTERNAL', TEXT.failed(error instanceof Error ? error.message : String(error)));
      }
      entry.report = { ...entry.report, value: clamped };
      this.#onChange.fire(entry.report);
      return entry.report;
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
}
