/**
 * A TCP lab server's connection slots. A server holds a bounded number of connections (a classroom of boards
 * reconnecting in a loop must not exhaust the machine's sockets), and when all are taken the one idle the
 * longest makes room for the newcomer — so a student whose program leaks a connection per attempt, or who left
 * a board connected, is never locked out of their own next attempt the way a plain `maxConnections` would
 * (which refuses the newest). The closed connection is reported, so the timeline says why it ended.
 */

import type net from 'node:net';

interface Slot {
  readonly connection: number;
  lastActive: number;
}

export class ConnectionSlots {
  readonly #capacity: number;
  readonly #slots = new Map<net.Socket, Slot>();
  readonly #now: () => number;

  constructor(capacity: number, now: () => number = Date.now) {
    this.#capacity = capacity;
    this.#now = now;
  }

  get size(): number {
    return this.#slots.size;
  }

  /**
   * Takes a slot for `socket`, first closing the connection idle the longest if every slot is taken. Returns
   * that connection's number and idle time, for the timeline, or undefined when nothing had to go.
   */
  admit(socket: net.Socket, connection: number): { connection: number; idleMs: number } | undefined {
    let evicted: { connection: number; idleMs: number } | undefined;
    if (this.#slots.size >= this.#capacity) {
      let idlest: [net.Socket, Slot] | undefined;
      for (const entry of this.#slots)
        if (idlest === undefined || entry[1].lastActive < idlest[1].lastActive) idlest = entry;
      if (idlest !== undefined) {
        const [victim, slot] = idlest;
        this.#slots.delete(victim);
        evicted = { connection: slot.connection, idleMs: this.#now() - slot.lastActive };
        victim.destroy();
      }
    }
    this.#slots.set(socket, { connection, lastActive: this.#now() });
    return evicted;
  }

  /** The connection moved bytes: it is not idle. */
  touch(socket: net.Socket): void {
    const slot = this.#slots.get(socket);
    if (slot !== undefined) slot.lastActive = this.#now();
  }

  release(socket: net.Socket): void {
    this.#slots.delete(socket);
  }

  /** Every socket holding a slot, for closing them all. */
  sockets(): IterableIterator<net.Socket> {
    return this.#slots.keys();
  }
}
