/**
 * Reads the TLS handshakes of a pcapng file — a session's own recording, with its key log inside as a
 * decryption secrets block — with one tshark run: every connection to one of the given TLS server ports, its
 * messages in wire order with their fields (see `handshake-builder.ts`, `handshake-message.ts`).
 *
 * Unlike the live capture's tshark, which must keep up with every packet and so runs with TCP reassembly off
 * and prints flat fields, this run is occasional and small (the frames of a few connections), so it turns
 * reassembly on — a Certificate is often larger than a segment — and prints the JSON tree, which keeps each
 * field inside the message it belongs to. `-d tcp.port==P,tls` makes each lab port TLS even when the capture
 * began after a connection's ClientHello, where tshark's heuristics would not know it.
 *
 * Bounded like the capture's children: its own process group, killed after `timeoutMs` or on `signal`; its
 * output read one packet at a time, each and all of them capped in bytes; at most `MAX_CONNECTIONS`
 * connections. What tshark writes to stderr (warnings such as "Running as user root") is never data: only its
 * last line is quoted when tshark fails.
 */

import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { signalGroup, spawnInOwnGroup } from '../capture/process-group';
import { HandshakeBuilder, type ReadHandshake } from './handshake-builder';
import { parseTlsFrame } from './tls-frame';

export type { ReadHandshake, ReadMessage } from './handshake-builder';

export const MAX_CONNECTIONS = 64;
const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
/** One packet's JSON: a frame with a few certificates is ~100 KB; anything far beyond is not one of ours. */
const MAX_PACKET_BYTES = 4 * 1024 * 1024;
const STDERR_TAIL_CHARS = 2000;

/** A TLS lab server of the session: its id (`echo`) and its port. */
export interface TlsServerPort {
  readonly id: string;
  readonly port: number;
}

export interface ReadHandshakesOptions {
  readonly tsharkPath: string;
  /** Where a pcapng given as bytes is written for tshark (it holds keys: the file is the owner's only). */
  readonly tempDir: string;
  readonly signal?: AbortSignal;
  /** The caller's packet id for a frame number (1-based), put in each message's `packet`; default the number. */
  readonly packetOf?: (frame: number) => number;
  /** Default 20 s. */
  readonly timeoutMs?: number;
  /** Default 64 MiB of tshark's output. */
  readonly maxOutputBytes?: number;
}

/** tshark could not read the file: its words, or how it ended. */
export class HandshakeReadError extends Error {
  override readonly name = 'HandshakeReadError';
}

/** Every connection to one of `servers`, in the order tshark met them; rejects only when tshark fails. */
export async function readHandshakes(
  pcapng: Buffer | string,
  servers: readonly TlsServerPort[],
  options: ReadHandshakesOptions,
): Promise<ReadHandshake[]> {
  if (servers.length === 0) return [];
  options.signal?.throwIfAborted();
  let path = typeof pcapng === 'string' ? pcapng : undefined;
  let written: string | undefined;
  if (path === undefined) {
    written = join(options.tempDir, `handshakes-${randomBytes(6).toString('hex')}.pcapng`);
    await writeFile(written, pcapng as Buffer, { mode: 0o600 });
    path = written;
  }
  try {
    options.signal?.throwIfAborted();
    return await runTshark(path, servers, options, (server) => new HandshakeBuilder(server, packetOf(options)));
  } finally {
    if (written !== undefined) await rm(written, { force: true });
  }
}

function packetOf(options: ReadHandshakesOptions): (frame: number) => number {
  return options.packetOf ?? ((frame) => frame);
}

/** The arguments of the one tshark run, for the report and for a test that reads the same file by hand. */
export function tsharkArguments(path: string, servers: readonly TlsServerPort[], tempDir: string): string[] {
  return [
    '-n',
    '-r',
    path,
    '--temp-dir',
    tempDir,
    '-o',
    'tcp.desegment_tcp_streams:TRUE',
    '-o',
    'tls.desegment_ssl_records:TRUE',
    '-o',
    'tls.desegment_ssl_application_data:TRUE',
    ...[...new Set(servers.map((server) => server.port))].flatMap((port) => ['-d', `tcp.port==${port},tls`]),
    '-Y',
    'tls',
    '-T',
    'json',
    '--no-duplicate-keys',
    '-J',
    'frame ip ipv6 tcp tls',
  ];
}

function runTshark(
  path: string,
  servers: readonly TlsServerPort[],
  options: ReadHandshakesOptions,
  builderFor: (server: TlsServerPort) => HandshakeBuilder,
): Promise<ReadHandshake[]> {
  const byPort = new Map(servers.map((server) => [server.port, server]));
  const connections = new Map<number, HandshakeBuilder>();
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  return new Promise((resolve, reject) => {
    const child = spawnInOwnGroup(options.tsharkPath, tsharkArguments(path, servers, options.tempDir));
    let failure: Error | undefined;
    let spawnError: string | undefined;
    let stderr = '';
    let outputBytes = 0;
    let frames = 0;
    let packet: string[] | undefined;
    let packetBytes = 0;
    const stop = (error: Error | undefined): void => {
      failure ??= error;
      signalGroup(child, 'SIGKILL');
    };
    const timer = setTimeout(
      () => stop(new HandshakeReadError(`tshark did not finish within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`)),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const onAbort = (): void => stop(abortError(options.signal));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code ?? error.message;
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    const lines = createInterface({ input: child.stdout!, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      if (failure !== undefined) return;
      outputBytes += line.length + 1;
      // Too much output: what was read so far is kept, the rest is not waited for.
      if (outputBytes > maxOutput) {
        stop(undefined);
        return;
      }
      if (line === '  {') {
        packet = [line];
        packetBytes = line.length;
        return;
      }
      if (packet === undefined) return;
      if (line === '  }' || line === '  },') {
        packet.push('  }');
        const text = packetBytes <= MAX_PACKET_BYTES ? packet.join('\n') : undefined;
        packet = undefined;
        if (text !== undefined) {
          frames += 1;
          addFrame(text);
        }
        return;
      }
      packetBytes += line.length + 1;
      if (packetBytes <= MAX_PACKET_BYTES) packet.push(line);
    });

    const addFrame = (json: string): void => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        return;
      }
      const frame = parseTlsFrame(parsed);
      if (frame === undefined) return;
      const server = byPort.get(frame.dstPort) ?? byPort.get(frame.srcPort);
      if (server === undefined) return;
      let builder = connections.get(frame.stream);
      if (builder === undefined) {
        if (connections.size >= MAX_CONNECTIONS) return;
        builder = builderFor(server);
        connections.set(frame.stream, builder);
      }
      builder.add(frame);
    };

    child.on('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      if (spawnError !== undefined) {
        reject(new HandshakeReadError(`tshark at ${options.tsharkPath} could not be started (${spawnError})`));
        return;
      }
      // tshark exits non-zero on a file cut short, yet prints what it read: that is kept.
      if (code !== 0 && frames === 0 && outputBytes <= maxOutput) {
        const last = lastLine(stderr);
        const how = signal === null ? `exited with code ${code}` : `was stopped by ${signal}`;
        reject(new HandshakeReadError(last === '' ? `tshark ${how}` : `tshark ${how}: ${last}`));
        return;
      }
      resolve([...connections.values()].map((builder) => builder.result()));
    });
  });
}

/** The last line of stderr that is not tshark's warning about running as root. */
function lastLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Running as user'));
  return lines.at(-1) ?? '';
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('the handshake read was aborted', 'AbortError');
}
