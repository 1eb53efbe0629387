/**
 * The lab shell behind the page's terminal: a small purpose-built shell, not a host shell — safe in a
 * classroom, instant, and able to narrate what the socket API does. It reads keystrokes, edits the line,
 * runs one command at a time (type-ahead is kept for after it), prints asynchronous news (data arrived, peer
 * closed) above the prompt without breaking the line being typed, and owns every socket it opened. `exit` ends
 * it without ending the session: the lab's servers and checks carry on, and Enter or a reload starts it again.
 * It speaks the page's language: commands hand it their texts in every language, and it picks one as it prints.
 */

import { Emitter, type Event } from '../../src/common/emitter';
import { type Locale, type Localized, localized } from '../../src/common/localized';
import { FAULT_KINDS } from '../../src/protocol';
import { CLEAR_SCREEN, style } from './ansi';
import { AssistantSockets, type ShellAssistant } from './assistant-sockets';
import { BackgroundOutput } from './background-output';
import type { CommandContext, ShellCommand } from './command';
import { CommandLineError, parseLine } from './command-line';
import { COMMANDS } from './commands';
import { closeAndNarrate } from './commands/close';
import { InteractiveMode } from './interactive-mode';
import { type Key, parseKeys } from './keys';
import { LineEditor } from './line-editor';
import { ModelNotes } from './model-notes';
import type { ShellFaults } from './shell-faults';
import type { ShellSocket } from './shell-socket';
import { joinText, mapText, pickText, type ShellText } from './shell-text';
import { SocketTable } from './socket-table';
import type { ShellServer, TargetPolicyOptions } from './target-policy';
import { TimedSend } from './timed-send';
import { type ShellTls, TRUST_CHOICES } from './tls-options';
import { visible } from './visible-text';
import { wrapText } from './word-wrap';

export interface LabShellOptions {
  readonly labId: string;
  readonly servers: readonly ShellServer[];
  readonly policy: TargetPolicyOptions;
  readonly greeting: Localized;
  /** The language the shell speaks until `setLocale` changes it. */
  readonly locale: Locale;
  readonly cols?: number;
  /** How long `connect` waits for a handshake before the shell gives up: its own limit, 5 s unless told. */
  readonly connectTimeoutMs?: number;
  /** The lab's network-assistant servers with their consoles, for `listen` (none unless given). */
  readonly assistants?: readonly ShellAssistant[];
  /** The session's faults, for `loss` and `fault` (a lab without them says so). */
  readonly faults?: ShellFaults;
  /** The class root and the session's own client credentials, for `connect --tls` (a lab without them says so). */
  readonly tls?: ShellTls;
}

/** What the shell itself says; each command keeps its own texts in its file. */
const TEXT = localized({
  en: {
    title: 'socketlab lab shell',
    notFound: (name: string) => `${name}: command not found`,
    helpHint: (help: string) => `type ${help} for the list`,
    internalError: (message: string) => `internal error: ${message}`,
  },
  'zh-Hans': {
    title: 'socketlab 实验 shell',
    notFound: (name) => `${name}: 未找到命令`,
    helpHint: (help) => `输入 ${help} 查看命令列表`,
    internalError: (message) => `内部错误：${message}`,
  },
});

const CONNECT_TIMEOUT_MS = 5000;

type Mode =
  | { readonly kind: 'prompt' }
  /** After `exit`: nothing runs until Enter (or a reloaded page) starts a fresh shell. */
  | { readonly kind: 'exited' }
  | { readonly kind: 'busy'; readonly abort: AbortController }
  | { readonly kind: 'interactive'; readonly nc: InteractiveMode };

/** Keystrokes typed while a command runs are kept for after it, up to this many characters. */
const MAX_TYPE_AHEAD = 16 * 1024;

export class LabShell {
  readonly #options: LabShellOptions;
  readonly #editor: LineEditor;
  readonly #sockets = new SocketTable();
  readonly #notes = new ModelNotes();
  readonly #background: BackgroundOutput;
  readonly #assistants: AssistantSockets;
  readonly #timedSend = new TimedSend();
  readonly #onOutput = new Emitter<string>();
  readonly #prompt: string;
  #mode: Mode = { kind: 'prompt' };
  #typeAhead = '';
  #pending = '';
  #flushScheduled = false;
  #cols: number;
  #locale: Locale;
  #disposed = false;
  #loggingOut = false;

