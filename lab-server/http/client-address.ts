/**
 * Who a request comes from, for the per-client limits: the peer's address, or — when the peer is a reverse
 * proxy the instructor named in TRUSTED_PROXIES — the address the proxy says it forwarded for. A header from
 * anyone else is ignored, since any client can write `X-Forwarded-For: <someone else>` to spend another's
 * quota or escape its own. (Classroom mode will count per joined student instead.)
 */

import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export function clientOf(request: IncomingMessage, trustedProxies: readonly string[]): string {
  const peer = peerAddress(request);
  if (!trustedProxies.includes(peer)) return peer;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => normalize(hop.trim()))
    .filter((hop) => isIP(hop) !== 0);
  // Each proxy appends the address it received from, so the first hop from the right that is not one of
  // ours is the client; what stands left of it was written by the client itself and proves nothing.
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(hops[i]!)) return hops[i]!;
  }
  return peer;
}

/** The address the request's connection comes from, as TRUSTED_PROXIES names addresses. */
export function peerAddress(request: Pick<IncomingMessage, 'socket'>): string {
  return normalize(request.socket.remoteAddress ?? 'unknown');
}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is the same client as `127.0.0.1`. */
function normalize(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}
