/**
 * The mutual-TLS echo server: TLS 1.3, and a client certificate chained to the class root is required. A client
 * that sends none is refused during the handshake with the alert certificate_required (RFC 8446 §4.4.2.4; OpenSSL
 * fails the handshake itself). A certificate from another CA is refused as soon as the handshake is over: Node
 * checks the client's chain then, not inside OpenSSL, so the connection closes without an alert — the timeline
 * says why. A good certificate is named on the `secure` observation, and whether it is the session's own.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startTlsServer } from './tls-server';

export function startMtlsEcho(options: ServerStartOptions): Promise<RunningServer> {
  return startTlsServer(options, {
    kind: 'mtls-echo',
    credentials: (pki) => pki.server('ecdsa'),
    options: ({ pki }) => ({
      minVersion: 'TLSv1.3',
      requestCert: true,
      rejectUnauthorized: true,
      // The intermediate too: a board often sends its own certificate without the intermediate that issued it.
      ca: [pki.rootPem, pki.intermediatePem],
    }),
  });
}
