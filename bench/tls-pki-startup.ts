/**
 * The class PKI's start-up, the third part of the TLS section, in the benchmark process itself: what the first
 * TLS session of a lab server waits for. Cold is `loadOrCreateClassPki` on an empty directory (a new root and
 * intermediate, then every server and failure leaf); warm is the same call again on that directory, as at every
 * later start (the root and intermediate loaded and checked, the leaves issued anew). Then `issueClient`, what
 * each new TLS session waits for before its servers start. Wall time, with the process's CPU time beside it
 * (every thread's: WebCrypto generates keys and signs on libuv's thread pool, off the main thread).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadOrCreateClassPki } from '../lab-server/pki/class-pki';
import type { ClassPki } from '../lab-server/pki/pki';

export interface PkiTimes {
  readonly runs: number;
  /** Wall time, ms. */
  readonly median: number;
  readonly max: number;
  /** The benchmark process's CPU time per run, median, ms. */
  readonly cpuMedian: number;
}

export interface PkiStartup {
  readonly cold: PkiTimes;
  readonly warm: PkiTimes;
  readonly issueClient: PkiTimes;
  /** The names the server certificates were made for, as a lab server on 127.0.0.1 makes them. */
  readonly names: readonly string[];
}

/** What a lab server listening on 127.0.0.1 puts in its server certificates (lab-server.ts, startClassPki). */
export const PKI_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** `runs` cold and warm starts, each cold one in a fresh directory under `parent`, and `clients` client certificates. */
export async function measurePkiStartup(parent: string, runs: number, clients: number): Promise<PkiStartup> {
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  let last: ClassPki | undefined;
  for (let run = 0; run < runs; run++) {
    const dir = await mkdtemp(path.join(parent, 'pki-'));
    try {
      cold.push((await timed(() => makePki(dir))).sample);
      const loaded = await timed(() => makePki(dir));
      warm.push(loaded.sample);
      last = loaded.value;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const issued: Sample[] = [];
  if (last !== undefined) {
    const pki = last;
    for (let index = 0; index < clients; index++) {
      issued.push((await timed(() => pki.issueClient(`socketlab bench ${index}`))).sample);
    }
  }
  return { cold: times(cold), warm: times(warm), issueClient: times(issued), names: PKI_NAMES };
}

/** As the lab server makes it: the OCSP and CRL URLs are only written into the leaves, never fetched. */
export function makePki(dir: string): Promise<ClassPki> {
  return loadOrCreateClassPki({
    dir,
    names: PKI_NAMES,
    ocspUrl: 'http://127.0.0.1:8080/pki/ocsp',
    crlUrl: 'http://127.0.0.1:8080/pki/crl.der',
  });
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; sample: Sample }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, sample: { wallMs, cpuMs: (used.user + used.system) / 1000 } };
}

function times(samples: readonly Sample[]): PkiTimes {
  const wall = samples.map((sample) => sample.wallMs).sort((a, b) => a - b);
  const cpu = samples.map((sample) => sample.cpuMs).sort((a, b) => a - b);
  return { runs: samples.length, median: median(wall), max: wall.at(-1) ?? Number.NaN, cpuMedian: median(cpu) };
}

/** The middle sample (the lower of the two middle ones for an even count): a value that happened. */
function median(sorted: readonly number[]): number {
  return sorted[Math.max(0, Math.ceil(sorted.length / 2) - 1)] ?? Number.NaN;
}
