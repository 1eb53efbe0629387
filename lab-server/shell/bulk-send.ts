/**
 * `send --bytes N`: one send(2) of N bytes of a repeating printable pattern, the way a program sends a file or a
 * burst of readings, for the flow-control lesson. A blocking send() returns once the kernel has taken the last
 * byte into its send buffer; when the peer does not read, that buffer and the peer's receive buffer fill, the
 * peer advertises a zero window (RFC 9293 §3.8.6.1), and send() waits. Node's writes never block, so the shell
 * writes the bytes in pieces, one after another, each once the previous one's write callback said the kernel
 * had taken it: the time until the last callback is what send() would have blocked. Bounded: at most 16 MiB,
 * at most the shell's own 60 s, and Ctrl-C ends it with the count the kernel had taken.
 */

import type { Errno, ShellSocket } from './shell-socket';

export const BULK_SEND = {
  maxBytes: 16 * 1024 * 1024,
  /** Each write the shell makes; a Ctrl-C may leave one of them on its way into the kernel. */
  pieceBytes: 64 * 1024,
  /** The shell's own limit: a blocking send() to a peer that never reads waits for ever. */
  timeoutMs: 60_000,
  /**
   * A piece whose write callback took this long waited for room in the send buffer: taking 64 KiB into a buffer
   * with room is a copy of microseconds, and a busy machine's event loop delays it by milliseconds, not this.
   */
  waitedMs: 100,
} as const;

/** The pattern: the alphabet again and again, so the bytes are printable and their place can be read off. */
const PATTERN = 'abcdefghijklmnopqrstuvwxyz';
const PATTERN_SOURCE = Buffer.alloc(BULK_SEND.pieceBytes + PATTERN.length, PATTERN);

/** `length` bytes of the pattern from byte `offset` of the whole send on. */
export function patternBytes(offset: number, length: number): Uint8Array {
  const start = offset % PATTERN.length;
  if (length <= BULK_SEND.pieceBytes) return PATTERN_SOURCE.subarray(start, start + length);
  return Buffer.alloc(length, PATTERN.slice(start) + PATTERN.slice(0, start));
}

/**
 * A byte count as typed: `65536`, `64K`, `8M` (K = 1024, M = 1024 K, either case); undefined when it is not one.
 * The bounds are the caller's to check, so it can say what they are.
 */
export function parseByteCount(text: string): number | undefined {
  const match = /^(\d{1,9})([kKmM]?)$/.exec(text);
  if (match === null) return undefined;
  const unit = match[2]!.toUpperCase();
  return Number(match[1]) * (unit === 'K' ? 1024 : unit === 'M' ? 1024 * 1024 : 1);
}

export interface BulkSendResult {
  /** Bytes the kernel took, by the write callbacks that came. */
  readonly accepted: number;
  readonly elapsedMs: number;
  /** Whether a write waited for room in the send buffer (see `BULK_SEND.waitedMs`). */
  readonly blocked: boolean;
  /** How it ended: all sent, Ctrl-C, the shell's timeout, or an error on the connection. */
  readonly end: 'done' | 'interrupted' | 'timeout' | Errno;
  /** Whether a write was still on its way into the kernel when it ended (after Ctrl-C or the timeout). */
  readonly pending: number;
}

/** Sends `total` bytes of the pattern, piece after piece, until all went, `signal` aborts or `timeoutMs` passes. */
export async function sendBulk(
  socket: Pick<ShellSocket, 'send'>,
  total: number,
  signal: AbortSignal,
  timeoutMs: number = BULK_SEND.timeoutMs,
): Promise<BulkSendResult> {
  const started = performance.now();
  const deadline = started + timeoutMs;
  let accepted = 0;
  let blocked = false;
  const result = (end: BulkSendResult['end'], pending = 0): BulkSendResult => ({
    accepted,
    elapsedMs: performance.now() - started,
    blocked,
    end,
    pending,
  });
  // Bounded: each pass sends one piece of at most `pieceBytes`, and there are total / pieceBytes of them.
  while (accepted < total) {
    if (signal.aborted) return result('interrupted');
    const size = Math.min(BULK_SEND.pieceBytes, total - accepted);
    const pieceStarted = performance.now();
    const outcome = await within(socket.send(patternBytes(accepted, size)), signal, deadline - pieceStarted);
    if (outcome === 'interrupted' || outcome === 'timeout') return result(outcome, size);
    if (typeof outcome !== 'number') return result(outcome);
    if (performance.now() - pieceStarted >= BULK_SEND.waitedMs) blocked = true;
    accepted += outcome;
  }
  return result('done');
}

/** The write's outcome, or `interrupted` once `signal` aborts, or `timeout` after `ms`, whichever comes first. */
function within<T>(write: Promise<T>, signal: AbortSignal, ms: number): Promise<T | 'interrupted' | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done('timeout'), Math.max(0, ms));
    const onAbort = (): void => done('interrupted');
    signal.addEventListener('abort', onAbort, { once: true });
    void write.then(done);
    function done(outcome: T | 'interrupted' | 'timeout'): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    }
  });
}
