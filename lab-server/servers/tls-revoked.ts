/**
 * The revoked endpoint: a certificate valid in every other way that the class intermediate has revoked. It is
 * listed on the intermediate's CRL, the lab server's OCSP responder answers "revoked" for it, and this server
 * staples that answer to the handshake for a client that asks (status_request, RFC 6066 §8; in TLS 1.3 inside
 * the Certificate message, RFC 8446 §4.4.2.1) — Node's `OCSPRequest` event, which fires only then. A client
 * that checks neither CRL nor OCSP, the default almost everywhere, does not notice; one given the CRL says
 * CERT_REVOKED (Node, which checks every certificate of the chain and so wants the root's CRL too, else
 * UNABLE_TO_GET_CRL) or `certificate revoked` (Python, s_client). Node and s_client show a stapled "revoked"
 * answer but do not refuse the connection for it by themselves.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startFailureEndpoint } from './tls-failure-endpoint';

export function startTlsRevoked(options: ServerStartOptions): Promise<RunningServer> {
  return startFailureEndpoint(options, 'revoked', { staple: (pki) => pki.stapledResponse('revoked') });
}
