/**
 * The shared capture: one capturer and one tshark for the whole lab server, demultiplexed to sessions by port
 * (DESIGN.md: tshark costs ~150 MB and grows ~0.5 KB per packet, so one per session is out of the question).
 *
 *   tcpdump --immediate-mode -U -w -  ──pipe──▶  Node (PcapReader: keeps each raw frame, drops frames of ports
 *   nobody subscribed to)  ──FIFO──▶  tshark -r FIFO -l -T fields  ──▶  Node (joins lines to frames by number,
 *   builds the Packet)  ──▶  the subscribers of the packet's source or destination port
 *
 * It owns its children and its private temp directory, and it never throws at its users: a missing program or
 * missing privileges give state `unavailable` with a reason that says how to fix it, and the lab server goes on
 * without packets. A dying capturer is restarted with bounded backoff and every subscriber gets a gap; a dying
 * tshark is restarted and re-fed the frames it had not printed, so nothing is lost; tshark is rotated every
 * `rotateAfterPackets` frames (its memory only grows) by starting a new run and switching between two frames,
 * which loses nothing either.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Disposable, Emitter, type Event } from '../../src/common/emitter';
import { Canary } from './canary';
import { CaptureDemux } from './capture-demux';
import { Capturer, type CapturerExit, captureFilter, describeCapturerFailure, type PortRange } from './capturer';
import { type Dissected, Dissector, type DissectorExit, describeDissectorFailure } from './dissector';
import { findExecutable } from './executables';
import { locateTransport, type TransportLocation } from './frame-layers';
import type { Packet } from './packet';
import { buildPacket } from './packet-builder';
import { frameTimeSeconds, type RawFrame } from './raw-frame';
import { TcpConnectionTracker } from './tcp-connections';

export type CaptureState = 'starting' | 'running' | 'restarting' | 'unavailable' | 'stopped';

export interface CaptureStatus {
  readonly state: CaptureState;
  /** Why the capture is in this state, in words for the page (`unavailable` says how to enable capturing). */
  readonly reason: string;
}

/** Packets may be missing between `from` and `to` (epoch seconds); `to` is null when the capture did not come back. */
export interface CaptureGap {
  readonly from: number;
  readonly to: number | null;
  readonly reason: string;
}

export type CaptureEvent =
  | { readonly type: 'packet'; readonly packet: Packet; readonly frame: RawFrame }
  | { readonly type: 'gap'; readonly gap: CaptureGap };

export type CaptureListener = (event: CaptureEvent) => void;

export interface CaptureOptions {
  /** Default `lo`. */
  readonly interface?: string;
  /** The lab ports; default 20000–29999. Only these can be subscribed to. */
  readonly portRange?: PortRange;
  /** A UDP port inside the filter that no lab uses; default 19999. */
  readonly canaryPort?: number;
  /** Where canary datagrams are sent; default 127.0.0.1. */
  readonly canaryAddress?: string;
  /** Default `tshark` on PATH. */
  readonly tsharkPath?: string;
  /** Default `tcpdump` on PATH, else `dumpcap`. A path whose name contains `dumpcap` is run as dumpcap. */
  readonly capturerPath?: string;
  /** Start a fresh tshark after this many frames; default 300 000 (~150 MB of tshark growth). */
  readonly rotateAfterPackets?: number;
  /** Kernel capture buffer; default 32 MiB (with the default snap length, ~8 000 frames of burst). */
  readonly bufferKiB?: number;
  /**
   * Bytes kept per frame; default 4016: the 2 KiB payload the page shows plus any headers fit, and libpcap's
   * ring slot (snap length + ~70 bytes of its own, rounded to 16) stays within one 4 KiB page — at 4096 each slot
   * takes 8 KiB and the same buffer holds half the frames. Larger loopback segments are kept truncated.
   */
  readonly snapLength?: number;
  /** How long the capture may take to prove it works (canary seen); default 10 s. */
  readonly readyTimeoutMs?: number;
  /** Default 20 ms. */
  readonly canaryIntervalMs?: number;
  /** Restarts of the capturer or tshark allowed in any minute before giving up; default 5. */
  readonly maxRestartsPerMinute?: number;
  /** Frames waiting for tshark beyond this many are dropped (with a gap); default 100 000. */
  readonly maxPendingFrames?: number;
  /** …or beyond this many captured bytes; default 64 MiB. */
  readonly maxPendingBytes?: number;
  /** Where the private temp directory is made; default the OS temp directory. */
  readonly tempDirParent?: string;
}

