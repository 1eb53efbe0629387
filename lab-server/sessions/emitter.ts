/**
 * A typed event source in xterm.js's style: the owner keeps the `Emitter` and fires it; others see only its
 * `event` function, exposed as a `readonly onX` property, and get a Disposable back to stop listening.
 */

import type { Disposable } from './disposable-store';

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  readonly #listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.#listeners.add(listener);
    return {
      dispose: () => {
        this.#listeners.delete(listener);
      },
    };
  };

  fire(value: T): void {
    for (const listener of [...this.#listeners]) listener(value);
  }

  clear(): void {
    this.#listeners.clear();
  }
}
