/**
 * The lab shell's file descriptor table. New sockets take the lowest free number from 3 up — the POSIX rule
 * that makes a C student's first socket fd 3 (after stdin, stdout and stderr) — and the table is bounded, so a
 * loop of `connect`s ends in EMFILE rather than in a thousand open sockets. TCP and UDP sockets share the numbers,
 * as they share a process's descriptor table.
 */

import { ShellSocket } from './shell-socket';
import type { Target } from './target-policy';
import { UdpShellSocket } from './udp-socket';

/** A socket of the table: a TCP stream or a UDP datagram socket, told apart by `protocol`. */
export type TableSocket = ShellSocket | UdpShellSocket;

const FIRST_FD = 3;
export const MAX_SOCKETS = 16;

export class SocketTable {
  readonly #sockets = new Map<number, TableSocket>();
  /** Numbers held by the assistant's sockets (a listening socket, an accepted connection), which it owns. */
  readonly #reserved = new Set<number>();
  #lastUsed: number | undefined;

  /** Creates a TCP socket on the lowest free fd, or returns undefined when the table is full (EMFILE). */
  open(target: Target): ShellSocket | undefined {
    return this.#add((fd) => new ShellSocket(fd, target));
  }

  /** Creates a UDP socket on the lowest free fd, or returns undefined when the table is full (EMFILE). */
  openUdp(): UdpShellSocket | undefined {
    return this.#add((fd) => new UdpShellSocket(fd));
  }

  /**
   * Takes the lowest free fd for a socket the shell's assistant owns (`listen`, `accept`), or undefined when the
   * table is full (EMFILE); `release` frees it. `pick` and `list` know only the table's own sockets.
   */
  reserve(): number | undefined {
    for (let fd = FIRST_FD; fd < FIRST_FD + MAX_SOCKETS; fd++) {
      if (this.#free(fd)) {
        this.#reserved.add(fd);
        return fd;
      }
    }
    return undefined;
  }

  #free(fd: number): boolean {
    return !this.#sockets.has(fd) && !this.#reserved.has(fd);
  }

  #add<S extends TableSocket>(create: (fd: number) => S): S | undefined {
    for (let fd = FIRST_FD; fd < FIRST_FD + MAX_SOCKETS; fd++) {
      if (this.#free(fd)) {
        const socket = create(fd);
        this.#sockets.set(fd, socket);
        this.#lastUsed = fd;
        return socket;
      }
    }
    return undefined;
  }

  /** Frees the fd number (after close(2), the number may be reused). */
  release(fd: number): void {
    this.#reserved.delete(fd);
    this.#sockets.delete(fd);
    if (this.#lastUsed === fd) this.#lastUsed = [...this.#sockets.keys()].at(-1);
  }

  /** The socket `--fd N` names, or by default the one used last. */
  pick(fd: number | undefined): TableSocket | undefined {
    const chosen = fd ?? this.#lastUsed;
    const socket = chosen === undefined ? undefined : this.#sockets.get(chosen);
    if (socket !== undefined) this.#lastUsed = socket.fd;
    return socket;
  }

  list(): TableSocket[] {
    return [...this.#sockets.values()].sort((a, b) => a.fd - b.fd);
  }

  get size(): number {
    return this.#sockets.size;
  }

  destroyAll(): void {
    for (const socket of this.#sockets.values()) socket.destroy();
    this.#sockets.clear();
    this.#reserved.clear();
    this.#lastUsed = undefined;
  }
}