  /** Terminal bytes to show; batched so one keystroke gives one message. */
  readonly onOutput: Event<string> = this.#onOutput.event;

  constructor(options: LabShellOptions) {
    this.#options = options;
    this.#cols = options.cols ?? 80;
    this.#locale = options.locale;
    this.#editor = new LineEditor({ complete: (before) => this.#complete(before) });
    this.#editor.setColumns(this.#cols);
    this.#prompt = `${style.green('socketlab')}:${style.blue(options.labId)}$ `;
    this.#background = new BackgroundOutput({
      print: (text) => this.#print(text),
      narrate: (call, result, note) => this.#narrate(call, result, note),
    });
    this.#assistants = new AssistantSockets(options.assistants ?? [], this.#sockets, this.#background);
  }

  get openSockets(): number {
    return this.#sockets.size;
  }

  start(): void {
    this.#mode = { kind: 'prompt' };
    const greeting = joinText(style.bold(TEXT.title), ' — ', this.#options.greeting);
    this.#write(`${wrapText(this.#text(greeting), this.#cols)}\r\n`);
    this.#write(this.#editor.begin(this.#prompt));
  }

  /** Draws the prompt again on a fresh line, for a page that reconnected; after `exit`, a fresh shell. */
  redraw(): void {
    if (this.#mode.kind === 'prompt') this.#write(`\r\n${this.#editor.render()}`);
    else if (this.#mode.kind === 'exited') this.start();
  }

  /** The page's language changed (a reload in the other language): what the shell prints from now on uses it. */
  setLocale(locale: Locale): void {
    this.#locale = locale;
  }

  resize(cols: number): void {
    this.#cols = cols;
    this.#editor.setColumns(cols);
    if (this.#mode.kind === 'interactive') this.#mode.nc.editor.setColumns(cols);
  }

  input(data: string): void {
    if (this.#disposed) return;
    // Bounded: each key is handled once; a command started by Enter keeps later keys as type-ahead.
    const keys = parseKeys(data);
    for (let index = 0; index < keys.length; index++) {
      const mode = this.#mode;
      if (mode.kind === 'busy') {
        this.#busyInput(mode, keys.slice(index));
        return;
      }
      this.#key(keys[index]!);
    }
  }

  /** While a command runs, Ctrl-C interrupts it; anything else waits until the prompt is back. */
  #busyInput(mode: Extract<Mode, { kind: 'busy' }>, keys: readonly Key[]): void {
    const interrupt = keys.findIndex((key) => key.kind === 'ctrl-c');
    if (interrupt !== -1) {
      this.#typeAhead = '';
      mode.abort.abort();
      this.#write('^C\r\n');
      this.#timedSend.stop();
      return;
    }
    for (const key of keys) {
      if (this.#typeAhead.length < MAX_TYPE_AHEAD) this.#typeAhead += keyText(key);
    }
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#mode.kind === 'busy') this.#mode.abort.abort();
    if (this.#mode.kind === 'interactive') this.#mode.nc.leave();
    this.#timedSend.dispose();
    this.#assistants.dispose();
    this.#background.dispose();
    this.#sockets.destroyAll();
    this.#onOutput.clear();
  }

  // ------------------------------------------------------------ keys

  #key(key: Key): void {
    const mode = this.#mode;
    if (mode.kind === 'prompt') this.#promptKey(key);
    else if (mode.kind === 'interactive') mode.nc.key(key);
    else if (mode.kind === 'exited' && key.kind === 'enter') this.start();
  }

  #promptKey(key: Key): void {
    const result = this.#editor.feed(key);
    switch (result.kind) {
      case 'output':
        this.#write(result.output);
        return;
      case 'interrupt':
        this.#write(result.output + this.#editor.begin(this.#prompt));
        // Ctrl-C ends a timed send too, as it would end the loop of a C program sending.
        this.#timedSend.stop();
        return;
      case 'eof':
        // As bash does: Ctrl-D on an empty line is `exit`, and says so on the line.
        this.#write('exit\r\n');
        void this.#run('exit');
        return;
      case 'clear-screen':
        this.#write(CLEAR_SCREEN + this.#editor.render());
        return;
      case 'submit':
        this.#write(result.output);
        void this.#run(result.line);
        return;
    }
  }

  // ------------------------------------------------------------ commands

  async #run(line: string): Promise<void> {
    const abort = new AbortController();
    this.#mode = { kind: 'busy', abort };
    try {
      await this.#execute(line, abort.signal);
    } catch (error) {
      this.#print(style.red(TEXT.internalError(visible(error instanceof Error ? error.message : String(error)))));
    }
    if (this.#disposed) return;
    if (this.#loggingOut) {
      // What was typed after `exit` belonged to this shell, not to the next one.
      this.#loggingOut = false;
      this.#typeAhead = '';
      this.#mode = { kind: 'exited' };
      return;
    }
    this.#mode = { kind: 'prompt' };
    this.#write(this.#editor.begin(this.#prompt));
    const typed = this.#typeAhead;
    this.#typeAhead = '';
    if (typed.length > 0) this.input(typed);
  }

  async #execute(text: string, signal: AbortSignal): Promise<void> {
    const name = text.trim().split(' ', 1)[0] ?? '';
    if (name === '') return;
    const command = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
    if (command === undefined) {
      const shown = visible([...name].slice(0, 40).join(''));
      this.#print(joinText(style.red(TEXT.notFound(shown)), ' — ', TEXT.helpHint(style.bold('help'))));
      return;
    }
    let parsed: ReturnType<typeof parseLine>;
    try {
      parsed = parseLine(text, command.valueOptions, command.optionAliases);
    } catch (error) {
      if (!(error instanceof CommandLineError)) throw error;
      // The parser's messages quote what was typed.
      this.#print(style.red(joinText(`${command.name}: `, mapText(error.text, visible))));
      return;
    }
    await command.run(this.#context(signal), parsed);
  }

  #context(signal: AbortSignal): CommandContext {
    return {
      print: (text) => this.#print(text),
      narrate: (call, result, note) => this.#narrate(call, result, note),
      fail: (message) => this.#print(style.red(message)),
      sockets: this.#sockets,
      servers: this.#options.servers,
      policy: this.#options.policy,
      signal,
      commands: COMMANDS,
      history: this.#editor.history,
      columns: this.#cols,
      clearScreen: () => this.#write(CLEAR_SCREEN),
      interact: (socket) => this.#interact(socket, signal),
      connectTimeoutMs: this.#options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      modelNote: (topic) => this.#notes.once(topic),
      logout: () => {
        this.#loggingOut = true;
      },
      assistants: this.#assistants,
      timedSend: this.#timedSend,
      background: this.#background,
      faults: this.#options.faults,
      tls: this.#options.tls,
    };
  }

  /** `call = result  note`, green or red by the result, as a C programmer would print it. */
  #narrate(call: string, result: ShellText, note?: ShellText): void {
    const value = this.#text(result);
    const shown = value.startsWith('-1') ? style.red(value) : style.green(value);
    const explained = note === undefined ? '' : this.#text(note);
    this.#print(`${style.cyan(call)} = ${shown}${explained === '' ? '' : style.dim(`  ${explained}`)}`);
  }

  /** `nc`: the terminal is the socket's until both FINs have gone, a reset, Ctrl-C or an abort. */
  #interact(socket: ShellSocket, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const nc = new InteractiveMode(
        socket,
        {
          print: (line) => this.#print(line),
          write: (text) => this.#write(text),
          narrate: (call, result, note) => this.#narrate(call, result, note),
        },
        this.#cols,
        signal,
        () => {
          if (this.#mode.kind !== 'interactive') return;
          this.#write(nc.editor.erase());
          this.#mode = { kind: 'busy', abort: new AbortController() };
          closeAndNarrate(this.#context(signal), socket);
          resolve();
        },
      );
      this.#mode = { kind: 'interactive', nc };
      nc.begin();
    });
  }

  // ------------------------------------------------------------ output

  /** The text in the shell's language now: picked as it is printed, so `setLocale` applies from the next line. */
  #text(text: ShellText): string {
    return pickText(text, this.#locale);
  }

  /** Prints a whole line, keeping an active prompt (or interactive line) intact below it. */
  #print(line: ShellText): void {
    const text = wrapText(this.#text(line), this.#cols);
    const mode = this.#mode;
    const editor = mode.kind === 'prompt' ? this.#editor : mode.kind === 'interactive' ? mode.nc.editor : undefined;
    if (editor === undefined) {
      this.#write(`${text}\r\n`);
      return;
    }
    this.#write(`${editor.erase()}${text}\r\n${editor.render()}`);
  }

  #write(text: string): void {
    if (text.length === 0 || this.#disposed) return;
    this.#pending += text;
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(() => {
      this.#flushScheduled = false;
      const output = this.#pending;
      this.#pending = '';
      if (output.length > 0 && !this.#disposed) this.#onOutput.fire(output);
    });
  }

  /** What Tab offers as the first word after `command`, for the commands whose first word is one of a few. */
  #choices(command: string): readonly string[] | undefined {
    const assistants = this.#options.assistants ?? [];
    switch (command) {
      case 'socket':
        return ['udp'];
      case 'listen':
        return [...new Set(assistants.map((assistant) => assistant.console.transport))];
      case 'hex':
      case 'keepalive':
        return ['on', 'off'];
      case 'reply':
        return ['off'];
      case 'fault':
        return FAULT_KINDS;
      default:
        return undefined;
    }
  }

  #complete(before: string): string[] {
    const words = before.split(' ');
    const last = words.at(-1)!;
    if (words.length === 1) return COMMAND_WORDS.filter((name) => name.startsWith(last));
    if (words.length === 2 && words[0] === 'help') return COMMAND_NAMES.filter((name) => name.startsWith(last));
    if (words.length === 2) {
      const choices = this.#choices(words[0]!);
      if (choices !== undefined) return choices.filter((choice) => choice.startsWith(last));
    }
    const values = words[0] === 'connect' ? OPTION_VALUES.get(words.at(-2)!) : undefined;
    if (values !== undefined) return values.filter((value) => value.startsWith(last));
    const options = TARGET_OPTIONS.get(words[0]!);
    if (options !== undefined && targetPosition(words) === words.length - 1) {
      if (last.startsWith('-')) return options.filter((option) => option.startsWith(last));
      return this.#options.servers.map((server) => server.id).filter((id) => id.startsWith(last));
    }
    return [];
  }
}

