/**
 * What a fault kind is to the lab server: a way to tell, for one of a session's servers, whether the fault can act
 * on it here (and if not, why, in words for the lab panel), and a way to set it up there at a first setting. What
 * it sets up belongs to the session, which changes the setting as the student asks and disposes of it when it
 * ends. One file per kind beside this one (`packet-loss.ts`, `silence.ts`, `restart.ts`) and one line in
 * `index.ts` make a kind; the settings' bounds are the protocol's (`FAULT_SETTINGS`).
 */

import type { Disposable } from '../../src/common/disposable';
import type { Event } from '../../src/common/emitter';
import { type Localized, localized } from '../../src/common/localized';
import type { RunningServer } from '../servers/observation';
import type { FaultService } from './fault-service';

/** Where a fault acts: one of the session's servers, and the lab server's faults (undefined when turned off). */
export interface FaultTarget {
  readonly server: RunningServer;
  readonly service: FaultService | undefined;
}

/** A fault set up on one server for one session. Disposing it removes whatever it put in the kernel. */
export interface ActiveFault extends Disposable {
  /** The setting in effect now. */
  readonly value: number;
  /** Puts `value` (within the kind's bounds) in effect; resolves once it is. */
  set(value: number): Promise<void>;
  /** The setting changed by itself: a restarted server is back, and the restart's setting is 0 again. */
  readonly onChange: Event<number>;
}

export interface FaultDefinition {
  /** Why the fault cannot act on `target` here, in every language; undefined when it can. */
  unavailable(target: FaultTarget): Localized | undefined;
  /** Sets the fault up at `value`; called only where `unavailable` found nothing. */
  start(target: FaultTarget, value: number): Promise<ActiveFault>;
}

const TEXT = localized({
  en: { off: 'Faults are turned off on this lab server.' },
  'zh-Hans': { off: '这个实验服务器关闭了故障注入。' },
});

/** Why the faults that drop packets in the kernel cannot be set here; undefined where they can. */
export function packetFilterUnavailable(service: FaultService | undefined): Localized | undefined {
  return service === undefined ? TEXT.off : service.unavailable;
}

/** The event of a fault whose setting only ever changes when it is set. */
export const NEVER_CHANGES: Event<number> = () => ({ dispose: () => undefined });
