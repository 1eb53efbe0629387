/**
 * The benchmark's child processes: starting them (a free port to give one, its stderr tail kept for the report),
 * reading the first line one prints, and stopping them with SIGTERM. Only processes started here are ever
 * signalled, and only by the pid `spawn` returned. What they cost is read from `/proc` by proc.ts.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

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
