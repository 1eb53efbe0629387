/**
 * One session of the capture section: its page (a `tcp-echo` lab session that streams `packet` messages), the
 * port of its echo server, the benchmark's TCP connection to that server, and the ledger of the payloads sent on
 * it. The echo is read from the capture, not from the socket, so the socket is only drained.
 */

import type net from 'node:net';
import type { PacedTarget } from './paced-sender';
import type { PacketPage } from './packet-page';
import { PayloadLedger } from './payload-ledger';
import { connectTcp } from './tcp-connect';

export class CaptureSession implements PacedTarget {
  readonly page: PacketPage;
  readonly echoPort: number;
  readonly ledger: PayloadLedger;
  /** Errors on the TCP connection after it was open. */
  tcpErrors = 0;
  #socket: net.Socket | undefined;
  #clientPort: number | undefined;

  constructor(page: PacketPage, echoPort: number) {
    this.page = page;
    this.echoPort = echoPort;
    this.ledger = new PayloadLedger(page.index);
  }

  /** The local port of the TCP connection, once it is open; it stays known after the connection closed. */
  get clientPort(): number | undefined {
    return this.#clientPort;
  }

  async connect(timeoutMs: number): Promise<void> {
    const socket = await connectTcp(this.echoPort, timeoutMs);
    this.#socket = socket;
    this.#clientPort = socket.localPort;
    socket.resume();
    socket.on('error', () => this.#socketOnError());
  }

  /** Counted as sent even if the connection is gone, so that it shows as missing. */
  sendPayload(): void {
    const payload = this.ledger.next();
    this.#socket?.write(payload);
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  #socketOnError(): void {
    this.tcpErrors++;
  }
}
