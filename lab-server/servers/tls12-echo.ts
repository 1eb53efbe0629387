/**
 * The TLS 1.2 echo server with ECDHE key exchange only: the handshake of the TLS 1.2 lesson's ten steps, where
 * the ServerKeyExchange carries the server's ephemeral elliptic-curve key signed with its certificate's RSA key
 * (RFC 8422 §5.4), so a recorded session cannot be decrypted later with the server's key (forward secrecy).
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startTlsServer } from './tls-server';

/** ECDHE with RSA signatures, AEAD suites first: what a current TLS 1.2 client offers and Python accepts. */
const ECDHE_SUITES = ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305'];

export function startTls12Echo(options: ServerStartOptions): Promise<RunningServer> {
  return startTlsServer(options, {
    kind: 'tls12-echo',
    credentials: (pki) => pki.server('rsa'),
    options: () => ({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: ECDHE_SUITES.join(':') }),
  });
}
