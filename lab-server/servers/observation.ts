/**
 * A running lab server as the session holds it — what the page shows of it, where its sockets are bound, what
 * it observes (the observations themselves are the lab kit's, `src/lab-kit/observation.ts`) — and what the
 * server kinds share to describe themselves.
 */

import type net from 'node:net';
import type { Disposable } from '../../src/common/disposable';
import { Emitter, type Event } from '../../src/common/emitter';
import type { Observation } from '../../src/lab-kit';
import type { ServerInfo, TransportProtocol } from '../../src/protocol';
import type { ServerEndpoint } from '../capture';
import type { ClassPki, ClientCredentials } from '../pki/pki';
import type { AssistantConsole } from './assistant-console';

/** A running lab server: what the page shows of it, and what it saw. Disposing it closes every socket. */
export interface RunningServer extends Disposable {
  readonly info: ServerInfo;
  /**
   * Where its sockets are bound, as the kernel reports it (`bindHost` may be a name such as `localhost`): the
   * capture gives the session exactly the packets to or from these endpoints, never just their port numbers.
   */
  readonly endpoints: readonly ServerEndpoint[];
  readonly onObservation: Event<Observation>;
  /**
   * Present where the kind can be restarted (the `restart` fault): takes the server away now, as a process that
   * died — by the time it returns, its connections are closed as the kernel closes a dying process's and its
   * port is not listened on, so a connect() is refused — and back on the same port `downMs` from now (a call
   * while it is down moves that moment; 0 brings it back at once). Resolves once it listens again.
   */
  restart?(downMs: number): Promise<void>;
  /** A network-assistant kind's console, for the lab shell's `listen` (see assistant-console.ts). */
  readonly assistant?: AssistantConsole;
}

export interface ServerStartOptions {
  readonly id: string;
  readonly title: string;
  /** Address to bind. */
  readonly bindHost: string;
  /** Address to advertise to students. */
  readonly publicHost: string;
  readonly port: number;
  /** What a TLS kind needs; every session passes it, and the other kinds ignore it. */
  readonly tls?: TlsServerContext;
  /** The student's byte budget, shared by all their servers; undefined: no limit (a student's own machine). */
  readonly traffic?: TrafficBudget | undefined;
}

/** Bytes per second a student's programs may send to their lab servers (sessions/traffic-budget.ts). */
export interface TrafficBudget {
  readonly bytesPerSecond: number;
  /** Spends what a TCP server read; resolves to how long it should stop reading (0: go on). */
  spend(bytes: number): number;
  /** Whether a UDP server may take a datagram of `bytes` (spending it), or must drop it. */
  admit(bytes: number): boolean;
}

/** The class PKI, and where a TLS kind's keys go so that the session's own capture can be read decrypted. */
export interface TlsServerContext {
  readonly pki: ClassPki;
  /**
   * Takes one line of the NSS key log format (Node's `keylog` event, newline included) for a connection of this
   * server. The session keeps its own servers' lines only, appends them (never truncating), and hands them to
   * the dissector and to the pcapng download as a decryption secrets block.
   */
  keylog(line: Buffer): void;
  /** The session's own client certificate (mutual TLS): the one the mTLS kind names as "yours". */
  readonly client?: ClientCredentials;
}

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
