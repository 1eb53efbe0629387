/**
 * The readiness canary. "Capturing on …" is printed before the kernel filter is really in place (DESIGN.md
 * measured packets 25 ms after it going missing), and with `inbound` on `lo` the very first packet after start
 * is lost too, so the capture only calls itself running once one of these datagrams, sent to a reserved port
 * inside the filter every few milliseconds, has come all the way through tshark. Nobody listens on the canary
 * port; the ICMP "port unreachable" that answers it is outside the filter.
 */

import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

export const CANARY_PAYLOAD = Buffer.from('socketlab capture canary');

export class Canary {
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly address: string,
    private readonly port: number,
    private readonly intervalMs: number,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Sends one datagram now and one every interval until `stop()`. Send errors are ignored: the next one may pass. */
  start(): void {
    if (this.timer !== undefined) return;
    const socket = createSocket(isIPv6(this.address) ? 'udp6' : 'udp4');
    socket.on('error', () => {});
    this.socket = socket;
    const send = (): void => socket.send(CANARY_PAYLOAD, this.port, this.address, () => {});
    send();
    this.timer = setInterval(send, this.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.socket?.close();
    this.socket = undefined;
  }
}
