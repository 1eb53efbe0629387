/**
 * The process that captures: tcpdump (preferred) or dumpcap, writing classic pcap to its stdout, which the
 * capture reads itself (a Node pipe is fine here: only tshark's reader refuses sockets). tcpdump is run with
 * `--immediate-mode -U`, which measured < 2 ms wire→parsed, against ~140 ms for dumpcap, whose ring hands
 * packets over in timed blocks; a large `-B` and a small `-s` keep a 20k-packet burst loss-free (measured:
 * with immediate mode every ring slot holds one snap-length frame). The process runs in its own process group,
 * so stopping it is one signal to a group we created and nothing else.
 */

import type { ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { Emitter, type Event } from '../../src/common/emitter';
import { type Localized, localized, sentences } from '../../src/common/localized';
import { type PcapHeader, PcapReader } from './pcap-reader';
import { type ChildExit, signalGroup, spawnInOwnGroup } from './process-group';
import { describeEnd, describeStartFailure } from './program-failure';
import type { RawFrame } from './raw-frame';

const TEXT = localized({
  en: {
    notPermitted: (program: string, said: string) => `${program} may not capture packets (${said}).`,
    noInterface: (program: string, said: string) => `${program} cannot find the capture interface (${said}).`,
    grantTcpdump: (setcap: string) => `Run the lab server as root, or allow capturing with: ${setcap}`,
    grantDumpcap: (setcap: string) =>
      `Run the lab server as root, or allow capturing: sudo dpkg-reconfigure wireshark-common (answer "yes" to non-superusers), sudo usermod -aG wireshark $USER, then log in again; or ${setcap}.`,
  },
  'zh-Hans': {
    notPermitted: (program, said) => `${program} 没有抓包权限（${said}）。`,
    noInterface: (program, said) => `${program} 找不到要抓包的网络接口（${said}）。`,
    grantTcpdump: (setcap) => `请以 root 身份运行实验服务器，或用这条命令允许抓包：${setcap}`,
    grantDumpcap: (setcap) =>
      `请以 root 身份运行实验服务器，或者允许普通用户抓包：sudo dpkg-reconfigure wireshark-common（问到是否允许非超级用户抓包时选“是”），sudo usermod -aG wireshark $USER，然后重新登录；也可以执行 ${setcap}。`,
  },
});

export type CapturerFlavour = 'tcpdump' | 'dumpcap';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export interface CapturerOptions {
  readonly path: string;
  readonly interface: string;
  readonly filter: string;
  /** Kernel ring size. With immediate mode each slot holds one snap-length frame, so this bounds a burst. */
  readonly bufferKiB: number;
  readonly snapLength: number;
}

const STDERR_KEEP_CHARS = 4096;
/** What tcpdump and dumpcap print once they capture: never the words that explain how they ended. */
const BANNER = /^(tcpdump: listening on |Capturing on )/;

export function capturerFlavour(path: string): CapturerFlavour {
  return basename(path).includes('dumpcap') ? 'dumpcap' : 'tcpdump';
}

/**
 * The BPF filter for the lab ports and the canary, ANDed with `link`, one primitive (or a parenthesized
 * expression) that picks interfaces and directions. On `lo` every packet passes twice, once outgoing and once incoming; `inbound` keeps one copy in
 * the kernel, which halves the ring's load (libpcap drops the outgoing copy only after it has taken a ring
 * slot). On `any` the same is done by interface index (`scopeFilter` in capture-scope.ts). On any other
 * interface both directions are real and kept: no `link`.
 */
export function captureFilter(ports: PortRange, canaryPort: number, link: string | undefined): string {
  const lab = `(tcp or udp) and (portrange ${ports.from}-${ports.to} or udp port ${canaryPort})`;
  return link === undefined ? lab : `${link} and ${lab}`;
}

/** The filter's `link` for a capture on one named interface: `inbound` on `lo`, nothing elsewhere. */
export function interfaceLink(name: string): string | undefined {
  return name === 'lo' ? 'inbound' : undefined;
}

/**
 * On `any`, the link type is asked for: `ifindex` needs LINUX_SLL2, which tcpdump ≥ 4.99 picks by itself but
 * dumpcap does not (it takes LINUX_SLL, where the filter matches nothing).
 */
function linkTypeArgs(name: string): string[] {
  return name === 'any' ? ['-y', 'LINUX_SLL2'] : [];
}

export function capturerArgs(flavour: CapturerFlavour, options: CapturerOptions): string[] {
  if (flavour === 'dumpcap') {
    return [
      '-i',
      options.interface,
      ...linkTypeArgs(options.interface),
      '-q',
      '-P',
      '-B',
      String(Math.max(1, Math.ceil(options.bufferKiB / 1024))),
      '-s',
      String(options.snapLength),
      '-f',
      options.filter,
      '-w',
      '-',
    ];
  }
  return [
    '-i',
    options.interface,
    ...linkTypeArgs(options.interface),
    '-n',
    '--immediate-mode',
    '-U',
    '-B',
    String(options.bufferKiB),
    '-s',
    String(options.snapLength),
    '--time-stamp-precision=nano',
    '-w',
    '-',
    options.filter,
  ];
}

export class Capturer {
  private readonly headerEmitter = new Emitter<PcapHeader>();
  private readonly frameEmitter = new Emitter<RawFrame>();
  private readonly exitEmitter = new Emitter<ChildExit>();
  readonly onHeader: Event<PcapHeader> = this.headerEmitter.event;
  readonly onFrame: Event<RawFrame> = this.frameEmitter.event;
  /** Fired once, after stdout has been read to its end. */
  readonly onExit: Event<ChildExit> = this.exitEmitter.event;

  readonly flavour: CapturerFlavour;
  private readonly child: ChildProcess;
  private readonly reader = new PcapReader();
  private stderr = '';
  private spawnError: string | undefined;
  private exit: ChildExit | undefined;

  constructor(options: CapturerOptions) {
    this.flavour = capturerFlavour(options.path);
    this.reader.onHeader((header) => this.headerEmitter.fire(header));
    this.reader.onFrame((frame) => this.frameEmitter.fire(frame));
    this.reader.onError((error) => {
      this.stderr += `\n${error.message}`;
      this.stop();
    });
    this.child = spawnInOwnGroup(options.path, capturerArgs(this.flavour, options));
    this.child.stdout?.on('data', (chunk: Buffer) => this.reader.push(chunk));
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_KEEP_CHARS);
    });
    this.child.on('error', (error: NodeJS.ErrnoException) => {
      this.spawnError = error.code ?? error.message;
    });
    this.child.on('close', (code, signal) => {
      const exit = { code, signal, spawnError: this.spawnError, stderr: this.stderr };
      this.exit = exit;
      this.exitEmitter.fire(exit);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** SIGTERM to the process group we created: tcpdump and dumpcap flush and exit on it. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.exit !== undefined) return;
    signalGroup(this.child, signal);
  }

  /** Resolves with the exit report, at once if the capturer has already exited. */
  waitForExit(): Promise<ChildExit> {
    return new Promise((resolve) => {
      if (this.exit !== undefined) resolve(this.exit);
      else this.onExit(resolve);
    });
  }
}

