/**
 * The named pipe between the capture and tshark. tshark refuses to read a pcap from a socket, and Node's
 * child-process pipes are sockets (DESIGN.md, "Capture"), so tshark reads a FIFO in the capture's private temp
 * directory. The write end is opened non-blocking, so that a tshark that never opens the FIFO cannot park a
 * libuv thread-pool thread in `open(2)` forever, and then handed to `net.Socket`, which writes to it from the
 * event loop with normal backpressure.
 */

import { execFile } from 'node:child_process';
import { constants, open } from 'node:fs';
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export async function makeFifo(path: string): Promise<void> {
  await execFileAsync('mkfifo', ['-m', '600', path]);
}

export interface OpenFifoWriterOptions {
  readonly timeoutMs: number;
  /** Polled between attempts: stop trying as soon as the reader is known to be gone. */
  readonly readerAlive: () => boolean;
  readonly retryMs?: number;
}

/**
 * Opens the FIFO's write end once a reader has opened the other end: until then `open(O_WRONLY|O_NONBLOCK)`
 * fails with ENXIO (fifo(7)). Resolves `undefined` if the reader died or the time ran out.
 */
export async function openFifoWriter(path: string, options: OpenFifoWriterOptions): Promise<Socket | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  const retryMs = options.retryMs ?? 10;
  while (Date.now() < deadline && options.readerAlive()) {
    const fd = await tryOpen(path);
    if (fd !== undefined) {
      const socket = new Socket({ fd, readable: false, writable: true });
      return socket;
    }
    await sleep(retryMs);
  }
  return undefined;
}

function tryOpen(path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    open(path, constants.O_WRONLY | constants.O_NONBLOCK, (error, fd) => {
      if (error === null) resolve(fd);
      else if (error.code === 'ENXIO') resolve(undefined);
      else reject(error);
    });
  });
}
