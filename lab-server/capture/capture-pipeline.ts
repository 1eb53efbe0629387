/**
 * The shared capture: one capturer and one tshark for the whole lab server, demultiplexed to sessions by the
 * endpoints (transport, address, port) their lab servers hold, see `capture-demux.ts` (DESIGN.md: tshark costs
 * ~150 MB and grows ~0.5 KB per packet, so one per session is out of the question).
 *
 *   tcpdump --immediate-mode -U -w -  ──pipe──▶  Node (PcapReader: keeps each raw frame, drops frames between
 *   endpoints nobody subscribed to)  ──FIFO──▶  tshark -r FIFO -l -T fields  ──▶  Node (joins lines to frames by
 *   number, builds the Packet)  ──▶  the subscribers of the packet's source or destination endpoint
 *
 * It owns its children and its private temp directory, and it never throws at its users: a missing program or
 * missing privileges give state `unavailable` with a reason that says how to fix it, and the lab server goes on
 * without packets. Reasons, of states and of gaps, are in every language of the course (`CaptureReport`); the
 * session sends them in its page's. A dying capturer is restarted with bounded backoff and every subscriber gets a gap; a dying
 * tshark is restarted and re-fed the frames it had not printed, so nothing is lost; tshark is rotated every
 * `rotateAfterPackets` frames (its memory only grows) by starting a new run and switching between two frames,
 * which loses nothing either.
 *
 * This file is the composition and the state machine: which part to ask, and what state to be in, when a child
 * starts, dies or proves itself. The parts: `findCaptureTools` picks the programs, `Canary` proves the capture
 * works end to end (and, on a LAN lab host, `LanCoverage` which interfaces it covers and proves), `FrameQueue`
 * carries frames to tshark within bounds, `DissectorRotation` hands over from one tshark run to the next,
 * `RestartBudget` decides whether and when to restart, `stopGracefully` ends the children.
 */

import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { type Disposable, Emitter, type Event } from '../../src/common/emitter';
import { type Localized, localized, sameText } from '../../src/common/localized';
import type { CaptureState, CaptureStatus } from '../../src/protocol';
import { Canary } from './canary';
import { BOTH_LOCAL, CaptureDemux, isWildcard, type PacketEndpoints, type ServerEndpoint } from './capture-demux';
import { makeCaptureDirectory } from './capture-directory';
import type { CaptureEvent, CaptureGap, CaptureListener } from './capture-event';
import type { CaptureReport } from './capture-report';
import { type CaptureOptions, type CaptureSettings, resolveCaptureSettings } from './capture-settings';
import { Capturer, captureFilter, describeCapturerFailure, interfaceLink } from './capturer';
import type { Dissected, Dissector } from './dissector';
import { type DissectorFailure, DissectorRotation } from './dissector-rotation';
import { findCaptureTools } from './executables';
import { locateTransport } from './frame-layers';
import { FrameQueue, type QueuedFrame } from './frame-queue';
import { stopGracefully } from './graceful-stop';
import { addressKey } from './ip-address';
import { LanCoverage } from './lan-coverage';
import { buildPacket } from './packet-builder';
import type { ChildExit } from './process-group';
import type { RawFrame } from './raw-frame';
import { RestartBudget } from './restart-budget';
import { TcpConnectionTracker } from './tcp-connections';
import type { DissectedFields } from './tshark-fields';

