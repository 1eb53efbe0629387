/**
 * The one write path from the lab server to a page, bounded in bytes. A page that stops reading (a frozen tab,
 * a debugger, a hostile script) must cost the server a fixed amount of memory however much traffic its echo
 * servers keep seeing, so everything the page has not yet taken is counted in serialized bytes — what waits
 * here and what has been handed to the stream but not yet flushed by it:
 *
 * - **Bulk** messages (`packet`, `event`, `gap`) stop being queued once `bulkBytes` are pending. They are
 *   counted instead, and when the page has caught up it gets one `gap` marker (so its packet list shows where
 *   packets are missing) and one `LAB_ERR_PAGE_BEHIND` notice saying how many were skipped.
 * - **Everything else** (output, checks, questions, errors, pongs) is kept, terminal output coalesced into one
 *   message. If it would take the pending bytes past `maxPendingBytes`, the page is too far behind: the queue
 *   is dropped, the page is told why (`LAB_ERR_PAGE_TOO_SLOW`, close code 4000) and the connection closes. Its
 *   session waits for it as after a reload, and the page comes back with the session's scrollback and recent
 *   packets.
 *
 * The welcome is the one exception: it is the first message of a connection and its size is bounded by what
 * the session keeps (up to ~2.5 MB with 500 full-size packets), so it always goes out and is not counted.
 */

import type { Duplex } from 'node:stream';
import type { ServerMessage } from '../../src/protocol';

export interface OutboxLimits {
  /** Queued plus in-flight bytes past which the page is too far behind and is disconnected. */
  readonly maxPendingBytes: number;
  /** Pending bytes past which bulk messages (packets, events, gaps) are skipped and counted. */
  readonly bulkBytes: number;
  /** Bytes handed to the stream at once; the rest waits here, where it can still be coalesced or skipped. */
  readonly inFlightBytes: number;
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  maxPendingBytes: 1024 * 1024,
  bulkBytes: 256 * 1024,
  inFlightBytes: 64 * 1024,
};

/** How many bulk messages of each kind were skipped, and after which packet. */
export interface Skipped {
  readonly packets: number;
  readonly events: number;
  readonly gaps: number;
  /** The id of the last packet the page was sent before the first skipped one (0 if none). */
  readonly afterPacket: number;
  /** When skipping began, in seconds since the Unix epoch (packet time's unit). */
  readonly since: number;
}

interface Queued {
  readonly type: ServerMessage['type'];
  /** The serialized message; for coalesced output, the JSON string bodies of its pieces. */
  readonly parts: string[];
  bytes: number;
}

const OUTPUT_HEAD = '{"type":"output","data":"';
const OUTPUT_TAIL = '"}';

export class Outbox {
  readonly #stream: Duplex;
  readonly #limits: OutboxLimits;
  /** Called once when the page is too far behind; the owner closes the connection. */
  readonly #onTooSlow: (pendingBytes: number) => void;
  /** Builds the messages that tell the page what it missed (see `catchUp`). */
  readonly #onCaughtUp: (skipped: Skipped) => readonly ServerMessage[];
  readonly #queue: Queued[] = [];
  #queuedBytes = 0;
  #inFlightBytes = 0;
  #waitingForDrain = false;
  #closed = false;
  /** Set by `end`: the frame to end the stream with once everything queued is written. */
  #ending: unknown;
  #lastPacket = 0;
  #skipped: { packets: number; events: number; gaps: number; afterPacket: number; since: number } | undefined;

  constructor(
    stream: Duplex,
    options: {
      readonly limits?: OutboxLimits;
      readonly onTooSlow: (pendingBytes: number) => void;
      readonly onCaughtUp: (skipped: Skipped) => readonly ServerMessage[];
    },
  ) {
    this.#stream = stream;
    this.#limits = options.limits ?? DEFAULT_OUTBOX_LIMITS;
    this.#onTooSlow = options.onTooSlow;
    this.#onCaughtUp = options.onCaughtUp;
    stream.on('drain', () => {
      this.#waitingForDrain = false;
      this.#flush();
    });
  }

  /** Bytes the page has not taken yet: queued here or in the stream. */
  get pendingBytes(): number {
    return this.#queuedBytes + this.#inFlightBytes;
  }

