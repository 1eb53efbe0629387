/**
 * The lab shell as a network assistant (NetAssist, SSCOM, LLCOM): the sockets it holds on the lab's assistant
 * servers once `listen` ran — a listening socket each, a connection per accepted TCP client, and the UDP peers
 * it has read from — numbered as a C program's fds are (they share the shell's fd table) and, for the student,
 * as clients #1, #2, … in the order they came. News from the servers' consoles (assistant-console.ts) is
 * narrated between prompts as the calls a C server makes (`accept(fd 3) = fd 4`, `recv(fd 4) = 12 bytes`),
 * through the background budget (background-output.ts), so a flood stays bounded; a peer's bytes are quoted
 * or dumped in hex, never written to the terminal as they are. The auto-reply rule and the hex display live
 * here too, since they act on each read.
 */

import type { Disposable } from '../../src/common/disposable';
import { type Localized, localized } from '../../src/common/localized';
import { hexDump } from '../../src/protocol';
import type { AssistantClient, AssistantConsole, AssistantNews } from '../servers/assistant-console';
import { style } from './ansi';
import type { BackgroundOutput, ShellPrinter } from './background-output';
import { explainErrno } from './errno';
import { joinText } from './shell-text';
import type { SocketTable } from './socket-table';
import type { ShellServer } from './target-policy';
import { quoteText } from './visible-text';

/** A lab server the shell may listen on: how it is listed, and its console. */
export interface ShellAssistant {
  readonly server: ShellServer;
  readonly console: AssistantConsole;
}

export interface Listening {
  readonly assistant: ShellAssistant;
  /** The listening (TCP) or bound (UDP) socket's fd. */
  readonly fd: number;
}

/** A client as the student names it: `#number`, its fd, and the console's number for it. */
export interface ShellClient {
  readonly number: number;
  /** TCP: the accepted connection's fd; UDP: the assistant socket's, which every peer shares. */
  readonly fd: number;
  readonly listening: Listening;
  readonly id: number;
}

/** A client's row for `clients`: the shell's names for it and the console's counts. */
export interface ClientRow extends ShellClient {
  readonly peer: string;
  readonly state: AssistantClient['state'];
  readonly receivedBytes: number;
  readonly sentBytes: number;
}

/** An auto-reply rule: a read containing `match` is answered with `answer`, to the client that sent it. */
export interface AutoReply {
  readonly match: Uint8Array;
  readonly answer: Uint8Array;
}

/** How much of one read is shown: as quoted text, in characters; as a hex dump, in bytes (8 rows). */
const SHOWN_CHARS = 200;
const SHOWN_HEX_BYTES = 128;

