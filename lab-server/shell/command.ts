/**
 * What a lab shell command is, and what it may use while it runs. Each command lives in its own file under
 * `commands/`; they print through the context, never to the terminal directly, so the shell can keep the
 * prompt intact around asynchronous output, and hand it text in every language (`ShellText`): the shell picks
 * its current language when the line is printed.
 */

import { type Localized, localized } from '../../src/common/localized';
import { style } from './ansi';
import type { AssistantSockets } from './assistant-sockets';
import type { ShellPrinter } from './background-output';
import type { ParsedLine } from './command-line';
import type { ModelTopic } from './model-notes';
import type { ShellFaults } from './shell-faults';
import type { ShellSocket } from './shell-socket';
import type { ShellText } from './shell-text';
import type { SocketTable } from './socket-table';
import type { ShellServer, TargetPolicyOptions } from './target-policy';
import type { TimedSend } from './timed-send';
import type { ShellTls } from './tls-options';
import { visible } from './visible-text';

const TEXT = localized({
  en: {
    withUsage: (message: string, usage: string) => `${message}\r\nusage: ${usage}`,
    unknownOption: (command: string, option: string) => `${command}: unknown option ${option}`,
    aside: (note: string) => `  (${note})`,
    withNote: (text: string, note: string) => `${text} (${note})`,
    badFd: (command: string) => `${command}: --fd takes a number, like --fd 3`,
    unexpected: (command: string, word: string) => `${command}: unexpected "${word}"`,
    badReadOptions: (command: string) => `${command}: --fd N, --max 1–65536 and --wait 0–60 seconds take numbers`,
  },
  'zh-Hans': {
    withUsage: (message, usage) => `${message}\r\n用法：${usage}`,
    unknownOption: (command, option) => `${command}: 未知选项 ${option}`,
    aside: (note) => `  （${note}）`,
    withNote: (text, note) => `${text}（${note}）`,
    badFd: (command) => `${command}: --fd 后面要跟一个数字，例如 --fd 3`,
    unexpected: (command, word) => `${command}: 多余的参数 "${word}"`,
    badReadOptions: (command) => `${command}: --fd N、--max 1–65536 和 --wait 0–60（秒）后面都要跟数字`,
  },
});

export interface CommandContext {
  /** Prints one line of terminal text. */
  print(text: ShellText): void;
  /** Prints a narrated system call: `call = result`, and an optional explanation after it. */
  narrate(call: string, result: ShellText, note?: ShellText): void;
  /** Prints an error line in the shell's style: `connect: …`. */
  fail(message: ShellText): void;
  readonly sockets: SocketTable;
  readonly servers: readonly ShellServer[];
  readonly policy: TargetPolicyOptions;
  /** Aborted by Ctrl-C. */
  readonly signal: AbortSignal;
  readonly commands: readonly ShellCommand[];
  readonly history: readonly string[];
  /** The terminal's width, for commands that lay text out in columns (`help`). */
  readonly columns: number;
  clearScreen(): void;
  /**
   * Interactive mode on a socket (nc): lines typed are sent, data received is shown; ends on Ctrl-C, or once
   * both sides have sent FIN.
   */
  interact(socket: ShellSocket): Promise<void>;
  /** How long `connect` waits for the handshake before the shell gives up (its own limit, not the kernel's). */
  readonly connectTimeoutMs: number;
  /** The text of a note on what the shell models, the first time `topic` comes up this session; then undefined. */
  modelNote(topic: ModelTopic): Localized | undefined;
  /** Ends this shell once the command returns: the session and its servers stay. */
  logout(): void;
  /** The shell as a network assistant: the lab's assistant servers, what it listens on, its clients. */
  readonly assistants: AssistantSockets;
  /** The one timed send (`send --every`) this shell may run. */
  readonly timedSend: TimedSend;
  /** Prints between prompts within the background budget, for what runs after the command returned. */
  readonly background: ShellPrinter;
  /** The lab's faults, when the session offers the shell any. */
  readonly faults: ShellFaults | undefined;
  /** The class root and the session's client certificate, for `connect --tls`, when the lab has TLS. */
  readonly tls: ShellTls | undefined;
}

