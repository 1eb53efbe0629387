/**
 * The wrong-host endpoint: a valid certificate, chained to the class root, for a name the lab server is not
 * (its subjectAltName does not list the name or address the client asked for). Node says
 * ERR_TLS_CERT_ALTNAME_INVALID, Python `Hostname mismatch`; a client that skips the name check (many boards'
 * default, and `openssl s_client` without `-verify_hostname`) does not notice.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startFailureEndpoint } from './tls-failure-endpoint';

export function startTlsWrongHost(options: ServerStartOptions): Promise<RunningServer> {
  return startFailureEndpoint(options, 'wrong-host');
}
