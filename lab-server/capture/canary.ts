/**
 * The readiness canary. "Capturing on …" is printed before the kernel filter is really in place (DESIGN.md
 * measured packets 25 ms after it going missing), and with `inbound` on `lo` the very first packet after start
 * is lost too, so the capture only calls itself running once one of these datagrams, sent to a reserved port
 * inside the filter every few milliseconds, has come all the way through tshark. Nobody listens on the canary
 * port; the ICMP "port unreachable" that answers it is outside the filter. Canaries are sent only while a proof
 * is under way, and that is also the only time the capture lets them into tshark.
 */

import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Localized } from '../../src/common/localized';

const CANARY_PAYLOAD = Buffer.from('socketlab capture canary');

export class Canary {
  private socket: Socket | undefined;
  private interval: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private settle: ((failure: Localized | undefined) => void) | undefined;

  constructor(
    private readonly address: string,
    private readonly port: number,
    private readonly intervalMs: number,
  ) {}

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
    send();
    this.interval = setInterval(send, this.intervalMs);
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
