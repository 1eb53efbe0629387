/**
 * One TCP socket of the lab shell, behaving like a BSD socket seen from C: numbered with the lowest free file
 * descriptor, a receive queue that `recv` drains, `recv` returning 0 after the peer's FIN, and `close` with
 * unread data answered by RST (as Linux does, RFC 2525 §2.17). The queue is bounded and reading pauses when it
 * is full, so a student who never calls `recv` sees TCP flow control shrink the window, as with a real program.
 * `secure` puts a layer (TLS, tls-handshake.ts) over the connection: from then on the bytes sent and received are
 * the layer's plaintext, while a reset still goes to the TCP socket underneath, as `close` with unread data does.
 */

import net from 'node:net';
import { Emitter, type Event } from '../../src/common/emitter';
import { formatHostPort } from '../../src/protocol';
import { BlockingCall } from './blocking-call';
import type { ShellText } from './shell-text';
import type { Target } from './target-policy';

export type SocketState = 'connecting' | 'established' | 'fin-sent' | 'peer-closed' | 'closed';

export type Errno = { readonly errno: string };

/**
 * The lab shell stopped waiting after its own timeout, `ms`: not an errno, since a blocking call would have
 * kept waiting (recv) or given up only minutes later (connect).
 */
export type ShellTimeout = { readonly shellTimeout: number };

export interface DataArrival {
  readonly arrived: number;
  readonly waiting: number;
  /** Whether someone (a pending recv, the interactive mode) is reading the socket right now. */
  readonly beingRead: boolean;
}

/**
 * Keepalive on a socket as the shell set it: on or off, and the times its kernel uses. `times` is undefined where
 * the socket was never given any and the machine's `net.ipv4.tcp_keepalive_*` apply.
 */
export interface KeepaliveSetting {
  readonly on: boolean;
  readonly times: KeepaliveTimes | undefined;
}

export interface KeepaliveTimes {
  readonly idleSeconds: number;
  readonly intervalSeconds: number;
  readonly probes: number;
}

/**
 * What Node's runtime (libuv) sets beside TCP_KEEPIDLE whenever it is given an idle time: TCP_KEEPINTVL and
 * TCP_KEEPCNT, per socket (seen with strace under Node 20: setsockopt(TCP_KEEPINTVL, 1), setsockopt(TCP_KEEPCNT, 10)).
 */
export const LIBUV_KEEPALIVE = { intervalSeconds: 1, probes: 10 } as const;

/** How many unread bytes the shell holds before it stops reading from the kernel. */
const RECEIVE_QUEUE_BYTES = 64 * 1024;

export class ShellSocket {
  readonly protocol = 'tcp';
  readonly fd: number;
  readonly target: Target;
  #socket: net.Socket | undefined;
  /** What bytes are written to and read from: the socket itself, or the layer `secure` put over it. */
  #stream: net.Socket | undefined;
  #detach: (() => void) | undefined;
  #security: ShellText | undefined;
  #state: SocketState = 'connecting';
  #local = '';
  #sentBytes = 0;
  #receivedBytes = 0;
  readonly #queue: Buffer[] = [];
  #queued = 0;
  #peerFin = false;
  /** The error the connection ended with (ECONNRESET, ETIMEDOUT …), once it did. */
  #error: string | undefined;
  /** Whether a call has been told of a timed-out connection: the kernel reports that error once. */
  #timeoutReported = false;
  #keepalive: KeepaliveSetting = { on: false, times: undefined };
  readonly #blocking = new BlockingCall();
  #readers = 0;
  readonly #onData = new Emitter<DataArrival>();
  readonly #onPeerFin = new Emitter<void>();
  readonly #onReset = new Emitter<string>();

  /** Bytes arrived and are waiting in the queue. */
  readonly onData: Event<DataArrival> = this.#onData.event;
  readonly onPeerFin: Event<void> = this.#onPeerFin.event;
  readonly onReset: Event<string> = this.#onReset.event;

