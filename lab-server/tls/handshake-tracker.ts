/**
 * Follows a session's TLS handshakes as their packets arrive: told of each captured packet to or from one of the
 * session's TLS servers, it re-reads the session's recording — with its key log inside — through tshark
 * (`readHandshakes`) and fires `onHandshake` with each `TlsHandshake` that is new or changed since it last
 * fired. The live capture's own tshark cannot do this: it runs without TCP reassembly and without the JSON tree,
 * for speed, and must never wait for a key (DESIGN.md).
 *
 * What it costs is bounded: at most one read per `intervalMs` per session, one at a time per session, and at
 * most two at a time for the whole lab server (`handshakeReads`); a read takes only the frames of connections
 * still shaking hands; a connection is no longer read once its handshake is over (both Finished, and for TLS 1.3
 * the tickets or first data after them), failed (a fatal alert) or closed. It never throws into the session: if
 * tshark fails, the handshakes so far carry a note saying so, and after a few failures in a row it stops.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Disposable } from '../../src/common/disposable';
import { Emitter, type Event } from '../../src/common/emitter';
import { DEFAULT_LOCALE, type Locale, localized, pick } from '../../src/common/localized';
import { type CertificateChainReport, hasTcpFlag, type Packet, type TlsHandshake } from '../../src/protocol';
import type { RecordingSnapshot } from '../capture/capture-recording';
import { findExecutable } from '../capture/executables';
import type { ReadHandshake } from './handshake-builder';
import { readHandshakes, type TlsServerPort } from './handshake-reader';
import { certificatesSent, summarize } from './handshake-summary';
import { handshakeReads, type ReadLimiter } from './read-limiter';
import { withinWireLimits } from './wire-limits';

const TEXT = localized({
  en: {
    noKeys:
      'Some of this handshake’s records could not be decrypted: the session has no TLS keys for them, so the capture shows them only as encrypted application data.',
    failed: (detail: string) => `The handshake could not be read from the capture (${detail}).`,
    noTshark: 'tshark was not found, so the handshake could not be read from the capture.',
  },
  'zh-Hans': {
    noKeys: '这次握手中有些记录无法解密：会话没有它们的 TLS 密钥，所以抓包里只能看到加密的应用数据。',
    failed: (detail) => `无法从抓包中读出这次握手（${detail}）。`,
    noTshark: '找不到 tshark，无法从抓包中读出这次握手。',
  },
});

/** Reads a chain of DER certificates as the given side would verify it; the lead wires the certificate room's. */
export type CertificateVerifier = (
  certificates: Uint8Array[],
  role: 'server' | 'client',
  serverName?: string,
) => CertificateChainReport | undefined | Promise<CertificateChainReport | undefined>;

export interface HandshakeTrackerOptions {
  /** The session's TLS servers (id and port); packets of other ports are ignored. */
  readonly servers: readonly TlsServerPort[];
  /** The session's recording as pcapng with its key log, keeping only the frames `select` accepts. */
  readonly source: (select: (packetId: number) => boolean) => RecordingSnapshot;
  /** Default `tshark`, looked up on PATH. */
  readonly tsharkPath?: string;
  /** Where the tracker makes its temp directory; default the system's. */
  readonly tempDirParent?: string;
  readonly verify?: CertificateVerifier;
  /** The session's number for a packet's connection; default `packet.tcp.connection`. */
  readonly connectionOf?: (packet: Packet) => number | undefined;
  /** The page's language, for the notes a handshake may carry. */
  readonly locale?: () => Locale;
  /** Default the lab server's shared one (two reads at a time). */
  readonly limiter?: ReadLimiter;
  /** Default 300 ms between the starts of two reads. */
  readonly intervalMs?: number;
  /** Default 50 ms from the first packet to the read, so one flight's packets are read together. */
  readonly settleMs?: number;
}

/** How many connections are followed at once; the oldest finished ones are forgotten first. */
export const MAX_TRACKED_CONNECTIONS = 64;
/** A handshake is a few dozen packets; a connection still not done after this many is no longer read. */
const MAX_PACKETS_PER_CONNECTION = 1024;
/** tshark failing this many reads in a row stops the tracker re-reading. */
const MAX_FAILURES_IN_A_ROW = 3;

interface Tracked {
  readonly connection: number;
  readonly server: TlsServerPort;
  readonly packetIds: number[];
  closing: boolean;
  settled: boolean;
  /** The last handshake fired, as JSON, to fire only what changed. */
  fired: string | undefined;
  handshake: TlsHandshake | undefined;
  chains: Map<string, Promise<CertificateChainReport | undefined>>;
}

