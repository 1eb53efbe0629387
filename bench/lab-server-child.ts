/**
 * The bundled lab server (`build-server/main.js`) as the benchmark sees it from outside: a child process spawned
 * with a given environment, described in the report by that environment, and asked how it is through `GET
 * /healthz` — whether it answers, how many sessions it runs, and what its packet capture is doing.
 */

import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Child, freePort, spawnChild, stopChild } from './children';

/** Where the repository and the bundle are. */
export interface LabServerFiles {
  readonly root: string;
  readonly bundle: string;
}

/** Spawns the bundle with `environment` (PORT included) on top of the benchmark's own; `nodeArgs` go to node. */
export function spawnLabServer(
  name: string,
  files: LabServerFiles,
  environment: Readonly<Record<string, string>>,
  nodeArgs: readonly string[] = [],
): Child {
  return spawnChild(name, [...nodeArgs, files.bundle], {
    cwd: files.root,
    env: { ...process.env, ...environment },
    stdout: 'ignore',
  });
}

/** The environment as the report shows it: `NAME=value` in code, PORT left out (it differs every run). */
export function describeEnvironment(environment: Readonly<Record<string, string>>): string {
  return Object.entries(environment)
    .filter(([name]) => name !== 'PORT')
    .map(([name, value]) => `\`${name}=${value}\``)
    .join(', ');
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

/** Polls `/healthz` until the capture is `running` or `unavailable`, or `timeoutMs` passed. */
export async function waitCapture(
  baseUrl: string,
  child: Child,
  timeoutMs: number,
): Promise<{ state: string; reason: string }> {
  const intervalMs = 100;
  let last = { state: 'unknown', reason: '/healthz did not report a capture' };
  for (let attempt = 0; attempt < Math.ceil(timeoutMs / intervalMs); attempt++) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited: ${child.stderrTail()}`);
    const health = await getHealth(baseUrl);
    if (health.capture !== undefined) last = health.capture;
    if (last.state === 'running' || last.state === 'unavailable') return last;
    await sleep(intervalMs);
  }
  return { state: last.state, reason: `still ${last.state} after ${timeoutMs} ms (${last.reason})` };
}

/** A lab server of a section's own, with `CAPTURE=auto`, once its capture runs. */
export interface CapturingLabServer {
  readonly child: Child;
  readonly port: number;
  readonly url: string;
  /** Its environment as the report shows it. */
  readonly env: string;
  /** From spawning it to `/healthz` saying the capture runs. */
  readonly readyMs: number;
}

export interface CapturingSettings extends LabServerFiles {
  /** PORT (a free one) and CAPTURE (`auto`) are set on top of this. */
  readonly labEnvironment: Readonly<Record<string, string>>;
  readonly readyTimeoutMs: number;
  readonly stopTimeoutMs: number;
  /** Arguments for node before the bundle (a profiler's, say). */
  readonly nodeArgs?: readonly string[];
}

export type Captured<T> =
  | { readonly kind: 'done'; readonly env: string; readonly value: T; readonly stopped: string }
  | { readonly kind: 'skipped'; readonly env: string; readonly reason: string; readonly stopped: string };

/**
 * Spawns the bundle with `CAPTURE=auto` on a free port, waits until its capture runs and hands it to `measure`,
 * then stops it (SIGTERM, by the pid spawn returned). Where the capture is unavailable it is stopped at once and
 * the reason returned instead. A failure carries the lab server's stderr.
 */
export async function withCapturingLabServer<T>(
  name: string,
  settings: CapturingSettings,
  measure: (server: CapturingLabServer) => Promise<T>,
): Promise<Captured<T>> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const environment = { ...settings.labEnvironment, CAPTURE: 'auto' };
  const env = describeEnvironment(environment);
  const spawned = performance.now();
  const child = spawnLabServer(name, settings, { ...environment, PORT: String(port) }, settings.nodeArgs);
  let stopped = 'not stopped';
  try {
    await waitHealthy(url, child, 100, 100);
    const ready = await waitCapture(url, child, settings.readyTimeoutMs);
    if (ready.state !== 'running') {
      stopped = await stopChild(child, settings.stopTimeoutMs);
      return { kind: 'skipped', env, reason: `capture ${ready.state}: ${ready.reason}`, stopped };
    }
    const value = await measure({ child, port, url, env, readyMs: performance.now() - spawned });
    stopped = await stopChild(child, settings.stopTimeoutMs);
    return { kind: 'done', env, value, stopped };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const tail = child.stderrTail().trim();
    throw new Error(tail === '' ? message : `${message}\n\n${child.name} stderr:\n\n${tail}`);
  } finally {
    if (stopped === 'not stopped') await stopChild(child, settings.stopTimeoutMs);
  }
}
