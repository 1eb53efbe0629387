/**
 * The readiness canary. "Capturing on …" is printed before the kernel filter is really in place (DESIGN.md
 * measured packets 25 ms after it going missing), and with `inbound` on `lo` the very first packet after start
 * is lost too, so the capture only calls itself running once one of these datagrams, sent to a reserved port
 * inside the filter every few milliseconds, has come all the way through tshark. Nobody listens on the canary
 * port; the ICMP "port unreachable" that answers it is outside the filter. Canaries are sent only while a proof
 * is under way, and that is also the only time the capture lets them into tshark.
 *
 * A LAN interface gets its own canary (`lanCanary`): a datagram this host sends to itself never leaves `lo`,
 * so the canary is sent out of the interface, from the host's address on it, to a link-local multicast group
 * reserved for experiments (RFC 4727: 224.0.0.254, ff02::114) with a hop limit of 1. Nobody joins that group,
 * so other hosts drop it (most in their network card's multicast filter) and no router forwards it; the copy
 * the kernel would loop back to this host is switched off. A proof sends one such datagram every interval until the capture has seen one.
 */

import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Localized } from '../../src/common/localized';

const CANARY_PAYLOAD = Buffer.from('socketlab capture canary');

/** RFC 4727 (IANA: "RFC3692-style Experiment"): link-local groups for experiments, which nobody may depend on. */
const LAN_GROUP_IPV4 = '224.0.0.254';
const LAN_GROUP_IPV6 = 'ff02::114';

/** Where a canary leaves from: the host's address on a LAN interface, and that interface. */
export interface CanarySource {
  readonly address: string;
  readonly family: 4 | 6;
  readonly interfaceName: string;
}

export class Canary {
  private socket: Socket | undefined;
  private interval: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private settle: ((failure: Localized | undefined) => void) | undefined;

  constructor(
    private readonly address: string,
    private readonly port: number,
    private readonly intervalMs: number,
    private readonly source?: CanarySource,
  ) {}

  /** The canary of a LAN interface: multicast out of it, from `source.address` (see the file's comment). */
  static lanCanary(source: CanarySource, port: number, intervalMs: number): Canary {
    return new Canary(source.family === 4 ? LAN_GROUP_IPV4 : LAN_GROUP_IPV6, port, intervalMs, source);
  }

  /** Where the canaries go. */
  get destination(): string {
    return this.address;
  }

  /** True from `prove()` until the proof is settled. */
  get proving(): boolean {
    return this.settle !== undefined;
  }

  /**
   * Sends canaries until one is reported through `passed()`, a failure through `failed()`, or `timeoutMs` runs
   * out. Resolves `undefined` when a canary came through, else the reason it did not (`timeoutReason` on time-out).
   */
  prove(timeoutMs: number, timeoutReason: Localized): Promise<Localized | undefined> {
    this.stopSending();
    return new Promise((resolve) => {
      this.settle = (failure) => {
        this.settle = undefined;
        this.stopSending();
        resolve(failure);
      };
      this.deadline = setTimeout(() => this.failed(timeoutReason), timeoutMs);
      this.startSending();
    });
  }

  /** A canary came through: the capture works end to end. Nothing happens when no proof is under way. */
  passed(): void {
    this.settle?.(undefined);
  }

  /** The proof failed (or was called off) for `reason`. Nothing happens when no proof is under way. */
  failed(reason: Localized): void {
    this.settle?.(reason);
  }

  /** One datagram now and one every interval. Send errors are ignored: the next one may pass. */
  private startSending(): void {
    const socket = createSocket(isIPv6(this.address) ? 'udp6' : 'udp4');
    socket.on('error', () => {});
    this.socket = socket;
    const send = (): void => socket.send(CANARY_PAYLOAD, this.port, this.address, () => {});
    const source = this.source;
    if (source === undefined) {
      send();
      this.interval = setInterval(send, this.intervalMs);
      return;
    }
    // Bound to the host's address so the datagram says where it is from; the capture matches that address.
    const bindAddress = source.family === 6 ? `${source.address}%${source.interfaceName}` : source.address;
    socket.bind(0, bindAddress, () => {
      if (this.socket !== socket) return;
      try {
        socket.setMulticastInterface(source.family === 6 ? `::%${source.interfaceName}` : source.address);
        socket.setMulticastTTL(1);
        socket.setMulticastLoopback(false);
      } catch {
        // The interface went away meanwhile: nothing is sent, and the proof times out saying so.
      }
      send();
      this.interval = setInterval(send, this.intervalMs);
    });
  }

  private stopSending(): void {
    clearTimeout(this.deadline);
    clearInterval(this.interval);
    this.deadline = undefined;
    this.interval = undefined;
    this.socket?.close();
    this.socket = undefined;
  }
}
