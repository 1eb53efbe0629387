/**
 * What the badssl-style failure endpoints share: each presents one of the class PKI's failure certificates
 * (`pki.failure`, each wrong in exactly one way) over TLS 1.2–1.3, and otherwise behaves as the TLS echo. The
 * server does not refuse anyone: a client that verifies refuses the certificate (its error is the lesson), and
 * a client that does not verify completes the handshake and gets its echo, which is the lesson too.
 */

import type tls from 'node:tls';
import type { FailureCertificate } from '../pki/pki';
import type { RunningServer, ServerStartOptions } from './observation';
import { startTlsServer, type TlsKind } from './tls-server';

export function startFailureEndpoint(
  options: ServerStartOptions,
  which: FailureCertificate,
  more: Pick<TlsKind, 'staple'> & { readonly tls?: tls.TlsOptions } = {},
): Promise<RunningServer> {
  return startTlsServer(options, {
    kind: `tls-${which}`,
    credentials: (pki) => pki.failure(which),
    options: () => ({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ...more.tls }),
    ...(more.staple === undefined ? {} : { staple: more.staple }),
  });
}
