/**
 * The lab shell behind the page's terminal: a small purpose-built shell, not a host shell — safe in a
 * classroom, instant, and able to narrate what the socket API does. It reads keystrokes, edits the line,
 * runs one command at a time (type-ahead is kept for after it), prints asynchronous news (data arrived, peer
 * closed) above the prompt without breaking the line being typed, and owns every socket it opened. `exit` ends
 * it without ending the session: the lab's servers and checks carry on, and Enter or a reload starts it again.
 */

import { Emitter, type Event } from '../../src/common/emitter';
import type { ServerInfo } from '../../src/protocol';
import { CLEAR_SCREEN, style } from './ansi';
import type { CommandContext, ShellCommand } from './command';
import { CommandLineError, parseLine } from './command-line';
import { COMMANDS } from './commands';
import { closeAndNarrate } from './commands/close';
import { type Key, parseKeys } from './keys';
import { LineEditor } from './line-editor';
import { ModelNotes } from './model-notes';
import type { ShellSocket } from './shell-socket';
import { SocketTable } from './socket-table';
import type { TargetPolicyOptions } from './target-policy';
import { safeText, visible } from './visible-text';
import { wrapText } from './word-wrap';

export interface LabShellOptions {
  readonly labId: string;
  readonly servers: readonly ServerInfo[];
  readonly policy: TargetPolicyOptions;
  readonly greeting: string;
  readonly cols?: number;
  /** How long `connect` waits for a handshake before the shell gives up: its own limit, 5 s unless told. */
  readonly connectTimeoutMs?: number;
}

/** What the shell itself says, kept together for translation; each command keeps its own texts in its file. */
const TEXT = {
  title: 'socketlab lab shell',
  notFound: (name: string) => `${name}: command not found`,
  helpHint: (help: string) => `type ${help} for the list`,
  internalError: (message: string) => `internal error: ${message}`,
  interactive: 'connected: type lines to send them; Ctrl-D sends FIN (half-close), Ctrl-C closes and leaves',
  peerFin: '[the peer closed its side (FIN): nothing more will arrive; Ctrl-D sends your FIN and ends nc]',
  finSent: "FIN sent; waiting for the peer's FIN (Ctrl-C closes now)",
  finSentBefore: "your FIN already went; waiting for the peer's FIN (Ctrl-C closes now)",
  finSentLast: 'FIN sent',
  cannotShutdown: 'the socket is not in a state that can send',
  bothFins: '[both sides have sent FIN: the connection is over, so nc ends]',
  reset: (errno: string) => `[${errno}: the connection was reset]`,
  sendFailed: (errno: string) => `send: ${errno}`,
} as const;

const CONNECT_TIMEOUT_MS = 5000;

type Mode =
  | { readonly kind: 'prompt' }
  /** After `exit`: nothing runs until Enter (or a reloaded page) starts a fresh shell. */
  | { readonly kind: 'exited' }
  | { readonly kind: 'busy'; readonly abort: AbortController }
  | {
      readonly kind: 'interactive';
      readonly socket: ShellSocket;
      readonly editor: LineEditor;
      readonly leave: () => void;
    };

/** Keystrokes typed while a command runs are kept for after it, up to this many characters. */
const MAX_TYPE_AHEAD = 16 * 1024;

export class LabShell {
  readonly #options: LabShellOptions;
  readonly #editor: LineEditor;
  readonly #sockets = new SocketTable();
  readonly #notes = new ModelNotes();
  readonly #onOutput = new Emitter<string>();
  readonly #prompt: string;
  #mode: Mode = { kind: 'prompt' };
  #typeAhead = '';
  #pending = '';
  #flushScheduled = false;
  #cols: number;
  #disposed = false;
  #loggingOut = false;

  /** Terminal bytes to show; batched so one keystroke gives one message. */
  readonly onOutput: Event<string> = this.#onOutput.event;

  constructor(options: LabShellOptions) {
    this.#options = options;
    this.#cols = options.cols ?? 80;
    this.#editor = new LineEditor({ complete: (before) => this.#complete(before) });
    this.#editor.setColumns(this.#cols);
    this.#prompt = `${style.green('socketlab')}:${style.blue(options.labId)}$ `;
  }

  get openSockets(): number {
    return this.#sockets.size;
  }

  start(): void {
    this.#mode = { kind: 'prompt' };
    this.#write(`${style.bold(TEXT.title)} — ${this.#options.greeting}\r\n`);
    this.#write(this.#editor.begin(this.#prompt));
  }

