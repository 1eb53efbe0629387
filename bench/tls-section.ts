/**
 * The TLS section of `npm run bench`, in three parts, each of which may fail or be skipped without losing the
 * others: full TLS 1.3 handshakes per second through the lab's TLS echo against a bare Node TLS echo
 * (tls-handshake-rate.ts, a lab server with `CAPTURE=off`), handshake → handshake view with the capture on
 * (tls-view-latency.ts, a lab server with `CAPTURE=auto`, skipped with the reason where capturing is
 * unavailable), and the class PKI's start-up (tls-pki-startup.ts, in this process). Everything it writes goes
 * to one temporary directory, removed at the end: the lab servers' `DATA_DIR` (the class PKI they load, made
 * here first so both servers present leaves of the same root and intermediate) and the bare echo's certificate.
 * Only processes this file started are signalled, by the pid spawn returned.
 */

import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ECDHE } from '../labs/tls12-handshake/checks';
import { ECHO } from '../labs/tls13-handshake/checks';
import { type Child, firstLine, freePort, spawnChild, stopChild } from './children';
import {
  describeEnvironment,
  type LabServerFiles,
  spawnLabServer,
  waitHealthy,
  withCapturingLabServer,
} from './lab-server-child';
import { runTlsRate, type TlsRateLevel, type TlsRateResult, warmUp } from './tls-handshake-rate';
import { serverPort, TlsPage } from './tls-page';
import { makePki, measurePkiStartup, type PkiStartup } from './tls-pki-startup';
import { measureTlsView, type TlsViewRun } from './tls-view-latency';

export interface TlsSettings extends LabServerFiles {
  /** The lab servers' environment; PORT, LAB_PORTS, DATA_DIR and CAPTURE are set here. */
  readonly labEnvironment: Readonly<Record<string, string>>;
  /** The lab servers' port range (LAB_PORTS), below Linux's ephemeral range. */
  readonly labPorts: string;
  readonly levels: readonly TlsRateLevel[];
  readonly view: {
    /** Connections to the TLS 1.3 echo, and to the TLS 1.2 lab's ECDHE server, each within a time budget. */
    readonly tls13: ViewRun;
    readonly tls12: ViewRun;
    readonly viewTimeoutMs: number;
    readonly readyTimeoutMs: number;
  };
  readonly pki: { readonly runs: number; readonly clients: number };
  readonly timeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly say: (text: string) => void;
}

interface ViewRun {
  readonly connections: number;
  readonly seconds: number;
}

export type TlsPart<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'failed'; readonly error: string };

export interface TlsRateOutcome {
  readonly results: readonly TlsRateResult[];
  readonly stopped: readonly string[];
}

export interface TlsViewOutcome {
  readonly runs: readonly TlsViewRun[];
  /** From spawning the lab server to its capture running. */
  readonly readyMs: number;
  readonly stopped: string;
}

export interface TlsOutcome {
  /** The lab servers' environment as the report shows it (CAPTURE differs per part). */
  readonly env: string;
  readonly rate: TlsPart<TlsRateOutcome>;
  readonly view: TlsPart<TlsViewOutcome>;
  readonly pki: TlsPart<PkiStartup>;
  readonly seconds: number;
}

const LAB = { tls13: 'tls13-handshake', tls12: 'tls12-handshake' } as const;

