/**
 * The untrusted-root endpoint: a complete chain up to a root that nobody trusts (`pki.untrustedRootPem`, which a
 * student may download and inspect, not the class root). Node says SELF_SIGNED_CERT_IN_CHAIN when the server
 * sends the root along, UNABLE_TO_GET_ISSUER_CERT_LOCALLY when it stops below it.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startFailureEndpoint } from './tls-failure-endpoint';

export function startTlsUntrustedRoot(options: ServerStartOptions): Promise<RunningServer> {
  return startFailureEndpoint(options, 'untrusted-root');
}
