/**
 * The real lab server as `npm start` runs it — `lab-server/main.ts` in a process of its own, configured from the
 * environment — for the tests that kill it with SIGKILL and start it again on the same data directory.
 */

import { type ChildProcess, spawn } from 'node:child_process';

const MAIN = new URL('../main.ts', import.meta.url).pathname;

export interface LabServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it printed so far. */
  output(): string;
}

/** Starts `main.ts` with `env` added and resolves with its URL once it says it runs (at most 30 s). */
export async function startLabServerProcess(env: Readonly<Record<string, string>>): Promise<LabServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', CAPTURE: 'off', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab server did not start: ${out}`)), 30_000);
    const look = (): void => {
      const found = /is running: open (https?:\/\/\S+)/.exec(out);
      if (found?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', look);
      resolve(found[1]);
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lab server exited (${code}) before it ran: ${out}`));
    });
  });
  return { child, url, output: () => out };
}

/** SIGKILL, as a power cut or the OOM killer would end it; resolves once it is gone. */
export async function killLabServerProcess(server: LabServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}
