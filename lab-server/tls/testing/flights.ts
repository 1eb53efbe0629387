/**
 * The message order a test expects of each handshake, ChangeCipherSpec records left out (TLS 1.3 sends them
 * only for middlebox compatibility, RFC 8446 §D.4), as OpenSSL's server and client go through it.
 */

import type { TlsMessageType } from '../../../src/protocol';

/** RFC 8446 §2: one round trip, everything after the ServerHello encrypted. */
export const TLS13_FLIGHT: readonly TlsMessageType[] = [
  'client_hello',
  'server_hello',
  'encrypted_extensions',
  'certificate',
  'certificate_verify',
  'finished',
  'finished',
];