  constructor(fd: number, target: Target) {
    this.fd = fd;
    this.target = target;
  }

  get state(): SocketState {
    return this.#state;
  }
  get local(): string {
    return this.#local;
  }
  get remote(): string {
    return formatHostPort(this.target.host, this.target.port);
  }
  get unread(): number {
    return this.#queued;
  }
  get sentBytes(): number {
    return this.#sentBytes;
  }
  get receivedBytes(): number {
    return this.#receivedBytes;
  }
  get beingRead(): boolean {
    return this.#readers > 0;
  }
  get peerFin(): boolean {
    return this.#peerFin;
  }
  /** Whether the kernel gave the connection up with ETIMEDOUT (unanswered keepalive probes, retransmissions). */
  get timedOut(): boolean {
    return this.#error === 'ETIMEDOUT';
  }
  get keepalive(): KeepaliveSetting {
    return this.#keepalive;
  }
  /** What runs over the connection (`TLS 1.3 · TLS_AES_256_GCM_SHA384 · …`), once `secure` put a layer on it. */
  get security(): ShellText | undefined {
    return this.#security;
  }
  /** Whether this side's FIN went with shutdown(SHUT_WR). */
  get finSent(): boolean {
    return this.#state === 'fin-sent';
  }

  /**
   * connect(2): resolves when the handshake completes, with the errno the kernel reported, or with the shell's
   * own timeout after `timeoutMs`.
   */
  connect(timeoutMs: number, signal: AbortSignal): Promise<Errno | ShellTimeout | undefined> {
    return new Promise((resolve) => {
      // allowHalfOpen: after the peer's FIN a C program's socket stays open for writing until it calls shutdown()
      // or close() (CLOSE_WAIT); without it Node would send our FIN at once, ahead of what the shell narrates.
      const socket = net.connect({
        host: this.target.host,
        port: this.target.port,
        noDelay: true,
        allowHalfOpen: true,
      });
      this.#socket = socket;
      const finish = (result: Errno | ShellTimeout | undefined): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        socket.off('connect', onConnect);
        socket.off('error', onError);
        resolve(result);
      };
      const onConnect = (): void => {
        this.#state = 'established';
        this.#local = formatHostPort(socket.localAddress ?? '?', socket.localPort ?? '?');
        this.#attach(socket);
        finish(undefined);
      };
      const onError = (error: NodeJS.ErrnoException): void => {
        this.#state = 'closed';
        finish({ errno: error.code ?? 'EIO' });
      };
      const onAbort = (): void => {
        socket.destroy();
        this.#state = 'closed';
        finish({ errno: 'EINTR' });
      };
      const timer = setTimeout(() => {
        socket.destroy();
        this.#state = 'closed';
        finish({ shellTimeout: timeoutMs });
      }, timeoutMs);
      socket.once('connect', onConnect);
      socket.once('error', onError);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** send(2): queues the bytes in the kernel; resolves with the count once the kernel took them. */
  send(bytes: Uint8Array): Promise<number | Errno> {
    const socket = this.#stream;
    if (socket === undefined || this.#state === 'connecting' || this.#state === 'closed') {
      return Promise.resolve({ errno: 'ENOTCONN' });
    }
    if (this.#state === 'fin-sent') return Promise.resolve({ errno: 'EPIPE' });
    const pending = this.#pendingTimeout();
    if (pending !== undefined) return Promise.resolve(pending);
    if (this.#error !== undefined) return Promise.resolve({ errno: 'EPIPE' });
    return new Promise((resolve) => {
      socket.write(bytes, (error) => {
        if (error) resolve({ errno: (error as NodeJS.ErrnoException).code ?? 'EIO' });
        else {
          this.#sentBytes += bytes.length;
          resolve(bytes.length);
        }
      });
    });
  }

  /**
   * recv(2): up to `max` bytes from the queue, waiting up to `timeoutMs` for some to arrive (the shell's own
   * limit: a blocking recv() waits for ever). Returns an empty array at end of stream (the peer's FIN: C's
   * `recv() == 0`).
   */
  async recv(max: number, timeoutMs: number, signal: AbortSignal): Promise<Uint8Array | Errno | ShellTimeout> {
    const endReading = this.beginReading();
    try {
      return await this.#recv(max, timeoutMs, signal);
    } finally {
      endReading();
    }
  }

  #recv(max: number, timeoutMs: number, signal: AbortSignal): Promise<Uint8Array | Errno | ShellTimeout> {
    return this.#blocking.until<Uint8Array | Errno>(
      () => {
        if (this.#queued > 0) return this.#take(max);
        // A timed-out connection's error is reported once; then it reads as ended, as recv() does in C.
        if (this.timedOut) return this.#pendingTimeout() ?? new Uint8Array(0);
        if (this.#error !== undefined) return { errno: 'ECONNRESET' };
        if (this.#peerFin || this.#state === 'closed') return new Uint8Array(0);
        return undefined;
      },
      timeoutMs,
      signal,
    );
  }

  /**
   * setsockopt(SO_KEEPALIVE), and TCP_KEEPIDLE when `idleSeconds` is given, which makes Node's runtime set
   * TCP_KEEPINTVL and TCP_KEEPCNT too (LIBUV_KEEPALIVE). Without it the times set before stay, as in C. Returns
   * false when the connection is gone and there is nothing to probe.
   */
  setKeepAlive(on: boolean, idleSeconds?: number): boolean {
    const socket = this.#socket;
    if (socket === undefined || socket.destroyed || this.#error !== undefined) return false;
    // Node takes milliseconds and passes whole seconds on; 0 sets no time (its TCP_KEEPIDLE of 0 fails, unseen).
    socket.setKeepAlive(on, on && idleSeconds !== undefined ? idleSeconds * 1000 : 0);
    const times = on && idleSeconds !== undefined ? { idleSeconds, ...LIBUV_KEEPALIVE } : this.#keepalive.times;
    this.#keepalive = { on, times };
    return true;
  }

  /** ETIMEDOUT for the first call after the kernel gave the connection up, undefined otherwise. */
  #pendingTimeout(): Errno | undefined {
    if (!this.timedOut || this.#timeoutReported) return undefined;
    this.#timeoutReported = true;
    return { errno: 'ETIMEDOUT' };
  }

  /** Marks a reader that consumes data as it arrives (the interactive mode); returns the undo. */
  beginReading(): () => void {
    this.#readers++;
    let ended = false;
    return () => {
      if (!ended) this.#readers--;
      ended = true;
    };
  }

  /** Everything in the queue at once: used by the interactive mode, which shows data as it arrives. */
  takeAll(): Uint8Array {
    return this.#take(Number.MAX_SAFE_INTEGER);
  }

  /** shutdown(SHUT_WR): sends FIN, keeps receiving; also after the peer's FIN (CLOSE_WAIT, RFC 9293 §3.6). */
  shutdown(): boolean {
    if (this.#stream === undefined || (this.#state !== 'established' && this.#state !== 'peer-closed')) return false;
    this.#state = 'fin-sent';
    this.#stream.end();
    return true;
  }

  /**
   * close(2). With unread bytes in the queue the kernel would answer with RST rather than FIN; we do the same,
   * so what the server sees matches what a C program would cause. Returns how it closed.
   */
  close(): { readonly how: 'fin' | 'fin-earlier' | 'rst' | 'already'; readonly discarded: number } {
    const socket = this.#socket;
    const finSentEarlier = this.#state === 'fin-sent';
    const discarded = this.#queued;
    this.#queue.length = 0;
    this.#queued = 0;
    if (socket === undefined || this.#state === 'closed') {
      this.#state = 'closed';
      return { how: 'already', discarded };
    }
    this.#state = 'closed';
    this.#blocking.wake();
    if (discarded > 0 && this.#error === undefined) {
      socket.resetAndDestroy();
      if (this.#stream !== socket) this.#stream?.destroy();
      return { how: 'rst', discarded };
    }
    // Through the layer: TLS sends its close_notify alert before the FIN.
    this.#stream?.end();
    // The peer normally answers our FIN with its own; if it never does, do not keep the socket forever.
    socket.setTimeout(5000, () => socket.destroy());
    if (this.#error !== undefined) return { how: 'already', discarded };
    return { how: finSentEarlier ? 'fin-earlier' : 'fin', discarded };
  }

  /** Drops the socket at once: the session is ending. */
  destroy(): void {
    this.#state = 'closed';
    this.#socket?.destroy();
    if (this.#stream !== this.#socket) this.#stream?.destroy();
    this.#blocking.wake();
    this.#onData.clear();
    this.#onPeerFin.clear();
    this.#onReset.clear();
  }

  /**
   * Puts a layer over the established connection (TLS): `wrap` gets the TCP socket and returns the stream that
   * carries the plaintext, which send, recv, shutdown and close use from now on. Returns that stream.
   */
  secure<S extends net.Socket>(wrap: (socket: net.Socket) => S): S {
    const socket = this.#socket;
    if (socket === undefined || this.#state !== 'established')
      throw new Error('secure() needs an established connection');
    this.#detach?.();
    const stream = wrap(socket);
    this.#attach(stream);
    return stream;
  }

  /** Says what the layer is, for `status`: its version and suite, and how its peer was verified. */
  describeSecurity(summary: ShellText): void {
    this.#security = summary;
  }

  #attach(socket: net.Socket): void {
    this.#stream = socket;
    const streamOnData = (chunk: Buffer): void => {
      // After close(2) the kernel owns an orphaned socket: data that still arrives is answered with RST.
      if (this.#state === 'closed') {
        this.#socket?.resetAndDestroy();
        return;
      }
      this.#queue.push(chunk);
      this.#queued += chunk.length;
      this.#receivedBytes += chunk.length;
      if (this.#queued >= RECEIVE_QUEUE_BYTES) socket.pause();
      this.#blocking.wake();
      this.#onData.fire({ arrived: chunk.length, waiting: this.#queued, beingRead: this.#readers > 0 });
    };
    const streamOnEnd = (): void => {
      this.#peerFin = true;
      if (this.#state === 'closed') return;
      // After our FIN too (fin-sent) the connection is over, yet the fd stays the student's until close(), as in
      // C: the state stays, so that close() says what its own FIN did rather than that the connection was gone.
      if (this.#state === 'established') this.#state = 'peer-closed';
      this.#blocking.wake();
      this.#onPeerFin.fire();
    };
    const streamOnError = (error: NodeJS.ErrnoException): void => {
      this.#error = error.code ?? 'EIO';
      this.#blocking.wake();
      if (this.#state !== 'closed') this.#onReset.fire(this.#error);
    };
    socket.on('data', streamOnData);
    socket.on('end', streamOnEnd);
    socket.on('error', streamOnError);
    this.#detach = () => {
      socket.off('data', streamOnData);
      socket.off('end', streamOnEnd);
      socket.off('error', streamOnError);
    };
  }

  #take(max: number): Uint8Array {
    const parts: Buffer[] = [];
    let size = 0;
    while (size < max && this.#queue.length > 0) {
      const head = this.#queue[0]!;
      const want = max - size;
      if (head.length <= want) {
        parts.push(head);
        size += head.length;
        this.#queue.shift();
      } else {
        parts.push(head.subarray(0, want));
        this.#queue[0] = head.subarray(want);
        size += want;
      }
    }
    this.#queued -= size;
    if (this.#queued < RECEIVE_QUEUE_BYTES / 2) this.#stream?.resume();
    return Buffer.concat(parts, size);
  }
}
