/**
 * Which pages may open the lab WebSocket. A browser attaches the page's Origin to every WebSocket request, and
 * any website a student visits could try `new WebSocket('ws://127.0.0.1:8080/ws')` to drive their lab and,
 * through the shell, their loopback. Only pages this server served are allowed; the Host header is checked too,
 * so a DNS-rebinding name that points at 127.0.0.1 is refused as well. Pages served over HTTPS (HTTPS_CERT) have
 * an `https://` origin; behind a reverse proxy (TRUSTED_PROXIES) they have the proxy's, PUBLIC_HOST on the
 * scheme's default port.
 */

import { formatHostPort } from '../../src/protocol';
import { isLoopbackOrWildcard } from '../config';

export interface OriginPolicy {
  /** Whether a WebSocket upgrade with this Origin and Host comes from a page this server served. */
  allows(origin: string | undefined, host: string | undefined): boolean;
  /** Whether a request names a host this server answers to (every HTTP request is checked, not only upgrades). */
  allowsHost(host: string | undefined): boolean;
}

export function createOriginPolicy(options: {
  readonly host: string;
  readonly port: number;
  readonly publicHost: string;
  readonly extraOrigins: readonly string[];
  /** Set when the server itself serves HTTPS: its pages' origins are then `https://`. */
  readonly https?: object | undefined;
  readonly trustedProxies?: readonly string[];
}): OriginPolicy {
  const scheme = options.https === undefined ? 'http' : 'https';
  const hosts = new Set<string>();
  const bare = (name: string): string => (name.includes(':') ? `[${name}]` : name).toLowerCase();
  const add = (name: string): void => {
    hosts.add(formatHostPort(name, options.port).toLowerCase());
    // RFC 9110 §7.2: a client leaves the default port out of Host, and a browser out of Origin.
    if (options.port === (scheme === 'https' ? 443 : 80)) hosts.add(bare(name));
  };
  if (isLoopbackOrWildcard(options.host)) {
    add('127.0.0.1');
    add('localhost');
    add('::1');
  }
  if (options.host !== '0.0.0.0' && options.host !== '::') add(options.host);
  add(options.publicHost);
  const origins = new Set([...hosts].map((host) => `${scheme}://${host}`));
  if ((options.trustedProxies?.length ?? 0) > 0) {
    // A proxy that passes the page's Host on (Caddy does; nginx with `proxy_set_header Host $host`) serves the
    // pages at https://PUBLIC_HOST, or http:// on a proxy without TLS, each on its default port.
    const proxied = bare(options.publicHost);
    hosts.add(proxied);
    origins.add(`https://${proxied}`);
    origins.add(`http://${proxied}`);
  }
  for (const extra of options.extraOrigins) origins.add(extra.replace(/\/$/, ''));
  const allowsHost = (host: string | undefined): boolean => host !== undefined && hosts.has(host.toLowerCase());
  return {
    allows(origin, host) {
      return origin !== undefined && origins.has(origin) && allowsHost(host);
    },
    allowsHost,
  };
}