export interface ShellCommand {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** One line, e.g. `send [--fd N] [--hex] [-n] DATA`. */
  readonly usage: string;
  readonly summary: Localized;
  /** Further lines for `help NAME`. */
  readonly details: readonly Localized[];
  /** Options that take a value, e.g. `--fd`. */
  readonly valueOptions?: ReadonlySet<string>;
  readonly optionAliases?: Readonly<Record<string, string>>;
  run(context: CommandContext, line: ParsedLine): void | Promise<void>;
}

/** Prints the note on `topic` on a line of its own, the first time it comes up this session. */
export function printModelNote(context: Pick<CommandContext, 'print' | 'modelNote'>, topic: ModelTopic): void {
  const note = context.modelNote(topic);
  if (note !== undefined) context.print(style.dim(TEXT.aside(note)));
}

/** `text (note)` the first time `topic` comes up this session, `text` after that. */
export function withModelNote(
  context: Pick<CommandContext, 'modelNote'>,
  text: Localized,
  topic: ModelTopic,
): Localized {
  const note = context.modelNote(topic);
  return note === undefined ? text : TEXT.withNote(text, note);
}

/** An error message followed by the command's usage on a line of its own. */
export function withUsage(message: Localized, command: Pick<ShellCommand, 'usage'>): Localized {
  return TEXT.withUsage(message, command.usage);
}

/** Reads `--fd N` if given. */
export function fdOption(line: ParsedLine): number | undefined | 'invalid' {
  const value = line.options.get('--fd');
  if (value === undefined) return undefined;
  if (value === true || !/^\d+$/.test(value)) return 'invalid';
  return Number(value);
}

/** What a command says when `--fd` is not a number. */
export function fdOptionError(command: Pick<ShellCommand, 'name'>): Localized {
  return TEXT.badFd(command.name);
}

/** Reads a whole-number option within bounds, or the default. */
export function numberOption(
  line: ParsedLine,
  name: string,
  fallback: number,
  range: { min: number; max: number },
): number | 'invalid' {
  const value = line.options.get(name);
  if (value === undefined) return fallback;
  if (value === true || !/^\d+(\.\d+)?$/.test(value)) return 'invalid';
  const number = Number(value);
  return number >= range.min && number <= range.max ? number : 'invalid';
}

/** Complains about options the command does not know. Returns false if any was unknown. */
export function checkOptions(
  context: CommandContext,
  command: ShellCommand,
  line: ParsedLine,
  known: string[],
): boolean {
  for (const name of line.options.keys()) {
    if (!known.includes(name)) {
      context.fail(withUsage(TEXT.unknownOption(command.name, visible(name)), command));
      return false;
    }
  }
  return true;
}

export interface ReadOptions {
  readonly fd: number | undefined;
  readonly max: number;
  readonly wait: number;
  readonly hex: boolean;
}

/** The options of `recv` and `recvfrom`, as the parser needs them. */
export const READ_OPTIONS = {
  valueOptions: new Set(['--fd', '--max', '--wait']),
  optionAliases: { '-x': '--hex', '-f': '--fd' },
} as const satisfies Pick<ShellCommand, 'valueOptions' | 'optionAliases'>;

/**
 * `--fd`, `--max` (bytes, `defaultMax` unless given), `--wait` (seconds, 5 unless given) and `--hex`, and no
 * arguments; undefined after saying what is wrong.
 */
export function readOptions(
  context: CommandContext,
  command: ShellCommand,
  line: ParsedLine,
  defaultMax: number,
): ReadOptions | undefined {
  if (!checkOptions(context, command, line, ['--fd', '--hex', '--max', '--wait'])) return undefined;
  const unexpected = line.args[0];
  if (unexpected !== undefined) {
    context.fail(withUsage(TEXT.unexpected(command.name, visible(unexpected)), command));
    return undefined;
  }
  const fd = fdOption(line);
  const max = numberOption(line, '--max', defaultMax, { min: 1, max: 65536 });
  const wait = numberOption(line, '--wait', 5, { min: 0, max: 60 });
  if (fd === 'invalid' || max === 'invalid' || wait === 'invalid') {
    context.fail(TEXT.badReadOptions(command.name));
    return undefined;
  }
  return { fd, max, wait, hex: line.options.has('--hex') };
}
