/**
 * The not-yet-valid endpoint: a certificate whose notBefore is in the future — what every certificate looks like
 * to a board that has not set its clock (SNTP) before its first handshake. Node says CERT_NOT_YET_VALID.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startFailureEndpoint } from './tls-failure-endpoint';

export function startTlsNotYetValid(options: ServerStartOptions): Promise<RunningServer> {
  return startFailureEndpoint(options, 'not-yet-valid');
}
