/**
 * One tshark run: it reads pcap from a FIFO we write and prints one line of fields per frame. Each item we
 * write (a raw frame and whatever the caller keeps with it) waits in `PendingFrames` until tshark's line for it
 * arrives. When tshark dies, the items it had not printed are handed back with `takePending()`, so a new run
 * can dissect them and none is lost. tshark runs in its own process group with a private `--temp-dir`.
 */

import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { Emitter, type Event } from '../../src/common/emitter';
import type { Localized } from '../../src/common/localized';
import { makeFifo, openFifoWriter } from './fifo';
import { encodePcapHeader, encodePcapRecord } from './pcap-encoder';
import { PendingFrames } from './pending-frames';
import { type ChildExit, signalGroup, spawnInOwnGroup } from './process-group';
import { describeEnd, describeStartFailure } from './program-failure';
import type { RawFrame } from './raw-frame';
import { type DissectedFields, parseFieldsLine, tsharkArgs } from './tshark-fields';

export interface DissectorOptions {
  readonly tsharkPath: string;
  /** The capture's private directory: the FIFO and tshark's temp files go there. */
  readonly directory: string;
  /** Distinguishes the FIFOs of successive runs. */
  readonly generation: number;
  readonly linkType: number;
  readonly snapLength: number;
  readonly openTimeoutMs: number;
}

/** What is written to tshark: the frame, and whatever the caller wants back with tshark's fields for it. */
export interface DissectorInput {
  readonly frame: RawFrame;
}

export interface Dissected<T> {
  readonly fields: DissectedFields;
  readonly context: T;
}

const STDERR_KEEP_CHARS = 4096;
const TSHARK_NICENESS = 10;
/** Lines handled per event-loop turn, and the backlog at which tshark's output is paused and resumed. */
const LINES_PER_TURN = 32;
const PAUSE_AT_LINES = 50_000;
const RESUME_AT_LINES = 10_000;
/** A line longer than this is not one of ours (our fields are short); drop it rather than buffer without end. */
const MAX_LINE_CHARS = 64 * 1024;

export class Dissector<T extends DissectorInput> {
  private readonly dissectedEmitter = new Emitter<Dissected<T>>();
  private readonly exitEmitter = new Emitter<ChildExit>();
  readonly onDissected: Event<Dissected<T>> = this.dissectedEmitter.event;
  /** Fired once, after every line tshark printed has been delivered. */
  readonly onExit: Event<ChildExit> = this.exitEmitter.event;

  readonly linkType: number;
  private readonly child: ChildProcess;
  private writer: Socket | undefined;
  private readonly pending = new PendingFrames<T>();
  private lineBuffer = '';
  private lines: string[] = [];
  private lineHead = 0;
  private drainScheduled = false;
  private processGone = false;
  private closed: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stderr = '';
  private spawnError: string | undefined;
  private exited = false;
  private garbage = 0;
  private corked = false;