  send(message: ServerMessage): void {
    if (this.#closed || this.#ending !== undefined) return;
    if (message.type === 'packet' || message.type === 'event' || message.type === 'gap') {
      if (this.#skipped !== undefined || this.pendingBytes >= this.#limits.bulkBytes) {
        this.#skip(message);
        return;
      }
      if (message.type === 'packet') this.#lastPacket = message.packet.id;
    }
    if (message.type === 'output') {
      this.#queueOutput(message.data);
    } else {
      const text = JSON.stringify(message);
      // The welcome is not counted: it would otherwise make a page that reads at full speed look far behind
      // while its first, largest message is on the way.
      const bytes = message.type === 'welcome' ? 0 : text.length;
      if (bytes > 0 && !this.#fits(bytes)) return;
      this.#push({ type: message.type, parts: [text], bytes });
    }
    this.#flush();
  }

  /** Takes no more messages, writes what is queued, then ends the stream with `last` (a close frame). */
  end(last: unknown): void {
    if (this.#closed || this.#ending !== undefined) return;
    this.#ending = last;
    this.#flush();
  }

  /** Stops sending; what is queued is dropped. The owner ends the stream. */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#queuedBytes = 0;
  }

  /** Writes what is queued, as far as the stream and the in-flight budget allow. */
  #flush(): void {
    if (this.#closed) return;
    // Bounded: each pass writes one queued message.
    while (!this.#waitingForDrain && this.#queue.length > 0 && !this.#stream.destroyed) {
      if (this.#inFlightBytes > 0 && this.#inFlightBytes >= this.#limits.inFlightBytes) return;
      const entry = this.#queue.shift()!;
      this.#queuedBytes -= entry.bytes;
      this.#inFlightBytes += entry.bytes;
      const text = entry.type === 'output' ? OUTPUT_HEAD + entry.parts.join('') + OUTPUT_TAIL : entry.parts[0]!;
      const accepted = this.#stream.write(text, () => {
        this.#inFlightBytes -= entry.bytes;
        this.#flush();
      });
      if (!accepted) this.#waitingForDrain = true;
    }
    if (this.#ending !== undefined) {
      if (this.#queue.length === 0) {
        this.#closed = true;
        this.#stream.end(this.#ending);
      }
      return;
    }
    this.#catchUp();
  }

  /** The page took enough to receive bulk messages again: it first hears what it missed. */
  #catchUp(): void {
    const skipped = this.#skipped;
    if (skipped === undefined || this.pendingBytes > this.#limits.bulkBytes / 2) return;
    this.#skipped = undefined;
    for (const message of this.#onCaughtUp(skipped)) {
      const text = JSON.stringify(message);
      if (!this.#fits(text.length)) return;
      this.#push({ type: message.type, parts: [text], bytes: text.length });
    }
    this.#flush();
  }

  #skip(message: ServerMessage): void {
    this.#skipped ??= { packets: 0, events: 0, gaps: 0, afterPacket: this.#lastPacket, since: Date.now() / 1000 };
    if (message.type === 'packet') this.#skipped.packets++;
    else if (message.type === 'event') this.#skipped.events++;
    else this.#skipped.gaps++;
  }

  #queueOutput(data: string): void {
    const quoted = JSON.stringify(data);
    const body = quoted.slice(1, -1);
    const last = this.#queue.at(-1);
    if (last?.type === 'output') {
      if (!this.#fits(body.length)) return;
      last.parts.push(body);
      last.bytes += body.length;
      this.#queuedBytes += body.length;
      return;
    }
    const bytes = OUTPUT_HEAD.length + body.length + OUTPUT_TAIL.length;
    if (!this.#fits(bytes)) return;
    this.#push({ type: 'output', parts: [body], bytes });
  }

  /**
   * Whether `bytes` more may be queued; if not, the page is too far behind and is given up on. Sizes are the
   * JSON text's length in UTF-16 code units: its UTF-8 size for ASCII, and what the string costs in memory to
   * within a factor of two otherwise, which is what the bound is for.
   */
  #fits(bytes: number): boolean {
    if (this.pendingBytes === 0 || this.pendingBytes + bytes <= this.#limits.maxPendingBytes) return true;
    const pending = this.pendingBytes + bytes;
    this.close();
    this.#onTooSlow(pending);
    return false;
  }

  #push(entry: Queued): void {
    this.#queue.push(entry);
    this.#queuedBytes += entry.bytes;
  }
}
