/**
 * The benchmark's server processes: starting them, waiting until they answer, reading what the kernel says
 * they cost (resident memory, CPU time from `/proc/<pid>/`), and stopping them with SIGTERM. Only processes
 * started here are ever signalled, and only by the pid `spawn` returned.
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Bytes of a child's stderr kept for the report when it fails. */
const STDERR_TAIL = 4096;

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Settles when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderrTail(): string;
}

export function spawnChild(
  name: string,
  args: readonly string[],
  options: { readonly env: NodeJS.ProcessEnv; readonly cwd: string; readonly stdout: 'ignore' | 'pipe' },
): Child {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', options.stdout, 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start`);
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', function stderrOnData(text: string) {
    tail = (tail + text).slice(-STDERR_TAIL);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { name, pid: child.pid, process: child, exited, stderrTail: () => tail };
}

/** Sends SIGTERM and waits for the exit; a child that ignores it for `timeoutMs` gets SIGKILL. */
export async function stopChild(child: Child, timeoutMs: number): Promise<string> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) {
    return `${child.name} had already exited (${child.process.exitCode ?? child.process.signalCode})`;
  }
  const started = performance.now();
  child.process.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    child.exited,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    }),
  ]);
  // A pending deadline would keep the benchmark alive for the rest of it.
  clearTimeout(timer);
  if (result === undefined) {
    child.process.kill('SIGKILL');
    await child.exited;
    return `${child.name} ignored SIGTERM for ${timeoutMs} ms and was killed`;
  }
  const ms = Math.round(performance.now() - started);
  return `${child.name} exited on SIGTERM in ${ms} ms (code ${result.code ?? result.signal})`;
}

/** Reads the first stdout line of a child, within `timeoutMs`. */
export async function firstLine(child: Child, timeoutMs: number): Promise<string> {
  const stdout = child.process.stdout;
  if (stdout === null) throw new Error(`${child.name}: stdout is not piped`);
  stdout.setEncoding('utf8');
  let buffered = '';
  return await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${child.name}: no output in ${timeoutMs} ms`)), timeoutMs);
    const onData = (text: string): void => {
      buffered += text;
      const end = buffered.indexOf('\n');
      if (end !== -1) finish(undefined, buffered.slice(0, end));
    };
    const onExit = (): void => finish(new Error(`${child.name} exited: ${child.stderrTail()}`));
    function finish(error: Error | undefined, line?: string): void {
      clearTimeout(timer);
      stdout?.off('data', onData);
      child.process.off('exit', onExit);
      // Keep draining, so a chatty child never blocks on a full pipe.
      stdout?.resume();
      if (error !== undefined) reject(error);
      else resolve(line ?? '');
    }
    stdout.on('data', onData);
    child.process.once('exit', onExit);
  });
}

/** A port that was free a moment ago: bound on 127.0.0.1 port 0, then released for the child to take. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('port 0 gave no TCP address');
  return address.port;
}

export interface Health {
  readonly status: string;
  readonly sessions: number;
  /** The packet capture's state and why, when the lab server reports it. */
  readonly capture: { readonly state: string; readonly reason: string } | undefined;
}

/**
 * GET /healthz with node:http and no keep-alive agent: global fetch would park the connection in undici's
 * pool, whose timers keep the benchmark alive for seconds after it finished.
 */
export function getHealth(baseUrl: string): Promise<Health> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}/healthz`, { agent: false, timeout: 2000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        body += text;
      });
      response.on('end', () => {
        try {
          if (response.statusCode !== 200) throw new Error(`/healthz answered ${response.statusCode}`);
          const health = JSON.parse(body) as Partial<Health>;
          if (typeof health.sessions !== 'number' || typeof health.status !== 'string') {
            throw new Error('/healthz: bad body');
          }
          const capture =
            typeof health.capture?.state === 'string' && typeof health.capture.reason === 'string'
              ? { state: health.capture.state, reason: health.capture.reason }
              : undefined;
          resolve({ status: health.status, sessions: health.sessions, capture });
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('/healthz did not answer within 2 s')));
    request.on('error', reject);
  });
}

/** Polls `/healthz` every `intervalMs` until it answers, at most `attempts` times. */
export async function waitHealthy(baseUrl: string, child: Child, attempts: number, intervalMs: number): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited: ${child.stderrTail()}`);
    try {
      await getHealth(baseUrl);
      return;
    } catch {
      await sleep(intervalMs);
    }
  }
  throw new Error(`${child.name}: /healthz did not answer after ${attempts} attempts`);
}

/**
 * Polls `/healthz` until it reports `sessions` sessions, at most `attempts` times; returns how long that took
 * and the last count seen.
 */
export async function waitSessions(
  baseUrl: string,
  sessions: number,
  attempts: number,
  intervalMs: number,
): Promise<{ readonly reached: boolean; readonly ms: number; readonly last: number }> {
  const started = performance.now();
  let last = -1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    last = (await getHealth(baseUrl)).sessions;
    if (last === sessions) return { reached: true, ms: performance.now() - started, last };
    await sleep(intervalMs);
  }
  return { reached: false, ms: performance.now() - started, last };
}

/** Resident set size of a process in KiB (`VmRSS` of `/proc/<pid>/status`). */
export function readRssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
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

/** Whether a process with this pid still exists (and is not a zombie waiting to be reaped). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Jiffies of all CPUs since boot from the first line of `/proc/stat`: busy (not idle or iowait) and in all. */
export function readSystemCpu(): { readonly busy: number; readonly total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
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

function readClockTicks(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}
