/**
 * Which pages may open the lab WebSocket. A browser attaches the page's Origin to every WebSocket request, and
 * any website a student visits could try `new WebSocket('ws://127.0.0.1:8080/ws')` to drive their lab and,
 * through the shell, their loopback. Only pages this server served are allowed; the Host header is checked too,
 * so a DNS-rebinding name that points at 127.0.0.1 is refused as well.
 */

import { formatHostPort } from '../../src/protocol';
import { isLoopbackOrWildcard } from '../config';

export interface OriginPolicy {
  allows(origin: string | undefined, host: string | undefined): boolean;
}

export function createOriginPolicy(options: {
  readonly host: string;
  readonly port: number;
  readonly publicHost: string;
  readonly extraOrigins: readonly string[];
}): OriginPolicy {
  const hosts = new Set<string>();
  const add = (name: string): void => {
    hosts.add(formatHostPort(name, options.port));
  };
  if (isLoopbackOrWildcard(options.host)) {
    add('127.0.0.1');
    add('localhost');
    add('::1');
  }
  if (options.host !== '0.0.0.0' && options.host !== '::') add(options.host);
  add(options.publicHost);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  for (const extra of options.extraOrigins) origins.add(extra.replace(/\/$/, ''));
  return {
    allows(origin, host) {
      if (origin === undefined || host === undefined) return false;
      return origins.has(origin) && hosts.has(host.toLowerCase());
    },
  };
}