const TEXT = localized({
  en: {
    notStarted: 'not started',
    starting: 'starting the packet capture',
    noTempDirectory: (parent: string, detail: string) =>
      `the capture could not make its temp directory in ${parent} (${detail}).`,
    capturing: (name: string) => `capturing on ${name}`,
    noCanary: (ms: number, address: string, port: number, name: string) =>
      `no packet came through the capture within ${ms} ms (canary datagrams to ${address}:${port} on ${name})`,
    calledOff: 'the capture was stopped',
    stopped: 'stopped',
    tsharkRestarted: 'tshark restarted; no packet was lost',
    gaveUp: (reason: string, restarts: number) =>
      `${clause(reason)} (gave up after ${restarts} restarts within a minute)`,
    restarting: (reason: string, ms: number) => `${clause(reason)}; restarting in ${ms} ms`,
    capturingAgain: 'capturing again after a restart',
    since: (event: string, now: string) => `${event}; ${now}`,
  },
  'zh-Hans': {
    notStarted: '尚未启动',
    starting: '正在启动抓包',
    noTempDirectory: (parent, detail) => `抓包无法在 ${parent} 中创建临时目录（${detail}）。`,
    capturing: (name) => `正在 ${name} 上抓包`,
    noCanary: (ms, address, port, name) =>
      `抓包在 ${ms} ms 内没有收到任何数据包（已在 ${name} 上向 ${address}:${port} 发送探测数据报）`,
    calledOff: '抓包已停止',
    stopped: '已停止',
    tsharkRestarted: 'tshark 已重启，没有丢失任何数据包',
    gaveUp: (reason, restarts) => `${clause(reason)}（一分钟内已重启 ${restarts} 次，不再重试）`,
    restarting: (reason, ms) => `${clause(reason)}，${ms} ms 后重启`,
    capturingAgain: '重启后已恢复抓包',
    since: (event, now) => `${event}；${now}`,
  },
});

/** A reason that a clause follows: without its full stop, in either language. */
function clause(sentence: string): string {
  return sentence.replace(/[.。]$/, '');
}

export type { ServerEndpoint } from './capture-demux';
export type { CaptureEvent, CaptureGap, CaptureListener } from './capture-event';
export { type CaptureReport, captureStatusIn } from './capture-report';
export type { CaptureOptions } from './capture-settings';
/** The state is the protocol's; the wire form of a report (`captureStatusIn`) is the protocol's status. */
export type { CaptureState, CaptureStatus };

export interface CaptureStats {
  /** Frames read from the capturer, canaries included. */
  readonly framesCaptured: number;
  /** Frames dropped before tshark because no subscriber owned either endpoint. */
  readonly framesUnsubscribed: number;
  readonly framesDissected: number;
  readonly packetsDelivered: number;
  /** Frames dropped because tshark fell behind by more than `maxPendingFrames`. */
  readonly framesLost: number;
  readonly tsharkRuns: number;
  readonly restarts: number;
  /** tshark output lines that were not well-formed lines of ours. */
  readonly garbageLines: number;
}

export interface CaptureProcessIds {
  readonly capturer: number | undefined;
  readonly dissectors: readonly number[];
}

/** Wrapped so that one listener subscribed twice is two subscriptions, each disposed on its own. */
interface Subscription {
  readonly listener: CaptureListener;
}

const STOP_GRACE_MS = 2000;
export class CapturePipeline {
  private readonly stateEmitter = new Emitter<CaptureReport>();
  /** Every state change, with its reason. */
  readonly onStateChange: Event<CaptureReport> = this.stateEmitter.event;

  private readonly settings: CaptureSettings;
  private readonly demux = new CaptureDemux<Subscription>();
  private readonly connections = new TcpConnectionTracker();
  private readonly canary: Canary;
  private readonly queue: FrameQueue;
  private readonly runs: DissectorRotation<QueuedFrame>;
  private readonly restarts: RestartBudget;
  private readonly timers = new Set<NodeJS.Timeout>();

  private status: CaptureReport = { state: 'stopped', reason: TEXT.notStarted };
  private started = false;
  private stopping = false;
  private hasRun = false;
  private capturerPath = 'tcpdump';
  private directory: string | undefined;
  private capturer: Capturer | undefined;
  private interruption: { from: number; reason: Localized } | undefined;
  /** Only on a LAN lab host; the loopback path has none. */
  private readonly lan: LanCoverage | undefined;
  /** Why a proof under way was failed from outside (a child died): the start fails even if `lo` was proven. */
  private proofFailure: Localized | undefined;
  private nextPacketId = 1;
  private counters = {
    framesCaptured: 0,
    framesUnsubscribed: 0,
    framesDissected: 0,
    packetsDelivered: 0,
  };

