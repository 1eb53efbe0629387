/**
 * Turns a WebSocket into a duplex stream of frames — the only thing a session's connection sees. The readable
 * side yields one chunk per frame (a string for a text frame, a Uint8Array for a binary one); the writable
 * side takes strings and completes a write only once `ws` flushed it, so the stream's own buffering gives the
 * connection real backpressure. Ending the writable side with a `CloseFrame` closes the WebSocket with that
 * code and reason, so a page learns why even if it never read the last messages. Tests use `framePair()`
 * instead, with no socket at all (after ws's `test/duplex-pair.js`).
 */

import { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';

export type Frame = string | Uint8Array;

/** Written last (`stream.end(closeFrame(…))`): the close code and reason of the WebSocket close frame. */
export interface CloseFrame {
  readonly close: number;
  readonly reason: string;
}

export function closeFrame(code: number, reason = ''): CloseFrame {
  return { close: code, reason };
}

export function isCloseFrame(chunk: unknown): chunk is CloseFrame {
  return typeof chunk === 'object' && chunk !== null && typeof (chunk as CloseFrame).close === 'number';
}

export function webSocketFrames(ws: WebSocket): Duplex {
  const stream = new Duplex({
    objectMode: true,
    highWaterMark: 64,
    read() {
      ws.resume();
    },
    write(chunk: string | CloseFrame, _encoding, callback) {
      if (ws.readyState !== ws.OPEN) return callback();
      if (isCloseFrame(chunk)) {
        // RFC 6455 §5.5: a control frame's payload is at most 125 bytes; reasons are ASCII catalog codes.
        ws.close(chunk.close, chunk.reason.slice(0, 120));
        return callback();
      }
      ws.send(chunk, { binary: false }, (error) => callback(error ?? null));
    },
    final(callback) {
      if (ws.readyState === ws.OPEN) ws.close(1000, 'bye');
      callback();
    },
    destroy(error, callback) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.terminate();
      callback(error);
    },
  });
  ws.on('message', function wsOnMessage(data: RawData, isBinary: boolean) {
    const frame: Frame = isBinary ? toBytes(data) : toBytes(data).toString();
    // Stop reading from the socket while the session has not consumed what it has.
    if (!stream.push(frame)) ws.pause();
  });
  ws.on('close', function wsOnClose() {
    stream.push(null);
    stream.destroy();
  });
  ws.on('error', function wsOnError() {
    stream.destroy();
  });
  return stream;
}

function toBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Two connected in-memory frame streams: what one writes, the other reads. */
export function framePair(): [Duplex, Duplex] {
  let left: Duplex;
  let right: Duplex;
  const make = (peer: () => Duplex): Duplex =>
    new Duplex({
      objectMode: true,
      read() {},
      write(chunk: Frame | CloseFrame, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
    });
  left = make(() => right);
  right = make(() => left);
  return [left, right];
}