export interface CaptureStats {
  /** Frames read from the capturer, canaries included. */
  readonly framesCaptured: number;
  /** Frames dropped before tshark because no subscriber owned either port. */
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

interface FrameContext {
  readonly frame: RawFrame;
  readonly location: TransportLocation | undefined;
}

interface Subscription {
  readonly listener: CaptureListener;
}

const DEFAULTS = {
  interface: 'lo',
  portRange: { from: 20000, to: 29999 },
  canaryPort: 19999,
  canaryAddress: '127.0.0.1',
  rotateAfterPackets: 300_000,
  bufferKiB: 32 * 1024,
  snapLength: 4016,
  readyTimeoutMs: 10_000,
  canaryIntervalMs: 20,
  maxRestartsPerMinute: 5,
  maxPendingFrames: 100_000,
  maxPendingBytes: 64 * 1024 * 1024,
} as const;

const STOP_GRACE_MS = 2000;
const MAX_BACKOFF_MS = 5000;

export class CapturePipeline {
  private readonly stateEmitter = new Emitter<CaptureStatus>();
  /** Every state change, with its reason. */
  readonly onStateChange: Event<CaptureStatus> = this.stateEmitter.event;

  private readonly settings: Required<Omit<CaptureOptions, 'tsharkPath' | 'capturerPath' | 'tempDirParent'>>;
  private readonly demux = new CaptureDemux<Subscription>();
  private readonly connections = new TcpConnectionTracker();
  private readonly canary: Canary;
  private readonly retiring = new Set<Dissector<FrameContext>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private status: CaptureStatus = { state: 'stopped', reason: 'not started' };
  private started = false;
  private stopping = false;
  private tsharkPath = 'tshark';
  private capturerPath = 'tcpdump';
  private directory: string | undefined;
  private capturer: Capturer | undefined;
  private dissector: Dissector<FrameContext> | undefined;
  private switching = false;
  private generation = 0;
  private header: { linkType: number; snapLength: number } | undefined;
  private backlog: FrameContext[] = [];
  private backlogBytes = 0;
  private bringUpSettle: ((failure: string | undefined) => void) | undefined;
  private awaitingCanary = false;
  private restartTimes: number[] = [];
  private interruption: { from: number; reason: string } | undefined;
  private overloadFrom: number | undefined;
  private hasRun = false;
  private nextPacketId = 1;
  private counters = {
    framesCaptured: 0,
    framesUnsubscribed: 0,
    framesDissected: 0,
    packetsDelivered: 0,
    framesLost: 0,
    tsharkRuns: 0,
    restarts: 0,
    garbageLines: 0,
  };

