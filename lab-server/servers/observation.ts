/**
 * What a lab server reports about its sockets. Observations are the raw material of both the socket-level
 * timeline a page shows and the checks a lab runs, so checks pass the same way whoever the client was: the
 * lab shell, a student's own program, or a board on the network.
 */

import type net from 'node:net';
import type { Disposable } from '../../src/common/disposable';
import { Emitter, type Event } from '../../src/common/emitter';
import type { Localized } from '../../src/common/localized';
import type { ServerEventKind, ServerInfo, TransportProtocol } from '../../src/protocol';
import type { ServerEndpoint } from '../capture';

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

/** A running lab server: what the page shows of it, and what it saw. Disposing it closes every socket. */
export interface RunningServer extends Disposable {
  readonly info: ServerInfo;
  /**
   * Where its sockets are bound, as the kernel reports it (`bindHost` may be a name such as `localhost`): the
   * capture gives the session exactly the packets to or from these endpoints, never just their port numbers.
   */
  readonly endpoints: readonly ServerEndpoint[];
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

/** Where a bound TCP server is bound, read back from the kernel, as the capture matches it. */
export function tcpEndpoint(server: net.Server): ServerEndpoint {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server is not bound to an IP address');
  return { transport: 'tcp', address: address.address, port: address.port };
}

/** What the page shows of a server of `kind` started with `options`. */
export function serverInfo(options: ServerStartOptions, kind: string, transport: TransportProtocol): ServerInfo {
  return { id: options.id, kind, title: options.title, transport, host: options.publicHost, port: options.port };
}

/** The emitter a server fires its observations through, and `observe`, which names the server in each. */
export function observer(server: string): {
  readonly observations: Emitter<Observation>;
  observe(observation: Omit<Observation, 'server'>): void;
} {
  const observations = new Emitter<Observation>();
  return { observations, observe: (observation) => observations.fire({ server, ...observation }) };
}
