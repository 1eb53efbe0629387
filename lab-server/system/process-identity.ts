/**
 * Which process owns a resource the kernel or the file system keeps after the process is gone: a pid and the
 * time that process started (proc(5): field 22 of `/proc/<pid>/stat`, in clock ticks since boot). The pid alone
 * would not prove a process gone, since pids are reused and a lab server restarted in a container often gets
 * the very pid it had before; a pid and a start time name one process. The capture's temp directories and the
 * faults' nftables table are named after their owner this way, so a lab server starting after a crash
 * (SIGKILL, the OOM killer) can remove what its dead predecessor left, and never what a live one holds.
 */

import { readFile } from 'node:fs/promises';

interface ProcessStat {
  readonly state: string;
  readonly start: string;
}

let ownStart: Promise<string | undefined> | undefined;

/** This process's start time, or undefined where `/proc` cannot be read (then nobody can be proven gone). */
export function ownStartTime(): Promise<string | undefined> {
  ownStart ??= readProcessStat(process.pid).then(
    (stat) => stat?.start,
    () => undefined,
  );
  return ownStart;
}

/**
 * Whether the process `pid` that started at `start` is no longer running: no such process, a zombie, or a
 * process that started at another time. Throws when `/proc` cannot be read for another reason.
 */
export async function isProcessGone(pid: number, start: string): Promise<boolean> {
  const stat = await readProcessStat(pid);
  // proc(5): Z is a zombie (dead, not yet reaped by its parent), X dead.
  return stat === undefined || stat.state === 'Z' || stat.state === 'X' || stat.start !== start;
}

/**
 * `undefined` when there is no such process (ESRCH: it exited while being read); throws when `/proc` cannot be
 * read. Callers have read their own process's first, so a missing `/proc/<pid>` is a missing process, not a
 * missing `/proc`.
 */
async function readProcessStat(pid: number): Promise<ProcessStat | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return undefined;
    throw error;
  }
  // proc(5): field 2, the command name, is in parentheses and may hold spaces and parentheses itself; the
  // fields after it, from field 3 (state) on, are separated by single spaces.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [state, start] = [fields[0], fields[22 - 3]];
  if (state === undefined || start === undefined || !/^\d+$/.test(start)) throw new Error(`unreadable ${text}`);
  return { state, start };
}