  constructor(private readonly options: CaptureOptions = {}) {
    this.settings = {
      interface: options.interface ?? DEFAULTS.interface,
      portRange: options.portRange ?? DEFAULTS.portRange,
      canaryPort: options.canaryPort ?? DEFAULTS.canaryPort,
      canaryAddress: options.canaryAddress ?? DEFAULTS.canaryAddress,
      rotateAfterPackets: options.rotateAfterPackets ?? DEFAULTS.rotateAfterPackets,
      bufferKiB: options.bufferKiB ?? DEFAULTS.bufferKiB,
      snapLength: options.snapLength ?? DEFAULTS.snapLength,
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULTS.readyTimeoutMs,
      canaryIntervalMs: options.canaryIntervalMs ?? DEFAULTS.canaryIntervalMs,
      maxRestartsPerMinute: options.maxRestartsPerMinute ?? DEFAULTS.maxRestartsPerMinute,
      maxPendingFrames: options.maxPendingFrames ?? DEFAULTS.maxPendingFrames,
      maxPendingBytes: options.maxPendingBytes ?? DEFAULTS.maxPendingBytes,
    };
    const { portRange, canaryPort } = this.settings;
    if (!isPort(portRange.from) || !isPort(portRange.to) || portRange.from > portRange.to) {
      throw new RangeError(`bad capture port range ${portRange.from}-${portRange.to}`);
    }
    if (!isPort(canaryPort)) throw new RangeError(`bad canary port ${canaryPort}`);
    this.canary = new Canary(this.settings.canaryAddress, canaryPort, this.settings.canaryIntervalMs);
  }

  get state(): CaptureState {
    return this.status.state;
  }

  get reason(): string {
    return this.status.reason;
  }

  get currentStatus(): CaptureStatus {
    return this.status;
  }

  get stats(): CaptureStats {
    const live = [...this.retiring, ...(this.dissector === undefined ? [] : [this.dissector])];
    return {
      ...this.counters,
      garbageLines: this.counters.garbageLines + live.reduce((sum, run) => sum + run.garbageLines, 0),
    };
  }

  /** The children's pids, for a benchmark reading /proc and for a test that kills one. */
  get processIds(): CaptureProcessIds {
    const dissectors = [...(this.dissector === undefined ? [] : [this.dissector]), ...this.retiring];
    return {
      capturer: this.capturer?.pid,
      dissectors: dissectors.map((run) => run.pid).filter((pid): pid is number => pid !== undefined),
    };
  }

  /**
   * Delivers every packet whose source or destination port is one of `ports`, and every gap, to `listener`.
   * Subscribing before `start()` or while restarting is fine. Throws only on a port outside the lab range — a
   * programming error, since such a port is not in the capture filter.
   */
  subscribe(ports: number | Iterable<number>, listener: CaptureListener): Disposable {
    const list = typeof ports === 'number' ? [ports] : [...ports];
    const { portRange, canaryPort } = this.settings;
    for (const port of list) {
      if (!Number.isInteger(port) || port < portRange.from || port > portRange.to || port === canaryPort) {
        throw new RangeError(`port ${port} is outside the captured lab range ${portRange.from}-${portRange.to}`);
      }
    }
    return this.demux.add(list, { listener });
  }

  /** Resolves once running or unavailable (never rejects); at most `readyTimeoutMs` plus process start-up. */
  async start(): Promise<CaptureStatus> {
    if (this.started) return this.status;
    this.started = true;
    this.setState('starting', 'starting the packet capture');

    const tsharkPath = await findExecutable(this.options.tsharkPath ?? 'tshark');
    if (this.stopping) return this.status;
    if (tsharkPath === undefined) {
      this.setState('unavailable', describeDissectorFailure(this.options.tsharkPath ?? 'tshark', missing()));
      return this.status;
    }
    const capturerPath =
      this.options.capturerPath === undefined
        ? ((await findExecutable('tcpdump')) ?? (await findExecutable('dumpcap')))
        : await findExecutable(this.options.capturerPath);
    if (this.stopping) return this.status;
    if (capturerPath === undefined) {
      const wanted = this.options.capturerPath ?? 'tcpdump';
      this.setState('unavailable', describeCapturerFailure(wanted, missingCapturer()));
      return this.status;
    }
    this.tsharkPath = tsharkPath;
    this.capturerPath = capturerPath;
    const directory = await mkdtemp(join(this.options.tempDirParent ?? tmpdir(), 'socketlab-capture-'));
    if (this.stopping) {
      await rm(directory, { recursive: true, force: true });
      return this.status;
    }
    this.directory = directory;

    const failure = await this.bringUp();
    if (this.stopping) return this.status;
    if (failure !== undefined) {
      await this.becomeUnavailable(failure);
    } else {
      this.hasRun = true;
      this.setState('running', `capturing on ${this.settings.interface}`);
    }
    return this.status;
  }