const TEXT = localized({
  en: {
    accepted: (peer: string, number: number) => `from ${peer}, client #${number}`,
    emfile: (peer: string) =>
      `the lab shell's fd table is full, so the connection from ${peer} is closed: close a socket or a client first`,
    peerFin: (number: number) => `#${number} closed its side (FIN); the assistant closes its side too`,
    reset: (number: number, meaning: string) => `#${number}: ${meaning}`,
    closedBoth: (number: number) => `#${number}: both sides are closed, the fd is released`,
    closedBy: (number: number) => `#${number}: the lab server closed the connection, the fd is released`,
    closedReset: (number: number) => `#${number}: the connection was reset, the fd is released`,
    dropped: (fd: number, datagrams: number, bytes: number) =>
      `[fd ${fd}: ${datagrams} ${datagrams === 1 ? 'datagram' : 'datagrams'} (${bytes} bytes) arrived while the receive queue was full, and the kernel dropped ${datagrams === 1 ? 'it' : 'them'}]`,
    moreBytes: (bytes: number) => `… ${bytes} more bytes not shown`,
    replied: (number: number, text: string) => `#${number} auto-reply ${text}`,
    sentTo: (number: number, text: string) => `#${number} ${text}`,
    finSent: (number: number) => `#${number}: FIN sent, the fd is released`,
    udpNoClose: (number: number) =>
      `#${number} is a UDP peer: there is no connection to close; the assistant just stops hearing it when you exit`,
    notFound: (number: string) => `there is no client #${number}: clients lists them`,
  },
  'zh-Hans': {
    accepted: (peer, number) => `来自 ${peer}，客户端 #${number}`,
    emfile: (peer) => `实验 shell 的 fd 表已满，所以关闭了来自 ${peer} 的连接：请先关闭一个套接字或客户端`,
    peerFin: (number) => `#${number} 关闭了它那一侧（FIN）；助手也关闭自己这一侧`,
    reset: (number, meaning) => `#${number}：${meaning}`,
    closedBoth: (number) => `#${number}：双方都已关闭，fd 已释放`,
    closedBy: (number) => `#${number}：实验服务器关闭了这个连接，fd 已释放`,
    closedReset: (number) => `#${number}：连接已被复位，fd 已释放`,
    dropped: (fd, datagrams, bytes) =>
      `[fd ${fd}：接收队列已满时到达的 ${datagrams} 个数据报（${bytes} 字节）被内核丢弃了]`,
    moreBytes: (bytes) => `… 还有 ${bytes} 字节没有显示`,
    replied: (number, text) => `#${number} 自动回复 ${text}`,
    sentTo: (number, text) => `#${number} ${text}`,
    finSent: (number) => `#${number}：FIN 已发出，fd 已释放`,
    udpNoClose: (number) => `#${number} 是 UDP 对端：没有连接可以关闭；你 exit 之后，助手就不再接收它的数据`,
    notFound: (number) => `没有客户端 #${number}：clients 会列出所有客户端`,
  },
});

export class AssistantSockets implements Disposable {
  readonly assistants: readonly ShellAssistant[];
  readonly #sockets: SocketTable;
  readonly #out: BackgroundOutput;
  readonly #listening: { readonly listening: Listening; program: Disposable | undefined }[] = [];
  readonly #clients = new Map<number, ShellClient>();
  /** `fd/console id` → client number. */
  readonly #numbers = new Map<string, number>();
  /** How a client's connection ended, once its FIN or a reset was read: what its close then says. */
  readonly #ended = new Map<number, 'fin' | 'reset'>();
  #lastNumber = 0;
  /** Reads shown as a hex dump rather than as quoted text (`hex on`, `listen --hex`). */
  hex = false;
  reply: AutoReply | undefined;

  constructor(assistants: readonly ShellAssistant[], sockets: SocketTable, out: BackgroundOutput) {
    this.assistants = assistants;
    this.#sockets = sockets;
    this.#out = out;
  }

  get listening(): readonly Listening[] {
    return this.#listening.map((entry) => entry.listening);
  }

  listeningOn(assistant: ShellAssistant): Listening | undefined {
    return this.listening.find((listening) => listening.assistant === assistant);
  }

