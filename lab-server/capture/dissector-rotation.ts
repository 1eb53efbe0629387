/**
 * Which tshark run is current, and the handover from one run to the next. A new run is started at start-up, on
 * a new link type, after a crash, and every `rotateAfterPackets` frames — tshark's memory only grows (DESIGN.md:
 * ~0.5 KB per frame), and rotation is what bounds it. The handover loses nothing: the new run becomes current
 * first, then the previous one gets end-of-file and is kept, "retiring", until it has printed its last frames.
 * A retiring run that dies before that hands its unprinted frames back; a current run that dies is a failure,
 * reported with its unprinted frames so the next run can dissect them.
 */

import { Emitter, type Event } from '../../src/common/emitter';
import type { Localized } from '../../src/common/localized';
import { Dissector, type DissectorInput, describeDissectorFailure } from './dissector';
import type { ChildExit } from './process-group';

/** The pcap header tshark is given: what the capturer's own header said. */
export interface FrameFormat {
  readonly linkType: number;
  readonly snapLength: number;
}

export interface DissectorRotationOptions {
  readonly rotateAfterPackets: number;
  /** How long a new tshark may take to open its FIFO. */
  readonly openTimeoutMs: number;
}

export interface DissectorFailure<T> {
  /** Why, in words for the page. */
  readonly reason: Localized;
  /** What the failed run was given and never printed, oldest first (none when it never started). */
  readonly unprinted: readonly T[];
}

export class DissectorRotation<T extends DissectorInput> {
  private readonly startedEmitter = new Emitter<Dissector<T>>();
  private readonly failureEmitter = new Emitter<DissectorFailure<T>>();
  private readonly retiredEmitter = new Emitter<readonly T[]>();
  /** A new run is current; nothing has been written to it yet. */
  readonly onStarted: Event<Dissector<T>> = this.startedEmitter.event;
  /** A run could not be started, or the current run died. There is no current run until `start()` is called. */
  readonly onFailure: Event<DissectorFailure<T>> = this.failureEmitter.event;
  /** A retiring run died before printing these. */
  readonly onRetiredUnprinted: Event<readonly T[]> = this.retiredEmitter.event;

  private place: { readonly tsharkPath: string; readonly directory: string } | undefined;
  private format: FrameFormat | undefined;
  private run: Dissector<T> | undefined;
  private readonly retiring = new Set<Dissector<T>>();
  private starting = false;
  private closed = false;
  private generation = 0;
  private runsStarted = 0;
  private exitedGarbage = 0;

  constructor(private readonly options: DissectorRotationOptions) {}

  /** The run frames are written to; `undefined` while none is running. */
  get current(): Dissector<T> | undefined {
    return this.run;
  }

  /** Runs started so far. */
  get started(): number {
    return this.runsStarted;
  }

  /** Output lines of every run so far that were not well-formed lines of ours. */
  get garbageLines(): number {
    let sum = this.exitedGarbage;
    for (const run of this.live()) sum += run.garbageLines;
    return sum;
  }

  /** The live runs' pids, the current one first. */
  get pids(): number[] {
    const runs = [...(this.run === undefined ? [] : [this.run]), ...this.retiring];
    return runs.map((run) => run.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** Where tshark is and where its FIFOs and temp files go; nothing starts before this is known. */
  open(tsharkPath: string, directory: string): void {
    this.place = { tsharkPath, directory };
  }

  /** The capturer's header: a run must read this format, so a new link type needs a new run. */
  adoptFormat(format: FrameFormat): void {
    this.format = format;
    if (this.run?.linkType !== format.linkType) void this.start();
  }

  /** Called after writing to the current run: starts the next one once this one has had its share of frames. */
  rotateIfDue(): void {
    if (this.run !== undefined && this.run.written >= this.options.rotateAfterPackets) void this.start();
  }

  /** Starts a new run and makes it current; does nothing while one is starting already. */
  async start(): Promise<void> {
    if (this.starting || this.closed || this.place === undefined || this.format === undefined) return;
    this.starting = true;
    this.generation += 1;
    const { tsharkPath, directory } = this.place;
    const result = await Dissector.start<T>({
      tsharkPath,
      directory,
      generation: this.generation,
      linkType: this.format.linkType,
      snapLength: this.format.snapLength,
      openTimeoutMs: this.options.openTimeoutMs,
    });
    this.starting = false;
    if (!(result instanceof Dissector)) {
      if (!this.closed) {
        this.failureEmitter.fire({ reason: describeDissectorFailure(tsharkPath, result), unprinted: [] });
      }
      return;
    }
    if (this.closed) {
      result.stop();
      return;
    }
    this.runsStarted += 1;
    result.onExit((exit) => this.runOnExit(result, exit, tsharkPath));
    const previous = this.run;
    this.run = result;
    // Retired even when its process is already gone: its exit (reported once its last lines are read) must
    // still hand back what it never printed, and only a retiring run's exit does that once it is not current.
    if (previous !== undefined) {
      this.retiring.add(previous);
      previous.end();
    }
    this.startedEmitter.fire(result);
  }

  /** Starts no more runs and hands over every live one, for the caller to stop; later exits are ignored. */
  close(): Dissector<T>[] {
    this.closed = true;
    const runs = this.live();
    this.run = undefined;
    this.retiring.clear();
    return runs;
  }

  /** Retiring runs first, then the current one. */
  private live(): Dissector<T>[] {
    return [...this.retiring, ...(this.run === undefined ? [] : [this.run])];
  }

  private runOnExit(run: Dissector<T>, exit: ChildExit, tsharkPath: string): void {
    this.exitedGarbage += run.garbageLines;
    const unprinted = run.takePending();
    if (this.retiring.delete(run)) {
      this.retiredEmitter.fire(unprinted);
      return;
    }
    if (this.run !== run) return;
    this.run = undefined;
    this.failureEmitter.fire({ reason: describeDissectorFailure(tsharkPath, exit), unprinted });
  }
}