  /** Ends every child the capture started (SIGTERM to their process groups, SIGKILL after a grace) and removes its temp directory. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.canary.stop();
    this.bringUpSettle?.('the capture was stopped');
    await this.endChildren();
    if (this.directory !== undefined) await rm(this.directory, { recursive: true, force: true });
    this.directory = undefined;
    this.setState('stopped', 'stopped');
    this.stateEmitter.clear();
  }

  /**
   * Starts a capturer and sends canaries until one comes out of tshark. Resolves `undefined` when the pipeline
   * is proven to work end to end, or the reason it does not.
   */
  private bringUp(): Promise<string | undefined> {
    return new Promise((resolve) => {
      const timer = this.after(this.settings.readyTimeoutMs, () =>
        settle(
          `no packet came through the capture within ${this.settings.readyTimeoutMs} ms ` +
            `(canary datagrams to ${this.settings.canaryAddress}:${this.settings.canaryPort} on ${this.settings.interface})`,
        ),
      );
      const settle = (failure: string | undefined): void => {
        if (this.bringUpSettle !== settle) return;
        this.bringUpSettle = undefined;
        this.awaitingCanary = false;
        this.canary.stop();
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(failure);
      };
      this.bringUpSettle = settle;
      this.awaitingCanary = true;
      this.spawnCapturer();
      this.canary.start();
    });
  }

  private spawnCapturer(): void {
    const { portRange, canaryPort } = this.settings;
    const capturer = new Capturer({
      path: this.capturerPath,
      interface: this.settings.interface,
      filter: captureFilter(portRange, canaryPort, this.settings.interface === 'lo'),
      bufferKiB: this.settings.bufferKiB,
      snapLength: this.settings.snapLength,
    });
    this.capturer = capturer;
    capturer.onHeader((header) => {
      if (this.capturer !== capturer || this.stopping) return;
      this.header = { linkType: header.linkType, snapLength: header.snapLength };
      if (this.dissector?.linkType !== header.linkType) void this.switchDissector();
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
        if (!this.awaitingCanary) return;
      } else if (!this.demux.has(location.srcPort) && !this.demux.has(location.dstPort)) {
        // Nobody wants it: dropped before it costs tshark time and memory (DESIGN.md: ~0.5 KB per frame).
        this.counters.framesUnsubscribed += 1;
        return;
      }
    }
    const context: FrameContext = { frame, location };
    const run = this.dissector;
    if (run !== undefined && !run.hasExited && run.linkType === frame.linkType && this.backlog.length === 0) {
      if (this.isFull(run.pendingCount, run.pendingBytes)) {
        this.loseFrame(frame);
        return;
      }
      this.feed(run, context);
      if (run.written >= this.settings.rotateAfterPackets) void this.switchDissector();
    } else if (this.isFull(this.backlog.length, this.backlogBytes)) {
      this.loseFrame(frame);
    } else {
      this.hold(context);
    }
  }

  private isFull(frames: number, bytes: number): boolean {
    return frames >= this.settings.maxPendingFrames || bytes >= this.settings.maxPendingBytes;
  }

  /** Keeps a frame until a tshark run can take it (one is starting, or its link type needs a new one). */
  private hold(context: FrameContext): void {
    this.backlog.push(context);
    this.backlogBytes += context.frame.data.length;
  }

  private takeBacklog(): FrameContext[] {
    const waiting = this.backlog;
    this.backlog = [];
    this.backlogBytes = 0;
    return waiting;
  }

  private feed(run: Dissector<FrameContext>, context: FrameContext): void {
    run.write(context.frame, context);
    if (this.overloadFrom !== undefined) {
      const from = this.overloadFrom;
      this.overloadFrom = undefined;
      this.emitGap({ from, to: frameTimeSeconds(context.frame), reason: 'tshark fell behind and frames were dropped' });
    }
  }