export class HandshakeTracker implements Disposable {
  readonly #onHandshake = new Emitter<TlsHandshake>();
  /** A handshake read for the first time, or read further (the same connection, newer fields). */
  readonly onHandshake: Event<TlsHandshake> = this.#onHandshake.event;

  readonly #options: HandshakeTrackerOptions;
  readonly #byPort: Map<number, TlsServerPort>;
  readonly #connections = new Map<number, Tracked>();
  readonly #limiter: ReadLimiter;
  readonly #intervalMs: number;
  readonly #settleMs: number;
  #timer: NodeJS.Timeout | undefined;
  #reading: Promise<void> | undefined;
  #dirty = false;
  #lastReadAt = Number.NEGATIVE_INFINITY;
  #abort: AbortController | undefined;
  #failures = 0;
  #reads = 0;
  #tempDir: Promise<string> | undefined;
  #tsharkPath: Promise<string | undefined> | undefined;
  #disposed = false;

  constructor(options: HandshakeTrackerOptions) {
    this.#options = options;
    this.#byPort = new Map(options.servers.map((server) => [server.port, server]));
    this.#limiter = options.limiter ?? handshakeReads;
    this.#intervalMs = options.intervalMs ?? 300;
    this.#settleMs = options.settleMs ?? 50;
  }

  /** tshark runs so far (for tests and the benchmark). */
  get reads(): number {
    return this.#reads;
  }

  /** The connections still being read. */
  get following(): number {
    let count = 0;
    for (const tracked of this.#connections.values()) if (!tracked.settled) count += 1;
    return count;
  }

  /** The latest handshake read for each connection followed, oldest connection first. */
  handshakes(): TlsHandshake[] {
    return [...this.#connections.values()].flatMap((tracked) => (tracked.handshake ? [tracked.handshake] : []));
  }

  /** A captured packet of the session: cheap for any packet, a read later for one that may move a handshake on. */
  packetArrived(packet: Packet): void {
    if (this.#disposed || packet.protocol !== 'tcp' || packet.tcp === undefined) return;
    const server = this.#byPort.get(packet.dstPort) ?? this.#byPort.get(packet.srcPort);
    if (server === undefined) return;
    const connection = this.#options.connectionOf?.(packet) ?? packet.tcp.connection;
    let tracked = this.#connections.get(connection);
    if (tracked === undefined) {
      tracked = {
        connection,
        server,
        packetIds: [],
        closing: false,
        settled: false,
        fired: undefined,
        handshake: undefined,
        chains: new Map(),
      };
      this.#connections.set(connection, tracked);
      this.#forgetOldest();
    }
    if (tracked.settled) return;
    if (tracked.packetIds.length >= MAX_PACKETS_PER_CONNECTION) {
      tracked.settled = true;
      return;
    }
    tracked.packetIds.push(packet.id);
    const ends = hasTcpFlag(packet, 'FIN') || hasTcpFlag(packet, 'RST');
    if (ends) tracked.closing = true;
    // A bare ACK moves no handshake on; data, a FIN or a RST may.
    if (packet.tcp.len > 0 || ends) this.#schedule();
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort?.abort(new DOMException('the session ended', 'AbortError'));
    this.#onHandshake.dispose();
    await this.#reading;
    const directory = this.#tempDir === undefined ? undefined : await this.#tempDir.catch(() => undefined);
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  }

  #schedule(): void {
    if (this.#disposed || this.#timer !== undefined) return;
    if (this.#reading !== undefined) {
      this.#dirty = true;
      return;
    }
    const wait = Math.max(this.#settleMs, this.#lastReadAt + this.#intervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#reading = this.#read().finally(() => {
        this.#reading = undefined;
        if (this.#dirty) {
          this.#dirty = false;
          this.#schedule();
        }
      });
    }, wait);
  }

