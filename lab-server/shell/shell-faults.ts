/**
 * The session's faults as the lab shell sees them, for `loss` and `fault`: the lab's faults with their state,
 * and a way to set one that resolves once it is set in the kernel (or rejects saying why, in every language,
 * as a `LabError` does). The session's `SessionFaults` is one; the shell needs nothing else of it.
 */

import type { Localized } from '../../src/common/localized';
import type { FaultKind } from '../../src/protocol';

export interface ShellFaultReport {
  readonly kind: FaultKind;
  readonly server: string;
  readonly available: boolean;
  readonly value: number;
  /** Why the fault is unavailable, and how to allow it. */
  readonly reason?: Localized;
}

export interface ShellFaults {
  /** The lab's faults, in the order its manifest declares them. */
  list(): readonly ShellFaultReport[];
  /** Sets one, resolving with its new state once it is in effect. */
  set(kind: FaultKind, server: string, value: number): Promise<ShellFaultReport>;
}
