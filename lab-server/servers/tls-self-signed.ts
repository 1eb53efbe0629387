/**
 * The self-signed endpoint: a certificate that signed itself, sent alone, which no CA vouches for. Node says
 * DEPTH_ZERO_SELF_SIGNED_CERT (the chain's first and only certificate is self-signed).
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startFailureEndpoint } from './tls-failure-endpoint';

export function startTlsSelfSigned(options: ServerStartOptions): Promise<RunningServer> {
  return startFailureEndpoint(options, 'self-signed');
}
