/**
 * The incomplete-chain endpoint: a certificate issued by the class intermediate, sent without that intermediate,
 * so a client that trusts only the class root cannot link the two. Node says UNABLE_TO_VERIFY_LEAF_SIGNATURE,
 * Python and s_client `unable to get local issuer certificate`; a browser may still succeed, fetching the
 * intermediate from the certificate's AIA address, which boards never do.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startFailureEndpoint } from './tls-failure-endpoint';

export function startTlsIncompleteChain(options: ServerStartOptions): Promise<RunningServer> {
  return startFailureEndpoint(options, 'incomplete-chain');
}
