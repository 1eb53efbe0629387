/**
 * The server restarted, on demand: a setting of n > 0 takes the server away now for n seconds, as a process that
 * died — its connections closed by the kernel, its port refusing connections (RST to a SYN, ECONNREFUSED to the
 * client) — and then it listens on the same port again, as the same program started again, and the setting
 * returns to 0 by itself. What a client's reconnect loop is for. The server kind does the going and coming back
 * (`RunningServer.restart`); a kind without it is offered as unavailable. No packet filter: a restart is
 * available where nftables is not.
 */

import { Emitter } from '../../src/common/emitter';
import { localized } from '../../src/common/localized';
import type { RunningServer } from '../servers/observation';
import type { ActiveFault, FaultDefinition } from './fault-kind';

const TEXT = localized({
  en: { cannot: (kind: string) => `A ${kind} server cannot be restarted.` },
  'zh-Hans': { cannot: (kind) => `${kind} 服务器不支持重启。` },
});

export const restartFault: FaultDefinition = {
  unavailable: ({ server }) => (server.restart === undefined ? TEXT.cannot(server.info.kind) : undefined),
  async start({ server }, value) {
    const fault = new Restart(server);
    await fault.set(value);
    return fault;
  },
};

class Restart implements ActiveFault {
  readonly #server: RunningServer;
  readonly #onChange = new Emitter<number>();
  #value = 0;
  /** Which `set` is the latest: only its server coming back returns the setting to 0. */
  #round = 0;

  readonly onChange = this.#onChange.event;

  constructor(server: RunningServer) {
    this.#server = server;
  }

  get value(): number {
    return this.#value;
  }

  /** n > 0: the server goes away now, for n s from now; 0: back at once, if it is away. */
  async set(value: number): Promise<void> {
    const round = ++this.#round;
    if (value === 0) {
      if (this.#value !== 0) await this.#server.restart?.(0);
      this.#value = 0;
      return;
    }
    const back = this.#server.restart?.(value * 1000);
    this.#value = value;
    void back?.then(() => {
      if (round !== this.#round || this.#value === 0) return;
      this.#value = 0;
      this.#onChange.fire(0);
    });
  }

  dispose(): void {
    // The server goes with the session; nothing to bring back. A server still away stays away.
    this.#round++;
    this.#onChange.dispose();
  }
}
