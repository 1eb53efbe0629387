/**
 * The reference solution of a lab, as its folder exports it (`export const solution` in `labs/<id>/solution.ts`):
 * what the course's generic lab test runs against a real session to prove that the lab can be done — every check
 * passes on it, and every capture question is judged right when answered from the session's own packets. A
 * solution is given what a student is given, the session's servers with their addresses, and does what a
 * student's program does: real sockets against those servers. It also says what a student types to do the same
 * in the lab terminal, which the same test types into a session. Platform-free like the rest of the kit, so the
 * contract needs no Node types; an implementation in a lab folder may use `node:net`.
 */

import type { FaultKind, Packet, ServerInfo } from '../protocol';

/** A question id → the answer a student who read the packets would type. */
export type LabAnswers = Readonly<Record<string, string>>;

/** What a solution may do on the lab panel besides its own sockets: what a student's clicks there do. */
export interface LabPanel {
  /**
   * Sets one of the lab's faults as the panel's control does (a loss rate, silence on or off, a restart for
   * `value` seconds). Resolves once the session reported the fault at `value` (for a restart: the server is
   * down; it comes back by itself); rejects with the session's error when it refused.
   */
  setFault(kind: FaultKind, server: string, value: number): Promise<void>;
  /**
   * Fetches one of the files the lab panel offers a TLS lab's student (the welcome's `pki` downloads), as a click
   * saves it: the class CA, or the session's own client certificate (with its chain) or key, PEM. Absent where
   * the panel offers none, as for a lab without TLS servers; rejects when the download fails.
   */
  download?(file: PanelDownload): Promise<string>;
}

/** A PEM file of the panel's TLS downloads, by its field in `PkiDownloads`. */
export type PanelDownload = 'ca' | 'clientCertificate' | 'clientKey';

export interface LabSolution {
  /**
   * Runs the lab's exercise against the session's servers, as a student's program would, and does on `panel`
   * what the lesson has the student do there (a lab whose lesson has the student set a fault calls
   * `panel.setFault`). Resolves once the program is done (its sockets closed); rejects when a server did not
   * answer as the lesson says it does.
   */
  run(servers: readonly ServerInfo[], panel: LabPanel): Promise<void>;
  /**
   * The same exercise done in the lab terminal, as the lesson's "From the terminal" part walks a student through
   * it: the lines typed after the prompt (`socketlab:<lab>$ `), in order, each typed once the prompt is back. A
   * blocking command (`recv`, `sleep 2`, `send --bytes 8M`) gives the prompt back when it is done; what the
   * lesson has the student do on the lab panel is typed as the shell's own command (`loss 20`,
   * `fault silence echo on`, `fault restart echo 8`), which sets the same fault. The course's generic lab test
   * types them into a real session and waits for every check to pass, so each lesson can be done from the terminal
   * alone, as it can from a program of the student's own.
   */
  readonly terminal: readonly string[];
  /**
   * Answers every capture question of the lab from the session's packets, read as the lesson teaches (the raw
   * packets, not the lab's own analysis, so a question that judges wrongly fails). `undefined` until the packets
   * of `run` it reads from are all captured. Absent for a lab without questions.
   */
  answers?(packets: readonly Packet[], servers: readonly ServerInfo[]): LabAnswers | undefined;
}

/** The server of the session named `id` (`echo`), for a solution to connect to; throws when the lab has none. */
export function serverNamed(servers: readonly ServerInfo[], id: string): ServerInfo {
  const server = servers.find((candidate) => candidate.id === id);
  if (server === undefined) throw new Error(`the session has no server named ${id}`);
  return server;
}
