/**
 * The LAN part of a capture whose lab host is not loopback: which interfaces it covers (`capture-scope.ts`,
 * read again at each capturer start), the proof that each one really is captured (one multicast canary per
 * interface, see `canary.ts`), what the running state says about it, and which sides of a frame are this
 * host's own addresses, for wildcard endpoints. The pipeline owns one only on a LAN lab host; the loopback path
 * has none and stays as it was.
 */

import { type Localized, localized } from '../../src/common/localized';
import { Canary } from './canary';
import { BOTH_LOCAL, type LocalSides, type PacketEndpoints } from './capture-demux';
import {
  type CaptureScope,
  type LanInterface,
  lanCaptureScope,
  localAddressKeys,
  MACHINE,
  scopeFilter,
} from './capture-scope';
import { cookedLink, type FrameLocation } from './frame-layers';
import { type AddressKey, addressKey, unmapIpv4 } from './ip-address';
import type { RawFrame } from './raw-frame';

const TEXT = localized({
  en: {
    capturing: (names: string) => `capturing on ${names}`,
    capturingLan: (names: string) => `capturing on ${names}: packets from the LAN are captured too`,
    notOnLan: (covered: string, reason: string) =>
      `capturing on ${covered} only, not on the LAN: ${clause(reason)}, so packets from boards on the LAN are not captured`,
    notOn: (covered: string, missed: string, reason: string) =>
      `capturing on ${covered}, but not on ${missed}: ${clause(reason)}, so packets from boards that reach this machine through ${missed} are not captured`,
    noLanCanary: (ms: number, name: string, group: string, port: number) =>
      `no canary datagram sent out of ${name} (to ${group}:${port}) came through the capture within ${ms} ms`,
    unproven: (covered: string, names: string) =>
      `${covered}; also on ${names}, which no canary can prove (no multicast there)`,
  },
  'zh-Hans': {
    capturing: (names) => `正在 ${names} 上抓包`,
    capturingLan: (names) => `正在 ${names} 上抓包：局域网上的数据包也能抓到`,
    notOnLan: (covered, reason) =>
      `只在 ${covered} 上抓包，没有抓局域网：${clause(reason)}，所以局域网上开发板的数据包抓不到`,
    notOn: (covered, missed, reason) =>
      `正在 ${covered} 上抓包，但没有抓 ${missed}：${clause(reason)}，所以经 ${missed} 到达本机的开发板数据包抓不到`,
    noLanCanary: (ms, name, group, port) =>
      `${ms} ms 内抓包没有收到从 ${name} 发出的探测数据报（发往 ${group}:${port}）`,
    unproven: (covered, names) => `${covered}；也在 ${names} 上抓包，但这些接口不支持组播，无法用探测数据报验证`,
  },
});

/** A reason that a clause follows: without its full stop, in either language. */
function clause(sentence: string): string {
  return sentence.replace(/[.。]$/, '');
}

/** How old the list of this host's addresses may get (DHCP renews, an address added by hand) before a re-read. */
const LOCAL_ADDRESSES_MAX_AGE_MS = 5000;
/** linux/if_packet.h PACKET_BROADCAST: a wildcard UDP socket receives these. */
const PACKET_BROADCAST = 1;
/** linux/if_packet.h PACKET_OUTGOING: sent by this host. */
const PACKET_OUTGOING = 4;
/** Until the first `refresh`: `lo` only, by Linux's fixed loopback index. */
const LOOPBACK_ONLY: CaptureScope = { interface: 'any', loopbackIndex: 1, lan: [] };

/** A LAN interface's canary and the address it is sent from: only our own datagrams prove our capture. */
interface LanCanary {
  readonly lan: LanInterface;
  readonly source: AddressKey | undefined;
  readonly canary: Canary;
}

export class LanCoverage {
  #scope: CaptureScope = LOOPBACK_ONLY;
  #canaries = new Map<number, LanCanary>();
  /** The LAN interfaces whose canary did not come through at the latest proof, with why. */
  #missed: { readonly name: string; readonly reason: Localized }[] = [];
  #localKeys: ReadonlySet<AddressKey> = new Set();
  #localKeysAt = 0;

  constructor(
    private readonly labHost: string,
    private readonly canaryPort: number,
    private readonly canaryIntervalMs: number,
  ) {}

  /** Reads the interfaces again: one may have come up, or an address moved, since the last capturer start. */
  async refresh(): Promise<void> {
    this.#scope = await lanCaptureScope(this.labHost);
    this.#localKeysAt = 0;
  }

