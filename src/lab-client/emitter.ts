/**
 * A tiny typed event emitter in the shape xterm.js uses: an object exposes `readonly onX: Event<T>`, a function
 * that subscribes a listener and returns a disposable. It keeps the lab client free of DOM and Node event
 * classes, and a listener that throws cannot stop the others from hearing the event.
 */

export interface Disposable {
  dispose(): void;
}

/** Subscribes `listener`; call `dispose()` on the result to unsubscribe. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry = (value: T): void => listener(value);
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // Rethrown outside the loop, so the error still reaches the console and the remaining listeners run.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
