/**
 * Hands out ports from the configured lab range. The pool only remembers which ports it lent; whether a port
 * is really free is found out by binding it (another program may hold it), so callers `tryBind` through
 * `bindInRange`, which walks the range from a rotating start and gives up with LAB_ERR_PORTS_EXHAUSTED.
 */

import { localized } from '../../src/common/localized';
import { LabError } from '../../src/protocol';

const TEXT = localized({
  en: { exhausted: (size: number, range: string) => `All ${size} ports of ${range} are in use.` },
  'zh-Hans': { exhausted: (size, range) => `端口范围 ${range} 的 ${size} 个端口都已被占用。` },
});

export class PortPool {
  readonly #first: number;
  readonly #last: number;
  readonly #lent = new Set<number>();
  #next: number;

  constructor(range: { readonly first: number; readonly last: number }) {
    this.#first = range.first;
    this.#last = range.last;
    // Start at a random place so two servers restarted in a row do not hand a new student the port an old
    // student's program may still be retrying.
    this.#next = range.first + Math.floor(Math.random() * (range.last - range.first + 1));
  }

  get lentCount(): number {
    return this.#lent.size;
  }

  isLent(port: number): boolean {
    return this.#lent.has(port);
  }

  contains(port: number): boolean {
    return port >= this.#first && port <= this.#last;
  }

  /**
   * Tries `bind(port)` on free ports of the range until one succeeds. `bind` rejects with an error whose
   * `code` is EADDRINUSE/EACCES for a taken port; any other error is final. The port stays lent until
   * `release(port)`.
   */
  async bindInRange<T>(bind: (port: number) => Promise<T>): Promise<{ port: number; value: T }> {
    const size = this.#last - this.#first + 1;
    // Bounded: every port of the range is tried at most once per call.
    for (let tried = 0; tried < size; tried++) {
      const port = this.#next;
      this.#next = port === this.#last ? this.#first : port + 1;
      if (this.#lent.has(port)) continue;
      this.#lent.add(port);
      try {
        const value = await bind(port);
        return { port, value };
      } catch (error) {
        this.#lent.delete(port);
        const code = (error as { code?: unknown }).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
      }
    }
    throw new LabError('LAB_ERR_PORTS_EXHAUSTED', TEXT.exhausted(size, `${this.#first}-${this.#last}`));
  }

  release(port: number): void {
    this.#lent.delete(port);
  }
}