  constructor(options: CaptureOptions = {}) {
    const settings = resolveCaptureSettings(options);
    this.settings = settings;
    this.canary = new Canary(settings.canaryAddress, settings.canaryPort, settings.canaryIntervalMs);
    this.lan = settings.lan
      ? new LanCoverage(settings.labHost, settings.canaryPort, settings.canaryIntervalMs)
      : undefined;
    this.restarts = new RestartBudget(settings.maxRestartsPerMinute);
    this.queue = new FrameQueue({ maxFrames: settings.maxPendingFrames, maxBytes: settings.maxPendingBytes });
    this.queue.onGap((gap) => this.emitGap(gap));
    this.runs = new DissectorRotation({
      rotateAfterPackets: settings.rotateAfterPackets,
      openTimeoutMs: settings.readyTimeoutMs,
    });
    this.runs.onStarted((run) => this.runsOnStarted(run));
    this.runs.onRetiredUnprinted((unprinted) => this.runsOnRetiredUnprinted(unprinted));
    this.runs.onFailure((failure) => this.runsOnFailure(failure));
  }

  get state(): CaptureState {
    return this.status.state;
  }

  get reason(): Localized {
    return this.status.reason;
  }

  get currentStatus(): CaptureReport {
    return this.status;
  }

  get stats(): CaptureStats {
    return {
      ...this.counters,
      framesLost: this.queue.lost,
      tsharkRuns: this.runs.started,
      restarts: this.restarts.total,
      garbageLines: this.runs.garbageLines,
    };
  }

  /** Where the capturer captures: `lo` (or the interface named), or `any` for a LAN lab host. */
  get interfaceName(): string {
    return this.settings.interface;
  }

  /** The children's pids, for a benchmark reading /proc and for a test that kills one. */
  get processIds(): CaptureProcessIds {
    return { capturer: this.capturer?.pid, dissectors: this.runs.pids };
  }

  /**
   * Delivers every packet whose source or destination endpoint is one of `endpoints` — where the subscriber's
   * lab servers are bound, never just their ports — and every gap, to `listener`. Subscribing before `start()`
   * or while restarting is fine. Throws a RangeError only on a programming error: a port outside the lab range
   * (not in the capture filter), an address that is not an IP address, or a wildcard on a named interface
   * other than `lo`, where it cannot be matched soundly (see `capture-demux.ts`; on a LAN lab host the capture
   * knows the host's addresses and matches wildcards against them).
   */
  subscribe(endpoints: ServerEndpoint | Iterable<ServerEndpoint>, listener: CaptureListener): Disposable {
    const list = Symbol.iterator in endpoints ? [...endpoints] : [endpoints];
    const { portRange, canaryPort, interface: name } = this.settings;
    for (const { port } of list) {
      if (!Number.isInteger(port) || port < portRange.from || port > portRange.to || port === canaryPort) {
        throw new RangeError(`port ${port} is outside the captured lab range ${portRange.from}-${portRange.to}`);
      }
    }
    const wildcard = name === 'lo' || this.settings.lan ? undefined : list.find(isWildcard);
    if (wildcard !== undefined) {
      throw new RangeError(`a wildcard endpoint (${wildcard.address}) can only be matched on lo, not on ${name}`);
    }
    return this.demux.add(list, { listener });
  }

