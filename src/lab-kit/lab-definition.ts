/**
 * The shape of a lab, as a lab folder declares it in its `lab.ts`: which servers a session starts, and which
 * checks turn green. Checks are pure functions of what the servers observed, so the same check grades the lab
 * shell, a student's own program and a board on the network. Every text a lab shows is `Localized` (one
 * catalog per file, `src/common/localized.ts`): the session picks the language of the page it talks to.
 * This is the lab kit's contract: platform-free, imported by the labs and by the lab server, importing neither.
 */

import type { Localized } from '../common/localized';
import type { CheckState, FaultKind, Packet, ServerInfo, TlsHandshake, ViewId } from '../protocol';
import type { ConnectionRecord } from './connection-record';

export interface LabServerSpec {
  /** The name the shell and the checks use (`connect echo`). */
  readonly id: string;
  /**
   * The server kind, by name (`tcp-echo`, `udp-echo`, `tcp-reset`, …): the lab server's registry of kinds
   * (`lab-server/servers/index.ts`) starts it, and refuses at start a lab that names a kind it lacks.
   */
  readonly kind: string;
  readonly title: Localized;
}

/**
 * A fault the lab offers on one of its servers (`loss` on `echo`), set by the student from the panel or shell
 * (`FAULT_SETTINGS` in the protocol says what each kind's number means and its bounds).
 */
export interface LabFaultSpec {
  readonly kind: FaultKind;
  /** The id of one of the lab's servers. */
  readonly server: string;
  /**
   * The setting when the session starts, 0 unless told: a loss rate in whole percent, or 1 for a peer silent
   * from the start. A restart always starts at 0 (the server is there when the student arrives).
   */
  readonly value?: number;
}

export interface CheckContext {
  /** Connection records of every server of the session, oldest first. */
  readonly connections: readonly ConnectionRecord[];
  readonly servers: readonly ServerInfo[];
  /**
   * The session's captured packets, oldest first (bounded: the most recent few thousand). Empty when capture
   * is unavailable; checks that need packets should then say so rather than fail.
   */
  readonly packets: readonly Packet[];
  /** Whether packets are being captured at all. */
  readonly captureRunning: boolean;
  /**
   * The TLS handshakes of the session's connections, read from its capture with its keys (oldest first, at most
   * MAX_TLS_HANDSHAKES). Empty without capture: a TLS check then falls back on the connection records' `tls`.
   */
  readonly handshakes: readonly TlsHandshake[];
}

export interface CheckVerdict {
  readonly state: CheckState;
  /** One sentence or a few on why the check is in this state, written for the student. */
  readonly detail: Localized;
}

export interface CheckDefinition {
  readonly id: string;
  readonly title: Localized;
  /** Evaluated after every observation; must be cheap and must not throw for any input. */
  evaluate(context: CheckContext): CheckVerdict;
}

/**
 * A capture question ("Which initial sequence number did the server choose?"). The student types an answer;
 * `evaluate` judges it against that student's own packets, so two students get different right answers.
 */
export interface QuestionDefinition {
  readonly id: string;
  readonly prompt: Localized;
  /** The expected form of the answer, shown as the input's hint ("a number", "SYN, SYN-ACK or ACK"). */
  readonly format: Localized;
  /** Must not throw for any input; `pending` means "cannot be judged yet" (e.g. no handshake captured). */
  evaluate(context: CheckContext, answer: string): CheckVerdict;
}

export interface LabDefinition {
  readonly id: string;
  readonly title: Localized;
  readonly servers: readonly LabServerSpec[];
  readonly checks: readonly CheckDefinition[];
  /** Capture questions; optional, most labs have none. */
  readonly questions?: readonly QuestionDefinition[];
  /** Printed when the terminal opens: one or two lines on what to try first. */
  readonly greeting: Localized;
  /**
   * The views of the session the lesson needs, in the order the panel shows them; `DEFAULT_VIEWS` when absent.
   * A lab about datagrams has no use for Follow TCP Stream, a lab about one connection none for a flow graph.
   */
  readonly views?: readonly ViewId[];
  /** The faults the lesson lets the student set; none unless told. */
  readonly faults?: readonly LabFaultSpec[];
}

/** What a lab shows without saying: every view there is for a TCP session. */
export const DEFAULT_VIEWS: readonly ViewId[] = ['packets', 'ladder', 'stream', 'events'];

export function defineLab(lab: LabDefinition): LabDefinition {
  return lab;
}