  /** Draws the prompt again on a fresh line, for a page that reconnected; after `exit`, a fresh shell. */
  redraw(): void {
    if (this.#mode.kind === 'prompt') this.#write(`\r\n${this.#editor.render()}`);
    else if (this.#mode.kind === 'exited') this.start();
  }

  resize(cols: number): void {
    this.#cols = cols;
    this.#editor.setColumns(cols);
    if (this.#mode.kind === 'interactive') this.#mode.editor.setColumns(cols);
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
      return;
    }
    for (const key of keys) {
      if (this.#typeAhead.length < MAX_TYPE_AHEAD) this.#typeAhead += keyText(key);
    }
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#mode.kind === 'busy') this.#mode.abort.abort();
    if (this.#mode.kind === 'interactive') this.#mode.leave();
    this.#sockets.destroyAll();
    this.#onOutput.clear();
  }

  // ------------------------------------------------------------ keys

  #key(key: Key): void {
    const mode = this.#mode;
    if (mode.kind === 'prompt') this.#promptKey(key);
    else if (mode.kind === 'interactive') this.#interactiveKey(mode, key);
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

  #interactiveKey(mode: Extract<Mode, { kind: 'interactive' }>, key: Key): void {
    if (key.kind === 'ctrl-c') {
      this.#write('^C\r\n');
      mode.leave();
      return;
    }
    if (key.kind === 'ctrl-d' && mode.editor.line === '') {
      this.#interactiveShutdown(mode);
      return;
    }
    const result = mode.editor.feed(key);
    if (result.kind === 'output') this.#write(result.output);
    else if (result.kind === 'submit') {
      this.#write(result.output);
      void mode.socket.send(new TextEncoder().encode(`${result.line}\n`)).then((sent) => {
        if (typeof sent !== 'number') this.#print(style.red(TEXT.sendFailed(sent.errno)));
      });
      this.#write(mode.editor.begin(''));
    }
  }

  /** Ctrl-D in nc: shutdown(SHUT_WR), and the end of nc if the peer's FIN is already in. */
  #interactiveShutdown(mode: Extract<Mode, { kind: 'interactive' }>): void {
    const { socket } = mode;
    if (socket.finSent) {
      this.#print(style.dim(TEXT.finSentBefore));
      return;
    }
    const call = `shutdown(fd ${socket.fd}, SHUT_WR)`;
    if (!socket.shutdown()) {
      this.#narrate(call, '-1 ENOTCONN', TEXT.cannotShutdown);
      return;
    }
    if (!socket.peerFin) {
      this.#narrate(call, '0', TEXT.finSent);
      return;
    }
    this.#narrate(call, '0', TEXT.finSentLast);
    this.#print(style.dim(TEXT.bothFins));
    mode.leave();
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
      this.#print(`${style.red(TEXT.notFound(shown))} — ${TEXT.helpHint(style.bold('help'))}`);
      return;
    }
    let parsed: ReturnType<typeof parseLine>;
    try {
      parsed = parseLine(text, command.valueOptions, command.optionAliases);
    } catch (error) {
      if (!(error instanceof CommandLineError)) throw error;
      // The parser's messages quote what was typed.
      this.#print(style.red(`${command.name}: ${visible(error.message)}`));
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
      clearScreen: () => this.#write(CLEAR_SCREEN),
      interact: (socket) => this.#interact(socket, signal),
      connectTimeoutMs: this.#options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      modelNote: (topic) => this.#notes.once(topic),
      logout: () => {
        this.#loggingOut = true;
      },
    };
  }

  /** `call = result  note`, green or red by the result, as a C programmer would print it. */
  #narrate(call: string, result: string, note?: string): void {
    const failed = result.startsWith('-1');
    const shown = failed ? style.red(result) : style.green(result);
    this.#print(`${style.cyan(call)} = ${shown}${note ? style.dim(`  ${note}`) : ''}`);
  }

  #interact(socket: ShellSocket, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const editor = new LineEditor();
      editor.setColumns(this.#cols);
      const endReading = socket.beginReading();
      const showArrivals = (): void => {
        const bytes = socket.takeAll();
        if (bytes.length > 0) this.#print(style.green(safeText(bytes).replace(/\r\n$/, '')));
      };
      const peerFin = (): void => {
        // TCP is over once both FINs have gone: nc ends then, as the tool does (RFC 9293 §3.6).
        if (socket.finSent) {
          this.#print(style.dim(TEXT.bothFins));
          leave();
        } else {
          this.#print(style.dim(TEXT.peerFin));
        }
      };
      const subscriptions = [
        socket.onData(showArrivals),
        socket.onPeerFin(peerFin),
        socket.onReset((errno) => {
          this.#print(style.yellow(TEXT.reset(errno)));
          leave();
        }),
      ];
      const leave = (): void => {
        for (const subscription of subscriptions) subscription.dispose();
        signal.removeEventListener('abort', leave);
        endReading();
        if (this.#mode.kind !== 'interactive') return;
        this.#write(editor.erase());
        this.#mode = { kind: 'busy', abort: new AbortController() };
        closeAndNarrate(this.#context(signal), socket);
        resolve();
      };
      signal.addEventListener('abort', leave, { once: true });
      this.#mode = { kind: 'interactive', socket, editor, leave };
      this.#print(style.dim(TEXT.interactive));
      showArrivals();
      this.#write(editor.begin(''));
      if (socket.peerFin) this.#print(style.dim(TEXT.peerFin));
    });
  }

  // ------------------------------------------------------------ output

  /** Prints a whole line, keeping an active prompt (or interactive line) intact below it. */
  #print(line: string): void {
    const text = wrapText(line, this.#cols);
    const mode = this.#mode;
    const editor = mode.kind === 'prompt' ? this.#editor : mode.kind === 'interactive' ? mode.editor : undefined;
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

  #complete(before: string): string[] {
    const words = before.split(' ');
    const last = words.at(-1)!;
    if (words.length === 1) return COMMAND_WORDS.filter((name) => name.startsWith(last));
    if (words.length === 2 && words[0] === 'help') return COMMAND_NAMES.filter((name) => name.startsWith(last));
    if (words.length === 2 && (words[0] === 'connect' || words[0] === 'nc')) {
      return this.#options.servers.map((server) => server.id).filter((id) => id.startsWith(last));
    }
    return [];
  }
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
