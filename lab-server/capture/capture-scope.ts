/**
 * Which interfaces the capture covers when the lab servers are bound to a LAN address or a wildcard, so that a
 * board's packets reach its student's timeline. A loopback lab host needs none of this: the capture stays on
 * `lo` as it always was. Otherwise the capture runs on `any` and keeps, by interface index (libpcap's `ifindex`,
 * which needs the LINUX_SLL2 link type):
 *
 * - `lo`, incoming only: a program on this host that talks to the host's own LAN address goes over `lo`, not the
 *   LAN interface (measured). On `any` the kernel hands each loopback packet over twice, as sent and as
 *   received; libpcap drops the sent copy, but only after it has taken a ring slot (measured: 2 received by the
 *   filter, 1 captured), so `inbound` keeps it out of the ring, as on `lo`;
 * - every interface that carries the lab host's address, or, for a wildcard, every up interface that carries an
 *   address of this host and is nobody's port. A port of a bridge or a bond (a container's veth behind
 *   docker0, the Ethernet card under a virtual machines' bridge) shows every packet its bridge shows, so
 *   covering both would deliver a board's packets twice (measured: a bridge port keeps its IPv6 link-local
 *   address, so "has an address" alone does not tell it). An interface that comes up later is covered from the
 *   next capturer start.
 *
 * The scope also names this host's own addresses: on a LAN a wildcard endpoint `*:P` may only match a side of a
 * packet whose address is one of them (see `capture-demux.ts`); a packet this host merely forwards, say from a
 * container to some remote `R:P`, is none of a session's business.
 */