  async #read(): Promise<void> {
    const controller = new AbortController();
    this.#abort = controller;
    let unsettled: Tracked[] = [];
    try {
      await this.#limiter.run(async () => {
        this.#lastReadAt = Date.now();
        unsettled = [...this.#connections.values()].filter((tracked) => !tracked.settled);
        if (unsettled.length === 0 || this.#disposed) return;
        const closing = unsettled.filter((tracked) => tracked.closing);
        const owners = new Map<number, Tracked>();
        for (const tracked of unsettled) for (const id of tracked.packetIds) owners.set(id, tracked);
        const snapshot = this.#options.source((id) => owners.has(id));
        const tsharkPath = await this.#tshark();
        if (tsharkPath === undefined) throw new TsharkMissing();
        const tempDir = await this.#directory();
        this.#reads += 1;
        const read = await readHandshakes(snapshot.pcapng, this.#options.servers, {
          tsharkPath,
          tempDir,
          signal: controller.signal,
          packetOf: (frame) => snapshot.packetIds[frame - 1] ?? 0,
        });
        this.#failures = 0;
        for (const handshake of read) {
          const tracked = handshake.messages.map((message) => owners.get(message.packet)).find(Boolean);
          if (tracked !== undefined && !this.#disposed) await this.#update(tracked, handshake);
        }
        // A connection that had closed before this read began has nothing more to come.
        for (const tracked of closing) tracked.settled = true;
      }, controller.signal);
    } catch (error) {
      if (this.#disposed) return;
      this.#failures += 1;
      const note =
        error instanceof TsharkMissing
          ? TEXT.noTshark
          : TEXT.failed(error instanceof Error ? error.message : String(error));
      for (const tracked of unsettled) {
        if (this.#failures >= MAX_FAILURES_IN_A_ROW || error instanceof TsharkMissing) tracked.settled = true;
        this.#fire(tracked, {
          ...(tracked.handshake ?? {
            server: tracked.server.id,
            connection: tracked.connection,
            client: '',
            complete: false,
            clientCertificateRequested: false,
            messages: [],
          }),
          undecrypted: pick(note, this.#locale()),
        });
      }
    } finally {
      if (this.#abort === controller) this.#abort = undefined;
    }
  }

  async #update(tracked: Tracked, read: ReadHandshake): Promise<void> {
    const messages = read.messages.map(({ frame: _frame, ...message }) => message);
    const summary = summarize(messages);
    const sent = certificatesSent(messages);
    const serverChain = await this.#chain(tracked, 'server', sent.server, summary.serverName);
    const clientChain = await this.#chain(tracked, 'client', sent.client, undefined);
    const handshake: TlsHandshake = {
      server: read.server,
      connection: tracked.connection,
      client: read.client,
      ...summary,
      messages,
      ...(serverChain === undefined ? {} : { serverChain }),
      ...(clientChain === undefined ? {} : { clientChain }),
      ...(read.undecrypted ? { undecrypted: pick(TEXT.noKeys, this.#locale()) } : {}),
    };
    this.#fire(tracked, handshake);
    const over = summary.complete && (summary.version !== 'TLS 1.3' || read.serverRecordsAfterFinished > 0);
    if (over || summary.alert !== undefined || read.truncated) tracked.settled = true;
  }

  #fire(tracked: Tracked, read: TlsHandshake): void {
    if (this.#disposed) return;
    const handshake = withinWireLimits(read);
    const json = JSON.stringify(handshake);
    if (json === tracked.fired) return;
    tracked.fired = json;
    tracked.handshake = handshake;
    this.#onHandshake.fire(handshake);
  }

  /** The verifier's report on a chain, asked once per distinct chain of a connection. */
  async #chain(
    tracked: Tracked,
    role: 'server' | 'client',
    certificates: readonly string[] | undefined,
    serverName: string | undefined,
  ): Promise<CertificateChainReport | undefined> {
    const verify = this.#options.verify;
    if (verify === undefined || certificates === undefined || certificates.length === 0) return undefined;
    const key = `${role}:${serverName ?? ''}:${certificates.join(',')}`;
    let report = tracked.chains.get(key);
    if (report === undefined) {
      const ders = certificates.map((hex) => new Uint8Array(Buffer.from(hex, 'hex')));
      report = Promise.resolve()
        .then(() => verify(ders, role, serverName))
        .catch(() => undefined);
      tracked.chains.set(key, report);
    }
    return report;
  }

  #locale(): Locale {
    return this.#options.locale?.() ?? DEFAULT_LOCALE;
  }

  #tshark(): Promise<string | undefined> {
    this.#tsharkPath ??= findExecutable(this.#options.tsharkPath ?? 'tshark');
    return this.#tsharkPath;
  }

  #directory(): Promise<string> {
    this.#tempDir ??= mkdtemp(join(this.#options.tempDirParent ?? tmpdir(), 'socketlab-tls-'));
    return this.#tempDir;
  }

  /** Keeps at most MAX_TRACKED_CONNECTIONS: the oldest finished connection goes first, else the oldest. */
  #forgetOldest(): void {
    if (this.#connections.size <= MAX_TRACKED_CONNECTIONS) return;
    const settled = [...this.#connections.values()].find((tracked) => tracked.settled);
    const oldest = settled ?? this.#connections.values().next().value;
    if (oldest !== undefined) this.#connections.delete(oldest.connection);
  }
}

class TsharkMissing extends Error {}
