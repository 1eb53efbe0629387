/**
 * A page that reads only when the test says so: an object-mode duplex whose writes complete one at a time on
 * `complete()`, as a WebSocket's do when the browser stops reading and TCP's window closes. What was written is
 * decoded with the page's own decoder. Also a packet message of realistic size, for floods.
 */

import { Duplex } from 'node:stream';
import { udpPacket } from '../../src/lab-client/packet-fixtures';
import { decodeServerMessage, type ServerMessage } from '../../src/protocol';
import { isCloseFrame } from '../transport/message-stream';

export interface PausedStream {
  readonly duplex: Duplex;
  /** Every text frame written so far (completed or not). */
  writes(): string[];
  writtenBytes(): number;
  messages(): ServerMessage[];
  /** The close frame the writer ended with, if any. */
  closedWith(): { close: number; reason: string } | undefined;
  /** Lets up to `count` pending writes complete (the page reads), running queued callbacks each time. */
  completeAll(count: number): void;
}

export function pausedStream(): PausedStream {
  const written: string[] = [];
  const pending: Array<() => void> = [];
  let closed: { close: number; reason: string } | undefined;
  const duplex = new Duplex({
    objectMode: true,
    highWaterMark: 16,
    read() {},
    write(chunk: unknown, _encoding, callback) {
      if (isCloseFrame(chunk)) {
        closed = chunk;
        callback();
        return;
      }
      written.push(chunk as string);
      pending.push(() => callback());
    },
  });
  return {
    duplex,
    writes: () => written,
    writtenBytes: () => written.reduce((sum, text) => sum + text.length, 0),
    messages: () => written.map((text) => decodeServerMessage(text)),
    closedWith: () => closed,
    completeAll(count) {
      // Bounded by `count`; callbacks run synchronously, so the writer refills `pending` as it goes.
      for (let i = 0; i < count && pending.length > 0; i++) pending.shift()!();
    },
  };
}

/** A `packet` message of a realistic size for floods: a 64-byte datagram to a lab port. */
export function packetMessage(id: number): ServerMessage {
  const payload = 'Hello,world! '.repeat(5).slice(0, 64);
  return {
    type: 'packet',
    packet: udpPacket(id, 1_700_000_000 + id / 1000, payload, CLIENT, SERVER),
  };
}

const CLIENT = { host: '127.0.0.1', port: 40000 };
const SERVER = { host: '127.0.0.1', port: 20417 };
