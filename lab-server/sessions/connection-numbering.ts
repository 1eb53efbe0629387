/**
 * A session's own numbers for its TCP connections, #1, #2 … in the order it first hears of each, shared by every
 * view of the page: the packet list, the ladder, the server timeline and the download. Two sources name a
 * connection: the capture, by its own connection number (global to the lab server: it counts every student's
 * connections, so it must never reach a page), and the session's lab servers, by a number per server. The
 * same TCP connection is recognised in both by its client endpoint and server port — the `peer` of the
 * server's `accept` and the client end of the captured packets — so whichever of the two arrives first (the
 * `accept` usually does: the capture delivers a packet a millisecond or so after the wire) takes the next
 * number, and the other side is given the same one. Each side links at most once, so a client port used again
 * later (a new connection after TIME_WAIT) gets a number of its own.
 */

import { formatHostPort, type Packet } from '../../src/protocol';

/** Remembered connections per kind; the oldest are forgotten first, so a flood of connections costs bounded memory. */
const MAX_REMEMBERED = 4096;

export interface NumberedEvent {
  readonly server: string;
  /** The connection's number within its server; 0 for the listening socket. */
  readonly connection: number;
  /** `host:port` of the client, on `accept`. */
  readonly peer?: string;
}

export class ConnectionNumbering {
  #next = 1;
  /** The capture's connection number → the session's. */
  readonly #byCapture = new Map<number, number>();
  /** `server#connection` → the session's number. */
  readonly #byServer = new Map<string, number>();
  /** Client endpoint → the number of a connection a server accepted whose packets have not been seen yet. */
  readonly #waitingForPackets = new Map<string, number>();
  /** Client endpoint → the number of a captured connection no server has accepted yet. */
  readonly #waitingForAccept = new Map<string, number>();

  /**
   * The packet as the page may see it: `tcp.connection` is the session's number. `serverPorts` are the session's
   * lab server ports, which tell the client end from the server end. UDP packets pass unchanged.
   */
  packet(packet: Packet, serverPorts: readonly number[]): Packet {
    const tcp = packet.tcp;
    if (tcp === undefined) return packet;
    let number = this.#byCapture.get(tcp.connection);
    if (number === undefined) {
      const endpoint = packetClientKey(packet, serverPorts);
      number = take(this.#waitingForPackets, endpoint) ?? this.#newNumber(this.#waitingForAccept, endpoint);
      remember(this.#byCapture, tcp.connection, number);
    }
    return { ...packet, tcp: { ...tcp, connection: number } };
  }

  /** The session's number for a server event's connection; 0 stays 0 (the listening socket). */
  event(event: NumberedEvent, serverPort: number | undefined): number {
    if (event.connection === 0) return 0;
    const key = `${event.server}#${event.connection}`;
    let number = this.#byServer.get(key);
    if (number === undefined) {
      // A connection's first event is its accept, which names the client; without a peer nothing can link.
      const endpoint = event.peer === undefined || serverPort === undefined ? undefined : `${event.peer}>${serverPort}`;
      number =
        (endpoint === undefined ? undefined : take(this.#waitingForAccept, endpoint)) ??
        this.#newNumber(this.#waitingForPackets, endpoint);
      remember(this.#byServer, key, number);
    }
    return number;
  }

  /** The next number, left waiting under `endpoint` for the other source to claim. */
  #newNumber(waiting: Map<string, number>, endpoint: string | undefined): number {
    const number = this.#next++;
    // A newer connection from the same endpoint replaces an older one still waiting: the newer is the one the
    // other source will report next.
    if (endpoint !== undefined) {
      waiting.delete(endpoint);
      remember(waiting, endpoint, number);
    }
    return number;
  }
}

/** `127.0.0.1:54122>20417`: the client end of a packet and the lab server's port, as an `accept` names them. */
function packetClientKey(packet: Packet, serverPorts: readonly number[]): string {
  const toServer = serverPorts.includes(packet.dstPort) || !serverPorts.includes(packet.srcPort);
  return toServer
    ? `${formatHostPort(packet.src, packet.srcPort)}>${packet.dstPort}`
    : `${formatHostPort(packet.dst, packet.dstPort)}>${packet.srcPort}`;
}

function take(waiting: Map<string, number>, endpoint: string): number | undefined {
  const number = waiting.get(endpoint);
  if (number !== undefined) waiting.delete(endpoint);
  return number;
}

function remember<K>(map: Map<K, number>, key: K, value: number): void {
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
}