  /** Resolves once running or unavailable (never rejects); at most `readyTimeoutMs` plus process start-up. */
  async start(): Promise<CaptureReport> {
    if (this.started) return this.status;
    this.started = true;
    this.setState('starting', TEXT.starting);

    const tools = await findCaptureTools(this.settings);
    if (this.stopping) return this.status;
    if ('missing' in tools) {
      this.setState('unavailable', tools.missing);
      return this.status;
    }
    this.capturerPath = tools.capturerPath;
    const parent = this.settings.tempDirParent ?? tmpdir();
    let directory: string;
    try {
      // Named for this process, so that a later capture removes it if this lab server dies without stopping.
      directory = await makeCaptureDirectory(parent);
    } catch (error) {
      if (this.stopping) return this.status;
      const detail = error instanceof Error ? error.message : String(error);
      this.setState('unavailable', TEXT.noTempDirectory(parent, detail));
      return this.status;
    }
    if (this.stopping) {
      await rm(directory, { recursive: true, force: true });
      return this.status;
    }
    this.directory = directory;
    this.runs.open(tools.tsharkPath, directory);

    const failure = await this.bringUp();
    if (this.stopping) return this.status;
    if (failure !== undefined) {
      await this.becomeUnavailable(failure);
    } else {
      this.hasRun = true;
      this.setState('running', this.coverage());
    }
    return this.status;
  }

  /** Ends every child the capture started (SIGTERM to their process groups, SIGKILL after a grace) and removes its temp directory. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.clearTimers();
    this.failCanaries(TEXT.calledOff);
    await this.endChildren();
    if (this.directory !== undefined) await rm(this.directory, { recursive: true, force: true });
    this.directory = undefined;
    this.setState('stopped', TEXT.stopped);
    this.stateEmitter.clear();
  }

  /**
   * Starts a capturer and sends canaries until one comes out of tshark. Resolves `undefined` when the pipeline
   * is proven to work end to end, or the reason it does not. On a LAN lab host each LAN interface is proven
   * too, at the same time; one that is not does not fail the capture (the loopback still works), it is named in
   * the running state's reason (`coverage`).
   */
  private async bringUp(): Promise<Localized | undefined> {
    const { readyTimeoutMs, canaryAddress, canaryPort } = this.settings;
    this.proofFailure = undefined;
    if (this.lan !== undefined) {
      await this.lan.refresh();
      if (this.stopping || this.isUnavailable()) return TEXT.calledOff;
    }
    this.spawnCapturer();
    const lanProof = this.lan?.prove(readyTimeoutMs);
    const loopbackName = this.lan === undefined ? this.settings.interface : 'lo';
    const failure = await this.canary.prove(
      readyTimeoutMs,
      TEXT.noCanary(readyTimeoutMs, canaryAddress, canaryPort, loopbackName),
    );
    if (failure !== undefined) this.lan?.failed(failure);
    await lanProof;
    // A child died while the LAN was being proven: that fails the whole start, as it would on `lo`.
    return failure ?? this.proofFailure;
  }

  /** What the running state says: where the capture captures, and on a LAN lab host what it does not. */
  private coverage(): Localized {
    return this.lan?.describe() ?? TEXT.capturing(this.settings.interface);
  }

  /** The running reason after a restart: the event, then on a LAN lab host what is covered now. */
  private runningAgain(event: Localized): Localized {
    return this.lan === undefined ? event : TEXT.since(event, this.lan.describe());
  }

  private canaryProving(): boolean {
    return this.canary.proving || this.lan?.proving === true;
  }

  private failCanaries(reason: Localized): void {
    if (this.canaryProving()) this.proofFailure = reason;
    this.canary.failed(reason);
    this.lan?.failed(reason);
  }

