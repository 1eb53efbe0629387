/**
 * The TLS 1.2 echo server with RSA key exchange: TLS_RSA_WITH_AES_128_CBC_SHA only (OpenSSL's `AES128-SHA`),
 * the seed's suite. There is no ServerKeyExchange: the client encrypts the premaster secret to the server
 * certificate's RSA key in its ClientKeyExchange (RFC 5246 §7.4.7.1), so whoever gets that key later can
 * decrypt every recorded session — no forward secrecy, which is why TLS 1.3 dropped it (RFC 8446 §1.2). Python's
 * default context refuses the suite; Node and `openssl s_client` still offer it.
 */

import type { RunningServer, ServerStartOptions } from './observation';
import { startTlsServer } from './tls-server';

export function startTls12RsaEcho(options: ServerStartOptions): Promise<RunningServer> {
  return startTlsServer(options, {
    kind: 'tls12-rsa-echo',
    credentials: (pki) => pki.server('rsa'),
    options: () => ({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' }),
  });
}