  private loseFrame(frame: RawFrame): void {
    this.counters.framesLost += 1;
    this.overloadFrom ??= frameTimeSeconds(frame);
  }

  private capturerOnExit(capturer: Capturer, exit: CapturerExit): void {
    if (this.capturer !== capturer) return;
    this.capturer = undefined;
    if (this.stopping || this.isUnavailable()) return;
    const reason = describeCapturerFailure(this.capturerPath, exit);
    if (this.bringUpSettle !== undefined) {
      this.bringUpSettle(reason);
      return;
    }
    this.interruption ??= { from: Date.now() / 1000, reason };
    this.scheduleRestart('capturer', reason);
  }

  /**
   * Starts a new tshark run and makes it current: at start-up, after a crash, on a new link type, or to rotate.
   * The previous run, if alive, gets end-of-file and finishes its frames on its own.
   */
  private async switchDissector(): Promise<void> {
    if (this.switching || this.stopping || this.isUnavailable()) return;
    if (this.directory === undefined || this.header === undefined) return;
    this.switching = true;
    this.generation += 1;
    const header = this.header;
    const result = await Dissector.start<FrameContext>({
      tsharkPath: this.tsharkPath,
      directory: this.directory,
      generation: this.generation,
      linkType: header.linkType,
      snapLength: header.snapLength,
      openTimeoutMs: this.settings.readyTimeoutMs,
    });
    this.switching = false;
    if (!(result instanceof Dissector)) {
      if (this.stopping || this.isUnavailable()) return;
      const reason = describeDissectorFailure(this.tsharkPath, result);
      if (this.bringUpSettle !== undefined) this.bringUpSettle(reason);
      else this.scheduleRestart('dissector', reason);
      return;
    }
    if (this.stopping || this.isUnavailable()) {
      result.stop();
      return;
    }
    this.counters.tsharkRuns += 1;
    result.onDissected((dissected) => this.dissectorOnDissected(dissected));
    result.onExit((exit) => this.dissectorOnExit(result, exit));
    const previous = this.dissector;
    this.dissector = result;
    if (previous !== undefined && !previous.hasExited) {
      this.retiring.add(previous);
      previous.end();
    }
    for (const context of this.takeBacklog()) {
      if (context.frame.linkType === result.linkType) this.feed(result, context);
      else this.counters.framesLost += 1;
    }
    if (this.status.state === 'restarting' && this.bringUpSettle === undefined && this.capturer !== undefined) {
      this.setState('running', 'tshark restarted; no packet was lost');
    }
  }

