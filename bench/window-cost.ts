/**
 * What the capture section's measured window cost: CPU time and resident memory of the lab server and of its
 * capture processes (read from `/proc` when the capture had just started, at the window's start and at its end),
 * the benchmark process's own CPU time and event-loop lag, and how busy the whole machine was. CPU is given over
 * the window's wall time: 1 = one core.
 */

import os from 'node:os';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { captureProcesses } from './capture-processes';
import { type ProcessInfo, readSystemCpu, tryReadCpuMs, tryReadRssKb } from './proc';

/** monitorEventLoopDelay's sampling interval, which every sample it records includes. */
const LOOP_RESOLUTION_MS = 2;

export interface ProcessCost {
  readonly role: string;
  readonly pid: number;
  /** CPU time over the window's wall time; 1 = one core. Undefined when the process was gone at the end. */
  readonly cpu: number | undefined;
  /** VmRSS when the capture had just started, at the window's start and at its end. */
  readonly rssIdleKb: number | undefined;
  readonly rssStartKb: number | undefined;
  readonly rssEndKb: number | undefined;
}

export interface WindowCost {
  readonly processes: readonly ProcessCost[];
  /** Capture processes seen at the end that were not there at the start (a restart or a rotation). */
  readonly newProcesses: readonly string[];
  readonly benchCpu: number;
  /** All CPUs' busy time over the window (`/proc/stat`), in cores: the measured processes and everything else. */
  readonly machineBusy: number;
  readonly cores: number;
  readonly benchLoopDelay: { readonly p99Ms: number; readonly maxMs: number };
}

interface Sample {
  readonly cpuMs: number | undefined;
  readonly rssKb: number | undefined;
}

type SystemCpu = ReturnType<typeof readSystemCpu>;

interface Started {
  /** The lab server and the capture processes at the start: the processes whose cost is reported. */
  readonly pids: readonly number[];
  readonly samples: ReadonlyMap<number, Sample>;
  readonly bench: NodeJS.CpuUsage;
  readonly system: SystemCpu;
  readonly loopDelay: IntervalHistogram;
}

interface Stopped {
  readonly samples: ReadonlyMap<number, Sample>;
  readonly bench: NodeJS.CpuUsage;
  readonly system: SystemCpu;
  /** The capture processes at the end. */
  readonly processes: readonly ProcessInfo[];
}

export class WindowCostMeter {
  readonly #labPid: number;
  readonly #idleRssKb = new Map<number, number | undefined>();
  #started: Started | undefined;
  #stopped: Stopped | undefined;

  /** Reads the memory of the lab server and its capture processes now, when the capture has just started. */
  constructor(labPid: number) {
    this.#labPid = labPid;
    for (const pid of [labPid, ...captureProcesses(labPid).map((child) => child.pid)]) {
      this.#idleRssKb.set(pid, tryReadRssKb(pid));
    }
  }

  start(): void {
    const pids = [this.#labPid, ...captureProcesses(this.#labPid).map((child) => child.pid)];
    const samples = sample(pids);
    const bench = process.cpuUsage();
    const system = readSystemCpu();
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loopDelay.enable();
    this.#started = { pids, samples, bench, system, loopDelay };
  }

  stop(): void {
    const started = this.#begun();
    started.loopDelay.disable();
    const bench = process.cpuUsage(started.bench);
    const system = readSystemCpu();
    const samples = sample(started.pids);
    this.#stopped = { samples, bench, system, processes: captureProcesses(this.#labPid) };
  }

  /** The costs over a window of `windowMs`; names the processes by what runs now, or ran at the end. */
  result(windowMs: number): WindowCost {
    const started = this.#begun();
    const stopped = this.#stopped;
    if (stopped === undefined) throw new Error('the window cost meter was not stopped');
    const names = new Map([[this.#labPid, 'lab server'], ...stopped.processes.map((p) => [p.pid, p.name] as const)]);
    for (const child of captureProcesses(this.#labPid)) names.set(child.pid, child.name);
    const processes = started.pids.map((pid): ProcessCost => {
      const start = started.samples.get(pid);
      const end = stopped.samples.get(pid);
      const cpuMs = start?.cpuMs !== undefined && end?.cpuMs !== undefined ? end.cpuMs - start.cpuMs : undefined;
      return {
        role: names.get(pid) ?? 'capture child (exited)',
        pid,
        cpu: cpuMs === undefined ? undefined : cpuMs / windowMs,
        rssIdleKb: this.#idleRssKb.get(pid),
        rssStartKb: start?.rssKb,
        rssEndKb: end?.rssKb,
      };
    });
    const { loopDelay } = started;
    return {
      processes,
      newProcesses: stopped.processes
        .filter((p) => !started.pids.includes(p.pid))
        .map((p) => `${p.name} (pid ${p.pid})`),
      benchCpu: (stopped.bench.user + stopped.bench.system) / 1000 / windowMs,
      machineBusy:
        ((stopped.system.busy - started.system.busy) / Math.max(1, stopped.system.total - started.system.total)) *
        os.availableParallelism(),
      cores: os.availableParallelism(),
      benchLoopDelay: {
        p99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
        maxMs: Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS),
      },
    };
  }

  #begun(): Started {
    if (this.#started === undefined) throw new Error('the window cost meter was not started');
    return this.#started;
  }
}

function sample(pids: readonly number[]): Map<number, Sample> {
  return new Map(pids.map((pid) => [pid, { cpuMs: tryReadCpuMs(pid), rssKb: tryReadRssKb(pid) }]));
}
