/**
 * Finds the packets of one connection a lab server saw: the TCP connection between the server's port and the
 * client port of the server's connection record. The lab server captures on the loopback interface, so a
 * client on this machine is captured and a board on the network is not. A loopback client whose packets have
 * not arrived yet is waited for rather than judged without them, because tshark hands packets over a little
 * after the server's socket has seen the same events, and a check that passes stays passed.
 */

import type { CheckContext, ConnectionRecord } from '../../src/lab-kit';
import { type Conversation, conversationsWith, serverPort } from './tcp-conversation';

export type CapturedConnection =
  | { readonly kind: 'captured'; readonly conversation: Conversation }
  /** Capture runs and sees this connection, but none of its packets has arrived yet. */
  | { readonly kind: 'awaited' }
  /** No packets will show this connection: capture is off, or the client is not on this machine. */
  | { readonly kind: 'uncaptured' };

/** `127.0.0.1:51514` or `[::1]:51514`, as `formatHostPort` writes a peer. */
function parsePeer(peer: string): { readonly host: string; readonly port: number } | undefined {
  const match = /^\[?([^\]]*)\]?:(\d+)$/.exec(peer);
  if (match === null) return undefined;
  return { host: match[1] ?? '', port: Number(match[2]) };
}

function isLoopback(host: string): boolean {
  return host === '::1' || host.startsWith('127.');
}

export function capturedConnection(
  record: ConnectionRecord,
  context: CheckContext,
  server: string,
): CapturedConnection {
  const port = serverPort(context.servers, server);
  const peer = parsePeer(record.peer);
  if (!context.captureRunning || port === undefined || peer === undefined) return { kind: 'uncaptured' };
  // The newest: a client port used again after TIME_WAIT starts a new connection between the same two ports.
  const conversation = conversationsWith(context.packets, port)
    .filter((candidate) => candidate.clientPort === peer.port)
    .at(-1);
  if (conversation !== undefined) return { kind: 'captured', conversation };
  return isLoopback(peer.host) ? { kind: 'awaited' } : { kind: 'uncaptured' };
}
