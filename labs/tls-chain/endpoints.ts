/**
 * The servers of lab `tls-chain`: one TLS echo server whose chain verifies, and the eight failure endpoints, each
 * with a certificate wrong in exactly one way (`FAILURE_CERTIFICATES` of the class PKI). The lab's checks group
 * them by the verification step that refuses them, in the order OpenSSL takes the steps: dates, name, trust
 * (a chain to a root the client trusts), revocation, and the strength of the keys and hashes.
 */

export const GOOD = 'good';

/** The failure endpoints by id, each with its server kind. */
export const FAILURE_ENDPOINTS = [
  'expired',
  'not-yet-valid',
  'wrong-host',
  'self-signed',
  'untrusted-root',
  'incomplete-chain',
  'revoked',
  'weak',
] as const;

export type FailureEndpoint = (typeof FAILURE_ENDPOINTS)[number];

export function kindOf(endpoint: FailureEndpoint): string {
  return `tls-${endpoint}`;
}