/**
 * Commands whose first word after their options is a target, which Tab completes to a lab server's name, and
 * the options it completes before it (`connect --udp`, `connect --timeout 1`, `sendto --fd 4`).
 */
const TARGET_OPTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['connect', ['--udp', '--fd', '--timeout', '--tls', '--tls1.2', '--tls1.3', '--ca', '--cert', '--servername']],
  ['nc', []],
  ['sendto', ['--fd', '--hex', '--crlf']],
]);

/** What Tab offers as the value of `connect`'s options that take one of a few words. */
const OPTION_VALUES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['--ca', TRUST_CHOICES],
  ['--cert', ['mine']],
]);

/** Which word of a command line is its target: the first after the options (`--fd` taking the next word). */
function targetPosition(words: readonly string[]): number {
  let index = 1;
  // Bounded by the words typed.
  while (index < words.length - 1 && words[index]!.startsWith('-')) {
    index += /^(--fd|-f|--timeout|--ca|--cert|--servername)$/.test(words[index]!) ? 2 : 1;
  }
  return index;
}

const COMMAND_NAMES = COMMANDS.map((command: ShellCommand) => command.name);
/** What Tab completes a first word to: the commands and the aliases that are words (`logout`, `ss`; not `?`). */
const COMMAND_WORDS = COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])]).filter((word) =>
  /^[a-z]+$/.test(word),
);

const KEY_TEXT: Partial<Record<Key['kind'], string>> = {
  enter: '\r',
  backspace: '\x7f',
  tab: '\t',
  'ctrl-d': '\x04',
  'ctrl-u': '\x15',
  'ctrl-w': '\x17',
  'ctrl-k': '\x0b',
  'ctrl-l': '\x0c',
};

/** The text a key stands for, to replay type-ahead; cursor movement is not replayed. */
function keyText(key: Key): string {
  return key.kind === 'text' ? key.text : (KEY_TEXT[key.kind] ?? '');
}
