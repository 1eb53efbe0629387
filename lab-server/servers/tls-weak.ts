/**
 * The weak endpoint: a certificate with a key or signature too weak for OpenSSL's default security level 2 (the
 * class PKI's is RSA 1024 signed with SHA-1), which a current client refuses: Python and `openssl s_client` say
 * `EE certificate key too weak` (verify error 66), Node `CA signature digest algorithm too weak` (68) with the
 * code UNSPECIFIED, having no code of its own for either.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startFailureEndpoint } from './tls-failure-endpoint';

export function startTlsWeak(options: ServerStartOptions): Promise<RunningServer> {
  return startFailureEndpoint(options, 'weak', {
    // OpenSSL refuses to load such a certificate at its default security level, and at level 1 too, for the
    // SHA-1 signature ("ca md too weak"): this server alone goes down to level 0, the only one that loads it, so
    // that it can present what the clients must refuse.
    tls: { ciphers: 'DEFAULT@SECLEVEL=0' },
  });
}