export async function runTlsSection(settings: TlsSettings): Promise<TlsOutcome> {
  const started = performance.now();
  const temp = await mkdtemp(path.join(os.tmpdir(), 'socketlab-bench-tls-'));
  const dataDir = path.join(temp, 'data');
  const environment = { ...settings.labEnvironment, LAB_PORTS: settings.labPorts, DATA_DIR: dataDir };
  // DATA_DIR is a new temporary path each run, and CAPTURE differs per part: both are said in words instead.
  const shown = Object.fromEntries(
    Object.entries(environment).filter(([name]) => name !== 'DATA_DIR' && name !== 'CAPTURE'),
  );
  const env = `${describeEnvironment(shown)}, \`DATA_DIR\` a temporary directory`;
  try {
    const pki = await makePki(path.join(dataDir, 'pki'));
    const bare = await writeCredentials(temp, pki.server('ecdsa'));
    const rate = await part('handshakes per second', settings, () =>
      measureRate(settings, { ...environment, CAPTURE: 'off' }, pki.rootPem, bare),
    );
    const view = await part('handshake view', settings, async () => {
      const capturing = {
        root: settings.root,
        bundle: settings.bundle,
        labEnvironment: environment,
        readyTimeoutMs: settings.view.readyTimeoutMs,
        stopTimeoutMs: settings.stopTimeoutMs,
      };
      const outcome = await withCapturingLabServer('TLS capture lab server', capturing, async (server) => {
        settings.say(
          `TLS: capture running after ${Math.round(server.readyMs)} ms (lab server pid ${server.child.pid})`,
        );
        const base = {
          labPort: server.port,
          ca: pki.rootPem,
          viewTimeoutMs: settings.view.viewTimeoutMs,
          timeoutMs: settings.timeoutMs,
        };
        const tls13 = await measureTlsView({ ...base, ...settings.view.tls13 }, LAB.tls13, ECHO, 'TLSv1.3');
        const tls12 = await measureTlsView({ ...base, ...settings.view.tls12 }, LAB.tls12, ECDHE, 'TLSv1.2');
        return { runs: [tls13, tls12], readyMs: server.readyMs };
      });
      if (outcome.kind === 'skipped') return { kind: 'skipped', reason: `${outcome.reason} (${outcome.stopped})` };
      return { kind: 'done', value: { ...outcome.value, stopped: outcome.stopped } };
    });
    const pkiStartup = await part('PKI start-up', settings, async () => ({
      kind: 'done',
      value: await measurePkiStartup(temp, settings.pki.runs, settings.pki.clients),
    }));
    return { env, rate, view, pki: pkiStartup, seconds: (performance.now() - started) / 1000 };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Runs one part; a failure is its result, so the next part still runs. */
async function part<T>(name: string, settings: TlsSettings, run: () => Promise<TlsPart<T>>): Promise<TlsPart<T>> {
  try {
    const outcome = await run();
    if (outcome.kind === 'skipped') settings.say(`TLS ${name} skipped: ${outcome.reason}`);
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    settings.say(`TLS ${name} failed: ${message}`);
    return { kind: 'failed', error: message };
  }
}

/** The bare echo's chain and key, for its process to read; the key readable by this user only. */
async function writeCredentials(
  dir: string,
  credentials: { readonly cert: string; readonly key: string },
): Promise<{ readonly cert: string; readonly key: string }> {
  const files = { cert: path.join(dir, 'bare-chain.pem'), key: path.join(dir, 'bare-key.pem') };
  await writeFile(files.cert, credentials.cert);
  await writeFile(files.key, credentials.key, { mode: 0o600 });
  await chmod(files.key, 0o600);
  return files;
}

/** The lab server and the bare echo, one `tls13-handshake` session with its page open, and every level. */
async function measureRate(
  settings: TlsSettings,
  environment: Readonly<Record<string, string>>,
  ca: string,
  bareFiles: { readonly cert: string; readonly key: string },
): Promise<TlsPart<TlsRateOutcome>> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const children: Child[] = [];
  const stopped: string[] = [];
  let page: TlsPage | undefined;
  try {
    const lab = spawnLabServer('TLS lab server', settings, { ...environment, PORT: String(port) });
    children.push(lab);
    const script = path.join(settings.root, 'bench', 'tls-echo-server.ts');
    const bare = spawnChild('bare TLS echo', ['--import', 'tsx', script, bareFiles.cert, bareFiles.key], {
      cwd: settings.root,
      env: process.env,
      stdout: 'pipe',
    });
    children.push(bare);
    const barePort = (JSON.parse(await firstLine(bare, settings.timeoutMs)) as { port: number }).port;
    await waitHealthy(url, lab, 100, 100);
    page = await TlsPage.open(port, () => {}, settings.timeoutMs);
    const labPort = serverPort(await page.hello(LAB.tls13, settings.timeoutMs), ECHO, LAB.tls13);
    const servers = {
      lab: { port: labPort, child: lab },
      bare: { port: barePort, child: bare },
      ca,
      timeoutMs: settings.timeoutMs,
    };
    settings.say(`TLS: lab server pid ${lab.pid} (echo on ${labPort}), bare TLS echo pid ${bare.pid} (${barePort})`);
    await warmUp(servers);
    const results: TlsRateResult[] = [];
    for (const level of settings.levels) {
      const result = await runTlsRate(servers, level);
      results.push(result);
      settings.say(
        `TLS N=${result.clients}: lab ${Math.round(result.lab.perSecond)} handshakes/s, bare ` +
          `${Math.round(result.bare.perSecond)}/s; server CPU per handshake ` +
          `${Math.round(result.lab.serverCpuUsPerHandshake)} µs vs ${Math.round(result.bare.serverCpuUsPerHandshake)} µs`,
      );
    }
    if (page.errors.length > 0) throw new Error(`the lab page was told: ${page.errors.join('; ')}`);
    page.close();
    page = undefined;
    for (const child of children.splice(0)) stopped.push(await stopChild(child, settings.stopTimeoutMs));
    return { kind: 'done', value: { results, stopped } };
  } catch (error) {
    let message = error instanceof Error ? error.message : String(error);
    for (const child of children) {
      const tail = child.stderrTail().trim();
      if (tail !== '') message += `\n\n${child.name} stderr:\n\n${tail}`;
    }
    throw new Error(message);
  } finally {
    page?.close();
    for (const child of children) await stopChild(child, settings.stopTimeoutMs);
  }
}

/** Whether a part failed (a skipped part did not: it says why it could not run here). */
export function tlsFailed(outcome: TlsOutcome): boolean {
  return [outcome.rate, outcome.view, outcome.pki].some((part) => part.kind === 'failed');
}