  private dissectorOnDissected({ fields, context }: Dissected<FrameContext>): void {
    this.counters.framesDissected += 1;
    if (fields.srcPort === undefined || fields.dstPort === undefined) return;
    const { canaryPort } = this.settings;
    if (fields.srcPort === canaryPort || fields.dstPort === canaryPort) {
      // Canaries prove the pipeline works and go no further: no subscriber ever sees one.
      if (fields.protocol === 'udp') this.bringUpSettle?.(undefined);
      return;
    }
    const subscriptions = this.demux.listenersFor(fields.srcPort, fields.dstPort);
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

  private dissectorOnExit(run: Dissector<FrameContext>, exit: DissectorExit): void {
    this.counters.garbageLines += run.garbageLines;
    const unprinted = run.takePending();
    if (this.retiring.delete(run)) {
      // A rotated-out run that died before finishing: its last frames go to the current run (or wait for one).
      for (const context of unprinted.map((entry) => entry.context)) this.requeue(context);
      return;
    }
    if (this.dissector !== run) return;
    this.dissector = undefined;
    if (this.stopping || this.isUnavailable()) return;
    // Replayed first, before anything captured since, to keep capture order.
    const later = this.takeBacklog();
    for (const context of [...unprinted.map((entry) => entry.context), ...later]) this.hold(context);
    const reason = describeDissectorFailure(this.tsharkPath, exit);
    if (this.bringUpSettle !== undefined) {
      this.bringUpSettle(reason);
      return;
    }
    this.scheduleRestart('dissector', reason);
  }

  private requeue(context: FrameContext): void {
    const run = this.dissector;
    if (run !== undefined && !run.hasExited && run.linkType === context.frame.linkType && this.backlog.length === 0) {
      this.feed(run, context);
    } else {
      this.hold(context);
    }
  }

  /** Bounded: at most `maxRestartsPerMinute`, with doubling delays; then `unavailable`. */
  private scheduleRestart(what: 'capturer' | 'dissector', reason: string): void {
    const now = Date.now();
    this.restartTimes = this.restartTimes.filter((time) => now - time < 60_000);
    if (this.restartTimes.length >= this.settings.maxRestartsPerMinute) {
      void this.becomeUnavailable(`${reason} (gave up after ${this.restartTimes.length} restarts within a minute)`);
      return;
    }
    this.restartTimes.push(now);
    this.counters.restarts += 1;
    const delay = Math.min(100 * 2 ** (this.restartTimes.length - 1), MAX_BACKOFF_MS);
    this.setState('restarting', `${reason}; restarting in ${delay} ms`);
    this.after(delay, () => {
      if (what === 'capturer') void this.restartCapturer();
      else void this.switchDissector();
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
    this.setState('running', 'capturing again after a restart');
    const interruption = this.interruption;
    this.interruption = undefined;
    if (interruption !== undefined) {
      this.emitGap({ from: interruption.from, to: Date.now() / 1000, reason: interruption.reason });
    }
  }

  private async becomeUnavailable(reason: string): Promise<void> {
    if (this.stopping) return;
    const wasRunning = this.hasRun;
    this.setState('unavailable', reason);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.bringUpSettle?.(reason);
    this.canary.stop();
    this.takeBacklog();
    await this.endChildren();
    if (wasRunning) {
      this.emitGap({ from: this.interruption?.from ?? Date.now() / 1000, to: null, reason });
    }
  }

  private async endChildren(): Promise<void> {
    const capturer = this.capturer;
    const runs = [...this.retiring, ...(this.dissector === undefined ? [] : [this.dissector])];
    this.capturer = undefined;
    this.dissector = undefined;
    this.retiring.clear();
    const exits: Promise<unknown>[] = [];
    if (capturer !== undefined && !capturer.hasExited) {
      exits.push(new Promise<void>((resolve) => capturer.onExit(() => resolve())));
      capturer.stop('SIGTERM');
    }
    for (const run of runs) {
      exits.push(run.waitForExit());
      run.stop('SIGTERM');
    }
    const all = Promise.all(exits);
    if (await settlesWithin(all, STOP_GRACE_MS)) return;
    capturer?.stop('SIGKILL');
    for (const run of runs) run.stop('SIGKILL');
    await settlesWithin(all, STOP_GRACE_MS);
  }

  private emitGap(gap: CaptureGap): void {
    const event: CaptureEvent = { type: 'gap', gap };
    for (const subscription of this.demux.all()) deliver(subscription, event);
  }

  /** A method, not a comparison inline: TypeScript would keep a narrowed `state` across an `await`. */
  private isUnavailable(): boolean {
    return this.status.state === 'unavailable';
  }

  private setState(state: CaptureState, reason: string): void {
    if (this.status.state === state && this.status.reason === reason) return;
    this.status = { state, reason };
    this.stateEmitter.fire(this.status);
  }

  private after(ms: number, action: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
    return timer;
  }
}

function deliver(subscription: Subscription, event: CaptureEvent): void {
  try {
    subscription.listener(event);
  } catch {
    // One session's bug must not take the packets away from the others.
  }
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

function missing(): DissectorExit {
  return { code: null, signal: null, spawnError: 'ENOENT', stderr: '', expected: false };
}

function missingCapturer(): CapturerExit {
  return { code: null, signal: null, spawnError: 'ENOENT', stderr: '' };
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
