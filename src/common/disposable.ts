/**
 * Ownership of resources, after xterm.js's `Lifecycle.ts`: whatever a session starts (a server, a socket, a
 * timer, a capture subscription) is added to its store as a `Disposable`, and disposing the store releases
 * all of them, newest first, exactly once — even when one of them throws. The one `Disposable` of the code
 * base, platform-free: the page's listeners and the lab server's resources alike; disposing may be
 * asynchronous (a server that closes), and whoever does not need to wait for it need not.
 */

export interface Disposable {
  dispose(): void | Promise<void>;
}

export function toDisposable(dispose: () => void | Promise<void>): Disposable {
  return { dispose };
}

export class DisposableStore implements Disposable {
  readonly #items = new Set<Disposable>();
  #disposed = false;

  get isDisposed(): boolean {
    return this.#disposed;
  }

  get size(): number {
    return this.#items.size;
  }

  /** Adds an item; if the store is already disposed, the item is disposed at once instead of leaking. */
  add<T extends Disposable>(item: T): T {
    if (this.#disposed) {
      void Promise.resolve()
        .then(() => item.dispose())
        .catch(() => {});
    } else {
      this.#items.add(item);
    }
    return item;
  }

  /** Forgets an item the owner already released by itself (a socket that closed on its own). */
  delete(item: Disposable): void {
    this.#items.delete(item);
  }

  /** Releases everything, newest first; collects failures and reports them after all items had their turn. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const items = [...this.#items].reverse();
    this.#items.clear();
    const failures: unknown[] = [];
    for (const item of items) {
      try {
        await item.dispose();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} resources failed to close`);
  }
}