  /** The BPF primitive for the covered interfaces. */
  get filter(): string {
    return scopeFilter(this.#scope);
  }

  get proving(): boolean {
    for (const { canary } of this.#canaries.values()) if (canary.proving) return true;
    return false;
  }

  /**
   * Proves every covered interface that can send multicast, at once; resolves when each has passed or failed
   * (an interface that fails is named by `describe`, it does not fail the capture).
   */
  async prove(timeoutMs: number): Promise<void> {
    const canaries = this.#scope.lan
      .filter(({ multicast }) => multicast)
      .map((lan) => ({
        lan,
        source: sourceKey(lan.address),
        canary: Canary.lanCanary(
          { address: lan.address, family: lan.family, interfaceName: lan.name },
          this.canaryPort,
          this.canaryIntervalMs,
        ),
      }));
    this.#canaries = new Map(canaries.map((entry) => [entry.lan.index, entry]));
    const results = await Promise.all(
      canaries.map(async ({ lan, canary }) => {
        const timeout = TEXT.noLanCanary(timeoutMs, lan.name, canary.destination, this.canaryPort);
        return { name: lan.name, reason: await canary.prove(timeoutMs, timeout) };
      }),
    );
    this.#missed = results.flatMap(({ name, reason }) => (reason === undefined ? [] : [{ name, reason }]));
  }

  /** Calls off every proof under way with `reason`. */
  failed(reason: Localized): void {
    for (const { canary } of this.#canaries.values()) canary.failed(reason);
  }

  /**
   * A canary frame came out of tshark. True when it was seen on a LAN interface (and, when it is ours, passed
   * that interface's proof); false when it was seen on `lo`, so it is the loopback canary's.
   */
  arrived(frame: RawFrame, location: FrameLocation | undefined): boolean {
    const link = cookedLink(frame.linkType, frame.data);
    if (link === undefined || link.interfaceIndex === this.#scope.loopbackIndex) return false;
    const entry = this.#canaries.get(link.interfaceIndex);
    // Another lab server on the same LAN sends the same canaries, from its own address: that proves nothing here.
    if (entry !== undefined && location !== undefined && location.src === entry.source) entry.canary.passed();
    return true;
  }

  /** What the running state says: where the capture captures, and what of the LAN it does not. */
  describe(): Localized {
    const scope = this.#scope;
    if (scope.missing !== undefined) return TEXT.notOnLan('lo', scope.missing);
    const provable = scope.lan.filter(({ multicast }) => multicast);
    const unproven = scope.lan.filter(({ multicast }) => !multicast).map(({ name }) => name);
    const proven = this.#proven(provable);
    return unproven.length === 0 ? proven : TEXT.unproven(proven, unproven.join(', '));
  }

  #proven(provable: readonly LanInterface[]): Localized {
    const missed = new Set(this.#missed.map(({ name }) => name));
    const covered = ['lo', ...provable.filter(({ name }) => !missed.has(name)).map(({ name }) => name)].join(', ');
    const first = this.#missed[0];
    if (first === undefined) return provable.length === 0 ? TEXT.capturing(covered) : TEXT.capturingLan(covered);
    if (missed.size === provable.length) return TEXT.notOnLan(covered, first.reason);
    return TEXT.notOn(covered, [...missed].join(', '), first.reason);
  }

  /**
   * Whether a frame may reach a session at all. One that arrives from the LAN with one of this host's own
   * addresses as its source is forged (another machine on the LAN can write any source): the kernel drops it
   * as a martian (accept_local is off), so no lab server ever saw it, but the capture sees it before routing,
   * and it would show on a session's timeline as sent by the session's own lab server.
   */
  admits(frame: RawFrame, endpoints: PacketEndpoints): boolean {
    const link = cookedLink(frame.linkType, frame.data);
    if (link === undefined || link.interfaceIndex === this.#scope.loopbackIndex) return true;
    return link.packetType === PACKET_OUTGOING || !this.#localAddresses().has(endpoints.src);
  }

  /**
   * Which sides of a frame are this host's addresses, for wildcard endpoints: on `lo` both; on a LAN interface
   * those whose address is the host's (a frame forwarded between two other hosts has neither), and the
   * destination of a broadcast, which a wildcard UDP socket receives.
   */
  localSides(frame: RawFrame, endpoints: PacketEndpoints): LocalSides {
    const link = cookedLink(frame.linkType, frame.data);
    if (link?.interfaceIndex === this.#scope.loopbackIndex) return BOTH_LOCAL;
    const local = this.#localAddresses();
    return {
      src: local.has(endpoints.src),
      dst: link?.packetType === PACKET_BROADCAST || local.has(endpoints.dst),
    };
  }

  #localAddresses(): ReadonlySet<AddressKey> {
    const now = Date.now();
    if (now - this.#localKeysAt > LOCAL_ADDRESSES_MAX_AGE_MS) {
      this.#localKeys = localAddressKeys(MACHINE.interfaces());
      this.#localKeysAt = now;
    }
    return this.#localKeys;
  }
}

function sourceKey(address: string): AddressKey | undefined {
  const key = addressKey(address);
  return key === undefined ? undefined : unmapIpv4(key);
}