/** Says what went wrong in words a student can act on, including how to grant capture rights. */
export function describeCapturerFailure(path: string, exit: ChildExit): Localized {
  const flavour = capturerFlavour(path);
  const unstarted = describeStartFailure(flavour, path, flavour === 'tcpdump' ? 'tcpdump' : 'wireshark-common', exit);
  if (unstarted !== undefined) return unstarted;
  const stderr = exit.stderr.trim();
  // tcpdump wraps its reason in parentheses already ("…: (socket: Operation not permitted)"); keep one pair.
  const said = stderr.split('\n').filter((line) => line !== '' && !BANNER.test(line));
  const lastLine = (said.at(-1) ?? '').replace(/^.*\((.*)\)\s*$/, '$1');
  if (/permission|not permitted|privilege|capabilit/i.test(stderr)) {
    return sentences(TEXT.notPermitted(flavour, lastLine), privilegeHowTo(flavour, path));
  }
  if (/no such device|doesn't exist|no such interface/i.test(stderr)) {
    return TEXT.noInterface(flavour, lastLine);
  }
  return describeEnd(flavour, exit, lastLine);
}

export function privilegeHowTo(flavour: CapturerFlavour, path: string): Localized {
  const setcap = `sudo setcap cap_net_raw,cap_net_admin+eip ${path}`;
  return flavour === 'dumpcap' ? TEXT.grantDumpcap(setcap) : TEXT.grantTcpdump(setcap);
}
