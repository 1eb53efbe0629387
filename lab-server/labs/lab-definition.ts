/**
 * The shape of a lab, as a lab folder declares it in its `lab.ts`: which servers a session starts, and which
 * checks turn green. Checks are pure functions of what the servers observed, so the same check grades the lab
 * shell, a student's own program and a board on the network.
 */

import type { CheckState, ServerInfo } from '../../src/protocol';
import type { ConnectionRecord } from '../grading/connection-record';
import type { ServerKind } from '../servers';

export interface LabServerSpec {
  /** The name the shell and the checks use (`connect echo`). */
  readonly id: string;
  readonly kind: ServerKind;
  readonly title: string;
}

export interface CheckContext {
  /** Connection records of every server of the session, oldest first. */
  readonly connections: readonly ConnectionRecord[];
  readonly servers: readonly ServerInfo[];
}

export interface CheckVerdict {
  readonly state: CheckState;
  readonly detail: string;
}

export interface CheckDefinition {
  readonly id: string;
  readonly title: string;
  /** Evaluated after every observation; must be cheap and must not throw for any input. */
  evaluate(context: CheckContext): CheckVerdict;
}

export interface LabDefinition {
  readonly id: string;
  readonly title: string;
  readonly servers: readonly LabServerSpec[];
  readonly checks: readonly CheckDefinition[];
  /** Printed when the terminal opens: one or two lines on what to try first. */
  readonly greeting: string;
}

export function defineLab(lab: LabDefinition): LabDefinition {
  return lab;
}
