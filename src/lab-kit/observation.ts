/**
 * What a lab server reports about its sockets. Observations are the raw material of both the socket-level
 * timeline a page shows and the checks a lab runs, so checks pass the same way whoever the client was: the
 * lab shell, a student's own program, or a board on the network.
 */

import type { Localized } from '../common/localized';
import type { ServerEventKind } from '../protocol';

export interface Observation {
  readonly server: string;
  /** The connection's number within its server, from 1; 0 for the listening socket. */
  readonly connection: number;
  readonly kind: ServerEventKind;
  readonly peer?: string;
  readonly bytes?: number;
  /** The payload (receive/send), trimmed to what checks and previews need. */
  readonly data?: Uint8Array;
  /** What the timeline says beside the event: an errno name, or a sentence in every language. */
  readonly note?: Localized;
}

/** How much of each payload an observation keeps: enough for every check and preview, bounded per event. */
export const OBSERVED_BYTES = 4096;
