/**
 * What a lab server reports about its sockets. Observations are the raw material of both the socket-level
 * timeline a page shows and the checks a lab runs, so checks pass the same way whoever the client was: the
 * lab shell, a student's own program, or a board on the network.
 */

import type { Event } from '../../src/common/emitter';
import type { ServerEventKind, ServerInfo } from '../../src/protocol';
import type { Disposable } from '../sessions/disposable-store';

export interface Observation {
  readonly server: string;
  /** The connection's number within its server, from 1; 0 for the listening socket. */
  readonly connection: number;
  readonly kind: ServerEventKind;
  readonly peer?: string;
  readonly bytes?: number;
  /** The payload (receive/send), trimmed to what checks and previews need. */
  readonly data?: Uint8Array;
  readonly note?: string;
}

/** A running lab server: what the page shows of it, and what it saw. Disposing it closes every socket. */
export interface RunningServer extends Disposable {
  readonly info: ServerInfo;
  readonly onObservation: Event<Observation>;
}

export interface ServerStartOptions {
  readonly id: string;
  readonly title: string;
  /** Address to bind. */
  readonly bindHost: string;
  /** Address to advertise to students. */
  readonly publicHost: string;
  readonly port: number;
}

/** How much of each payload an observation keeps: enough for every check and preview, bounded per event. */
export const OBSERVED_BYTES = 4096;
