/**
 * The kinds of lab server a lab manifest may ask for, by name. Adding a kind (udp-echo, tls-echo, …) means
 * adding one file beside this one and one line here.
 */

import { startClosedPort } from './closed-port';
import type { RunningServer, ServerStartOptions } from './observation';
import { startTcpEcho } from './tcp-echo';
import { startTcpKeepaliveEcho } from './tcp-keepalive-echo';
import { startTcpReset } from './tcp-reset';
import { startTcpSlowReader } from './tcp-slow-reader';
import { startUdpEcho } from './udp-echo';

export type ServerKind =
  | 'tcp-echo'
  | 'closed-port'
  | 'udp-echo'
  | 'tcp-reset'
  | 'tcp-slow-reader'
  | 'tcp-keepalive-echo';

export const SERVER_KINDS: Readonly<Record<ServerKind, (options: ServerStartOptions) => Promise<RunningServer>>> = {
  'tcp-echo': startTcpEcho,
  'closed-port': startClosedPort,
  'udp-echo': startUdpEcho,
  'tcp-reset': startTcpReset,
  'tcp-slow-reader': startTcpSlowReader,
  'tcp-keepalive-echo': startTcpKeepaliveEcho,
};

export function isServerKind(value: string): value is ServerKind {
  return Object.hasOwn(SERVER_KINDS, value);
}