  /**
   * Becomes the program on `assistant`'s console, its socket numbered `fd`: what waited is accepted and
   * narrated at once (so it follows the caller's own narration), the rest as it comes. False when another
   * program listens there already (a second page's shell of the same session).
   */
  listen(assistant: ShellAssistant, fd: number): boolean {
    const entry: { readonly listening: Listening; program: Disposable | undefined } = {
      listening: { assistant, fd },
      program: undefined,
    };
    this.#listening.push(entry);
    entry.program = assistant.console.listen((news) => this.#news(entry.listening, news));
    if (entry.program !== undefined) return true;
    this.#listening.pop();
    return false;
  }

  /** Every client, in the order they came, with the console's counts. */
  rows(): ClientRow[] {
    const rows: ClientRow[] = [];
    for (const client of this.#clients.values()) {
      const known = client.listening.assistant.console.clients().find((candidate) => candidate.id === client.id);
      if (known === undefined) continue;
      const { peer, state, receivedBytes, sentBytes } = known;
      rows.push({ ...client, peer, state, receivedBytes, sentBytes });
    }
    return rows;
  }

  client(number: number): ShellClient | undefined {
    return this.#clients.get(number);
  }

  /** The TCP client whose connection is `fd`, for `send --fd` and `close --fd`. */
  clientOnFd(fd: number): ShellClient | undefined {
    return [...this.#clients.values()].find((client) => client.fd === fd && client.listening.fd !== fd);
  }

  /**
   * send(2) to one client (sendto(2) to a UDP peer), narrated on `printer`; resolves whether the kernel took the
   * bytes. Ctrl-C (`signal`) stops waiting for a client that does not read, as a signal interrupts send().
   */
  async send(
    client: ShellClient,
    bytes: Uint8Array,
    printer: ShellPrinter,
    { signal, reply = false }: { readonly signal?: AbortSignal; readonly reply?: boolean } = {},
  ): Promise<boolean> {
    const { console } = client.listening.assistant;
    const peer = console.clients().find((candidate) => candidate.id === client.id)?.peer ?? '?';
    const call =
      console.transport === 'tcp'
        ? `send(fd ${client.fd}, ${bytes.length} bytes)`
        : `sendto(fd ${client.fd}, ${bytes.length} bytes, ${peer})`;
    const result = await interruptible(console.send(client.id, bytes), signal);
    if (typeof result !== 'number') {
      printer.narrate(call, `-1 ${result.errno}`, joinText(`#${client.number} `, explainErrno(result.errno)));
      return false;
    }
    const text = quoteText(bytes);
    printer.narrate(call, String(result), reply ? TEXT.replied(client.number, text) : TEXT.sentTo(client.number, text));
    return true;
  }

  /** close(2) of a client's connection, narrated; a UDP peer has none, and is told so. */
  close(client: ShellClient, printer: ShellPrinter) {
    const { console } = client.listening.assistant;
    if (console.transport === 'udp') return printer.print(TEXT.udpNoClose(client.number));
    console.close(client.id);
    this.#forget(client);
    printer.narrate(`close(fd ${client.fd})`, '0', TEXT.finSent(client.number));
  }

  /**
   * The program exits (`exit`): each connection it accepted is closed (FIN), then each listening socket, and
   * their fds released; narrated on `printer` when given.
   */
  stopAll(printer?: ShellPrinter): void {
    for (const entry of this.#listening.splice(0)) {
      const { fd, assistant } = entry.listening;
      for (const client of [...this.#clients.values()]) {
        if (client.listening !== entry.listening) continue;
        this.#forget(client);
        if (assistant.console.transport === 'tcp')
          printer?.narrate(`close(fd ${client.fd})`, '0', TEXT.finSent(client.number));
      }
      entry.program?.dispose();
      this.#sockets.release(fd);
      printer?.narrate(`close(fd ${fd})`, '0');
    }
  }

  dispose(): void {
    this.stopAll();
  }

  #forget(client: ShellClient): void {
    this.#clients.delete(client.number);
    this.#ended.delete(client.number);
    this.#numbers.delete(`${client.listening.fd}/${client.id}`);
    if (client.fd !== client.listening.fd) this.#sockets.release(client.fd);
  }

  #known(listening: Listening, id: number): ShellClient | undefined {
    const number = this.#numbers.get(`${listening.fd}/${id}`);
    return number === undefined ? undefined : this.#clients.get(number);
  }

  #add(listening: Listening, id: number, fd: number): ShellClient {
    const client: ShellClient = { number: ++this.#lastNumber, fd, listening, id };
    this.#clients.set(client.number, client);
    this.#numbers.set(`${listening.fd}/${id}`, client.number);
    return client;
  }

  #news(listening: Listening, news: AssistantNews) {
    const out = this.#out;
    const { console } = listening.assistant;
    if (news.kind === 'dropped') {
      return out.print(style.yellow(TEXT.dropped(listening.fd, news.datagrams, news.bytes)));
    }
    const peer = news.client.peer;
    if (news.kind === 'accept') {
      const fd = this.#sockets.reserve();
      if (fd === undefined) {
        console.close(news.client.id);
        return out.narrate(`accept(fd ${listening.fd})`, '-1 EMFILE', TEXT.emfile(peer));
      }
      const client = this.#add(listening, news.client.id, fd);
      return out.narrate(`accept(fd ${listening.fd})`, `fd ${fd}`, TEXT.accepted(peer, client.number));
    }
    let client = this.#known(listening, news.client.id);
    // A UDP peer becomes a client with its first datagram read; a TCP one was accepted first.
    if (client === undefined && console.transport === 'udp' && news.kind === 'data') {
      client = this.#add(listening, news.client.id, listening.fd);
    }
    if (client === undefined) return;
    switch (news.kind) {
      case 'data':
        this.#showRead(client, peer, news.data);
        this.#autoReply(client, news.data);
        return;
      case 'peer-fin':
        this.#ended.set(client.number, 'fin');
        return out.narrate(`recv(fd ${client.fd})`, '0', TEXT.peerFin(client.number));
      case 'reset':
        this.#ended.set(client.number, 'reset');
        return out.narrate(
          `recv(fd ${client.fd})`,
          `-1 ${news.errno}`,
          TEXT.reset(client.number, explainErrno(news.errno)),
        );
      case 'close': {
        const ended = this.#ended.get(client.number);
        const note =
          ended === 'fin'
            ? TEXT.closedBoth(client.number)
            : ended === 'reset'
              ? TEXT.closedReset(client.number)
              : TEXT.closedBy(client.number);
        this.#forget(client);
        return out.narrate(`close(fd ${client.fd})`, '0', note);
      }
    }
  }

