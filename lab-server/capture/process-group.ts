/**
 * Children in a process group of their own. The capturer and tshark are spawned `detached`, which makes each
 * the leader of a new group whose id is its pid, so stopping one is a single signal to a group we created: it
 * reaches whatever the program started itself (dumpcap, tshark's helpers) and nothing else on the machine. A
 * group of its own is also out of reach of the signals that end the lab server (a terminal's SIGINT or SIGHUP),
 * so each group is guarded by a watchdog that kills it when the lab server dies (`parent-death-watchdog.ts`).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { killGroupWhenParentDies } from './parent-death-watchdog';

/** How a child ended, for the words the page shows about it. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  readonly spawnError: string | undefined;
  /** The tail of what it wrote to stderr. */
  readonly stderr: string;
}

/** stdin ignored; stdout and stderr piped for the caller to read. The group dies with the lab server. */
export function spawnInOwnGroup(path: string, args: readonly string[], env?: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(path, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(env === undefined ? {} : { env }),
  });
  killGroupWhenParentDies(child);
  return child;
}

/** Signals the group of a child spawned by `spawnInOwnGroup`; the child alone if that fails. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}
