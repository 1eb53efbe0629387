/**
 * One UDP socket of the lab shell, behaving like a BSD datagram socket seen from C: no connection and nothing on
 * the wire until a datagram is sent; each `sendto` is one datagram and each `recvfrom` takes one whole datagram,
 * cutting what does not fit the buffer (MSG_TRUNC). `connect` only fixes the default peer, and only then does an
 * ICMP port unreachable come back as ECONNREFUSED on the next call (UNIX Network Programming vol. 1, §8.11). The
 * receive queue is bounded and, when full, drops what arrives, as the kernel drops datagrams for a full buffer.
 */

import dgram from 'node:dgram';
import net from 'node:net';
import { Emitter, type Event } from '../../src/common/emitter';
import { formatHostPort } from '../../src/protocol';
import { BlockingCall } from './blocking-call';
import type { Errno, ShellTimeout } from './shell-socket';
import type { Target } from './target-policy';

export type UdpState = 'unconnected' | 'connected' | 'closed';

export interface Datagram {
  readonly data: Buffer;
  /** The sender, `host:port`. */
  readonly from: string;
}

/** One datagram read: at most the buffer's size of it, and how long it was whole. */
export interface DatagramRead {
  readonly data: Uint8Array;
  readonly from: string;
  readonly size: number;
}

export interface DatagramArrival {
  readonly datagram: Datagram;
  /** Whether a recvfrom is waiting for it right now. */
  readonly beingRead: boolean;
}

/** What the shell queues before it drops datagrams, as a full receive buffer would. */
const QUEUE_DATAGRAMS = 64;
const QUEUE_BYTES = 256 * 1024;

export class UdpShellSocket {
  readonly protocol = 'udp';
  readonly fd: number;
  #socket: dgram.Socket | undefined;
  #local: string | undefined;
  #peer: Target | undefined;
  #closed = false;
  readonly #queue: Datagram[] = [];
  #queuedBytes = 0;
  #sentBytes = 0;
  #receivedBytes = 0;
  /** An error the kernel holds for the next call (SO_ERROR), as an ICMP port unreachable leaves it. */
  #pendingError: string | undefined;
  readonly #blocking = new BlockingCall();
  #readers = 0;
  readonly #onDatagram = new Emitter<DatagramArrival>();
  readonly #onError = new Emitter<string>();
  readonly #onDrop = new Emitter<Datagram>();

  readonly onDatagram: Event<DatagramArrival> = this.#onDatagram.event;
  /** The kernel reported an error for the socket (ECONNREFUSED); the next call returns it. */
  readonly onError: Event<string> = this.#onError.event;
  /** A datagram arrived while the queue was full, and was dropped. */
  readonly onDrop: Event<Datagram> = this.#onDrop.event;

  constructor(fd: number) {
    this.fd = fd;
  }

