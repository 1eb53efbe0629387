/**
 * The recent terminal output of a session, kept so that a reloaded page redraws the terminal it had. Output is
 * kept as the chunks the shell wrote: appending is O(1) however full it is (joining a 64 KiB string on every
 * keystroke made typing 6× slower), and dropping whole chunks never cuts an escape sequence in half.
 */

export class Scrollback {
  readonly #chunks: string[] = [];
  readonly #limit: number;
  #chars = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get isEmpty(): boolean {
    return this.#chunks.length === 0;
  }

  push(data: string): void {
    this.#chunks.push(data);
    this.#chars += data.length;
    // Bounded: each pass drops one chunk, and the newest is always kept.
    while (this.#chars > this.#limit && this.#chunks.length > 1) this.#chars -= this.#chunks.shift()!.length;
  }

  text(): string {
    return this.#chunks.join('');
  }
}