  private spawnCapturer(): void {
    const { portRange, canaryPort } = this.settings;
    const link = this.lan === undefined ? interfaceLink(this.settings.interface) : this.lan.filter;
    const capturer = new Capturer({
      path: this.capturerPath,
      interface: this.settings.interface,
      filter: captureFilter(portRange, canaryPort, link),
      bufferKiB: this.settings.bufferKiB,
      snapLength: this.settings.snapLength,
    });
    this.capturer = capturer;
    capturer.onHeader((header) => {
      if (this.capturer !== capturer || this.stopping) return;
      this.runs.adoptFormat({ linkType: header.linkType, snapLength: header.snapLength });
    });
    capturer.onFrame((frame) => {
      if (this.capturer === capturer) this.capturerOnFrame(frame);
    });
    capturer.onExit((exit) => this.capturerOnExit(capturer, exit));
  }

  private capturerOnFrame(frame: RawFrame): void {
    this.counters.framesCaptured += 1;
    const location = locateTransport(frame.linkType, frame.data);
    if (location !== undefined) {
      const { canaryPort } = this.settings;
      if (location.srcPort === canaryPort || location.dstPort === canaryPort) {
        if (!this.canaryProving()) return;
      } else if (!this.wanted(frame, location)) {
        // Nobody wants it: dropped before it costs tshark time and memory (DESIGN.md: ~0.5 KB per frame).
        this.counters.framesUnsubscribed += 1;
        return;
      }
    }
    if (this.queue.offer({ frame, location }, this.runs.current)) this.runs.rotateIfDue();
  }

  /** Whether a subscriber owns either endpoint; on a LAN lab host, of a frame that is not forged (`admits`). */
  private wanted(frame: RawFrame, location: PacketEndpoints): boolean {
    if (this.lan === undefined) return this.demux.wants(location);
    return this.lan.admits(frame, location) && this.demux.wants(location, this.lan.localSides(frame, location));
  }

  private capturerOnExit(capturer: Capturer, exit: ChildExit): void {
    if (this.capturer !== capturer) return;
    this.capturer = undefined;
    if (this.stopping || this.isUnavailable()) return;
    const reason = describeCapturerFailure(this.capturerPath, exit);
    if (this.canaryProving()) {
      this.failCanaries(reason);
      return;
    }
    this.interruption ??= { from: Date.now() / 1000, reason };
    this.scheduleRestart('capturer', reason);
  }

  private dissectorOnDissected({ fields, context }: Dissected<QueuedFrame>): void {
    this.counters.framesDissected += 1;
    if (fields.srcPort === undefined || fields.dstPort === undefined) return;
    const { canaryPort } = this.settings;
    if (fields.srcPort === canaryPort || fields.dstPort === canaryPort) {
      // Canaries prove the pipeline works and go no further: no subscriber ever sees one.
      if (fields.protocol === 'udp' && this.lan?.arrived(context.frame, context.location) !== true) {
        this.canary.passed();
      }
      return;
    }
    // The raw frame's endpoints when we found them, so this and the drop before tshark decide alike.
    const endpoints = context.location ?? endpointsOf(fields);
    if (endpoints === undefined) return;
    if (this.lan !== undefined && !this.lan.admits(context.frame, endpoints)) return;
    const subscriptions = this.demux.listenersFor(
      endpoints,
      this.lan?.localSides(context.frame, endpoints) ?? BOTH_LOCAL,
    );
    if (subscriptions.length === 0) return;
    const packet = buildPacket(
      { id: this.nextPacketId++, fields, frame: context.frame, location: context.location },
      this.connections,
    );
    if (packet === undefined) return;
    this.counters.packetsDelivered += 1;
    const event: CaptureEvent = { type: 'packet', packet, frame: context.frame };
    for (const subscription of subscriptions) deliver(subscription, event);
  }

  private runsOnStarted(run: Dissector<QueuedFrame>): void {
    run.onDissected((dissected) => this.dissectorOnDissected(dissected));
    this.queue.flushInto(run);
    if (this.status.state === 'restarting' && !this.canaryProving() && this.capturer !== undefined) {
      this.setState('running', this.runningAgain(TEXT.tsharkRestarted));
    }
  }

