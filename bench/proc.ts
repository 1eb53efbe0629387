/**
 * What the kernel says about a process, read from `/proc` (proc(5)): its resident memory, its CPU time, its
 * descendants, whether it still lives, and how busy all CPUs were. Reads only; nothing here signals a process.
 */

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Resident set size of a process in KiB (`VmRSS` of `/proc/<pid>/status`). */
export function readRssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** `readRssKb`, or undefined when the process is gone (or has no memory of its own any more). */
export function tryReadRssKb(pid: number): number | undefined {
  try {
    return readRssKb(pid);
  } catch {
    return undefined;
  }
}

let clockTicks: number | undefined;

/** User + system CPU time of a process in milliseconds (`utime` and `stime` of `/proc/<pid>/stat`). */
export function readCpuMs(pid: number): number {
  clockTicks ??= readClockTicks();
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // proc(5): the command name, field 2, is in parentheses and may contain spaces; fields 14 and 15 follow it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks;
}

/** `readCpuMs`, or undefined when the process is gone. */
export function tryReadCpuMs(pid: number): number | undefined {
  try {
    return readCpuMs(pid);
  } catch {
    return undefined;
  }
}

function readClockTicks(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** Jiffies of all CPUs since boot from the first line of `/proc/stat`: busy (not idle or iowait) and in all. */
export function readSystemCpu(): { readonly busy: number; readonly total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}

/** Whether a process with this pid still exists (and is not a zombie waiting to be reaped). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export interface ProcessInfo {
  readonly pid: number;
  /** `/proc/<pid>/comm`: the program's name, e.g. `tcpdump`. */
  readonly name: string;
}

/**
 * Every live descendant of `pid` (children, grandchildren…), from `/proc/<pid>/task/<tid>/children`. Bounded
 * by `limit` processes; a process that exits while it is read is left out.
 */
export function descendants(pid: number, limit = 64): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  const queue = [pid];
  // Bounded: each pass takes one pid, and at most `limit` are ever queued.
  while (queue.length > 0 && found.length < limit) {
    const parent = queue.shift()!;
    for (const child of childPids(parent)) {
      if (found.length >= limit || found.some((process) => process.pid === child)) continue;
      const name = readName(child);
      if (name === undefined) continue;
      found.push({ pid: child, name });
      queue.push(child);
    }
  }
  return found;
}

function childPids(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const task of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text !== '') pids.push(...text.split(/\s+/).map(Number));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return pids;
}

function readName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
