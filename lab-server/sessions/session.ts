/**
 * A session: one lab on one page. It starts the lab's servers on ports from the pool, runs the lab shell and
 * the grader, and owns every resource it starts in one DisposableStore, so ending the session — the page
 * closed, the WebSocket dropped and the grace period ran out, the server shutting down — releases all of them.
 * It outlives its WebSocket for a grace period, so a reload resumes the same servers, ports and terminal.
 */

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Disposable, DisposableStore, toDisposable } from '../../src/common/disposable';
import { Emitter, type Event } from '../../src/common/emitter';
import { DEFAULT_LOCALE, type Locale, localized, pick, verbatim } from '../../src/common/localized';
import { DEFAULT_VIEWS, type LabDefinition, type Observation } from '../../src/lab-kit';
import {
  type CertificateChainReport,
  ERRORS,
  type FaultKind,
  type InspectCertificateMessage,
  LabError,
  type Packet,
  PROTOCOL_VERSION,
  type ServerInfo,
  type ServerMessage,
  type WatchedMessage,
  type WelcomeMessage,
} from '../../src/protocol';
import { type CaptureEvent, type CapturePipeline, type CaptureReport, captureStatusIn } from '../capture';
import { inspectCertificate } from '../certificates/inspect';
import type { LabServerConfig } from '../config';
import type { FaultService } from '../faults/fault-service';
import { Grader } from '../grading/grader';
import { QuestionBoard } from '../grading/question-board';
import type { SessionClientDownload } from '../http/pki-routes';
import type { ClassPki } from '../pki/pki';
import type { PortPool } from '../ports/port-pool';
import { isTlsServerKind, serverStarter } from '../servers';
import type { RunningServer, TrafficBudget } from '../servers/observation';
import { LabShell } from '../shell/lab-shell';
import type { OwnerId, ProgressStore } from '../store/progress-store';
import { Scrollback } from './scrollback';
import { faultIn, SessionFaults } from './session-faults';
import { eventIn, SessionJournal } from './session-journal';
import { SessionProgress } from './session-progress';
import { SessionTls } from './session-tls';

/** What a session needs of the connection it is attached to. */
export interface SessionClient {
  send(message: ServerMessage): void;
}

/** What every session of the lab server shares, each present only where the lab server has it. */
export interface SessionServices {
  readonly capture?: CapturePipeline | undefined;
  readonly faults?: FaultService | undefined;
  /** The class PKI, once made (it is made while the lab server starts listening). */
  readonly pki?: () => Promise<ClassPki>;
  /** Where passes are saved before a page shows them; without it nothing outlives the session. */
  readonly progress?: ProgressStore | undefined;
  /** The session's student's byte budget, shared by all their sessions; undefined: no limit. */
  readonly traffic?: TrafficBudget | undefined;
}

/** Checks and questions are judged at most this often, however fast bytes and packets arrive. */
const GRADING_INTERVAL_MS = 50;
const TEXT = localized({
  en: {
    captureOff: 'Packet capture is turned off on this lab server (CAPTURE=off).',
    noPki: 'This lab needs TLS servers, and this lab server has no class PKI to give them certificates.',
    pkiFailed: (reason: string) =>
      `This lab needs TLS servers, and the lab server could not make its class PKI: ${reason}. Start it with NEW_PKI=1 to make a new one.`,
  },
  'zh-Hans': {
    captureOff: '这个实验服务器关闭了抓包（CAPTURE=off）。',
    noPki: '这个实验需要 TLS 服务器，但这个实验服务器没有课堂 PKI，无法给它们签发证书。',
    pkiFailed: (reason) =>
      `这个实验需要 TLS 服务器，但实验服务器没能建立课堂 PKI：${reason}。用 NEW_PKI=1 启动可以新建一套。`,
  },
});

/** What the page is told when no capture was configured at all. */
export const CAPTURE_OFF: CaptureReport = { state: 'unavailable', reason: TEXT.captureOff };

/** Terminal output kept for a reloaded page to redraw. */
const SCROLLBACK_CHARS = 64 * 1024;

