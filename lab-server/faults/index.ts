/**
 * The fault kinds a lab may offer, by the protocol's names (`FAULT_KINDS`). Adding a kind means adding one file
 * beside this one (its `FaultDefinition`, see fault-kind.ts), its bounds to `FAULT_SETTINGS`, and one line here;
 * the compiler holds this map to exactly the protocol's kinds.
 */

import type { FaultKind } from '../../src/protocol';
import type { FaultDefinition } from './fault-kind';
import { lossFault } from './packet-loss';
import { restartFault } from './restart';
import { silenceFault } from './silence';

export type { ActiveFault, FaultDefinition, FaultTarget } from './fault-kind';

export const FAULTS: Readonly<Record<FaultKind, FaultDefinition>> = {
  loss: lossFault,
  silence: silenceFault,
  restart: restartFault,
};
