/**
 * A typed event source in xterm.js's shape, shared by the page and the lab server (platform-free: no DOM, no
 * Node). The owner keeps the `Emitter` and fires it; others see only its `event` function, exposed as a
 * `readonly onX` property, and get a Disposable back to stop listening. A listener that throws cannot stop the
 * others from hearing the event, nor the code that fired it; the error goes to `Emitter.reportListenerError`.
 */

import type { Disposable } from './disposable';

export type { Disposable } from './disposable';

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  /** Where listener errors go; the lab server points it at its log, the page leaves it to the console. */
  static reportListenerError: (error: unknown) => void = (error) => {
    (globalThis as { reportError?: (error: unknown) => void }).reportError?.(error);
  };

  readonly #listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry = (value: T): void => listener(value);
    this.#listeners.add(entry);
    return {
      dispose: () => {
        this.#listeners.delete(entry);
      },
    };
  };

  get size(): number {
    return this.#listeners.size;
  }

  fire(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        Emitter.reportListenerError(error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
