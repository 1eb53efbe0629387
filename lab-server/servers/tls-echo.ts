/**
 * The TLS echo server: TLS 1.2 and 1.3 offered, so a current client negotiates TLS 1.3 (one round trip, the
 * certificate encrypted, RFC 8446) and an older one still gets TLS 1.2. It presents the class's ECDSA P-256
 * server certificate, chained to the class root through the intermediate, valid for every name and address the
 * lab server answers to. Once the handshake is over it echoes, like tcp-echo.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startTlsServer } from './tls-server';

export function startTlsEcho(options: ServerStartOptions): Promise<RunningServer> {
  return startTlsServer(options, {
    kind: 'tls-echo',
    credentials: (pki) => pki.server('ecdsa'),
    options: () => ({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }),
  });
}
