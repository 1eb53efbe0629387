/**
 * What a lab shell command is, and what it may use while it runs. Each command lives in its own file under
 * `commands/`; they print through the context, never to the terminal directly, so the shell can keep the
 * prompt intact around asynchronous output.
 */

import type { ServerInfo } from '../../src/protocol';
import { style } from './ansi';
import type { ParsedLine } from './command-line';
import type { ModelTopic } from './model-notes';
import type { ShellSocket } from './shell-socket';
import type { SocketTable } from './socket-table';
import type { TargetPolicyOptions } from './target-policy';
import { visible } from './visible-text';

export interface CommandContext {
  /** Prints one line of terminal text. */
  print(text: string): void;
  /** Prints a narrated system call: `call = result`, and an optional explanation after it. */
  narrate(call: string, result: string, note?: string): void;
  /** Prints an error line in the shell's style: `connect: …`. */
  fail(message: string): void;
  readonly sockets: SocketTable;
  readonly servers: readonly ServerInfo[];
  readonly policy: TargetPolicyOptions;
  /** Aborted by Ctrl-C. */
  readonly signal: AbortSignal;
  readonly commands: readonly ShellCommand[];
  readonly history: readonly string[];
  clearScreen(): void;
  /**
   * Interactive mode on a socket (nc): lines typed are sent, data received is shown; ends on Ctrl-C, or once
   * both sides have sent FIN.
   */
  interact(socket: ShellSocket): Promise<void>;
  /** How long `connect` waits for the handshake before the shell gives up (its own limit, not the kernel's). */
  readonly connectTimeoutMs: number;
  /** The text of a note on what the shell models, the first time `topic` comes up this session; then undefined. */
  modelNote(topic: ModelTopic): string | undefined;
  /** Ends this shell once the command returns: the session and its servers stay. */
  logout(): void;
}

export interface ShellCommand {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** One line, e.g. `send [--fd N] [--hex] [-n] DATA`. */
  readonly usage: string;
  readonly summary: string;
  /** Further lines for `help NAME`. */
  readonly details: readonly string[];
  /** Options that take a value, e.g. `--fd`. */
  readonly valueOptions?: ReadonlySet<string>;
  readonly optionAliases?: Readonly<Record<string, string>>;
  run(context: CommandContext, line: ParsedLine): void | Promise<void>;
}

/** Prints the note on `topic` on a line of its own, the first time it comes up this session. */
export function printModelNote(context: Pick<CommandContext, 'print' | 'modelNote'>, topic: ModelTopic): void {
  const note = context.modelNote(topic);
  if (note !== undefined) context.print(style.dim(`  (${note})`));
}

/** `text (note)` the first time `topic` comes up this session, `text` after that. */
export function withModelNote(context: Pick<CommandContext, 'modelNote'>, text: string, topic: ModelTopic): string {
  const note = context.modelNote(topic);
  return note === undefined ? text : `${text} (${note})`;
}

/** Reads `--fd N` if given. */
export function fdOption(line: ParsedLine): number | undefined | 'invalid' {
  const value = line.options.get('--fd');
  if (value === undefined) return undefined;
  if (value === true || !/^\d+$/.test(value)) return 'invalid';
  return Number(value);
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
      context.fail(`${command.name}: unknown option ${visible(name)}\r\nusage: ${command.usage}`);
      return false;
    }
  }
  return true;
}