export class Session {
  readonly id: string;
  readonly lab: LabDefinition;
  /** Whose work this is: only the same owner may resume the session, and their passes are saved as theirs. */
  readonly owner: OwnerId;
  readonly startedAt = Date.now();
  readonly #token: string;
  /** Lets the pcapng download through, and nothing else: a shared link must not take over the session. */
  readonly #downloadToken: string;
  readonly #store = new DisposableStore();
  readonly #servers: RunningServer[] = [];
  readonly #grader: Grader;
  readonly #onEnd = new Emitter<void>();
  readonly #config: LabServerConfig;
  readonly #ports: number[] = [];
  readonly #questions: QuestionBoard;
  readonly #progress: SessionProgress;
  readonly #journal: SessionJournal;
  #capture: CaptureReport = CAPTURE_OFF;
  #gradingTimer: NodeJS.Timeout | undefined;
  #shell: LabShell | undefined;
  #faults: SessionFaults | undefined;
  readonly #scrollback = new Scrollback(SCROLLBACK_CHARS);
  /** The session's key log, client certificate and handshakes, for a lab with TLS servers. */
  #tls: SessionTls | undefined;
  #client: SessionClient | undefined;
  #graceTimer: Disposable | undefined;
  /** The language of the page attached last: checks, questions and the shell speak it. */
  #locale: Locale;

  readonly #mirror = new Emitter<WatchedMessage>();
  readonly #presence = new Emitter<void>();
  #lastActivityAt = Date.now();

  /** Fires once, when the session has released everything. */
  readonly onEnd: Event<void> = this.#onEnd.event;
  /**
   * What the page is sent of packets, timeline events, gaps, checks and questions, for the instructor's
   * read-only drill-down and the roster: the same messages, whether or not a page is attached.
   */
  readonly onMirror: Event<WatchedMessage> = this.#mirror.event;
  /** A page attached or went away. */
  readonly onPresence: Event<void> = this.#presence.event;

