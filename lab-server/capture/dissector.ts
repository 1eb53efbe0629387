/**
 * One tshark run: it reads pcap from a FIFO we write and prints one line of fields per frame. Each frame we
 * write is remembered with a context (the raw frame, where its ports are) until tshark's line for it arrives,
 * matched by frame number — tshark numbers the frames of its input from 1 and prints them in order. When tshark
 * dies, the frames it had not printed are handed back with `takePending()`, so a new run can dissect them and
 * none is lost. tshark runs in its own process group with a private `--temp-dir`.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { Emitter, type Event } from '../../src/common/emitter';
import { signalGroup } from './capturer';
import { makeFifo, openFifoWriter } from './fifo';
import { encodePcapHeader, encodePcapRecord } from './pcap-encoder';
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

export interface DissectorExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly spawnError: string | undefined;
  readonly stderr: string;
  /** True when the exit followed our `end()` or `stop()`. */
  readonly expected: boolean;
}

export interface Dissected<T> {
  readonly fields: DissectedFields;
  readonly context: T;
}

interface PendingEntry<T> {
  readonly frameNumber: number;
  readonly frame: RawFrame;
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

export class Dissector<T> {
  private readonly dissectedEmitter = new Emitter<Dissected<T>>();
  private readonly exitEmitter = new Emitter<DissectorExit>();
  readonly onDissected: Event<Dissected<T>> = this.dissectedEmitter.event;
  /** Fired once, after every line tshark printed has been delivered. */
  readonly onExit: Event<DissectorExit> = this.exitEmitter.event;

  readonly linkType: number;
  private readonly child: ChildProcess;
  private writer: Socket | undefined;
  private pending: PendingEntry<T>[] = [];
  private pendingHead = 0;
  private framesWritten = 0;
  private lineBuffer = '';
  private lines: string[] = [];
  private lineHead = 0;
  private drainScheduled = false;
  private processGone = false;
  private closed: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stderr = '';
  private spawnError: string | undefined;
  private exited = false;
  private expectedExit = false;
  private garbage = 0;
  private corked = false;
  private bytesPending = 0;

  private constructor(
    private readonly options: DissectorOptions,
    private readonly fifoPath: string,
  ) {
    this.linkType = options.linkType;
    this.child = spawn(options.tsharkPath, tsharkArgs({ inputPath: fifoPath, tempDir: options.directory }), {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, TMPDIR: options.directory },
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
   * report when tshark could not be started or did not open the FIFO in time (it is then stopped).
   */
  static async start<T>(options: DissectorOptions): Promise<Dissector<T> | DissectorExit> {
    const fifoPath = join(options.directory, `frames-${options.generation}.pcap`);
    await makeFifo(fifoPath);
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
    return this.framesWritten;
  }

  get pendingCount(): number {
    return this.pending.length - this.pendingHead;
  }

  /** Captured bytes of the frames written and not yet dissected. */
  get pendingBytes(): number {
    return this.bytesPending;
  }

  /** Lines tshark printed that were not ours or not well-formed. */
  get garbageLines(): number {
    return this.garbage;
  }

  write(frame: RawFrame, context: T): void {
    this.framesWritten += 1;
    this.bytesPending += frame.data.length;
    this.pending.push({ frameNumber: this.framesWritten, frame, context });
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
    writer.write(encodePcapRecord(frame));
  }

  /** Closes the FIFO: tshark dissects what it has and exits at end of file. */
  end(): void {
    this.expectedExit = true;
    this.writer?.end();
  }

  /** SIGTERM to tshark's process group. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.expectedExit = true;
    this.writer?.destroy();
    if (!this.processGone) signalGroup(this.child, signal);
  }

  /** The frames written but never dissected, oldest first; the dissector forgets them. */
  takePending(): { frame: RawFrame; context: T }[] {
    const rest = this.pending.slice(this.pendingHead).map(({ frame, context }) => ({ frame, context }));
    this.pending = [];
    this.pendingHead = 0;
    this.bytesPending = 0;
    return rest;
  }

  waitForExit(): Promise<DissectorExit> {
    return new Promise((resolve) => {
      if (this.exited) resolve(this.exitReport(null, null));
      else this.onExit(resolve);
    });
  }

  get fifo(): string {
    return this.fifoPath;
  }

  get generation(): number {
    return this.options.generation;
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
    // tshark prints every frame, in order; anything older than this line was skipped and is not coming back.
    while (this.pendingHead < this.pending.length && this.pending[this.pendingHead]!.frameNumber < fields.frameNumber) {
      this.bytesPending -= this.pending[this.pendingHead]!.frame.data.length;
      this.pendingHead += 1;
    }
    const entry = this.pending[this.pendingHead];
    if (entry === undefined || entry.frameNumber !== fields.frameNumber) {
      this.garbage += 1;
      return;
    }
    this.pendingHead += 1;
    this.bytesPending -= entry.frame.data.length;
    // Compact now and then, so the queue's memory follows the frames in flight, not the frames ever written.
    if (this.pendingHead > 4096 && this.pendingHead * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.pendingHead);
      this.pendingHead = 0;
    }
    this.dissectedEmitter.fire({ fields, context: entry.context });
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

  private exitReport(code: number | null, signal: NodeJS.Signals | null): DissectorExit {
    return {
      code: code ?? this.child.exitCode,
      signal: signal ?? this.child.signalCode,
      spawnError: this.spawnError,
      stderr: this.stderr,
      expected: this.expectedExit,
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
export function describeDissectorFailure(path: string, exit: DissectorExit): string {
  if (exit.spawnError === 'ENOENT') {
    return `tshark was not found at ${path}; install it (apt-get install tshark).`;
  }
  if (exit.spawnError !== undefined) return `tshark at ${path} could not be started (${exit.spawnError}).`;
  const lastLine =
    exit.stderr
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('Running as user'))
      .at(-1) ?? '';
  const how = exit.signal !== null ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`;
  return `tshark ${how}${lastLine === '' ? '' : `: ${lastLine}`}`;
}
