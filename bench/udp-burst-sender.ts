/**
 * The loopback client of the UDP burst section, run as a process of its own, as a student's program would be:
 * the lab server's event loop and the benchmark's pages are not the sender's. It sends `count` datagrams
 * `<prefix><n>` (n from 0) to 127.0.0.1:`port` at `rate` per second, paced by the clock — each turn of the event
 * loop sends what is due, so a late turn does not lower the rate — and reads the echoes. Once every datagram is
 * sent and the echoes had `settleMs` to come back, it prints one JSON line (`BurstSent`) and exits.
 *
 *   node --import tsx bench/udp-burst-sender.ts <port> <rate> <count> <prefix> [settleMs=500]
 */

import dgram from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BurstSent {
  /** Datagrams handed to the kernel, and those whose send reported an error. */
  readonly sent: number;
  readonly sendErrors: number;
  /** From the first datagram to the last, ms. */
  readonly sendMs: number;
  /** Echoes this socket received (its own receive buffer may have dropped some). */
  readonly echoes: number;
}

/** Sent per turn at most, so that reading the echoes is not starved by a late turn's catching up. */
const MAX_PER_TURN = 256;

const [port, rate, count, prefix, settle] = process.argv.slice(2);
const settings = {
  port: Number(port),
  rate: Number(rate),
  count: Number(count),
  prefix: prefix ?? 'u',
  settleMs: Number(settle ?? 500),
};
if (![settings.port, settings.rate, settings.count].every((value) => Number.isInteger(value) && value > 0)) {
  process.stderr.write('usage: udp-burst-sender.ts <port> <rate> <count> <prefix> [settleMs]\n');
  process.exit(2);
}

const socket = dgram.createSocket('udp4');
let echoes = 0;
let sendErrors = 0;
socket.on('message', function socketOnMessage() {
  echoes++;
});
socket.on('error', function socketOnError() {
  sendErrors++;
});
await new Promise<void>((resolve) => socket.connect(settings.port, '127.0.0.1', resolve));

const started = performance.now();
let sent = 0;
// Bounded: every turn sends what is due, and the clock makes one due every 1/rate s.
while (sent < settings.count) {
  const due = Math.min(settings.count, Math.floor(((performance.now() - started) / 1000) * settings.rate) + 1);
  const behind = due - sent;
  for (let turn = 0; sent < due && turn < MAX_PER_TURN; turn++, sent++) {
    socket.send(`${settings.prefix}${sent}`, (error) => {
      if (error) sendErrors++;
    });
  }
  // Caught up: wait for the timer rather than spin, so the sender does not take a core from what it measures.
  if (behind <= MAX_PER_TURN) await sleep(1);
  else await new Promise((resolve) => setImmediate(resolve));
}
const sendMs = performance.now() - started;
await sleep(settings.settleMs);
const result: BurstSent = { sent, sendErrors, sendMs, echoes };
process.stdout.write(`${JSON.stringify(result)}\n`);
socket.close();