  /** A rotated-out run that died before finishing: its last frames go to the current run (or wait for one). */
  private runsOnRetiredUnprinted(unprinted: readonly QueuedFrame[]): void {
    for (const item of unprinted) this.queue.requeue(item, this.runs.current);
  }

  private runsOnFailure({ reason, unprinted }: DissectorFailure<QueuedFrame>): void {
    if (this.stopping || this.isUnavailable()) return;
    // Replayed first, before anything captured since, to keep capture order.
    this.queue.holdFirst(unprinted);
    if (this.canaryProving()) this.failCanaries(reason);
    else this.scheduleRestart('dissector', reason);
  }

  /** Bounded by the restart budget; once it is spent, `unavailable`. */
  private scheduleRestart(what: 'capturer' | 'dissector', reason: Localized): void {
    const delay = this.restarts.next();
    if (delay === undefined) {
      void this.becomeUnavailable(TEXT.gaveUp(reason, this.restarts.recent));
      return;
    }
    this.setState('restarting', TEXT.restarting(reason, delay));
    this.after(delay, () => {
      if (what === 'capturer') void this.restartCapturer();
      else void this.runs.start();
    });
  }

  private async restartCapturer(): Promise<void> {
    if (this.stopping || this.isUnavailable()) return;
    const failure = await this.bringUp();
    if (this.stopping || this.isUnavailable()) return;
    if (failure !== undefined) {
      this.capturer?.stop();
      this.capturer = undefined;
      this.scheduleRestart('capturer', failure);
      return;
    }
    this.setState('running', this.runningAgain(TEXT.capturingAgain));
    const interruption = this.interruption;
    this.interruption = undefined;
    if (interruption !== undefined) {
      this.emitGap({ from: interruption.from, to: Date.now() / 1000, reason: interruption.reason });
    }
  }

  private async becomeUnavailable(reason: Localized): Promise<void> {
    if (this.stopping) return;
    const wasRunning = this.hasRun;
    this.setState('unavailable', reason);
    this.clearTimers();
    this.failCanaries(reason);
    this.queue.clear();
    await this.endChildren();
    if (wasRunning) {
      this.emitGap({ from: this.interruption?.from ?? Date.now() / 1000, to: null, reason });
    }
  }

  /** Detaches every child at once (their exits are no longer failures), then stops them. */
  private async endChildren(): Promise<void> {
    const capturer = this.capturer;
    this.capturer = undefined;
    await stopGracefully([...(capturer === undefined ? [] : [capturer]), ...this.runs.close()], STOP_GRACE_MS);
  }

  private emitGap(gap: CaptureGap): void {
    const event: CaptureEvent = { type: 'gap', gap };
    for (const subscription of this.demux.all()) deliver(subscription, event);
  }

  /** A method, not a comparison inline: TypeScript would keep a narrowed `state` across an `await`. */
  private isUnavailable(): boolean {
    return this.status.state === 'unavailable';
  }

  private setState(state: CaptureState, reason: Localized): void {
    if (this.status.state === state && sameText(this.status.reason, reason)) return;
    this.status = { state, reason };
    this.stateEmitter.fire(this.status);
  }

  private after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** tshark's word on a frame whose headers we could not find ourselves; `undefined` when it is not TCP/UDP over IP. */
function endpointsOf(fields: DissectedFields): PacketEndpoints | undefined {
  const src = addressKey(fields.src);
  const dst = addressKey(fields.dst);
  const { protocol, srcPort, dstPort } = fields;
  if (src === undefined || dst === undefined || protocol === undefined) return undefined;
  if (srcPort === undefined || dstPort === undefined) return undefined;
  return { protocol, src, srcPort, dst, dstPort };
}

function deliver(subscription: Subscription, event: CaptureEvent): void {
  try {
    subscription.listener(event);
  } catch (error) {
    // One session's bug must not take the packets away from the others, nor go unnoticed.
    Emitter.reportListenerError(error);
  }
}