  /** One read: quoted text (non-printables escaped, cut at SHOWN_CHARS), or a hex dump of its first bytes. */
  #showRead(client: ShellClient, peer: string, data: Uint8Array) {
    const udp = client.listening.assistant.console.transport === 'udp';
    const call = udp ? `recvfrom(fd ${client.fd})` : `recv(fd ${client.fd})`;
    const result = udp ? `${data.length} bytes from ${peer}` : `${data.length} bytes`;
    if (!this.hex) {
      return this.#out.item(1, data.length, (printer) =>
        printer.narrate(call, result, `#${client.number} ${quoteText(data, SHOWN_CHARS)}`),
      );
    }
    const rows = hexDump(data.subarray(0, SHOWN_HEX_BYTES));
    const cut = data.length - SHOWN_HEX_BYTES;
    this.#out.item(1 + rows.length + (cut > 0 ? 1 : 0), data.length, (printer) => {
      printer.narrate(call, result, `#${client.number}`);
      for (const row of rows) printer.print(`  ${row}`);
      if (cut > 0) printer.print(style.dim(TEXT.moreBytes(cut)));
    });
  }

  #autoReply(client: ShellClient, data: Uint8Array): void {
    const rule = this.reply;
    if (rule === undefined || !Buffer.from(data.buffer, data.byteOffset, data.length).includes(Buffer.from(rule.match)))
      return;
    void this.send(client, rule.answer, this.#out, { reply: true });
  }
}

/** What `send --to N` and `close N` say when there is no client #N (`number` as typed, made visible). */
export function noClient(number: string): Localized {
  return TEXT.notFound(number);
}

/** A pending send, or EINTR once `signal` aborts (the bytes stay queued, as after an interrupted send()). */
function interruptible<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T | { errno: 'EINTR' }> {
  if (signal === undefined) return pending;
  if (signal.aborted) return Promise.resolve({ errno: 'EINTR' });
  return new Promise((resolve) => {
    const onAbort = (): void => resolve({ errno: 'EINTR' });
    signal.addEventListener('abort', onAbort, { once: true });
    void pending.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}
