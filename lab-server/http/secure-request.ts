/**
 * Whether a request reached the lab server over HTTPS: for the cookies that must be `Secure` under HTTPS and
 * for HSTS. It did when its own connection is TLS (HTTPS_CERT/HTTPS_KEY), or when a reverse proxy the
 * instructor named in TRUSTED_PROXIES terminated TLS and says so with `X-Forwarded-Proto: https`. The header
 * from anyone else is ignored: a client on plain HTTP could write it to make the server think it was secure.
 */

import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { LabServerConfig } from '../config';
import { peerAddress } from './client-address';

export function isSecureRequest(
  request: Pick<IncomingMessage, 'socket' | 'headers'>,
  config: Pick<LabServerConfig, 'trustedProxies'>,
): boolean {
  if ((request.socket as Partial<TLSSocket>).encrypted === true) return true;
  if (!config.trustedProxies.includes(peerAddress(request))) return false;
  const header = request.headers['x-forwarded-proto'];
  const protos = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((proto) => proto.trim().toLowerCase());
  // A chain of proxies that append lists every hop's scheme; a plain hop anywhere (the client's own included,
  // which a proxy that appends keeps at the left) makes the request not secure end to end.
  return protos.length > 0 && protos.every((proto) => proto === 'https');
}
