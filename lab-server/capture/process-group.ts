/**
 * Children in a process group of their own. The capturer and tshark are spawned `detached`, which makes each
 * the leader of a new group whose id is its pid, so stopping one is a single signal to a group we created: it
 * reaches whatever the program started itself (dumpcap, tshark's helpers) and nothing else on the machine.
 */

import { type ChildProcess, spawn } from 'node:child_process';

/** How a child ended, for the words the page shows about it. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (ENOENT, EACCES). */
  readonly spawnError: string | undefined;
  /** The tail of what it wrote to stderr. */
  readonly stderr: string;
}

/** stdin ignored; stdout and stderr piped for the caller to read. */
export function spawnInOwnGroup(path: string, args: readonly string[], env?: NodeJS.ProcessEnv): ChildProcess {
  return spawn(path, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(env === undefined ? {} : { env }),
  });
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
