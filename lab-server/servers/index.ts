/**
 * The kinds of lab server a lab manifest may ask for, by name. Adding a kind (tls-echo, …) means adding one
 * file beside this one and one line here: the names labs may use follow from this map.
 */

import { startClosedPort } from './closed-port';
import { startMtlsEcho } from './mtls-echo';
import type { RunningServer, ServerStartOptions } from './observation';
import { startTcpAssistant } from './tcp-assistant';
import { startTcpEcho } from './tcp-echo';
import { startTcpKeepaliveEcho } from './tcp-keepalive-echo';
import { startTcpReset } from './tcp-reset';
import { startTcpSlowReader } from './tcp-slow-reader';
import { startTlsEcho } from './tls-echo';
import { startTlsExpired } from './tls-expired';
import { startTlsIncompleteChain } from './tls-incomplete-chain';
import { startTlsNotYetValid } from './tls-not-yet-valid';
import { startTlsRevoked } from './tls-revoked';
import { startTlsSelfSigned } from './tls-self-signed';
import { startTlsUntrustedRoot } from './tls-untrusted-root';
import { startTlsWeak } from './tls-weak';
import { startTlsWrongHost } from './tls-wrong-host';
import { startTls12Echo } from './tls12-echo';
import { startTls12RsaEcho } from './tls12-rsa-echo';
import { startUdpAssistant } from './udp-assistant';
import { startUdpEcho } from './udp-echo';

export type StartServer = (options: ServerStartOptions) => Promise<RunningServer>;

export const SERVER_KINDS = {
  'tcp-echo': startTcpEcho,
  'closed-port': startClosedPort,
  'udp-echo': startUdpEcho,
  'tcp-reset': startTcpReset,
  'tcp-slow-reader': startTcpSlowReader,
  'tcp-keepalive-echo': startTcpKeepaliveEcho,
  'tcp-assistant': startTcpAssistant,
  'udp-assistant': startUdpAssistant,
  'tls-echo': startTlsEcho,
  'tls12-echo': startTls12Echo,
  'tls12-rsa-echo': startTls12RsaEcho,
  'mtls-echo': startMtlsEcho,
  'tls-expired': startTlsExpired,
  'tls-not-yet-valid': startTlsNotYetValid,
  'tls-wrong-host': startTlsWrongHost,
  'tls-self-signed': startTlsSelfSigned,
  'tls-untrusted-root': startTlsUntrustedRoot,
  'tls-incomplete-chain': startTlsIncompleteChain,
  'tls-revoked': startTlsRevoked,
  'tls-weak': startTlsWeak,
} as const satisfies Readonly<Record<string, StartServer>>;

export type ServerKind = keyof typeof SERVER_KINDS;

/**
 * The kinds that speak TLS: a session of a lab with one of them issues its client certificate and keeps its own
 * key log before starting them, and reads those servers' handshakes from its capture.
 */
const TLS_SERVER_KINDS: ReadonlySet<string> = new Set<ServerKind>([
  'tls-echo',
  'tls12-echo',
  'tls12-rsa-echo',
  'mtls-echo',
  'tls-expired',
  'tls-not-yet-valid',
  'tls-wrong-host',
  'tls-self-signed',
  'tls-untrusted-root',
  'tls-incomplete-chain',
  'tls-revoked',
  'tls-weak',
]);

export function isTlsServerKind(kind: string): boolean {
  return TLS_SERVER_KINDS.has(kind);
}

export function isServerKind(value: string): value is ServerKind {
  return Object.hasOwn(SERVER_KINDS, value);
}

/** How to start a server of `kind`; throws for a kind the registry lacks (the lab registry refuses those at start). */
export function serverStarter(kind: string): StartServer {
  if (!isServerKind(kind))
    throw new Error(`no server kind "${kind}"; known kinds: ${Object.keys(SERVER_KINDS).join(', ')}`);
  return SERVER_KINDS[kind];
}