import { lookup } from 'node:dns/promises';
import { access, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { type NetworkInterfaceInfo, networkInterfaces } from 'node:os';
import { type Localized, localized } from '../../src/common/localized';
import { type AddressKey, addressKey, unmapIpv4 } from './ip-address';

const TEXT = localized({
  en: {
    noInterface: (host: string) => `no network interface of this machine has the address ${host}`,
    unresolved: (host: string, detail: string) => `${host} could not be resolved (${detail})`,
  },
  'zh-Hans': {
    noInterface: (host) => `本机没有哪个网络接口拥有地址 ${host}`,
    unresolved: (host, detail) => `无法解析 ${host}（${detail}）`,
  },
});

/** A non-loopback interface the capture covers, and the address of this host its canary is sent from. */
export interface LanInterface {
  readonly name: string;
  readonly index: number;
  readonly address: string;
  readonly family: 4 | 6;
  /** Whether it can send multicast, and so a canary; a WireGuard or other tunnel cannot. */
  readonly multicast: boolean;
}

export interface CaptureScope {
  /** Always `any`: one capturer sees every interface, the filter picks them. */
  readonly interface: 'any';
  readonly loopbackIndex: number;
  readonly lan: readonly LanInterface[];
  /** Why no LAN interface is covered, when none is. */
  readonly missing?: Localized;
}

/** What the kernel says of an interface: its index, and whether it is a port of a bridge or a bond. */
export interface InterfaceFacts {
  readonly index: number;
  readonly enslaved: boolean;
  readonly multicast: boolean;
}

/** What the scope is read from; the real machine by default, a table in unit tests. */
export interface ScopeSystem {
  readonly interfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** `undefined` when the interface is gone or cannot be read. */
  readonly interfaceFacts: (name: string) => Promise<InterfaceFacts | undefined>;
  readonly resolve: (host: string) => Promise<string[]>;
}

/** Linux gives `lo` index 1 in every network namespace (LOOPBACK_IFINDEX); read anyway, this is the fallback. */
const LOOPBACK_INDEX = 1;
const IFF_MULTICAST = 0x1000;

export const MACHINE: ScopeSystem = {
  interfaces: networkInterfaces,
  async interfaceFacts(name) {
    // sysfs shows the network namespace of the process that mounted it; `ip netns exec` mounts the namespace's.
    const directory = `/sys/class/net/${name}`;
    let index: number;
    try {
      index = Number((await readFile(`${directory}/ifindex`, 'utf8')).trim());
    } catch {
      return undefined;
    }
    if (!Number.isInteger(index) || index <= 0) return undefined;
    // A port has a `master` link to its bridge or bond.
    const enslaved = await access(`${directory}/master`).then(
      () => true,
      () => false,
    );
    // linux/if.h IFF_MULTICAST; an unreadable flags file is taken for multicast, and the canary then decides.
    const flags = await readFile(`${directory}/flags`, 'utf8').then(
      (text) => Number.parseInt(text.trim(), 16),
      () => IFF_MULTICAST,
    );
    return { index, enslaved, multicast: (flags & IFF_MULTICAST) !== 0 };
  },
  async resolve(host) {
    return (await lookup(host, { all: true })).map((entry) => entry.address);
  },
};

/** `localhost`, 127.0.0.0/8, `::1` and their IPv4-mapped forms: the lab is reached from this host only. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const key = addressKey(host);
  if (key === undefined) return false;
  const plain = unmapIpv4(key);
  return plain.startsWith('4/127.') || plain === `6/${'0'.repeat(31)}1`;
}

export function isWildcardHost(host: string): boolean {
  const key = addressKey(host);
  return key !== undefined && (unmapIpv4(key) === '4/0.0.0.0' || key === `6/${'0'.repeat(32)}`);
}

/** The scope for a lab host that is not loopback (the caller checks `isLoopbackHost` first). */
export async function lanCaptureScope(labHost: string, system: ScopeSystem = MACHINE): Promise<CaptureScope> {
  const loopbackIndex = (await system.interfaceFacts('lo'))?.index ?? LOOPBACK_INDEX;
  const wildcard = isWildcardHost(labHost);
  let wanted: Set<AddressKey> | undefined;
  if (!wildcard) {
    let addresses = [labHost];
    if (isIP(labHost) === 0) {
      try {
        addresses = await system.resolve(labHost);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return { interface: 'any', loopbackIndex, lan: [], missing: TEXT.unresolved(labHost, detail) };
      }
    }
    wanted = new Set(addresses.flatMap((address) => keyOf(address) ?? []));
  }
  const lan: LanInterface[] = [];
  for (const [name, infos] of Object.entries(system.interfaces())) {
    const own = (infos ?? []).filter(
      (info) => !info.internal && (wanted === undefined || wanted.has(keyOf(info.address) ?? '')),
    );
    // The canary is sent from the interface's IPv4 address when it has one: IPv4 multicast needs no scope id.
    const chosen = own.find((info) => info.family === 'IPv4') ?? own[0];
    if (chosen === undefined || name === 'lo') continue;
    const facts = await system.interfaceFacts(name);
    if (facts === undefined || facts.index === loopbackIndex || (wildcard && facts.enslaved)) continue;
    const family = chosen.family === 'IPv4' ? 4 : 6;
    lan.push({ name, index: facts.index, address: chosen.address, family, multicast: facts.multicast });
  }
  return lan.length > 0
    ? { interface: 'any', loopbackIndex, lan }
    : { interface: 'any', loopbackIndex, lan, missing: TEXT.noInterface(labHost) };
}

/**
 * The BPF primitive that picks the scope's interfaces: `lo` incoming only, each LAN interface both ways. It is
 * ANDed with the port filter; `ifindex` compiles only on `any` with the LINUX_SLL2 link type.
 */
export function scopeFilter(scope: CaptureScope): string {
  const loopback = `(ifindex ${scope.loopbackIndex} and inbound)`;
  return `(${[loopback, ...scope.lan.map(({ index }) => `ifindex ${index}`)].join(' or ')})`;
}

/** The keys of every address of this host now, loopback ones included. */
export function localAddressKeys(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): Set<AddressKey> {
  const keys = new Set<AddressKey>();
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      const key = keyOf(info.address);
      if (key !== undefined) keys.add(key);
    }
  }
  return keys;
}

function keyOf(address: string): AddressKey | undefined {
  const key = addressKey(address);
  return key === undefined ? undefined : unmapIpv4(key);
}
