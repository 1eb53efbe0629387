/**
 * Who gets which packet: subscribers register the lab ports their session owns, and a packet reaches exactly
 * the subscribers of its source or destination port, once each even when it owns both. Nobody else's packets
 * can reach a session, which is what keeps a classroom's students apart on one shared capture.
 */

import type { Disposable } from '../../src/common/emitter';

export class CaptureDemux<L> {
  private readonly byPort = new Map<number, Set<L>>();

  add(ports: Iterable<number>, listener: L): Disposable {
    const owned = [...new Set(ports)];
    for (const port of owned) {
      let listeners = this.byPort.get(port);
      if (listeners === undefined) {
        listeners = new Set();
        this.byPort.set(port, listeners);
      }
      listeners.add(listener);
    }
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        for (const port of owned) {
          const listeners = this.byPort.get(port);
          listeners?.delete(listener);
          if (listeners?.size === 0) this.byPort.delete(port);
        }
      },
    };
  }

  has(port: number): boolean {
    return this.byPort.has(port);
  }

  /** The subscribers of either port, each once. */
  listenersFor(srcPort: number, dstPort: number): L[] {
    const first = this.byPort.get(srcPort);
    const second = srcPort === dstPort ? undefined : this.byPort.get(dstPort);
    if (second === undefined) return first === undefined ? [] : [...first];
    if (first === undefined) return [...second];
    return [...new Set([...first, ...second])];
  }

  /** Every subscriber, each once: a gap concerns them all. */
  all(): L[] {
    const every = new Set<L>();
    for (const listeners of this.byPort.values()) for (const listener of listeners) every.add(listener);
    return [...every];
  }

  get portCount(): number {
    return this.byPort.size;
  }
}
