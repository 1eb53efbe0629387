/**
 * A session's TLS key log: the NSS key log lines (`CLIENT_RANDOM …`, `SERVER_HANDSHAKE_TRAFFIC_SECRET …`) its
 * own TLS servers report through Node's `keylog` event, kept in memory and only ever appended to (DESIGN.md:
 * the dissector must never see a key log truncated in place). Its text goes into the session's pcapng as a
 * Decryption Secrets Block, so tshark and a student's Wireshark read the session's handshakes decrypted.
 *
 * Only well-formed lines are kept (label, the 32-byte client random in hex, the secret in hex): a line is data
 * from a TLS library, and a malformed one would make the dissector skip the rest of the file.
 */

/** NSS key log format: `LABEL <client random: 64 hex> <secret: hex>`. */
const LINE = /^([A-Z][A-Z0-9_]{0,63}) ([0-9a-fA-F]{64}) ((?:[0-9a-fA-F]{2}){16,128})$/;

export interface SessionKeyLogOptions {
  /** Default 256 KiB: a TLS 1.3 connection logs five lines of ~200 bytes, so ~250 connections' worth. */
  readonly maxBytes?: number;
}

export class SessionKeyLog {
  readonly #maxBytes: number;
  readonly #lines: string[] = [];
  #head = 0;
  #bytes = 0;
  #dropped = 0;
  #text: string | undefined = '';
  /** How many kept lines name each client random (lower-case hex). */
  readonly #randoms = new Map<string, number>();

  constructor(options: SessionKeyLogOptions = {}) {
    this.#maxBytes = options.maxBytes ?? 256 * 1024;
  }

  /**
   * Appends what a `keylog` event gave (one line, newline included; several lines are split). Returns how many
   * lines were kept; anything not in the NSS format is ignored.
   */
  append(data: Buffer | string): number {
    let kept = 0;
    for (const raw of data.toString('latin1').split('\n')) {
      const match = LINE.exec(raw.trim());
      if (match === null) continue;
      const line = `${match[1]} ${match[2]!.toLowerCase()} ${match[3]!.toLowerCase()}`;
      this.#lines.push(line);
      this.#bytes += line.length + 1;
      this.#count(match[2]!.toLowerCase(), 1);
      kept += 1;
    }
    if (kept === 0) return 0;
    this.#text = undefined;
    // Whole lines go, oldest first, so the file never holds half a line. That is safe for the page: a
    // connection's keys are logged during its handshake, so the oldest lines are the oldest connections', whose
    // frames the session's recording (also oldest-first, by bytes) drops as well, and their handshakes were read
    // long ago. All a dropped line costs is decrypting an old connection in the download.
    while (this.#bytes > this.#maxBytes && this.#head < this.#lines.length) {
      const oldest = this.#lines[this.#head]!;
      this.#bytes -= oldest.length + 1;
      this.#count(oldest.split(' ')[1]!, -1);
      this.#head += 1;
      this.#dropped += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#lines.length) {
      this.#lines.splice(0, this.#head);
      this.#head = 0;
    }
    return kept;
  }

  /** The key log file's content: every kept line, each ending in a newline; empty when there is none. */
  text(): string {
    this.#text ??= this.#lines.length === this.#head ? '' : `${this.#lines.slice(this.#head).join('\n')}\n`;
    return this.#text;
  }

  /** Some key of the connection whose ClientHello carried `clientRandom` (hex) is kept. */
  has(clientRandom: string): boolean {
    return this.#randoms.has(clientRandom.toLowerCase());
  }

  get lines(): number {
    return this.#lines.length - this.#head;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Lines that fell out of the budget. */
  get dropped(): number {
    return this.#dropped;
  }

  #count(random: string, delta: number): void {
    const count = (this.#randoms.get(random) ?? 0) + delta;
    if (count > 0) this.#randoms.set(random, count);
    else this.#randoms.delete(random);
  }
}
