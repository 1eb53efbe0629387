/**
 * `nc` mode: the terminal bound to one socket, as the `nc` tool binds it — each line typed is sent with its
 * newline, whatever arrives is printed as it comes, Ctrl-D sends FIN (a half-close), Ctrl-C leaves. It ends by
 * itself once both FINs have gone (RFC 9293 §3.6: the connection is over), or on a reset. The shell gives it the
 * terminal's print and write and is told when it ends, to close the socket the way `close` does.
 */

import type { Disposable } from '../../src/common/emitter';
import { style } from './ansi';
import type { Key } from './keys';
import { LineEditor } from './line-editor';
import type { ShellSocket } from './shell-socket';
import { safeText } from './visible-text';

/** What nc mode says, kept together for translation. */
const TEXT = {
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

/** The shell's terminal, as nc mode uses it. */
export interface InteractiveTerminal {
  /** A whole line above the line being typed. */
  print(line: string): void;
  write(text: string): void;
  /** `call = result  note`, coloured as the shell narrates every call. */
  narrate(call: string, result: string, note?: string): void;
}

export class InteractiveMode {
  readonly editor = new LineEditor();
  readonly #socket: ShellSocket;
  readonly #terminal: InteractiveTerminal;
  readonly #signal: AbortSignal;
  readonly #onLeave: () => void;
  readonly #subscriptions: Disposable[] = [];
  #endReading: (() => void) | undefined;
  #left = false;

  constructor(
    socket: ShellSocket,
    terminal: InteractiveTerminal,
    cols: number,
    signal: AbortSignal,
    onLeave: () => void,
  ) {
    this.#socket = socket;
    this.#terminal = terminal;
    this.#signal = signal;
    this.#onLeave = onLeave;
    this.editor.setColumns(cols);
  }

  /** Takes the terminal: says how nc works, shows what already arrived, and starts the line. */
  begin(): void {
    const socket = this.#socket;
    this.#endReading = socket.beginReading();
    this.#subscriptions.push(
      socket.onData(() => this.#showArrivals()),
      socket.onPeerFin(() => this.#socketOnPeerFin()),
      socket.onReset((errno) => {
        this.#terminal.print(style.yellow(TEXT.reset(errno)));
        this.leave();
      }),
    );
    this.#signal.addEventListener('abort', this.#signalOnAbort, { once: true });
    this.#terminal.print(style.dim(TEXT.interactive));
    this.#showArrivals();
    this.#terminal.write(this.editor.begin(''));
    if (socket.peerFin) this.#terminal.print(style.dim(TEXT.peerFin));
  }

  key(key: Key): void {
    if (key.kind === 'ctrl-c') {
      this.#terminal.write('^C\r\n');
      this.leave();
      return;
    }
    if (key.kind === 'ctrl-d' && this.editor.line === '') {
      this.#shutdown();
      return;
    }
    const result = this.editor.feed(key);
    if (result.kind === 'output') this.#terminal.write(result.output);
    else if (result.kind === 'submit') {
      this.#terminal.write(result.output);
      void this.#socket.send(new TextEncoder().encode(`${result.line}\n`)).then((sent) => {
        if (typeof sent !== 'number') this.#terminal.print(style.red(TEXT.sendFailed(sent.errno)));
      });
      this.#terminal.write(this.editor.begin(''));
    }
  }

  /** Ends nc mode (once); the shell closes the socket. */
  leave(): void {
    if (this.#left) return;
    this.#left = true;
    for (const subscription of this.#subscriptions) subscription.dispose();
    this.#signal.removeEventListener('abort', this.#signalOnAbort);
    this.#endReading?.();
    this.#onLeave();
  }

  readonly #signalOnAbort = (): void => this.leave();

  #showArrivals(): void {
    const bytes = this.#socket.takeAll();
    if (bytes.length > 0) this.#terminal.print(style.green(safeText(bytes).replace(/\r\n$/, '')));
  }

  #socketOnPeerFin(): void {
    // TCP is over once both FINs have gone: nc ends then, as the tool does (RFC 9293 §3.6).
    if (this.#socket.finSent) {
      this.#terminal.print(style.dim(TEXT.bothFins));
      this.leave();
    } else {
      this.#terminal.print(style.dim(TEXT.peerFin));
    }
  }

  /** Ctrl-D: shutdown(SHUT_WR), and the end of nc if the peer's FIN is already in. */
  #shutdown(): void {
    const socket = this.#socket;
    if (socket.finSent) {
      this.#terminal.print(style.dim(TEXT.finSentBefore));
      return;
    }
    const call = `shutdown(fd ${socket.fd}, SHUT_WR)`;
    if (!socket.shutdown()) {
      this.#terminal.narrate(call, '-1 ENOTCONN', TEXT.cannotShutdown);
      return;
    }
    if (!socket.peerFin) {
      this.#terminal.narrate(call, '0', TEXT.finSent);
      return;
    }
    this.#terminal.narrate(call, '0', TEXT.finSentLast);
    this.#terminal.print(style.dim(TEXT.bothFins));
    this.leave();
  }
}