  get state(): UdpState {
    if (this.#closed) return 'closed';
    return this.#peer === undefined ? 'unconnected' : 'connected';
  }
  /** The bound address, or `*` before the first sendto or connect binds it. */
  get local(): string {
    return this.#local ?? '*';
  }
  /** The default peer, or `*` when unconnected. */
  get remote(): string {
    return this.#peer === undefined ? '*' : formatHostPort(this.#peer.host, this.#peer.port);
  }
  get peer(): Target | undefined {
    return this.#peer;
  }
  get bound(): boolean {
    return this.#local !== undefined;
  }
  get unread(): number {
    return this.#queuedBytes;
  }
  get unreadDatagrams(): number {
    return this.#queue.length;
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

  /**
   * connect(2) on a datagram socket: no packet, only the default peer fixed (and the socket bound, as the kernel
   * binds it). Connecting again changes the peer, as it does in C.
   */
  async connect(target: Target): Promise<Errno | undefined> {
    const refused = this.#refuseFamily(target);
    if (refused !== undefined) return refused;
    const socket = await this.#bind();
    if ('errno' in socket) return socket;
    if (this.#peer !== undefined) socket.disconnect();
    this.#peer = undefined;
    return new Promise((resolve) => {
      const onError = (error: NodeJS.ErrnoException): void => resolve({ errno: error.code ?? 'EIO' });
      socket.once('error', onError);
      socket.connect(target.port, target.host, () => {
        socket.off('error', onError);
        this.#peer = target;
        resolve(undefined);
      });
    });
  }

  /** sendto(2), or send(2) to the default peer when `target` is undefined: one datagram, whole or not at all. */
  async send(bytes: Uint8Array, target: Target | undefined): Promise<number | Errno> {
    if (this.#closed) return { errno: 'EBADF' };
    const pending = this.#takeError();
    if (pending !== undefined) return pending;
    const to = target ?? this.#peer;
    if (to === undefined) return { errno: 'EDESTADDRREQ' };
    const refused = this.#refuseFamily(to);
    if (refused !== undefined) return refused;
    // BSD refuses an address on a connected socket; node:dgram does too, so the shell says what BSD says.
    if (target !== undefined && this.#peer !== undefined && !samePlace(target, this.#peer)) return { errno: 'EISCONN' };
    const socket = await this.#bind();
    if ('errno' in socket) return socket;
    return new Promise((resolve) => {
      const done = (error: Error | null): void => {
        if (error) resolve({ errno: (error as NodeJS.ErrnoException).code ?? 'EIO' });
        else {
          this.#sentBytes += bytes.length;
          resolve(bytes.length);
        }
      };
      try {
        if (this.#peer !== undefined) socket.send(bytes, done);
        else socket.send(bytes, to.port, to.host, done);
      } catch (error) {
        // A datagram larger than UDP can carry (65,507 bytes over IPv4) is refused at once.
        resolve({ errno: (error as NodeJS.ErrnoException).code === 'EMSGSIZE' ? 'EMSGSIZE' : 'EIO' });
      }
    });
  }

  /**
   * recvfrom(2): the next datagram, cut to `max` bytes, waiting up to `timeoutMs` for one (the shell's own limit:
   * a blocking recvfrom() waits for ever). A pending error (ECONNREFUSED) is returned instead, once.
   */
  async recv(max: number, timeoutMs: number, signal: AbortSignal): Promise<DatagramRead | Errno | ShellTimeout> {
    this.#readers++;
    try {
      return await this.#blocking.until<DatagramRead | Errno>(
        () => {
          const datagram = this.#queue.shift();
          if (datagram !== undefined) {
            this.#queuedBytes -= datagram.data.length;
            return { data: datagram.data.subarray(0, max), from: datagram.from, size: datagram.data.length };
          }
          return this.#takeError() ?? (this.#closed ? { errno: 'EBADF' } : undefined);
        },
        timeoutMs,
        signal,
      );
    } finally {
      this.#readers--;
    }
  }

  /** close(2): nothing goes on the wire; queued datagrams are thrown away. Returns how many there were. */
  close(): number {
    const discarded = this.#queue.length;
    this.destroy();
    return discarded;
  }

  /** Drops the socket at once. */
  destroy(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    this.#socket?.close();
    this.#socket = undefined;
    this.#blocking.wake();
    this.#onDatagram.clear();
    this.#onError.clear();
    this.#onDrop.clear();
  }

  /** The socket's one family: `socket udp` makes AF_INET, which cannot reach an IPv6 address. */
  #refuseFamily(target: Target): Errno | undefined {
    return net.isIPv6(target.host) ? { errno: 'EAFNOSUPPORT' } : undefined;
  }

  #takeError(): Errno | undefined {
    const errno = this.#pendingError;
    this.#pendingError = undefined;
    return errno === undefined ? undefined : { errno };
  }

  /**
   * Binds on first use, as the kernel binds an unbound socket at its first sendto or connect; to loopback, since
   * the shell reaches nothing else.
   */
  async #bind(): Promise<dgram.Socket | Errno> {
    if (this.#socket !== undefined) return this.#socket;
    const socket = dgram.createSocket({ type: 'udp4' });
    const failure = await new Promise<Errno | undefined>((resolve) => {
      const onError = (error: NodeJS.ErrnoException): void => resolve({ errno: error.code ?? 'EIO' });
      socket.once('error', onError);
      socket.bind(0, '127.0.0.1', () => {
        socket.off('error', onError);
        resolve(undefined);
      });
    });
    if (failure !== undefined) {
      socket.close();
      return failure;
    }
    if (this.#closed) {
      socket.close();
      return { errno: 'EBADF' };
    }
    const address = socket.address();
    this.#local = formatHostPort(address.address, address.port);
    this.#socket = socket;
    socket.on('message', (data, remote) => this.#socketOnMessage(data, formatHostPort(remote.address, remote.port)));
    socket.on('error', (error: NodeJS.ErrnoException) => this.#socketOnError(error.code ?? 'EIO'));
    return socket;
  }

  #socketOnMessage(data: Buffer, from: string): void {
    const datagram = { data, from };
    this.#receivedBytes += data.length;
    if (this.#queue.length >= QUEUE_DATAGRAMS || this.#queuedBytes + data.length > QUEUE_BYTES) {
      this.#onDrop.fire(datagram);
      return;
    }
    this.#queue.push(datagram);
    this.#queuedBytes += data.length;
    const beingRead = this.#readers > 0;
    this.#blocking.wake();
    this.#onDatagram.fire({ datagram, beingRead });
  }

  /** Only a connected socket hears of an ICMP port unreachable: the kernel holds it for the next call. */
  #socketOnError(errno: string): void {
    if (this.#closed) return;
    this.#pendingError = errno;
    this.#blocking.wake();
    this.#onError.fire(errno);
  }
}

function samePlace(a: Target, b: Target): boolean {
  return a.host === b.host && a.port === b.port;
}
