/**
 * A loopback port that never answers a SYN: a listener whose accept queue is full. Linux drops the SYNs a full
 * queue cannot take, so a connect() to it waits, as for a host that is down, while every packet stays on this
 * machine. Node accepts every connection on its own, so the listener is a small Python process that listens
 * with a backlog of 0 and never accepts; the first connection fills the queue.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

const LISTENER = [
  'import socket, sys, time',
  's = socket.socket()',
  "s.bind(('127.0.0.1', 0))",
  's.listen(0)',
  'print(s.getsockname()[1], flush=True)',
  'time.sleep(60)',
].join('\n');

export interface FullListener {
  readonly port: number;
  close(): void;
}

export async function startFullListener(): Promise<FullListener> {
  const child: ChildProcess = spawn('python3', ['-c', LISTENER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.setEncoding('utf8').once('data', (line: string) => resolve(Number(line.trim())));
  });
  // The queue holds one connection: this one, so that the next SYN finds it full.
  const filler = net.connect({ host: '127.0.0.1', port });
  await new Promise((resolve) => filler.once('connect', resolve));
  return {
    port,
    close() {
      filler.destroy();
      child.kill();
    },
  };
}