  private constructor(
    lab: LabDefinition,
    config: LabServerConfig,
    locale: Locale,
    owner: OwnerId,
    store: ProgressStore | undefined,
  ) {
    this.id = randomBytes(9).toString('base64url');
    this.owner = owner;
    this.#token = randomBytes(24).toString('base64url');
    this.#downloadToken = randomBytes(24).toString('base64url');
    this.lab = lab;
    this.#config = config;
    this.#locale = locale;
    this.#journal = new SessionJournal({ startedAt: this.startedAt, maxSessions: config.maxSessions });
    this.#grader = this.#store.add(
      new Grader(lab.checks, () => ({
        packets: this.#journal.packets,
        captureRunning: this.#capture.state === 'running',
        handshakes: this.#tls?.handshakes ?? [],
      })),
    );
    this.#questions = this.#store.add(new QuestionBoard(lab.questions ?? []));
    // Added after the grader and the board, so it is released before them: passes being saved are saved first.
    this.#progress = this.#store.add(
      new SessionProgress({
        store,
        owner,
        lab: lab.id,
        grader: this.#grader,
        questions: this.#questions,
        send: (message) => this.#toPage(message),
        locale: () => this.#locale,
      }),
    );
    this.#store.add(this.#questions.onChange((question) => this.#progress.questionChanged(question)));
    this.#store.add({ dispose: () => clearTimeout(this.#gradingTimer) });
  }

  /** Starts the lab's servers and shell. On failure everything started so far is released before rethrowing. */
  static async start(
    lab: LabDefinition,
    config: LabServerConfig,
    ports: PortPool,
    page: { cols?: number; locale?: Locale; owner: OwnerId },
    services: SessionServices = {},
  ): Promise<Session> {
    const { capture, faults, pki, progress } = services;
    const session = new Session(lab, config, page.locale ?? DEFAULT_LOCALE, page.owner, progress);
    try {
      // Before the servers start, whose first evaluation must see what passed earlier. Only a lab server that
      // keeps progress in its data directory carries it into new sessions (see `progress` in config.ts).
      if (config.progress === 'data-dir') await session.#progress.restore();
      if (lab.servers.some((spec) => isTlsServerKind(spec.kind))) await session.#startTls(pki);
      await session.#startServers(ports, services.traffic);
      session.#trackHandshakes();
      await session.#startFaults(faults);
      if (capture !== undefined) session.#subscribe(capture);
      session.#startShell(page.cols);
    } catch (error) {
      await session.dispose();
      throw error;
    }
    return session;
  }

  get token(): string {
    return this.#token;
  }

  get attached(): boolean {
    return this.#client !== undefined;
  }

  get ports(): readonly number[] {
    return this.#ports;
  }

  get isDisposed(): boolean {
    return this.#store.isDisposed;
  }

  /**
   * The last sign of a student at work: a page attaching, typing in the terminal, or their own program's
   * traffic reaching a lab server. The idle culler ends sessions by it.
   */
  get lastActivityAt(): number {
    return this.#lastActivityAt;
  }

  /** Compares a resume token in constant time, so its bytes cannot be guessed one at a time. */
  tokenMatches(token: string): boolean {
    return sameSecret(token, this.#token);
  }

  /** Compares a pcapng download token, likewise. */
  downloadTokenMatches(token: string): boolean {
    return sameSecret(token, this.#downloadToken);
  }

  /**
   * Binds the session to a page's connection and returns the welcome for it, in the page's language: a page
   * that resumes in another language (the student switched it) gets the session's texts in that one.
   */
  attach(client: SessionClient, resumed: boolean, locale: Locale = this.#locale): WelcomeMessage {
    this.#graceTimer?.dispose();
    this.#graceTimer = undefined;
    this.#client = client;
    this.#locale = locale;
    this.#lastActivityAt = Date.now();
    this.#shell?.setLocale(locale);
    this.#presence.fire();
    const welcome: WelcomeMessage = {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      session: this.id,
      token: this.#token,
      resumed,
      lab: { id: this.lab.id, title: pick(this.lab.title, locale), views: this.lab.views ?? DEFAULT_VIEWS },
      servers: this.#serverInfos(),
      checks: this.#progress.checks(locale),
      events: this.#journal.events.map((event) => eventIn(event, locale)),
      questions: this.#progress.questions(locale),
      faults: (this.#faults?.reports() ?? []).map((fault) => faultIn(fault, locale)),
      capture: captureStatusIn(this.#capture, locale),
      packets: [...this.#journal.packets],
      clock: this.#journal.clock,
      pcapng: `/api/sessions/${this.id}/capture.pcapng?token=${this.#downloadToken}`,
      handshakes: [...(this.#tls?.handshakes ?? [])],
      ...(this.#tls === undefined ? {} : { pki: this.#tls.downloads(this.id, this.#downloadToken) }),
    };
    return welcome;
  }

  /** The capture's state changed: the page says so, and checks learn whether packets can come. */
  captureChanged(status: CaptureReport): void {
    this.#capture = status;
    this.#grader.reevaluate();
    this.#toPage({ type: 'capture', capture: captureStatusIn(status, this.#locale) });
  }

  /** Sets one of the lab's faults (and reports it through `fault`); a LabError if the lab lacks it or may not. */
  async setFault(kind: FaultKind, server: string, value: number): Promise<void> {
    if (this.#faults === undefined) throw new LabError('LAB_ERR_FAULT_UNKNOWN');
    await this.#faults.set(kind, server, value);
  }

  /** Judges an answer to one of the lab's capture questions (and reports it through `question`). */
  answer(question: string, value: string): void {
    this.#questions.answer(question, value, this.#grader.context());
  }

  /** The packets the session keeps (its newest, up to MAX_KEPT_PACKETS), oldest first: an instructor's first look. */
  keptPackets(): readonly Packet[] {
    return this.#journal.packets;
  }

  /** The session's own packets as a pcapng file, for Wireshark or `tshark -r`. */
  pcapng(): Buffer {
    return this.#journal.pcapng(this.#tls?.keyLog.text());
  }

  /**
   * A certificate the student pasted into the viewer, read and verified as a client of the class PKI would (a
   * lab without TLS has no class root to trust); a LabError for a paste that is not a certificate.
   */
  inspectCertificate(message: InspectCertificateMessage): CertificateChainReport {
    const tls = this.#tls;
    return inspectCertificate(message, {
      trusted: tls === undefined ? [] : [tls.pki.rootPem],
      locale: this.#locale,
      ...(tls === undefined ? {} : { revocation: (serial: string, issuer: string) => tls.revocation(serial, issuer) }),
    });
  }

  /** The session's client certificate and key for the download route, for its download token only. */
  clientDownload(token: string): SessionClientDownload | undefined {
    if (this.#tls === undefined || !this.downloadTokenMatches(token)) return undefined;
    return this.#tls.clientDownload;
  }

  /** Called right after the welcome went out: a resumed page gets its terminal back. */
  afterWelcome(resumed: boolean): void {
    if (resumed && !this.#scrollback.isEmpty) {
      this.#toPage({ type: 'output', data: this.#scrollback.text() });
      this.#shell?.redraw();
    } else if (!resumed) {
      this.#shell?.start();
    }
  }

  /** The page went away. The session waits `sessionGraceMs` for it to come back, then ends. */
  detach(client: SessionClient): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#presence.fire();
    this.#graceTimer?.dispose();
    const timer = setTimeout(() => void this.dispose(), this.#config.sessionGraceMs);
    this.#graceTimer = this.#store.add(toDisposable(() => clearTimeout(timer)));
  }

  input(data: string): void {
    this.#lastActivityAt = Date.now();
    this.#shell?.input(data);
  }

  resize(cols: number): void {
    this.#shell?.resize(cols);
  }

  async dispose(): Promise<void> {
    if (this.#store.isDisposed) return;
    this.#client = undefined;
    try {
      await this.#store.dispose();
    } finally {
      this.#onEnd.fire();
      this.#onEnd.clear();
      this.#mirror.clear();
      this.#presence.clear();
    }
  }

  /**
   * Ends the session for a reason its page is told first: idle too long, its lab reset by the instructor, or its
   * student removed. The page gets a fatal error (a reset one reconnects by itself into a fresh session).
   */
  async endWith(
    code: 'LAB_ERR_SESSION_IDLE' | 'LAB_ERR_LAB_RESET' | 'LAB_ERR_STUDENT_REMOVED' | 'LAB_ERR_NOT_JOINED',
  ): Promise<void> {
    this.#client?.send({ type: 'error', code, message: pick(ERRORS[code], this.#locale), fatal: true });
    await this.dispose();
  }

  /** The one path to the page; what the instructor may see of it is mirrored (see `onMirror`). */
  #toPage(message: ServerMessage): void {
    this.#client?.send(message);
    if (isMirrored(message)) this.#mirror.fire(message);
  }

  async #startServers(ports: PortPool, traffic: TrafficBudget | undefined): Promise<void> {
    for (const spec of this.lab.servers) {
      const start = serverStarter(spec.kind);
      const { port, value: server } = await ports.bindInRange((candidate) =>
        start({
          id: spec.id,
          title: pick(spec.title, this.#locale),
          bindHost: this.#config.labHost,
          publicHost: this.#config.publicHost,
          port: candidate,
          traffic,
          ...(this.#tls === undefined ? {} : { tls: this.#tls.context }),
        }),
      );
      this.#ports.push(port);
      // Release order is the reverse of adding: the server closes first, then its port returns to the pool.
      this.#store.add(toDisposable(() => ports.release(port)));
      this.#store.add(server);
      this.#store.add(server.onObservation((observation) => this.#observe(observation)));
      this.#servers.push(server);
    }
    this.#store.add(this.#grader.onChange((check) => this.#progress.checkChanged(check)));
    this.#grader.setServers(this.#serverInfos());
  }

  /** Issues the session's client certificate before its TLS servers start (the mTLS kind names it as "yours"). */
  async #startTls(pki: (() => Promise<ClassPki>) | undefined): Promise<void> {
    if (pki === undefined) throw new LabError('LAB_ERR_SERVER_START', TEXT.noPki);
    let made: ClassPki;
    try {
      made = await pki();
    } catch (error) {
      throw new LabError(
        'LAB_ERR_SERVER_START',
        TEXT.pkiFailed(error instanceof Error ? error.message : String(error)),
      );
    }
    this.#tls = this.#store.add(await SessionTls.start(made, `socketlab student ${this.id.slice(0, 8)}`));
  }

  /** Reads the handshakes of the TLS servers' connections from the capture, and tells the page of each. */
  #trackHandshakes(): void {
    const tls = this.#tls;
    if (tls === undefined) return;
    const servers = this.#servers
      .filter((server) => isTlsServerKind(server.info.kind))
      .map((server) => ({ id: server.info.id, port: server.info.port }));
    const onHandshake = tls.track({
      servers,
      snapshot: (tlsKeyLog, select) => this.#journal.snapshot(tlsKeyLog, select),
      ...(this.#config.tsharkPath === undefined ? {} : { tsharkPath: this.#config.tsharkPath }),
      locale: () => this.#locale,
    });
    this.#store.add(
      onHandshake((handshake) => {
        this.#toPage({ type: 'tls', handshake });
        this.#scheduleGrading();
      }),
    );
  }

  async #startFaults(service: FaultService | undefined): Promise<void> {
    const faults = this.#store.add(await SessionFaults.start(this.lab.faults ?? [], this.#servers, service));
    this.#faults = faults;
    this.#store.add(faults.onChange((fault) => this.#toPage({ type: 'fault', fault: faultIn(fault, this.#locale) })));
  }

  /** The servers as the page shows them, titled in the page's language. */
  #serverInfos(): ServerInfo[] {
    return this.#servers.map((server, index) => {
      const spec = this.lab.servers[index];
      return spec === undefined ? server.info : { ...server.info, title: pick(spec.title, this.#locale) };
    });
  }

  /** By the servers' bound endpoints, not their ports: another local program may use the same port elsewhere. */
  #subscribe(capture: CapturePipeline): void {
    this.#journal.interfaceName = capture.interfaceName;
    const endpoints = this.#servers.flatMap((server) => server.endpoints);
    this.#store.add(capture.subscribe(endpoints, (event) => this.#onCapture(event)));
    this.captureChanged(capture.currentStatus);
  }

  #onCapture(event: CaptureEvent): void {
    if (event.type === 'gap') {
      const gap = {
        after: this.#journal.lastPacketId,
        time: event.gap.from,
        reason: pick(event.gap.reason, this.#locale),
      };
      this.#toPage({ type: 'gap', gap });
      return;
    }
    const packet = this.#journal.packet(event.packet, event.frame, this.#ports);
    this.#tls?.packetArrived(packet);
    this.#toPage({ type: 'packet', packet });
    this.#scheduleGrading();
  }

  /** A flood of bytes or packets is graded once per interval, not once per event. */
  #scheduleGrading(): void {
    this.#gradingTimer ??= setTimeout(() => {
      this.#gradingTimer = undefined;
      if (this.#store.isDisposed) return;
      this.#grader.reevaluate();
      this.#questions.reconsider(this.#grader.context());
    }, GRADING_INTERVAL_MS);
  }

  #startShell(cols: number | undefined): void {
    // With their titles in every language: the page may come back in the other one.
    const servers = this.#servers.map((server, index) => ({
      ...server.info,
      title: this.lab.servers[index]?.title ?? verbatim(server.info.title),
    }));
    // The network-assistant kinds' consoles, for `listen`; the faults, for `loss` and `fault`.
    const assistants = this.#servers.flatMap((server, index) =>
      server.assistant === undefined ? [] : [{ server: servers[index]!, console: server.assistant }],
    );
    const faults = this.#faults;
    const shell = new LabShell({
      labId: this.lab.id,
      servers,
      policy: { servers, allowLoopback: this.#config.mode === 'local' },
      greeting: this.lab.greeting,
      locale: this.#locale,
      ...(cols === undefined ? {} : { cols }),
      assistants,
      ...(this.#tls === undefined ? {} : { tls: this.#tls.shell }),
      ...(faults === undefined
        ? {}
        : { faults: { list: () => faults.reports(), set: (kind, server, value) => faults.set(kind, server, value) } }),
    });
    this.#shell = this.#store.add(shell);
    this.#store.add(
      shell.onOutput((data) => {
        this.#scrollback.push(data);
        this.#toPage({ type: 'output', data });
      }),
    );
  }

  #observe(observation: Observation): void {
    const port = this.#servers.find((server) => server.info.id === observation.server)?.info.port;
    const event = this.#journal.event(observation, port);
    this.#lastActivityAt = Date.now();
    this.#toPage({ type: 'event', event: eventIn(event, this.#locale) });
    if (this.#grader.observe(observation)) this.#scheduleGrading();
  }
}

const MIRRORED: ReadonlySet<ServerMessage['type']> = new Set(['packet', 'check', 'question', 'event', 'gap']);

function isMirrored(message: ServerMessage): message is WatchedMessage {
  return MIRRORED.has(message.type);
}

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
