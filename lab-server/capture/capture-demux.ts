/**
 * Who gets which packet: subscribers register the endpoints their session's lab servers hold — transport,
 * bound address and port — and a packet reaches exactly the subscribers owning its source or its destination
 * endpoint, once each even when they own both. The port alone would not do: a local user can listen on
 * `[::1]:P` beside a lab server on `127.0.0.1:P`, or send UDP from `127.0.0.1:P` beside its TCP socket, and
 * that traffic, which never touches the lab server, would reach the session and pass its checks.
 *
 * Why an endpoint is enough: while a lab server holds a bound socket on an endpoint, the kernel lets no other
 * unprivileged socket bind it (EADDRINUSE), so every segment to that endpoint is delivered to the lab server's
 * sockets and every segment from it was sent by them — the listener, or a connection it accepted, whose local
 * end is that same endpoint. Whoever connects to the endpoint really talks to the lab server; that is the
 * lab working as meant (a student's program, a board), not a forgery. Only root, who can inject frames on
 * `lo`, can forge more, and root can read every capture anyway.
 */

import type { Disposable } from '../../src/common/emitter';
import { type AddressKey, ANY_IPV4, ANY_IPV6, addressKey, unmapIpv4 } from './ip-address';
import type { TransportProtocol } from './packet';

/** An endpoint a lab server holds, as it was bound: an IP address (never a host name) or a wildcard. */
export interface ServerEndpoint {
  readonly transport: TransportProtocol;
  /** `127.0.0.1`, `::1`, …, or a wildcard: `0.0.0.0` (IPv4) or `::` (Node's dual-stack IPv6 and IPv4). */
  readonly address: string;
  readonly port: number;
}

/** A packet's two endpoints, from its raw bytes (`FrameLocation`) or from tshark's fields. */
export interface PacketEndpoints {
  readonly protocol: TransportProtocol;
  readonly src: AddressKey;
  readonly srcPort: number;
  readonly dst: AddressKey;
  readonly dstPort: number;
}

/**
 * Which sides of a packet are this host's own addresses, the only ones a wildcard endpoint may match. On `lo`
 * both always are; on a LAN interface the capture says (see `capture-scope.ts`).
 */
export interface LocalSides {
  readonly src: boolean;
  readonly dst: boolean;
}

export const BOTH_LOCAL: LocalSides = { src: true, dst: true };

/** Stands for every address of one IP version in a key; no address's key looks like it. */
const WILDCARD_4 = '4/*';
const WILDCARD_6 = '6/*';

export class CaptureDemux<L> {
  readonly #byEndpoint = new Map<string, Set<L>>();

  /** Throws a RangeError for an address that is not an IP address: only what was bound can be matched. */
  add(endpoints: Iterable<ServerEndpoint>, listener: L): Disposable {
    const owned = [...new Set([...endpoints].flatMap(endpointKeys))];
    for (const key of owned) {
      let listeners = this.#byEndpoint.get(key);
      if (listeners === undefined) {
        listeners = new Set();
        this.#byEndpoint.set(key, listeners);
      }
      listeners.add(listener);
    }
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        for (const key of owned) {
          const listeners = this.#byEndpoint.get(key);
          listeners?.delete(listener);
          if (listeners?.size === 0) this.#byEndpoint.delete(key);
        }
      },
    };
  }

  /**
   * Whether anybody owns either endpoint: the test run on every frame before it costs tshark anything. A
   * wildcard owns a side only when `local` says that side is this host's address.
   */
  wants(packet: PacketEndpoints, local: LocalSides = BOTH_LOCAL): boolean {
    return this.#owners(packet, local).length > 0;
  }

  /** The owners of either endpoint, each once; `local` as for `wants`. */
  listenersFor(packet: PacketEndpoints, local: LocalSides = BOTH_LOCAL): L[] {
    const owners = this.#owners(packet, local);
    if (owners.length === 0) return [];
    if (owners.length === 1) return [...owners[0]!];
    return [...new Set(owners.flatMap((listeners) => [...listeners]))];
  }

  /** Every subscriber, each once: a gap concerns them all. */
  all(): L[] {
    const every = new Set<L>();
    for (const listeners of this.#byEndpoint.values()) for (const listener of listeners) every.add(listener);
    return [...every];
  }

  /** How many distinct endpoint keys are subscribed (a wildcard `::` counts as two, see `endpointKeys`). */
  get endpointCount(): number {
    return this.#byEndpoint.size;
  }

  #owners({ protocol, src, srcPort, dst, dstPort }: PacketEndpoints, local: LocalSides): Set<L>[] {
    const owners: Set<L>[] = [];
    for (const key of [
      `${protocol} ${src} ${srcPort}`,
      local.src ? `${protocol} ${wildcardOf(src)} ${srcPort}` : undefined,
      `${protocol} ${dst} ${dstPort}`,
      local.dst ? `${protocol} ${wildcardOf(dst)} ${dstPort}` : undefined,
    ]) {
      if (key === undefined) continue;
      const listeners = this.#byEndpoint.get(key);
      if (listeners !== undefined && !owners.includes(listeners)) owners.push(listeners);
    }
    return owners;
  }
}

/**
 * The keys an endpoint owns. A wildcard owns its port on every address of the IP versions its socket accepts:
 * while `0.0.0.0:P` is bound no other socket can bind `a.b.c.d:P` for any IPv4 address, yet `[::1]:P` stays
 * free, so `0.0.0.0` owns IPv4 only; Node binds `::` dual-stack (libuv sets IPV6_V6ONLY to 0, whatever
 * net.ipv6.bindv6only says), which also holds every IPv4 address, so `::` owns both. This is sound because the
 * capture runs on `lo`, where every packet is between this host's own addresses: on a LAN interface a local
 * program's connection to some remote `R:P` would match the wildcard, so there it is narrowed to the sides
 * whose address is the host's own (`LocalSides`; a pipeline on an interface it knows nothing of refuses
 * wildcards).
 */
function endpointKeys({ transport, address, port }: ServerEndpoint): string[] {
  const parsed = addressKey(address);
  if (parsed === undefined) throw new RangeError(`${address} is not an IP address a lab server can be bound to`);
  const key = unmapIpv4(parsed);
  if (key === ANY_IPV4) return [`${transport} ${WILDCARD_4} ${port}`];
  if (key === ANY_IPV6) return [`${transport} ${WILDCARD_4} ${port}`, `${transport} ${WILDCARD_6} ${port}`];
  return [`${transport} ${key} ${port}`];
}

/** The wildcard key of an address's IP version: `4/…` → `4/*`. */
function wildcardOf(key: AddressKey): string {
  return key.startsWith('4/') ? WILDCARD_4 : WILDCARD_6;
}

/** Whether an endpoint is a wildcard, which only a capture that knows the host's addresses can match (see `endpointKeys`). */
export function isWildcard(endpoint: ServerEndpoint): boolean {
  return endpointKeys(endpoint).some((key) => key.includes('/*'));
}
