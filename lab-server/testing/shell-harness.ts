/**
 * A lab shell driven from a test as the page drives it: keystrokes in, terminal bytes out, kept whole in `raw`.
 * `run` waits for the prompt to come back, for commands that touch real sockets, and `typeUntil` for some other
 * output (the interactive mode, a shell that exited); `type` only lets pending microtasks run, which is enough
 * for commands that make no network call and keeps a fuzz loop fast.
 */

import { verbatim } from '../../src/common/localized';
import type { ServerInfo } from '../../src/protocol';
import type { SessionFaults } from '../sessions/session-faults';
import { LabShell, type LabShellOptions } from '../shell/lab-shell';
import type { ShellFaults } from '../shell/shell-faults';
import type { ShellServer, TargetPolicyOptions } from '../shell/target-policy';

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes
const SEQUENCE = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Terminal output without its CSI sequences (colours, cursor moves), as the student reads it. */
export function stripSequences(text: string): string {
  return text.replace(SEQUENCE, '');
}

/** A server as the shell holds it, its title the same in every language. */
export function shellServer(info: ServerInfo): ShellServer {
  return { ...info, title: verbatim(info.title) };
}

/** A session's faults as its shell gets them (session.ts does the same). */
export function shellFaults(faults: SessionFaults): ShellFaults {
  return { list: () => faults.reports(), set: (kind, server, value) => faults.set(kind, server, value) };
}

export class ShellHarness {
  readonly shell: LabShell;
  raw = '';
  /** Output collected for the `type` call under way: slicing `raw` would copy all the output so far each time. */
  #typed: string[] | undefined;

  /**
   * `servers` are the ones the shell lists and completes; `policy` decides what it may connect to. The shell
   * speaks English unless `locale` says otherwise, and greets with `hi` in every language. Server titles read the
   * same in every language. `assistants` and `faults` are a session's, for `listen`, `loss` and `fault`.
   */
  constructor(
    infos: readonly ServerInfo[],
    policyInfos: { readonly servers: readonly ServerInfo[]; readonly allowLoopback: boolean } = {
      servers: infos,
      allowLoopback: true,
    },
    options: Partial<
      Pick<LabShellOptions, 'connectTimeoutMs' | 'cols' | 'locale' | 'greeting' | 'assistants' | 'faults' | 'tls'>
    > = {},
  ) {
    const servers = infos.map(shellServer);
    const policy: TargetPolicyOptions = { ...policyInfos, servers: policyInfos.servers.map(shellServer) };
    // Wide by default, so tests can match whole narration lines; wrapping has tests of its own at narrow widths.
    this.shell = new LabShell({
      labId: 'tcp-echo',
      servers,
      policy,
      greeting: verbatim('hi'),
      locale: 'en',
      cols: 300,
      ...options,
    });
    this.shell.onOutput((data) => {
      this.raw += data;
      this.#typed?.push(data);
    });
    this.shell.start();
  }

  get text(): string {
    return stripSequences(this.raw).replaceAll('\r', '');
  }

  /** Types a line and waits until the prompt is back (the command finished); returns its output, stripped. */
  async run(line: string, ms = 8000): Promise<string> {
    const before = this.raw.length;
    this.shell.input(`${line}\r`);
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const added = stripSequences(this.raw.slice(before));
      // The command's output is complete when a fresh prompt follows it.
      if (/[\r\n]socketlab:tcp-echo\$ $/.test(added)) return added;
    }
    throw new Error(`no prompt after ${line}: ${stripSequences(this.raw.slice(before))}`);
  }

  /** Types keys and waits until the output they cause matches `pattern`; returns that output, stripped. */
  async typeUntil(data: string, pattern: RegExp, ms = 8000): Promise<string> {
    const before = this.raw.length;
    this.shell.input(data);
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const added = stripSequences(this.raw.slice(before)).replaceAll('\r', '');
      if (pattern.test(added)) return added;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no ${pattern} after ${JSON.stringify(data)}: ${stripSequences(this.raw.slice(before))}`);
  }

  /** Types keys and returns the raw output they caused, once every command they started without I/O is done. */
  async type(data: string): Promise<string> {
    const typed: string[] = [];
    this.#typed = typed;
    try {
      this.shell.input(data);
      // Commands that make no network call finish within microtasks, and Node runs them all before a macrotask.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      this.#typed = undefined;
    }
    return typed.join('');
  }
}
