/**
 * `nc` mode: the terminal bound to one socket, as the `nc` tool binds it — each line typed is sent with its
 * newline, whatever arrives is printed as it comes, Ctrl-D sends FIN (a half-close), Ctrl-C leaves. It ends by
 * itself once both FINs have gone (RFC 9293 §3.6: the connection is over), or on a reset. The shell gives it the
 * terminal's print and write and is told when it ends, to close the socket the way `close` does. Its texts are in
 * every language; the shell picks one as it prints them.
 */

import type { Disposable } from '../../src/common/emitter';
import { localized } from '../../src/common/localized';
import { style } from './ansi';
import type { Key } from './keys';
import { LineEditor } from './line-editor';
import type { ShellSocket } from './shell-socket';
import type { ShellText } from './shell-text';
import { safeText } from './visible-text';

const TEXT = localized({
  en: {
    interactive: 'connected: type lines to send them; Ctrl-D sends FIN (half-close), Ctrl-C closes and leaves',
    peerFin: '[the peer closed its side (FIN): nothing more will arrive; Ctrl-D sends your FIN and ends nc]',
    finSent: "FIN sent; waiting for the peer's FIN (Ctrl-C closes now)",
    finSentBefore: "your FIN already went; waiting for the peer's FIN (Ctrl-C closes now)",
    finSentLast: 'FIN sent',
    cannotShutdown: 'the socket is not in a state that can send',
    bothFins: '[both sides have sent FIN: the connection is over, so nc ends]',
    reset: (errno: string) => `[${errno}: the connection was reset]`,
  },
  'zh-Hans': {
    interactive: '已连接：输入一行就发送一行；Ctrl-D 发出 FIN（半关闭），Ctrl-C 关闭连接并退出',
    peerFin: '[对端关闭了它那一侧（FIN）：不会再有数据到达；按 Ctrl-D 发出你的 FIN 并结束 nc]',
    finSent: 'FIN 已发出；正在等待对端的 FIN（按 Ctrl-C 立即关闭）',
    finSentBefore: '你的 FIN 已经发出；正在等待对端的 FIN（按 Ctrl-C 立即关闭）',
    finSentLast: 'FIN 已发出',
    cannotShutdown: '套接字当前的状态不能发送数据',
    bothFins: '[双方都已发出 FIN：连接结束，nc 随之退出]',
    reset: (errno) => `[${errno}：连接被复位了]`,
  },
});

/** The shell's terminal, as nc mode uses it. */
export interface InteractiveTerminal {
  /** A whole line above the line being typed. */
  print(line: ShellText): void;
  write(text: string): void;
  /** `call = result  note`, coloured as the shell narrates every call. */
  narrate(call: string, result: ShellText, note?: ShellText): void;
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
        if (typeof sent !== 'number') this.#terminal.print(style.red(`send: ${sent.errno}`));
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