  private constructor(options: DissectorOptions, fifoPath: string) {
    this.linkType = options.linkType;
    this.child = spawnInOwnGroup(options.tsharkPath, tsharkArgs({ inputPath: fifoPath, tempDir: options.directory }), {
      ...process.env,
      TMPDIR: options.directory,
    });
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (text: string) => this.tsharkOnOutput(text));
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_KEEP_CHARS);
    });
    this.child.on('error', (error: NodeJS.ErrnoException) => {
      this.spawnError = error.code ?? error.message;
    });
    this.child.on('close', (code, signal) => this.tsharkOnClose(code, signal));
    lowerPriority(this.child.pid);
  }

  /**
   * Starts tshark and opens the FIFO once tshark has opened it. Resolves the running dissector, or its exit
   * report when the FIFO could not be made, tshark could not be started or did not open the FIFO in time (it is
   * then stopped). Never rejects.
   */
  static async start<T extends DissectorInput>(options: DissectorOptions): Promise<Dissector<T> | ChildExit> {
    const fifoPath = join(options.directory, `frames-${options.generation}.pcap`);
    try {
      await makeFifo(fifoPath);
    } catch (error) {
      // Reported like a failed start, not thrown: callers start runs fire-and-forget, and a rejection there would
      // end the lab server (the directory may have just been removed by `stop()`).
      const message = error instanceof Error ? error.message : String(error);
      const reason = message.trim().split('\n').at(-1) ?? message;
      return { code: null, signal: null, spawnError: reason, stderr: '' };
    }
    const dissector = new Dissector<T>(options, fifoPath);
    let writer: Socket | undefined;
    try {
      writer = await openFifoWriter(fifoPath, {
        timeoutMs: options.openTimeoutMs,
        readerAlive: () => !dissector.processGone && dissector.spawnError === undefined,
      });
    } catch {
      writer = undefined;
    }
    if (writer === undefined) {
      dissector.stop();
      return dissector.waitForExit();
    }
    dissector.writer = writer;
    // EPIPE when tshark dies: its exit is reported through `onExit`, so the error needs no handling of its own.
    writer.on('error', () => {});
    writer.write(encodePcapHeader(options.linkType, options.snapLength));
    return dissector;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True as soon as the process is gone (its last lines may still be on their way to `onDissected`). */
  get hasExited(): boolean {
    return this.processGone;
  }

  /** Frames written in this run: what rotation counts. */
  get written(): number {
    return this.pending.written;
  }

  get pendingCount(): number {
    return this.pending.count;
  }

  /** Captured bytes of the frames written and not yet dissected. */
  get pendingBytes(): number {
    return this.pending.byteCount;
  }

  /** Lines tshark printed that were not ours or not well-formed. */
  get garbageLines(): number {
    return this.garbage;
  }

  write(item: T): void {
    this.pending.push(item);
    const writer = this.writer;
    if (writer === undefined) return;
    // Frames come in bursts (one capturer read holds many): corked until the burst is handled, they reach the
    // FIFO in one writev instead of one syscall each.
    if (!this.corked) {
      this.corked = true;
      writer.cork();
      process.nextTick(() => {
        this.corked = false;
        writer.uncork();
      });
    }
    writer.write(encodePcapRecord(item.frame));
  }

  /** Closes the FIFO: tshark dissects what it has and exits at end of file. */
  end(): void {
    this.writer?.end();
  }

  /** SIGTERM to tshark's process group. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.writer?.destroy();
    if (!this.processGone) signalGroup(this.child, signal);
  }

  /** The items written but never dissected, oldest first; the dissector forgets them. */
  takePending(): T[] {
    return this.pending.takeAll();
  }

  waitForExit(): Promise<ChildExit> {
    return new Promise((resolve) => {
      if (this.exited) resolve(this.exitReport(null, null));
      else this.onExit(resolve);
    });
  }

  /**
   * Lines are only queued here and handled a slice at a time from `setImmediate`: in a burst, handling them is
   * the costliest thing the event loop does, and handled inline it would starve the reading of the capturer's
   * output — the capturer then blocks on its stdout and the kernel drops what its ring cannot hold.
   */
  private tsharkOnOutput(text: string): void {
    const lines = (this.lineBuffer + text).split('\n');
    this.lineBuffer = lines.pop() ?? '';
    for (const line of lines) this.lines.push(line);
    if (this.lineBuffer.length > MAX_LINE_CHARS) {
      this.garbage += 1;
      this.lineBuffer = '';
    }
    if (this.lines.length - this.lineHead > PAUSE_AT_LINES) this.child.stdout?.pause();
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => this.drainLines());
  }

  private drainLines(): void {
    this.drainScheduled = false;
    const end = Math.min(this.lines.length, this.lineHead + LINES_PER_TURN);
    while (this.lineHead < end) this.handleLine(this.lines[this.lineHead++]!);
    if (this.lineHead < this.lines.length) {
      if (this.lines.length - this.lineHead < RESUME_AT_LINES) this.child.stdout?.resume();
      this.scheduleDrain();
      return;
    }
    this.lines = [];
    this.lineHead = 0;
    this.child.stdout?.resume();
    if (this.closed !== undefined) this.finishExit(this.closed.code, this.closed.signal);
  }

  private handleLine(line: string): void {
    const fields = parseFieldsLine(line);
    if (fields === undefined) {
      if (line.trim() !== '') this.garbage += 1;
      return;
    }
    const item = this.pending.take(fields.frameNumber);
    if (item === undefined) {
      this.garbage += 1;
      return;
    }
    this.dissectedEmitter.fire({ fields, context: item });
  }

  private tsharkOnClose(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.lineBuffer !== '') this.lines.push(this.lineBuffer);
    this.lineBuffer = '';
    this.processGone = true;
    this.writer?.destroy();
    this.closed = { code, signal };
    // The exit is reported once every line tshark printed has been handled.
    this.scheduleDrain();
  }

  private finishExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    this.exitEmitter.fire(this.exitReport(code, signal));
  }

  private exitReport(code: number | null, signal: NodeJS.Signals | null): ChildExit {
    return {
      code: code ?? this.child.exitCode,
      signal: signal ?? this.child.signalCode,
      spawnError: this.spawnError,
      stderr: this.stderr,
    };
  }
}

/**
 * tshark is the slowest stage (a burst queues in front of it), and on a small machine it competes for CPU with
 * the capturer and the lab server. Those must not starve — what the capturer misses is lost for good, while
 * tshark catches up from the FIFO and our queue — so tshark runs at a lower priority. Best effort: failing to
 * renice changes nothing else.
 */
function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, TSHARK_NICENESS);
  } catch {
    // Not permitted or already gone: tshark runs at normal priority.
  }
}

/** Says why tshark is not usable, in words a student can act on. */
export function describeDissectorFailure(path: string, exit: ChildExit): Localized {
  const unstarted = describeStartFailure('tshark', path, 'tshark', exit);
  if (unstarted !== undefined) return unstarted;
  const lastLine =
    exit.stderr
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('Running as user'))
      .at(-1) ?? '';
  return describeEnd('tshark', exit, lastLine);
}
