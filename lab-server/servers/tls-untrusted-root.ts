/**
 * The untrusted-root endpoint: a complete chain up to a root that nobody trusts (`pki.untrustedRootPem`, which a
 * student may download and inspect, not the class root). The server sends its certificate and the untrusted
 * intermediate, so Node says UNABLE_TO_GET_ISSUER_CERT_LOCALLY (it would say SELF_SIGNED_CERT_IN_CHAIN had the
 * server sent the root along) and OpenSSL `unable to get local issuer certificate` (verify error 20).
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startFailureEndpoint } from './tls-failure-endpoint';

export function startTlsUntrustedRoot(options: ServerStartOptions): Promise<RunningServer> {
  return startFailureEndpoint(options, 'untrusted-root');
}
