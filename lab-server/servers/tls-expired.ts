/**
 * The expired endpoint: a certificate whose notAfter is in the past, otherwise valid (chain, names). Node says
 * CERT_HAS_EXPIRED, Python `certificate verify failed: certificate has expired`, OpenSSL verify error 10.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startFailureEndpoint } from './tls-failure-endpoint';

export function startTlsExpired(options: ServerStartOptions): Promise<RunningServer> {
  return startFailureEndpoint(options, 'expired');
}
